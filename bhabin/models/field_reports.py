"""The officer's field reports (visits, early-detection reports, problem-solving cases), the
activities a visit is for, and the review history of each report."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.scoping import ReferenceQuerySet, ScopedQuerySet, subtree_condition


class Activity(models.Model):
    """A Bhabinkamtibmas duty (Perkap 3/2015), kept as editable data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ReviewStatus(models.TextChoices):
    """Where a field report stands in its review by the Kapolsek or Kasat Binmas."""

    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for correction")


class FieldReportQuerySet(ScopedQuerySet):
    """Field reports: an officer sees their own; everyone else those of their unit's areas."""

    unit_path = "area__unit"
    officer_path = "officer"


def officer_field(related_name):
    """The officer who made a field report (each kind names its reverse relation)."""
    return models.ForeignKey(
        "personnel.Officer",
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name=related_name,
    )


def area_field(related_name):
    """The assisted area a field report is about."""
    return models.ForeignKey(
        "bhabin.AssistedArea",
        verbose_name=_("assisted area"),
        on_delete=models.PROTECT,
        related_name=related_name,
    )


class FieldReport(models.Model):
    """What the three field reports (visit, early detection, problem-solving case) share: a
    client id made with the form, so that a report sent twice is stored once, and the review
    status. Each kind names its date field, its review-event field and its URL segment."""

    client_id = models.UUIDField(
        _("client id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Generated on the phone, so that a retried submission is stored once."),
    )
    status = models.CharField(
        _("review status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.SUBMITTED,
    )

    date_field = ""
    review_field = ""
    slug = ""

    class Meta:
        abstract = True

    @property
    def reported_on(self):
        """The local day the report is about."""
        value = getattr(self, self.date_field)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).date()
        return value


def visit_photo_path(instance, filename):
    """A random name: the uploaded name says nothing about the file and is never reused."""
    return f"visit-photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class Visit(FieldReport):
    """A village visit (sambang) logged by an officer."""

    date_field = "occurred_at"
    review_field = "visit"
    slug = "kunjungan"

    class Source(models.TextChoices):
        FORM = "form", _("Form")
        IMPORT = "import", _("Import")
        ADMIN = "admin", _("Admin")

    officer = officer_field("visits")
    area = area_field("visits")
    occurred_at = models.DateTimeField(_("time of visit"))
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="visits"
    )
    households_visited = models.PositiveIntegerField(_("households visited"), default=0)
    people_met = models.PositiveIntegerField(_("people met"), default=0)
    complaints = models.TextField(_("complaints and aspirations heard"), blank=True)
    narrative = models.TextField(_("narrative"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accuracy_m = models.PositiveIntegerField(_("GPS accuracy (m)"), null=True, blank=True)
    community_figures = models.ManyToManyField(
        "bhabin.CommunityFigure",
        verbose_name=_("community figures met"),
        blank=True,
        related_name="visits",
    )
    # Served only through the visit-photo view, which checks that the user may see the visit.
    photo = models.FileField(_("photo"), upload_to=visit_photo_path, blank=True, max_length=200)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.FORM
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = FieldReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["area", "occurred_at"], name="visit_area_time_idx"),
            models.Index(fields=["officer", "occurred_at"], name="visit_officer_time_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="visit_coordinates_valid",
                violation_error_message=_("Give both coordinates, within range, or neither."),
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.occurred_at:%Y-%m-%d} ({self.officer})"

    def get_absolute_url(self):
        return reverse("bhabin:visit-detail", args=[self.pk])


class EarlyWarning(FieldReport):
    """An early-detection report (laporan deteksi dini)."""

    date_field = "reported_at"
    review_field = "early_warning"
    slug = "deteksi-dini"

    class Field(models.TextChoices):
        ECONOMY = "economy", _("Economy")
        SECURITY = "security", _("Security")
        POLITICS = "politics", _("Politics")
        SOCIO_CULTURAL = "socio_cultural", _("Socio-cultural")

    class Reliability(models.TextChoices):
        A = "A", _("A - completely reliable")
        B = "B", _("B - usually reliable")
        C = "C", _("C - fairly reliable")
        D = "D", _("D - not usually reliable")
        E = "E", _("E - unreliable")
        F = "F", _("F - reliability cannot be judged")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    officer = officer_field("early_warnings")
    area = area_field("early_warnings")
    reported_at = models.DateTimeField(_("reported at"))
    field = models.CharField(_("field"), max_length=16, choices=Field.choices)
    reliability = models.CharField(
        _("reliability grade"), max_length=1, choices=Reliability.choices
    )
    summary = models.TextField(_("what was detected"))
    recommendation = models.TextField(_("recommended action"), blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)

    objects = FieldReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("early-detection report")
        verbose_name_plural = _("early-detection reports")
        ordering = ["-reported_at"]
        indexes = [
            # Partial: the dashboards ask only for open reports (the latest ten, counts per
            # unit), and closed ones pile up for ever. The area makes the counts index-only.
            models.Index(
                fields=["reported_at", "area"],
                condition=Q(state="open"),
                name="early_warning_open",
            ),
            # The open rows per area, counted by index alone on a dashboard.
            models.Index(
                fields=["area"], condition=Q(state="open"), name="early_warning_open_area"
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.reported_at:%Y-%m-%d} ({self.get_field_display()})"

    def get_absolute_url(self):
        return reverse("bhabin:early-warning-detail", args=[self.pk])


class ProblemCase(FieldReport):
    """A problem-solving or mediation case handled by an officer."""

    date_field = "opened_on"
    review_field = "problem_case"
    slug = "kasus"

    class Method(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        MEDIATION = "mediation", _("Mediation")
        NEGOTIATION = "negotiation", _("Negotiation")
        FACILITATION = "facilitation", _("Facilitation")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        REFERRED = "referred", _("Referred to law enforcement")

    officer = officer_field("problem_cases")
    area = area_field("problem_cases")
    opened_on = models.DateField(_("opened on"))
    title = models.CharField(_("title"), max_length=200)
    parties = models.TextField(_("parties"))
    description = models.TextField(_("description"))
    method = models.CharField(_("method"), max_length=14, choices=Method.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    objects = FieldReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem-solving case")
        verbose_name_plural = _("problem-solving cases")
        ordering = ["-opened_on"]
        indexes = [
            # Partial, as for EarlyWarning: the dashboards read only the open cases.
            models.Index(
                fields=["opened_on", "area"],
                condition=Q(state="open"),
                name="problem_case_open",
            ),
            # The open rows per area, counted by index alone on a dashboard.
            models.Index(fields=["area"], condition=Q(state="open"), name="problem_case_open_area"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="problem_case_closes_after_it_opens",
                violation_error_message=_("A case cannot close before it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("bhabin:problem-case-detail", args=[self.pk])


class ReviewEventQuerySet(ScopedQuerySet):
    """Events are visible with their item: the same unit or officer paths, through each kind."""

    ITEM_FIELDS = ("visit", "early_warning", "problem_case")

    def scope_condition(self, user):
        condition = Q()
        for item in self.ITEM_FIELDS:
            if user.is_officer:
                if user.officer_id is None:
                    return None
                condition |= Q(**{f"{item}__officer": user.officer_id})
            else:
                condition |= subtree_condition(user.unit, f"{item}__area__unit")
        return condition


class ReviewEvent(models.Model):
    """One step in the review of a field report: submitted, accepted, returned, resubmitted."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for correction")
        RESUBMITTED = "resubmitted", _("Corrected and resubmitted")
        CHANGED = "changed", _("Changed by staff")

    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_events",
    )
    early_warning = models.ForeignKey(
        EarlyWarning,
        verbose_name=_("early-detection report"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_events",
    )
    problem_case = models.ForeignKey(
        ProblemCase,
        verbose_name=_("problem-solving case"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_events",
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = ReviewEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    visit__isnull=False, early_warning__isnull=True, problem_case__isnull=True
                )
                | Q(visit__isnull=True, early_warning__isnull=False, problem_case__isnull=True)
                | Q(visit__isnull=True, early_warning__isnull=True, problem_case__isnull=False),
                name="review_event_has_one_item",
                violation_error_message=_("A review event belongs to exactly one report."),
            ),
            models.CheckConstraint(
                condition=~Q(action="returned") | ~Q(comment=""),
                name="review_event_return_has_comment",
                violation_error_message=_("Say what must be corrected when returning a report."),
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

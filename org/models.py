"""The organisation every other app stands on: the unit tree, Kemendagri regions, the calendar."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.scoping import ReferenceQuerySet, ScopedQuerySet, subtree_condition


class PoliceUnitQuerySet(ScopedQuerySet):
    unit_path = "id"


class PoliceUnit(models.Model):
    """A police unit in the tree Polda -> Polres -> Polsek."""

    class Level(models.TextChoices):
        POLDA = "polda", _("Polda")
        POLRES = "polres", _("Polres")
        POLSEK = "polsek", _("Polsek")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    letterhead_name = models.CharField(
        _("letterhead name"),
        max_length=120,
        blank=True,
        help_text=_("The unit's line on the letterhead, e.g. RESOR METRO BEKASI."),
    )
    kecamatan = models.ManyToManyField(
        "org.Region",
        verbose_name=_("kecamatan covered"),
        blank=True,
        limit_choices_to={"level": "kecamatan"},
        related_name="police_units",
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The ids from the top unit down to this one, "/1/5/42/": the units below a unit are those
    # whose path starts with its path, one indexed condition instead of a list of ids. Written
    # only by org.services (unit_create, unit_update, units_place_in_tree), never by hand.
    path = models.CharField(
        _("tree path"), max_length=255, default="", editable=False, db_index=True
    )

    objects = PoliceUnitQuerySet.as_manager()

    class Meta:
        # The tables keep the names they were created with in the field-work app (bhabin).
        db_table = "bhabin_policeunit"
        verbose_name = _("police unit")
        verbose_name_plural = _("police units")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="polda", parent__isnull=True) | Q(parent__isnull=False),
                name="unit_below_polda_has_parent",
                violation_error_message=_("Every unit below a Polda needs a parent unit."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("bhabin:unit-detail", args=[self.code])

    def clean(self):
        super().clean()
        if self.pk and self.parent_id and self.path:
            parent_path = PoliceUnit._base_manager.filter(pk=self.parent_id).values_list(
                "path", flat=True
            )
            if any(path.startswith(self.path) for path in parent_path):
                raise ValidationError(
                    {"parent": _("A unit cannot be placed below itself or a unit under it.")}
                )

    def subtree(self, relation="unit"):
        """A filter for the rows of this unit and the units below it, through the relation
        path to their unit (e.g. "area__unit"; "id" for units themselves)."""
        return subtree_condition(self, relation)

    def contains(self, other):
        """Whether `other` (a unit) is this unit or below it."""
        return bool(self.path and other is not None and other.path.startswith(self.path))


class Region(models.Model):
    """A Kemendagri administrative region: kabupaten, kecamatan, desa or kelurahan."""

    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency")
        KOTA = "kota", _("City")
        KECAMATAN = "kecamatan", _("District (kecamatan)")
        DESA = "desa", _("Village (desa)")
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")

    code = models.CharField(_("Kemendagri code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        db_table = "bhabin_region"
        verbose_name = _("Kemendagri region")
        verbose_name_plural = _("Kemendagri regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[12][0-9]{3})?)?)?$"),
                name="region_code_is_kemendagri_format",
                violation_error_message=_("A Kemendagri code looks like 32.16.01.2001."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class PublicHoliday(models.Model):
    """A national public holiday or collective leave day (cuti bersama), from the yearly SKB."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("National public holiday")
        COLLECTIVE_LEAVE = "cuti_bersama", _("Collective leave (cuti bersama)")

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.HOLIDAY)
    is_estimate = models.BooleanField(
        _("estimated date"),
        default=False,
        help_text=_("Set until the year's joint ministerial decree (SKB) confirms the date."),
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        db_table = "personnel_publicholiday"
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class MonthPeriodQuerySet(ScopedQuerySet):
    unit_path = "unit"

    def with_approved_at(self):
        """Each period with `approved_at`, the time of its latest approval step (None if it has
        none): what "approved on time" is measured by, in the dashboard and in the recap alike.
        A subquery, no query of its own."""
        latest = (
            MonthPeriodStep.objects.filter(
                period=OuterRef("pk"), action=MonthPeriodStep.Action.APPROVE
            )
            .order_by("-at")
            .values("at")[:1]
        )
        return self.annotate(approved_at=Subquery(latest))


class MonthPeriod(models.Model):
    """A unit's month as a record: open for writing, or approved (and then locked).

    Written only by the month ladder (monthly/approval.py) and, for an open month that has no
    row yet, by the lock rule (org/locks.py), which needs a row to lock.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        APPROVED = "approved", _("Approved")
        ACCEPTED = "accepted", _("Accepted by leadership")

    unit = models.ForeignKey(
        PoliceUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="month_periods",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="open")
    changed_at = models.DateTimeField(_("state since"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("state set by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MonthPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly period")
        verbose_name_plural = _("monthly periods")
        ordering = ["-month", "unit__sort_order", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"],
                name="one_period_per_unit_and_month",
                violation_error_message=_("This unit already has a record for this month."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.month:%Y-%m}"

    @property
    def is_open(self):
        return self.state == self.State.OPEN


class MonthPeriodStepQuerySet(ScopedQuerySet):
    unit_path = "period__unit"


class MonthPeriodStep(models.Model):
    """One step on a month's ladder: an approval, an acceptance or an undo, who, when and why."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        ACCEPT = "accept", _("Accepted by leadership")
        UNDO = "undo", _("Approval undone")

    period = models.ForeignKey(
        MonthPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=10, choices=MonthPeriod.State.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=MonthPeriod.State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # As the signature block prints it (rank, name, NRP, position), kept as it was that day.
    actor_label = models.CharField(_("signed as"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    overridden_units = models.TextField(
        _("units approved over"),
        blank=True,
        help_text=_("The units below that were not approved when this approval overrode them."),
    )

    # An approval's verification code (printed with a QR code on the approved PDF) and the PDF
    # as approved: stored once, in private storage, with its SHA-256 (monthly/approved.py).
    verification_code = models.CharField(
        _("verification code"), max_length=16, unique=True, null=True, blank=True
    )
    pdf_name = models.CharField(_("stored PDF"), max_length=100, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)

    objects = MonthPeriodStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly period step")
        verbose_name_plural = _("monthly period steps")
        ordering = ["period", "at", "pk"]

    def __str__(self):
        return f"{self.period} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

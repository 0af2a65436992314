"""Social-conflict incidents, the people involved in them, the yearly counts units reported,
and the incidents per unit and month that the dashboards read."""

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from org.roles import may_see_people_involved
from org.scoping import ReferenceQuerySet, ScopedQuerySet


class ConflictCategory(models.Model):
    """A kind of social conflict (inter-group clash, student brawl, ...), kept as editable data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("conflict category")
        verbose_name_plural = _("conflict categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class IncidentQuerySet(ScopedQuerySet):
    unit_path = "unit"


class Incident(models.Model):
    """A social-conflict incident, recorded in the spirit of SNPK/ACLED."""

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Exact day")
        MONTH = "month", _("Month only")
        YEAR = "year", _("Year only")

    class Handling(models.TextChoices):
        MEDIATION = "mediation", _("Mediation")
        LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
        MONITORING = "monitoring", _("Monitoring")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Resolved")
        IN_PROCESS = "in_process", _("In process")
        MONITORING = "monitoring", _("Under monitoring")
        UNKNOWN = "unknown", _("Unknown")

    reference = models.CharField(
        _("reference"),
        max_length=60,
        unique=True,
        help_text=_("A stable identifier, e.g. the police report number or the import row."),
    )
    unit = models.ForeignKey(
        "org.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    occurred_on = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    occurred_time = models.TimeField(
        _("time"), null=True, blank=True, help_text=_("Blank if unknown.")
    )
    area = models.ForeignKey(
        "bhabin.AssistedArea",
        verbose_name=_("assisted area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    place = models.CharField(_("place (TKP)"), max_length=200)
    category = models.ForeignKey(
        ConflictCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    modus_operandi = models.CharField(_("modus operandi"), max_length=200, blank=True)
    side_a = models.CharField(_("first side"), max_length=200, blank=True)
    side_b = models.CharField(_("second side"), max_length=200, blank=True)
    deaths = models.PositiveIntegerField(
        _("deaths"), null=True, blank=True, help_text=_("Blank if unknown.")
    )
    injuries = models.PositiveIntegerField(
        _("injuries"), null=True, blank=True, help_text=_("Blank if unknown.")
    )
    damage = models.TextField(_("damage"), blank=True)
    handling = models.CharField(_("handling"), max_length=16, choices=Handling.choices)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    handling_officer = models.ForeignKey(
        "personnel.Officer",
        verbose_name=_("handling officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_incidents",
    )
    handling_officer_text = models.CharField(
        _("handling officer as reported"), max_length=160, blank=True
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("conflict incident")
        verbose_name_plural = _("conflict incidents")
        ordering = ["-occurred_on", "-occurred_time"]
        indexes = [
            models.Index(fields=["unit", "occurred_on"], name="incident_unit_date_idx"),
            # A span of dates across many units (a Polda's hotspots), read by index alone.
            models.Index(
                fields=["occurred_on", "area", "unit"], name="incident_date_area_unit_idx"
            ),
        ]

    def __str__(self):
        return f"{self.occurred_on} {self.place} ({self.category})"

    def get_absolute_url(self):
        return reverse("conflicts:incident-detail", args=[self.pk])


class InvolvedPersonQuerySet(ScopedQuerySet):
    unit_path = "involvements__incident__unit"
    scope_needs_distinct = True

    def scope_condition(self, user):
        # Names of people involved are for the roles that need them (org.roles).
        if not may_see_people_involved(user):
            return None
        return super().scope_condition(user)

    def with_incident_count(self):
        return self.annotate(incident_count=Count("involvements__incident", distinct=True))

    def recidivists(self):
        """People involved in more than one incident."""
        return self.with_incident_count().filter(incident_count__gt=1)

    def shared_beyond(self, user):
        """The people of these who are involved in an incident the user may not see.

        Their record is shared with another unit: only a user whose scope holds every incident
        they are in may change who they are or delete them.
        """
        in_scope = Involvement.objects.visible_to(user).values("pk")
        return self.filter(pk__in=Involvement.objects.exclude(pk__in=in_scope).values("person_id"))


class InvolvedPerson(models.Model):
    """A person involved in one or more incidents. Sensitive personal data."""

    name = models.CharField(_("name"), max_length=160)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    retain_until = models.DateField(_("retain until"), null=True, blank=True)

    objects = InvolvedPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nik="") | Q(nik__regex=r"^[0-9]{16}$"),
                name="involved_person_nik_is_16_digits",
                violation_error_message=_("NIK is 16 digits."),
            ),
            models.UniqueConstraint(
                fields=["nik"],
                condition=~Q(nik=""),
                name="involved_person_nik_unique",
                violation_error_message=_("A person with this NIK already exists."),
            ),
        ]

    def __str__(self):
        return self.name

    def is_shared_beyond(self, user):
        """Whether the person is involved in an incident the user may not see."""
        return InvolvedPerson.objects.filter(pk=self.pk).shared_beyond(user).exists()


class InvolvementQuerySet(ScopedQuerySet):
    unit_path = "incident__unit"

    def scope_condition(self, user):
        # Names of people involved are for the roles that need them (org.roles).
        if not may_see_people_involved(user):
            return None
        return super().scope_condition(user)


class Involvement(models.Model):
    """A person's part in an incident."""

    class Role(models.TextChoices):
        PERPETRATOR = "perpetrator", _("Perpetrator")
        PROVOCATEUR = "provocateur", _("Provocateur")
        VICTIM = "victim", _("Victim")
        WITNESS = "witness", _("Witness")

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="involvements"
    )
    person = models.ForeignKey(
        InvolvedPerson,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="involvements",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    notes = models.CharField(_("notes"), max_length=250, blank=True)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "person", "role"],
                name="one_role_per_person_incident",
                violation_error_message=_("This person already has that role in this incident."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}) - {self.incident}"


class YearlyConflictCountQuerySet(ScopedQuerySet):
    unit_path = "unit"


class YearlyConflictCount(models.Model):
    """The number of conflicts a unit reported for a year, kept to compare with incidents."""

    unit = models.ForeignKey(
        "org.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.CASCADE,
        related_name="yearly_conflict_counts",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    count = models.PositiveIntegerField(_("conflicts reported"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = YearlyConflictCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("reported yearly conflict count")
        verbose_name_plural = _("reported yearly conflict counts")
        ordering = ["unit__sort_order", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="one_reported_count_per_unit_year",
                violation_error_message=_("This unit already has a reported count for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.year}: {self.count}"


class UnitIncidentMonthQuerySet(ScopedQuerySet):
    unit_path = "unit"


class UnitIncidentMonth(models.Model):
    """The incidents of one category in one calendar month recorded by one unit (not the units
    below it: a unit's subtree adds up the rows of the units whose path starts with its own, so
    moving a unit in the tree changes no row).

    Kept by conflicts.services in the transaction that writes the incidents; a Polda's
    dashboard reads these rows instead of every incident.
    """

    unit = models.ForeignKey(
        "org.PoliceUnit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="incident_months",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    category = models.ForeignKey(
        "conflicts.ConflictCategory",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    incidents = models.PositiveIntegerField(_("incidents"))

    objects = UnitIncidentMonthQuerySet.as_manager()

    class Meta:
        # The table keeps the name it was created with in the reports app.
        db_table = "reports_unitincidentmonth"
        verbose_name = _("unit incident month")
        verbose_name_plural = _("unit incident months")
        ordering = ["unit", "month", "category"]
        indexes = [
            # A month's rows of a unit subtree (joined to the units by path), read by index.
            models.Index(
                fields=["month", "unit", "category", "incidents"],
                name="unitincidentmonth_month_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "category"],
                name="one_incident_aggregate_per_unit_month_category",
                violation_error_message=_("This unit already has figures for that month."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="unit_incident_month_is_first_of_month",
                violation_error_message=_("A month is stored as its first day."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.month:%Y-%m} {self.category}: {self.incidents}"

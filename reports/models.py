"""Pre-computed monthly figures that keep the Polda-scale dashboards fast.

The sources of truth stay in `bhabin.Visit` and `conflicts.Incident`; these rows are derived
from them and rebuilt by `reports.aggregates` whenever visits or incidents change (see
`visits_changed` and `incidents_changed`).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bhabin.scoping import ScopedQuerySet


class AreaMonthQuerySet(ScopedQuerySet):
    unit_path = "area__unit"


class AreaMonth(models.Model):
    """The visits to one assisted area in one calendar month (Asia/Jakarta), summed."""

    area = models.ForeignKey(
        "bhabin.AssistedArea",
        verbose_name=_("assisted area"),
        on_delete=models.CASCADE,
        related_name="months",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    visits = models.PositiveIntegerField(_("visits"))
    households_visited = models.PositiveIntegerField(_("households visited"))
    people_met = models.PositiveIntegerField(_("people met"))
    follow_ups_needed = models.PositiveIntegerField(_("visits needing follow-up"))
    last_visit_at = models.DateTimeField(_("last visit"))

    objects = AreaMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("area month")
        verbose_name_plural = _("area months")
        ordering = ["area", "month"]
        indexes = [
            # A month's rows across many areas (a Polda's coverage) read by index alone: the
            # visits and the last visit are in the key.
            models.Index(
                fields=["month", "area", "last_visit_at", "visits"],
                name="areamonth_month_area_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "month"],
                name="one_aggregate_per_area_month",
                violation_error_message=_("This area already has figures for that month."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="area_month_is_first_of_month",
                violation_error_message=_("A month is stored as its first day."),
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.month:%Y-%m}: {self.visits}"


class UnitIncidentMonthQuerySet(ScopedQuerySet):
    unit_path = "unit"


class UnitIncidentMonth(models.Model):
    """The incidents of one category in one calendar month in a unit AND every unit below it.

    A Polda's dashboard reads its own row and one per Polres (a few thousand rows for five
    years) instead of every incident. A unit's own incidents are its figure less its children's.
    """

    unit = models.ForeignKey(
        "bhabin.PoliceUnit",
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
    incidents = models.PositiveIntegerField(_("incidents in the unit and the units below it"))

    objects = UnitIncidentMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit incident month")
        verbose_name_plural = _("unit incident months")
        ordering = ["unit", "month", "category"]
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


class AreaOpenItemsQuerySet(ScopedQuerySet):
    unit_path = "area__unit"


class AreaOpenItems(models.Model):
    """The early warnings and problem-solving cases of one assisted area still open, counted.

    Kept by saving or deleting either (and their querysets' bulk writes); only areas with an
    open one have a row. A Polda's dashboard adds up these rows instead of counting in the
    warnings and cases of every area.
    """

    area = models.OneToOneField(
        "bhabin.AssistedArea",
        verbose_name=_("assisted area"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="open_items",
    )
    warnings = models.PositiveIntegerField(_("open early warnings"))
    cases = models.PositiveIntegerField(_("open problem-solving cases"))

    objects = AreaOpenItemsQuerySet.as_manager()

    class Meta:
        verbose_name = _("open items of an area")
        verbose_name_plural = _("open items of areas")
        ordering = ["area"]

    def __str__(self):
        return f"{self.area}: {self.warnings} / {self.cases}"

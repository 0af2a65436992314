"""Figures derived from the field reports, kept so that a Polda's dashboards need not count
millions of rows: visits per area and month, and the open warnings and cases per area.

They are written only by bhabin.services (in the transaction that writes the visits, early
warnings and cases they count) and read by the dashboards; a recount of the source rows always
gives the same rows (`bhabin.services.aggregates`).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.scoping import ScopedQuerySet


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
        # The table keeps the name it was created with in the reports app.
        db_table = "reports_areamonth"
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


class AreaOpenItemsQuerySet(ScopedQuerySet):
    unit_path = "area__unit"


class AreaOpenItems(models.Model):
    """The early warnings and problem-solving cases of one assisted area still open, counted.

    Kept by the services that write either (bhabin.services), in the same transaction; only
    areas with an open one have a row. A Polda's dashboard adds up these rows instead of
    counting in the warnings and cases of every area.
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
        db_table = "reports_areaopenitems"
        verbose_name = _("open items of an area")
        verbose_name_plural = _("open items of areas")
        ordering = ["area"]

    def __str__(self):
        return f"{self.area}: {self.warnings} / {self.cases}"

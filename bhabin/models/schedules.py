"""The visit schedule: which officer is to visit which area on which day."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from org.scoping import ScopedQuerySet


class VisitScheduleQuerySet(ScopedQuerySet):
    unit_path = "area__unit"
    officer_path = "officer"


class VisitSchedule(models.Model):
    """A planned visit of an officer to an assisted area on a day."""

    officer = models.ForeignKey(
        "personnel.Officer",
        verbose_name=_("officer"),
        on_delete=models.CASCADE,
        related_name="schedule",
    )
    area = models.ForeignKey(
        "bhabin.AssistedArea",
        verbose_name=_("assisted area"),
        on_delete=models.CASCADE,
        related_name="schedule",
    )
    planned_on = models.DateField(_("planned date"))
    activity = models.ForeignKey(
        "bhabin.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = VisitScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheduled visit")
        verbose_name_plural = _("visit schedule")
        ordering = ["planned_on", "officer"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "area", "planned_on"],
                name="one_scheduled_visit_per_officer_area_day",
                violation_error_message=_("This visit is already scheduled."),
            ),
        ]

    def __str__(self):
        return f"{self.planned_on} {self.area} ({self.officer})"

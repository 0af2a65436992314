"""DIPA budget lines and their realisation, the officer allowance, and facilities."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.scoping import ReferenceQuerySet, ScopedQuerySet


class BudgetLineQuerySet(ScopedQuerySet):
    unit_path = "unit"


class BudgetLine(models.Model):
    """A DIPA budget line of a unit for a fiscal year. The remainder is derived, never stored."""

    unit = models.ForeignKey(
        "org.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (TA)"))
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("activity"), max_length=200)
    description = models.CharField(_("description"), max_length=250, blank=True)
    pagu = models.PositiveBigIntegerField(_("pagu (Rp)"))
    revised_pagu = models.PositiveBigIntegerField(_("revised pagu (Rp)"), null=True, blank=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("DIPA budget line")
        verbose_name_plural = _("DIPA budget lines")
        ordering = ["-fiscal_year", "unit__sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "fiscal_year", "code"],
                name="one_budget_line_per_unit_year_code",
                violation_error_message=_(
                    "This unit already has a line with that code for that year."
                ),
            ),
        ]

    def __str__(self):
        return f"TA {self.fiscal_year} {self.name}"

    @property
    def effective_pagu(self):
        return self.pagu if self.revised_pagu is None else self.revised_pagu


class RealisationQuerySet(ScopedQuerySet):
    unit_path = "line__unit"


class Realisation(models.Model):
    """Spending against a budget line in one month."""

    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.CASCADE,
        related_name="realisations",
    )
    month = models.PositiveSmallIntegerField(_("month"))
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))

    objects = RealisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ["line", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "month"],
                name="one_realisation_per_line_month",
                violation_error_message=_("This line already has a realisation for that month."),
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12),
                name="realisation_month_1_to_12",
                violation_error_message=_("Month runs from 1 to 12."),
            ),
        ]

    def __str__(self):
        return f"{self.line} / {self.month}"


class AllowanceRate(models.Model):
    """The monthly Bhabinkamtibmas allowance from a date on (Rp100,000 in the study)."""

    valid_from = models.DateField(_("valid from"), unique=True)
    monthly_amount = models.PositiveBigIntegerField(_("monthly amount (Rp)"))

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("allowance rate")
        verbose_name_plural = _("allowance rates")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.valid_from}: Rp{self.monthly_amount:,}".replace(",", ".")


class FacilityType(models.Model):
    """A kind of facility or equipment (motorbike, HT, megaphone, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    one_per_officer = models.BooleanField(
        _("one per officer"), default=False, help_text=_("The need is one for each officer.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("facility type")
        verbose_name_plural = _("facility types")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class FacilityQuerySet(ScopedQuerySet):
    unit_path = "unit"
    officer_path = "officer"


class Facility(models.Model):
    """Stock of one facility type at a unit in one condition, or one item issued to an officer."""

    class Condition(models.TextChoices):
        GOOD = "good", _("Good")
        LIGHT_DAMAGE = "light_damage", _("Light damage")
        HEAVY_DAMAGE = "heavy_damage", _("Heavy damage")

    unit = models.ForeignKey(
        "org.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    facility_type = models.ForeignKey(
        FacilityType,
        verbose_name=_("facility type"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    condition = models.CharField(
        _("condition"), max_length=12, choices=Condition.choices, default=Condition.GOOD
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    officer = models.ForeignKey(
        "personnel.Officer",
        verbose_name=_("issued to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilities",
    )
    serial_number = models.CharField(_("serial or plate number"), max_length=60, blank=True)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["unit__sort_order", "facility_type__sort_order", "condition"]
        constraints = [
            models.CheckConstraint(
                condition=Q(officer__isnull=True) | Q(quantity=1),
                name="facility_issued_to_officer_is_one_item",
                violation_error_message=_("An item issued to an officer has a quantity of 1."),
            ),
            models.UniqueConstraint(
                fields=["unit", "facility_type", "condition"],
                condition=Q(officer__isnull=True),
                name="one_stock_row_per_unit_type_condition",
                violation_error_message=_(
                    "This unit already has stock of this type in this condition."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.facility_type} ({self.get_condition_display()}) x{self.quantity}"

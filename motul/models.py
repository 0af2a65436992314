"""MOTUL plans: activities prepared with the seven-step operational management (MOTUL)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from org.scoping import ReferenceQuerySet, ScopedQuerySet
from org.validators import printed_text_validators

# The plan's free text is printed on its PDF sheet: an objective of a paragraph or two, a step of
# about a page (step 1, prefilled from the areas' data, is the longest). Longer text is refused,
# which keeps the sheet within about twenty pages and a few seconds to render
# (tests/security/test_pdf_text_limits.py, bench/motul_pdf_bench.py).
OBJECTIVE_MAX_CHARS, OBJECTIVE_MAX_LINES = 1000, 20
STEP_MAX_CHARS, STEP_MAX_LINES = 5000, 120

# The tables keep the names they were created with in the field-work app (bhabin).


class MotulStep(models.Model):
    """One of the seven MOTUL steps, kept as editable data."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    name = models.CharField(_("name"), max_length=120)
    guidance = models.TextField(_("guidance"), blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        db_table = "bhabin_motulstep"
        verbose_name = _("MOTUL step")
        verbose_name_plural = _("MOTUL steps")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class MotulPlanQuerySet(ScopedQuerySet):
    unit_path = "unit"


class MotulPlan(models.Model):
    """A planned activity prepared with the seven-step operational management (MOTUL)."""

    unit = models.ForeignKey(
        "org.PoliceUnit",
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        related_name="motul_plans",
    )
    title = models.CharField(_("title"), max_length=200)
    objective = models.TextField(
        _("objective"),
        blank=True,
        validators=printed_text_validators(chars=OBJECTIVE_MAX_CHARS, lines=OBJECTIVE_MAX_LINES),
    )
    planned_on = models.DateField(_("planned date"))
    areas = models.ManyToManyField(
        "bhabin.AssistedArea", verbose_name=_("assisted areas"), related_name="motul_plans"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MotulPlanQuerySet.as_manager()

    class Meta:
        db_table = "bhabin_motulplan"
        verbose_name = _("MOTUL plan")
        verbose_name_plural = _("MOTUL plans")
        ordering = ["-planned_on"]

    def __str__(self):
        return self.title


class MotulPlanStepQuerySet(ScopedQuerySet):
    unit_path = "plan__unit"


class MotulPlanStep(models.Model):
    """What a MOTUL plan says under one step."""

    plan = models.ForeignKey(
        MotulPlan, verbose_name=_("MOTUL plan"), on_delete=models.CASCADE, related_name="steps"
    )
    step = models.ForeignKey(MotulStep, verbose_name=_("step"), on_delete=models.PROTECT)
    content = models.TextField(
        _("content"),
        blank=True,
        validators=printed_text_validators(chars=STEP_MAX_CHARS, lines=STEP_MAX_LINES),
    )

    objects = MotulPlanStepQuerySet.as_manager()

    class Meta:
        db_table = "bhabin_motulplanstep"
        verbose_name = _("MOTUL plan step")
        verbose_name_plural = _("MOTUL plan steps")
        ordering = ["plan", "step__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "step"],
                name="one_entry_per_motul_step",
                violation_error_message=_("This plan already has this step."),
            ),
        ]

    def __str__(self):
        return f"{self.plan}: {self.step}"

"""MOTUL plans: the list and a form to start one, the seven steps to edit, the PDF sheet.

A plan the user may not see is a 404 (`get_visible_object_or_404`); leadership reads and prints
plans but does not write them (org.roles). The names of people involved appear only for the
roles that may see them, and every reading is recorded (UU PDP 27/2022).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from audit.models import AccessLog
from audit.services import access_log_record
from bhabin.models import AssistedArea
from motul import plans as motul
from motul.models import (
    OBJECTIVE_MAX_CHARS,
    OBJECTIVE_MAX_LINES,
    STEP_MAX_CHARS,
    STEP_MAX_LINES,
    MotulPlan,
    MotulPlanStep,
)
from org.letterhead import letterhead, signing_place
from org.roles import may_write_motul_plans
from org.scoping import get_visible_object_or_404
from org.validators import printed_text
from reports.pdf import pdf_response, render_pdf
from reports.terbilang import bulan, tanggal


class PrintedTextField(forms.CharField):
    """Free text the plan's PDF prints, within the model field's limits (org.validators).

    Line ends come as the browser sends them (CR LF) and are kept as LF, so that the characters
    counted are those the textarea's `maxlength` counted.
    """

    def __init__(self, *, model_field, rows, **kwargs):
        chars = next(v.limit_value for v in model_field.validators if v.code == "max_length")
        widget = forms.Textarea(attrs={"rows": rows, "maxlength": chars})
        super().__init__(widget=widget, validators=model_field.validators, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class MotulPlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    objective = PrintedTextField(
        label=_("Objective"), model_field=MotulPlan._meta.get_field("objective"), rows=3
    )
    planned_on = forms.DateField(
        label=_("Planned date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    activity = forms.ModelChoiceField(
        label=_("Kind of activity"),
        queryset=motul.activity_choices(),
        required=False,
        help_text=_("Chooses the default materials and teaching aids."),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Assisted areas"),
        queryset=AssistedArea.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = (
            AssistedArea.objects.visible_to(user)
            .filter(is_active=True)
            .select_related("unit")
            .order_by("unit__sort_order", "name")
        )


def motul_list(request):
    """The plans of the user's units, and a form to start a new one."""
    user = request.user
    can_write = may_write_motul_plans(user)
    form = None
    if can_write:
        form = MotulPlanForm(request.POST or None, user=user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            plan = motul.motul_plan_create(
                user=user,
                title=data["title"],
                objective=data["objective"],
                planned_on=data["planned_on"],
                areas=data["areas"],
                activity=data["activity"],
            )
            return redirect("motul:edit", pk=plan.pk)
    elif request.method == "POST":
        raise PermissionDenied
    plans = (
        MotulPlan.objects.visible_to(user)
        .select_related("unit")
        .annotate(area_count=Count("areas"))
        .order_by("-planned_on", "-pk")
    )
    return render(
        request, "motul/list.html", {"plans": plans, "form": form, "can_write": can_write}
    )


class StepsForm(forms.Form):
    """One textarea per step of a plan."""

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = steps
        for step in steps:
            self.fields[f"step_{step.step_id}"] = PrintedTextField(
                label=str(step.step),
                help_text=step.step.guidance,
                required=False,
                initial=step.content,
                model_field=MotulPlanStep._meta.get_field("content"),
                rows=10 if step.step.number == 1 else 5,
            )

    def contents(self):
        return {step.step_id: self.cleaned_data[f"step_{step.step_id}"] for step in self.steps}


def _plan(request, pk):
    return get_visible_object_or_404(
        MotulPlan.objects.select_related("unit", "unit__parent__parent__parent"),
        request.user,
        pk=pk,
    )


def motul_edit(request, pk):
    """The seven steps of a plan, editable before printing."""
    plan = _plan(request, pk)
    steps = list(plan.steps.select_related("step").order_by("step__number"))
    can_write = may_write_motul_plans(request.user)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    form = StepsForm(request.POST or None, steps=steps)
    if request.method == "POST" and form.is_valid():
        motul.motul_plan_steps_update(plan=plan, contents=form.contents())
        return redirect("motul:edit", pk=plan.pk)
    areas = plan.areas.select_related("unit").order_by("name")
    people = motul.people_involved(request.user, areas)
    _log_people_read(request, people, AccessLog.Via.PLAN_PAGE)
    return render(
        request,
        "motul/edit.html",
        {
            "plan": plan,
            "form": form,
            "can_write": can_write,
            "areas": areas,
            "people": people,
            "restricted_line": motul.RESTRICTED_LINE,
        },
    )


@never_cache
def motul_pdf(request, pk):
    plan = _plan(request, pk)
    steps = list(plan.steps.select_related("step").order_by("step__number"))
    areas = list(plan.areas.select_related("unit").order_by("name"))
    people = motul.people_involved(request.user, areas)
    _log_people_read(request, people, AccessLog.Via.EXPORT)
    return pdf_response(render_motul(plan, steps, areas, people), f"motul-{plan.pk}.pdf")


def _log_people_read(request, people, via):
    """Names of people involved read on a page or in a PDF are recorded (UU PDP 27/2022)."""
    access_log_record(
        user=request.user,
        person_ids=[row["person_id"] for row in people or []],
        via=via,
        path=request.path,
    )


MOTUL_SHEET = "pdf/motul.html"
# The sheet is printed in Indonesian whatever the reader's language.
# A plan may cover every area its writer sees (hundreds at a Polres): the sheet's header names
# the first ones and counts the rest, as step 4's prefilled text does.
AREAS_PRINTED = 50
CLIPPED = "(Teks selanjutnya tidak dicetak: melebihi batas panjang lembar rencana.)"


def motul_sheet_context(plan, steps, areas, people):
    """What the MOTUL planning sheet prints. Text stored before the limits (motul.models) is
    printed cut to them: an old 2.4 MB step took the sheet 147 s on every request."""
    objective = printed_text(
        plan.objective, chars=OBJECTIVE_MAX_CHARS, lines=OBJECTIVE_MAX_LINES, note=CLIPPED
    )
    for step in steps:
        step.printed = printed_text(
            step.content, chars=STEP_MAX_CHARS, lines=STEP_MAX_LINES, note=CLIPPED
        )
    areas = list(areas)
    return {
        "plan": plan,
        "objective": objective,
        "steps": steps,
        "areas": areas[:AREAS_PRINTED],
        "areas_more": max(0, len(areas) - AREAS_PRINTED),
        "people": people,
        "restricted_line": motul.RESTRICTED_LINE,
        "letterhead": letterhead(plan.unit),
        "planned_on_text": tanggal(plan.planned_on),
        "place": signing_place(plan.unit),
        "month_name": bulan(plan.planned_on.month),
    }


def render_motul(plan, steps, areas, people):
    """A MOTUL planning sheet as PDF bytes, in Indonesian."""
    with translation.override("id"):
        return render_pdf(MOTUL_SHEET, motul_sheet_context(plan, steps, areas, people))

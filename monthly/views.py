"""The monthly report: a form that opens it, and the PDF; every query is scoped.

A unit the user may not see is a 404 (`get_visible_object_or_404`); a role that has no
business with unit figures (the Bhabinkamtibmas officer) gets a 403 (org.roles).
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bhabin.models import AreaMonth
from bhabin.months import default_month, default_month_note
from conflicts.models import UnitIncidentMonth
from jobs.services import job_start
from monthly import tasks
from monthly.approved import approval_in_force, approved_pdf, period_of
from monthly.report import monthly_report
from org.models import MonthPeriod, PoliceUnit
from org.periods import parse_month, shift_month
from org.roles import may_read_unit_figures
from org.scoping import get_visible_object_or_404
from recaps.selectors import default_recap_root
from reports.pdf import pdf_response, render_pdf


class MonthlyReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=PoliceUnit.objects.none())
    period = forms.CharField(
        label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}), max_length=7
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = PoliceUnit.objects.visible_to(user).exclude(
            level=PoliceUnit.Level.POLDA
        )

    def clean_period(self):
        try:
            return parse_month(self.cleaned_data["period"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class MonthlyJobForm(MonthlyReportForm):
    """A report made in the background: a Polda's too, or every unit's from one down."""

    every_unit = forms.BooleanField(
        label=_("Also every unit below it, in one zip archive (month-close)"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = PoliceUnit.objects.visible_to(user)


def _has_data(user, unit, month):
    """Whether a unit and the units below it recorded any visit or incident in a month. Two
    queries at most, on the monthly aggregates."""
    visits = AreaMonth.objects.visible_to(user).filter(unit.subtree("area__unit"), month=month)
    incidents = UnitIncidentMonth.objects.visible_to(user).filter(unit.subtree(), month=month)
    return visits.exists() or incidents.exists()


def _ladder(user, month):
    """Each unit the user may open a report of, with its step on the month's approval ladder
    (open where the month has no period row yet). One query."""
    periods = MonthPeriod.objects.filter(unit=OuterRef("pk"), month=month)
    return (
        PoliceUnit.objects.visible_to(user)
        .exclude(level=PoliceUnit.Level.POLDA)
        .annotate(
            month_state=Coalesce(
                Subquery(periods.values("state")[:1]), Value(MonthPeriod.State.OPEN)
            ),
            month_state_since=Subquery(periods.values("changed_at")[:1]),
        )
        .order_by("path", "sort_order")
    )


def monthly_index(request):
    """A form that opens a unit's monthly report for a month: it opens on the latest month
    with visits, and warns before producing a report of zeros."""
    user = request.user
    if not may_read_unit_figures(user):
        raise PermissionDenied
    form = MonthlyReportForm(request.GET or None, user=user)
    context = {"form": form}
    if request.GET and form.is_valid():
        unit, month = form.cleaned_data["unit"], form.cleaned_data["period"]
        if request.GET.get("kosong") or _has_data(user, unit, month):
            return redirect("monthly:pdf", code=unit.code, period=f"{month:%Y-%m}")
        context["empty"] = {"unit": unit, "month": month}
    initial = {"unit": user.unit_id}
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    state_month = last_month.replace(day=1)
    if request.GET and form.is_valid():
        state_month = form.cleaned_data["period"]
    if not request.GET:
        unit = user.unit or default_recap_root()
        if unit is not None:
            month, has_data = default_month(user, unit)
            initial = {"unit": unit.pk, "period": f"{month:%Y-%m}"}
            form.initial = initial
            context["period_note"] = default_month_note(month, has_data)
            state_month = month
    context["state_month"] = state_month
    context["ladder"] = _ladder(user, state_month)
    # Each unit's state for the last six months: a draft until approved (the PDF says so too).
    context["approved"] = (
        MonthPeriod.objects.visible_to(user)
        .filter(month__gte=shift_month(last_month.replace(day=1), -5))
        .exclude(state=MonthPeriod.State.OPEN)
        .select_related("unit")
        .order_by("-month", "unit__path")
    )
    context["job_form"] = MonthlyJobForm(user=user, initial=initial, prefix="tugas")
    return render(request, "monthly/index.html", context)


@require_POST
def monthly_report_job(request):
    """Make a unit's report (or every unit's from it down) in a background job."""
    if not may_read_unit_figures(request.user):
        raise PermissionDenied
    form = MonthlyJobForm(request.POST, user=request.user, prefix="tugas")
    if not form.is_valid():
        return render(
            request,
            "monthly/index.html",
            {"form": MonthlyReportForm(user=request.user), "job_form": form},
            status=400,
        )
    unit, period = form.cleaned_data["unit"], f"{form.cleaned_data['period']:%Y-%m}"
    every = form.cleaned_data["every_unit"]
    title = (
        _("Month-close %(unit)s, %(period)s") if every else _("Monthly report %(unit)s, %(period)s")
    )
    job = job_start(
        task=tasks.month_close if every else tasks.monthly_pdf,
        kind="month-close" if every else "monthly-report",
        title=str(title % {"unit": unit.name, "period": period}),
        user=request.user,
        arguments={"code": unit.code, "period": period},
    )
    return redirect(job)


@never_cache
def monthly_report_pdf(request, code, period):
    if not may_read_unit_figures(request.user):
        raise PermissionDenied
    unit = get_visible_object_or_404(
        PoliceUnit.objects.select_related("parent__parent__parent"), request.user, code=code
    )
    try:
        month = parse_month(period)
    except ValueError as error:
        raise Http404 from error
    name = f"laporan-{unit.code}-{period}".lower()
    record = period_of(unit, month)
    if approval_in_force(record) is not None:
        data, _step = approved_pdf(record, request=request)
        return pdf_response(data, f"{name}-disetujui.pdf")
    report = monthly_report(unit, month.year, month.month)
    return pdf_response(render_monthly(report), f"{name}.pdf")


def render_monthly(report):
    """The monthly report as PDF bytes, in Indonesian whatever the user's language."""
    with translation.override("id"):
        return render_pdf(
            "pdf/monthly.html", {"r": report, "letterhead": report.letterhead, "draft": True}
        )

"""The monthly report: a form that opens it, and the PDF; every query is scoped.

A unit the user may not see is a 404 (`get_visible_object_or_404`); a role that has no
business with unit figures (the Bhabinkamtibmas officer) gets a 403 (org.roles).
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jobs.services import job_start
from monthly import tasks
from monthly.approved import approval_in_force, approved_pdf, period_of
from monthly.report import monthly_report
from org.models import MonthPeriod, PoliceUnit
from org.periods import parse_month, shift_month
from org.roles import may_read_unit_figures
from org.scoping import get_visible_object_or_404
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


def monthly_index(request):
    """A form that opens a unit's monthly report for a month."""
    if not may_read_unit_figures(request.user):
        raise PermissionDenied
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    form = MonthlyReportForm(request.GET or None, user=request.user)
    if request.GET and form.is_valid():
        month = form.cleaned_data["period"]
        return redirect("monthly:pdf", code=form.cleaned_data["unit"].code, period=f"{month:%Y-%m}")
    initial = {"unit": request.user.unit_id, "period": f"{last_month:%Y-%m}"}
    if not request.GET:
        form.initial = initial
    # Each unit's state for the last six months: a draft until approved (the PDF says so too).
    recent = (
        MonthPeriod.objects.visible_to(request.user)
        .filter(month__gte=shift_month(last_month.replace(day=1), -5))
        .exclude(state=MonthPeriod.State.OPEN)
        .select_related("unit")
        .order_by("-month", "unit__path")
    )
    job_form = MonthlyJobForm(user=request.user, initial=initial, prefix="tugas")
    return render(
        request, "monthly/index.html", {"form": form, "job_form": job_form, "approved": recent}
    )


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

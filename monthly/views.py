"""The monthly report: a form that opens it, and the PDF; every query is scoped.

A unit the user may not see is a 404 (`get_visible_object_or_404`); a role that has no
business with unit figures (the Bhabinkamtibmas officer) gets a 403 (org.roles).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from bhabin.models import AreaMonth
from bhabin.months import default_month, default_month_note
from conflicts.models import UnitIncidentMonth
from monthly.report import monthly_report
from org.models import PoliceUnit
from org.periods import parse_month
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


def _has_data(user, unit, month):
    """Whether a unit and the units below it recorded any visit or incident in a month. Two
    queries at most, on the monthly aggregates."""
    visits = AreaMonth.objects.visible_to(user).filter(unit.subtree("area__unit"), month=month)
    incidents = UnitIncidentMonth.objects.visible_to(user).filter(unit.subtree(), month=month)
    return visits.exists() or incidents.exists()


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
    if not request.GET:
        unit = user.unit or default_recap_root()
        if unit is not None:
            month, has_data = default_month(user, unit)
            form.initial = {"unit": unit.pk, "period": f"{month:%Y-%m}"}
            context["period_note"] = default_month_note(month, has_data)
    return render(request, "monthly/index.html", context)


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
    report = monthly_report(unit, month.year, month.month)
    return pdf_response(render_monthly(report), f"laporan-{unit.code}-{period}.pdf".lower())


def render_monthly(report):
    """The monthly report as PDF bytes, in Indonesian whatever the user's language."""
    with translation.override("id"):
        return render_pdf("pdf/monthly.html", {"r": report, "letterhead": report.letterhead})

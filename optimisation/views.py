"""The optimisation report pages and PDF: /optimasi/<unit code>/ for the user's unit subtree.

Read by the Kasat Binmas, leadership, administrators and a Kapolsek (for their own Polsek); the
unit is looked up through `PoliceUnit.objects.visible_to(user)`, so another unit is a 404.
What-if questions and the report date come as GET parameters, so a page can be bookmarked.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bhabin.models import AssistedArea
from bhabin.months import default_month, default_month_note
from jobs.services import job_start
from optimisation import tasks
from optimisation.report import ITEM_TYPES, ITEM_WORDS, build_report
from optimisation.risk import COMPONENT_LABELS, area_risks, normalised_weights
from optimisation.whatif import MAX_EXTRA_ITEMS, MAX_EXTRA_OFFICERS, what_if
from org.models import PoliceUnit
from org.periods import month_days, parse_date, parse_month, parse_param
from org.roles import may_optimise
from org.scoping import get_visible_object_or_404
from reports.pdf import pdf_response, render_pdf

MAX_SEATS = 1000
MAX_RUPIAH = 100_000_000_000
TOP_RISKS = 20


def _weights():
    """The risk weights as (label, weight) pairs, in the reader's language."""
    return [(COMPONENT_LABELS[key], weight) for key, weight in normalised_weights().items()]


def _unit(request, code):
    if not may_optimise(request.user):
        raise PermissionDenied
    return get_visible_object_or_404(PoliceUnit, request.user, code=code)


def _int(request, name, *, maximum, default=None):
    value = (request.GET.get(name) or "").strip().replace(".", "")
    if not (value.isascii() and value.isdigit()):  # "²" is a digit to isdigit(), not to int()
        return default
    return min(int(value), maximum)


def _default_as_of(request, unit):
    """The last day of the month the page opens on (`bhabin.months.default_month`: the latest
    whole month with visits in the unit), and the sentence that says so."""
    # Asked for by the report and by the page's note: looked up once per request.
    if not hasattr(request, "sigap_default_as_of"):
        month, has_data = default_month(request.user, unit)
        request.sigap_default_as_of = (
            min(month_days(month)[1], timezone.localdate()),
            default_month_note(month, has_data),
        )
    return request.sigap_default_as_of


def _as_of(request, unit):
    if not (request.GET.get("tanggal") or "").strip():
        return _default_as_of(request, unit)[0]
    return parse_param(request, "tanggal", parse_date, default=timezone.localdate())


def _params(request, unit):
    return {
        "as_of": _as_of(request, unit),
        "month": parse_param(request, "bulan", parse_month),
        "motorbikes": _int(request, "motor", maximum=MAX_EXTRA_ITEMS),
        "seats": _int(request, "kursi", maximum=MAX_SEATS, default=0),
        "extra_officers": _int(request, "tambah_personel", maximum=MAX_EXTRA_OFFICERS, default=0),
        "extra_motorbikes": _int(request, "tambah_motor", maximum=MAX_EXTRA_ITEMS, default=0),
        "extra_rupiah": _int(request, "tambah_rp", maximum=MAX_RUPIAH, default=0),
    }


def report_context(request, code):
    unit = _unit(request, code)
    params = _params(request, unit)
    report = build_report(
        unit,
        as_of=params["as_of"],
        month=params["month"],
        user=request.user,
        motorbikes=params["motorbikes"],
        seats=params["seats"],
    )
    answers = what_if(
        report,
        officers=params["extra_officers"],
        motorbikes=params["extra_motorbikes"],
        rupiah=params["extra_rupiah"],
    )
    equipment = [
        {
            "code": code,
            "word": ITEM_WORDS[code],
            "name": report.type_names.get(code, code),
            "offered": report.offered[code],
            "selection": report.equipment[code][0],
        }
        for code in ITEM_TYPES
    ]
    units = report.units_by_id
    plan_units = [{"unit": units[unit_id], "plan": plan} for unit_id, plan in report.plans.items()]
    return {
        "unit": unit,
        "report": report,
        "params": params,
        "answers": answers,
        "equipment": equipment,
        "plan_units": plan_units,
        "plan_rows": report.plan_rows(),
        "top_risks": report.risks[:TOP_RISKS],
        "weights": _weights(),
        "query": request.GET.urlencode(),
    }


def overview(request, code):
    context = report_context(request, code)
    if not (request.GET.get("tanggal") or "").strip():
        messages.info(request, _default_as_of(request, context["unit"])[1])
    return render(request, "optimisation/overview.html", context)


def _per_unit(context):
    """One entry per unit for the PDF's detail pages: its 4M row, its plan and its plan rows."""
    report = context["report"]
    rows = {}
    for row in context["plan_rows"]:
        days = ", ".join(str(day.day) for day in row["dates"])
        rows.setdefault(row["risk"].unit_id, []).append({**row, "days": days})
    units = report.units_by_id
    return [
        {
            "gap": gap,
            "unit": units.get(gap.unit_id),
            "plan": report.plans.get(gap.unit_id),
            "rows": rows.get(gap.unit_id, []),
        }
        for gap in sorted(report.gaps, key=lambda gap: units[gap.unit_id].sort_order)
        if gap.unit_id in units
    ]


@never_cache
def overview_pdf(request, code):
    context = report_context(request, code)
    context["generated_at"] = timezone.localtime()
    context["per_unit"] = _per_unit(context)
    pdf = render_pdf("optimisation/pdf.html", context, request=request)
    stamp = context["report"].as_of.strftime("%Y%m%d")
    return pdf_response(pdf, f"optimasi-{code}-{stamp}.pdf", disposition="attachment")


@require_POST
def overview_job(request, code):
    """Make the report's PDF in a background job (a whole Polda's takes long)."""
    unit = _unit(request, code)
    job = job_start(
        task=tasks.optimisation_pdf,
        kind="optimisation",
        title=_("Optimisation %(unit)s") % {"unit": unit.name},
        user=request.user,
        arguments={"code": unit.code, "query": request.POST.get("query", "")[:2000]},
    )
    return redirect(job)


def risk_list(request, code):
    unit = _unit(request, code)
    as_of = _as_of(request, unit)
    areas = AssistedArea.objects.visible_to(request.user).filter(
        unit.subtree("unit"), is_active=True
    )
    return render(
        request,
        "optimisation/risk_list.html",
        {
            "unit": unit,
            "as_of": as_of,
            "risks": area_risks(areas, as_of=as_of),
            "weights": _weights(),
            "query": request.GET.urlencode(),
        },
    )


def risk_detail(request, code, area_id):
    unit = _unit(request, code)
    as_of = _as_of(request, unit)
    areas = AssistedArea.objects.visible_to(request.user).filter(unit.subtree("unit"), pk=area_id)
    risks = area_risks(areas, as_of=as_of)
    if not risks:
        raise Http404
    return render(
        request,
        "optimisation/risk_detail.html",
        {"unit": unit, "as_of": as_of, "risk": risks[0], "query": request.GET.urlencode()},
    )

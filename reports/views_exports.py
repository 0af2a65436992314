"""Recap tables as pages and xlsx downloads, and the list exports; every query is scoped.

A recap is built by the same builders as the `rekap` command, for the user's unit and the units
below it. A list export goes through `Model.objects.visible_to(user)` with the list page's
filters, and is written by `reports.exports.write_rows_xlsx`.
"""

import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from bhabin.models import Assignment, AssistedArea, Visit
from conflicts.models import Incident
from personnel.models import Officer
from reports.exports import XLSX_CONTENT_TYPE, write_rows_xlsx
from reports.recaps import RECAPS, YEARLY_RECAPS, RecapError, build_recap
from reports.selectors import default_recap_root
from reports.xlsx import write_xlsx

# Recaps are unit figures: every role but the Bhabinkamtibmas officer reads them.
RECAP_ROLES = frozenset({"kapolsek", "kasat_binmas", "operator", "leadership", "admin"})
RECAP_TITLES = {
    "bhabin": gettext_lazy("Bhabinkamtibmas per unit"),
    "kompetensi": gettext_lazy("Competency"),
    "sarpras": gettext_lazy("Facilities"),
    "dipa": gettext_lazy("DIPA budget"),
    "konflik": gettext_lazy("Social conflicts"),
}
EXPORT_ROWS_CHUNK = 2000


def _recap_root(user):
    if user.unit_id is not None and (user.is_superuser or user.role in RECAP_ROLES):
        return user.unit
    if user.is_superuser:
        root = default_recap_root()
        if root is not None:
            return root
    raise PermissionDenied


def _year(request):
    """The ?tahun= (or ?year=) parameter: a four-digit year, or None."""
    value = (request.GET.get("tahun") or request.GET.get("year") or "").strip()
    return int(value) if value.isdigit() and len(value) == 4 else None


def _xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def recap_index(request):
    _recap_root(request.user)
    tables = [(name, RECAP_TITLES[name]) for name in RECAPS]
    return render(request, "reports/recap_index.html", {"tables": tables})


def _build(request, table):
    if table not in RECAPS:
        raise Http404
    root = _recap_root(request.user)
    year = _year(request) if table in YEARLY_RECAPS else None
    try:
        return root, year, build_recap(table, root, year=year), ""
    except RecapError as error:
        return root, year, None, str(error)


def recap_table(request, table):
    root, year, recap, error = _build(request, table)
    rows = []
    if recap is not None:
        numeric = recap.money_columns | recap.decimal_columns
        for values in recap.lines()[1:]:
            rows.append(
                [
                    {
                        "value": value,
                        "num": isinstance(value, (int, Decimal)),
                        "money": index in numeric,
                    }
                    for index, value in enumerate(values)
                ]
            )
    context = {
        "name": table,
        "title": RECAP_TITLES[table],
        "root": root,
        "year": year,
        "is_yearly": table in YEARLY_RECAPS,
        "recap": recap,
        "body": rows[:-1] if recap is not None and recap.total is not None else rows,
        "total": rows[-1] if recap is not None and recap.total is not None else None,
        "error": error,
    }
    return render(request, "reports/recap_table.html", context, status=404 if error else 200)


@never_cache
def recap_xlsx(request, table):
    root, year, recap, error = _build(request, table)
    if recap is None:
        raise Http404(error)
    out = io.BytesIO()
    write_xlsx(recap, out)
    suffix = f"-{year}" if year else ""
    return _xlsx_response(out.getvalue(), f"rekap-{table}-{root.code}{suffix}.xlsx")


def _active_primary(user):
    return Exists(
        Assignment.objects.visible_to(user)
        .active()
        .filter(area=OuterRef("pk"), role=Assignment.Role.PRIMARY)
    )


def _export_areas(request):
    user = request.user
    areas = (
        AssistedArea.objects.visible_to(user)
        .filter(is_active=True)
        .select_related("unit", "region")
    )
    query = request.GET.get("q", "").strip()
    if query:
        areas = areas.filter(name__icontains=query)
    unit_code = request.GET.get("satuan", "").strip()
    if unit_code:
        areas = areas.filter(unit__code=unit_code)
    if request.GET.get("tanpa_bhabin"):
        areas = areas.filter(~_active_primary(user))
    header = [
        _("Kemendagri code"),
        _("Area"),
        _("Kind"),
        _("Unit"),
        _("Desa/kelurahan"),
        _("Population"),
        _("Households"),
        _("Vulnerability"),
    ]
    rows = (
        [
            area.code,
            area.name,
            area.get_kind_display(),
            area.unit.name,
            area.region.name if area.region_id else "",
            area.population,
            area.households,
            area.get_kakerda_level_display(),
        ]
        for area in areas.iterator(chunk_size=EXPORT_ROWS_CHUNK)
    )
    return "wilayah-binaan", _("Assisted areas"), header, rows


def _export_officers(request):
    user = request.user
    officers = Officer.objects.visible_to(user).select_related("unit")
    query = request.GET.get("q", "").strip()
    if query:
        officers = officers.filter(Q(name__icontains=query) | Q(nrp=query))
    unit_code = request.GET.get("satuan", "").strip()
    if unit_code:
        officers = officers.filter(unit__code=unit_code)
    if request.GET.get("tanpa_wilayah"):
        assigned = Assignment.objects.visible_to(user).active().filter(officer=OuterRef("pk"))
        officers = officers.bhabin().filter(~Exists(assigned))
    if request.GET.get("tanpa_telepon"):
        officers = officers.bhabin().filter(phone="")
    header = [
        _("NRP"),
        _("Name"),
        _("Rank"),
        _("Position"),
        _("Unit"),
        _("Phone"),
        _("Education"),
        _("Binmas/Polmas dikbangspes"),
        _("Active"),
    ]
    yes, no = _("yes"), _("no")
    rows = (
        [
            officer.nrp,
            officer.name,
            officer.get_rank_display(),
            officer.get_position_display(),
            officer.unit.name,
            # Colleagues' service numbers: staff call them; they are exported on purpose.
            officer.phone,
            officer.get_education_display(),
            yes if officer.dikbangspes_done else no,
            yes if officer.is_active else no,
        ]
        for officer in officers.iterator(chunk_size=EXPORT_ROWS_CHUNK)
    )
    return "personel", _("Officers"), header, rows


def _export_visits(request):
    visits = Visit.objects.visible_to(request.user).select_related(
        "officer", "area", "area__unit", "activity"
    )
    year = _year(request)
    if year:
        visits = visits.filter(occurred_at__year=year)
    unit_code = request.GET.get("satuan", "").strip()
    if unit_code:
        visits = visits.filter(area__unit__code=unit_code)
    header = [
        _("Time"),
        _("Officer"),
        _("NRP"),
        _("Area"),
        _("Unit"),
        _("Activity"),
        _("Households"),
        _("People met"),
        _("Complaints and aspirations heard"),
        _("Narrative"),
        _("Follow-up"),
        _("Status"),
    ]
    rows = (
        [
            visit.occurred_at,
            visit.officer.name,
            visit.officer.nrp,
            visit.area.name,
            visit.area.unit.name,
            visit.activity.name,
            visit.households_visited,
            visit.people_met,
            visit.complaints,
            visit.narrative,
            visit.follow_up,
            visit.get_status_display(),
        ]
        for visit in visits.iterator(chunk_size=EXPORT_ROWS_CHUNK)
    )
    return "kunjungan", _("Visits"), header, rows


def _export_incidents(request):
    incidents = Incident.objects.visible_to(request.user).select_related(
        "unit", "area", "category", "handling_officer"
    )
    year = _year(request)
    if year:
        incidents = incidents.filter(occurred_on__year=year)
    category_code = request.GET.get("kategori", "").strip()
    if category_code:
        incidents = incidents.filter(category__code=category_code)
    unit_code = request.GET.get("satuan", "").strip()
    if unit_code:
        incidents = incidents.filter(unit__code=unit_code)
    # No people involved, and no sides or damage text either: those free-text fields can name
    # residents, and this file leaves the system.
    header = [
        _("Reference"),
        _("Date"),
        _("Time"),
        _("Unit"),
        _("Area"),
        _("Place"),
        _("Category"),
        _("Modus operandi"),
        _("Deaths"),
        _("Injuries"),
        _("Handling"),
        _("Outcome"),
        _("Handling officer"),
    ]
    rows = (
        [
            incident.reference,
            incident.occurred_on,
            incident.occurred_time,
            incident.unit.name,
            incident.area.name if incident.area_id else "",
            incident.place,
            incident.category.name,
            incident.modus_operandi,
            incident.deaths,
            incident.injuries,
            incident.get_handling_display(),
            incident.get_outcome_display(),
            incident.handling_officer.name
            if incident.handling_officer_id
            else incident.handling_officer_text,
        ]
        for incident in incidents.iterator(chunk_size=EXPORT_ROWS_CHUNK)
    )
    return "konflik", _("Incidents"), header, rows


LIST_EXPORTS = {
    "wilayah": _export_areas,
    "personel": _export_officers,
    "kunjungan": _export_visits,
    "konflik": _export_incidents,
}


@never_cache
def export_list(request, name):
    if name not in LIST_EXPORTS:
        raise Http404
    stem, sheet_name, header, rows = LIST_EXPORTS[name](request)
    out = io.BytesIO()
    write_rows_xlsx(out, sheet_name=sheet_name, header=header, rows=rows)
    today = timezone.localdate().strftime("%Y%m%d")
    return _xlsx_response(out.getvalue(), f"{stem}-{today}.xlsx")

"""Pages for conflict incidents; every query goes through `visible_to`."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from audit.models import AccessLog
from audit.services import access_log_record
from conflicts.filters import IncidentFilter
from conflicts.models import ConflictCategory, Incident, Involvement
from org.roles import may_see_people_involved
from org.scoping import get_visible_object_or_404
from reports.exports import EXPORT_ROWS_CHUNK, list_download

PAGE_SIZE = 50


def _incidents(request):
    listed = IncidentFilter(request.GET, user=request.user)
    return listed, listed.apply(Incident.objects.visible_to(request.user))


def incident_list(request):
    listed, incidents = _incidents(request)
    context = {
        "page": Paginator(incidents.select_related("unit", "area", "category"), PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "listed": listed,
        "years": Incident.objects.visible_to(request.user).dates(
            "occurred_on", "year", order="DESC"
        ),
        "categories": ConflictCategory.objects.visible_to(request.user),
    }
    return render(request, "conflicts/incident_list.html", context)


@never_cache
def incident_export(request):
    _listed, incidents = _incidents(request)
    incidents = incidents.select_related("unit", "area", "category", "handling_officer")
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
    return list_download(stem="konflik", sheet_name=_("Incidents"), header=header, rows=rows)


def incident_detail(request, pk):
    user = request.user
    incident = get_visible_object_or_404(
        Incident.objects.select_related("unit", "area", "category", "handling_officer"),
        user,
        pk=pk,
    )
    # Involvements are empty for roles that may not see people involved (org.roles).
    involvements = list(
        Involvement.objects.visible_to(user).filter(incident=incident).select_related("person")
    )
    # Reading people involved is recorded (UU PDP 27/2022); one insert, only when any are shown.
    access_log_record(
        user=user,
        person_ids=[involvement.person_id for involvement in involvements],
        via=AccessLog.Via.INCIDENT_PAGE,
        path=request.path,
    )
    context = {
        "incident": incident,
        "involvements": involvements,
        "can_see_people": may_see_people_involved(user),
    }
    return render(request, "conflicts/incident_detail.html", context)

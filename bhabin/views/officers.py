"""The list of officers and its export; an officer's own page is the dashboard's
(dashboard:officer). Every query goes through `visible_to`."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from bhabin.filters import OfficerFilter
from personnel.models import Officer
from reports.exports import EXPORT_ROWS_CHUNK, list_download

PAGE_SIZE = 50


def _officers(request):
    listed = OfficerFilter(request.GET, user=request.user)
    return listed, listed.apply(Officer.objects.visible_to(request.user).select_related("unit"))


def officer_list(request):
    listed, officers = _officers(request)
    page = Paginator(officers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bhabin/officer_list.html", {"page": page, "listed": listed})


@never_cache
def officer_export(request):
    _listed, officers = _officers(request)
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
    return list_download(stem="personel", sheet_name=_("Officers"), header=header, rows=rows)

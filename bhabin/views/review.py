"""The review inbox a Kapolsek works through, and the review of one report.

The inbox shows one kind of report at a time (visits, early detection, cases), each kind's count
under the same filters beside its tab, a page at a time: filtered by officer, area and age,
oldest or newest first. Every report opened from it carries the inbox's filters: after a
decision the reviewer goes on to the next report of the same list, and back to the same list
when none is left. Routine visits can be accepted together: tick them, confirm once.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from bhabin import services
from bhabin.forms import ReviewForm
from bhabin.models import AssistedArea, ReviewStatus, Visit
from bhabin.views.field_reports import KINDS, _detail_context
from org.filters import ListFilter, row_id
from org.roles import may_review
from org.scoping import get_visible_object_or_404
from personnel.models import Officer

INBOX_ROWS = 25
# Waiting longer than: the age filter's choices, in days.
AGES = (1, 3, 7, 14, 30)
ORDERS = {"lama": gettext_lazy("Oldest first"), "baru": gettext_lazy("Newest first")}


def _choice(choices):
    def parse(value):
        value = value.strip()
        if value not in choices:
            raise ValueError(_("“%(value)s” is not one of the choices.") % {"value": value[:20]})
        return value

    return parse


class InboxFilter(ListFilter):
    """What the inbox shows: a kind (`jenis`), an officer (`personel`), an area (`wilayah`),
    reports older than a number of days (`umur`), and the order (`urut`: `lama`, the default,
    or `baru`)."""

    parameters = {
        "jenis": _choice(KINDS),
        "personel": row_id,
        "wilayah": row_id,
        "umur": _choice([str(days) for days in AGES]),
        "urut": _choice(ORDERS),
    }

    def waiting(self, kind):
        """The reports of a kind waiting for the user's decision, filtered and ordered."""
        rows = kind.model.objects.visible_to(self.user).filter(status=ReviewStatus.SUBMITTED)
        if self.get("personel"):
            rows = rows.filter(officer_id=self.get("personel"))
        if self.get("wilayah"):
            rows = rows.filter(area_id=self.get("wilayah"))
        if self.get("umur"):
            cutoff = timezone.localdate() - datetime.timedelta(days=int(self.get("umur")))
            # Older than N days: dated before the start of the day N days ago.
            if kind.date_field == "opened_on":
                rows = rows.filter(opened_on__lt=cutoff)
            else:
                start = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time()))
                rows = rows.filter(**{f"{kind.date_field}__lt": start})
        return rows.order_by(*self.ordering(kind))

    def ordering(self, kind):
        if self.get("urut") == "baru":
            return [f"-{kind.date_field}", "-pk"]
        return [kind.date_field, "pk"]

    def after(self, kind, item):
        """The reports that come after `item` in the list's order (a Q)."""
        field, value = kind.date_field, getattr(item, kind.date_field)
        newer = self.get("urut") == "baru"
        beyond = "lt" if newer else "gt"
        return Q(**{f"{field}__{beyond}": value}) | Q(**{field: value, f"pk__{beyond}": item.pk})

    def query_without(self, *names):
        return urlencode({k: v for k, v in self.raw.items() if k not in names})


def _row_id_or_none(value):
    try:
        return row_id(value)
    except ValueError:
        return None


def _reviewer(user):
    if not may_review(user):
        raise PermissionDenied
    return user


def review_inbox(request):
    user = _reviewer(request.user)
    listed = InboxFilter(request.GET, user=user)
    counts = {slug: listed.waiting(kind).count() for slug, kind in KINDS.items()}
    slug = listed.get("jenis") or next((s for s, n in counts.items() if n), "kunjungan")
    kind = KINDS[slug]
    paginator = Paginator(listed.waiting(kind).select_related(*kind.select), INBOX_ROWS)
    # The count was just taken under the same filters: the paginator need not take it again.
    paginator.__dict__["count"] = counts[slug]
    base = listed.query_without("jenis")
    context = {
        "listed": listed,
        "kind": kind,
        "tabs": [
            {
                "kind": other,
                "count": counts[other_slug],
                "query": "&".join(part for part in (f"jenis={other_slug}", base) if part),
            }
            for other_slug, other in KINDS.items()
        ],
        "page": paginator.get_page(request.GET.get("page")),
        # Where an opened report comes back to, and what "next" goes through.
        "item_query": "&".join(part for part in (f"jenis={slug}", base) if part),
        "officers": Officer.objects.visible_to(user).bhabin().only("pk", "name", "rank"),
        "areas": AssistedArea.objects.visible_to(user).filter(is_active=True).only("pk", "name"),
        "ages": AGES,
        "orders": ORDERS,
    }
    return render(request, "field/review_inbox.html", context)


def _inbox_url(query):
    return reverse("bhabin:review-inbox") + (f"?{query}" if query else "")


@require_http_methods(["GET", "POST"])
def review_item(request, kind, pk):
    slug, kind = kind, KINDS[kind]
    user = _reviewer(request.user)
    item = get_visible_object_or_404(kind.queryset(), user, pk=pk)
    listed = InboxFilter(request.GET, user=user)
    query = "&".join(part for part in (f"jenis={slug}", listed.query_without("jenis")) if part)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(
                item=item,
                reviewer=user,
                action=form.cleaned_data["action"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if item.status == ReviewStatus.ACCEPTED:
                messages.success(request, _("Accepted."))
            else:
                messages.success(request, _("Returned to the officer for correction."))
            return redirect(_next_item(listed, slug, kind, item, query))
    context = _detail_context(request, kind, item)
    context.update(form=form, inbox_url=_inbox_url(query), query=query)
    return render(request, "field/review_item.html", context)


def _next_item(listed, slug, kind, item, query):
    """The next report of the same list after `item` (else the first one left), or the list."""
    waiting = listed.waiting(kind).only("pk")
    following = waiting.filter(listed.after(kind, item)).first() or waiting.first()
    if following is None:
        return _inbox_url(query)
    return reverse("bhabin:review-item", args=[slug, following.pk]) + f"?{query}"


@require_POST
def review_accept(request):
    """Accept the ticked visits: the first POST asks for the confirmation, the second (with
    `konfirmasi`) accepts them all at once."""
    user = _reviewer(request.user)
    query = request.POST.get("kembali", "")
    query = query if query.isascii() and "\n" not in query else ""
    ids = [value for value in map(_row_id_or_none, request.POST.getlist("pilih")) if value]
    visits = Visit.objects.visible_to(user).filter(pk__in=ids, status=ReviewStatus.SUBMITTED)
    if not ids:
        messages.warning(request, _("Tick the visits to accept first."))
        return redirect(_inbox_url(query))
    if not request.POST.get("konfirmasi"):
        rows = list(visits.select_related("officer", "area", "activity").order_by("occurred_at"))
        if not rows:
            messages.warning(request, _("None of the ticked visits is waiting any more."))
            return redirect(_inbox_url(query))
        context = {"rows": rows, "query": query, "inbox_url": _inbox_url(query)}
        return render(request, "field/review_accept.html", context)
    accepted = services.visits_accept(visits=visits, reviewer=user)
    messages.success(
        request,
        ngettext("%(count)d visit accepted.", "%(count)d visits accepted.", accepted)
        % {"count": accepted},
    )
    return redirect(_inbox_url(query))

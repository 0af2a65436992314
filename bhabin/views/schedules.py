"""Visit schedule pages: the Polsek board (and its wall PDF), planning, an officer's own
schedule and their secret iCalendar address. Every query goes through `visible_to`, except the
calendar feed, which a secret token authenticates."""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from bhabin import ical
from bhabin.forms_schedule import PlanMonthForm, ScheduleEntryForm
from bhabin.models import VisitSchedule
from bhabin.schedules import (
    areas_without_primary,
    schedule_adherence,
    schedule_board,
    schedule_entries_delete,
    schedule_entry_save,
    schedule_plan_month,
    scheduled_entries,
)
from org.letterhead import letterhead
from org.models import PoliceUnit
from org.periods import holidays_between, month_days, parse_date, parse_month, parse_param
from org.roles import may_plan_schedules
from org.scoping import get_visible_object_or_404
from personnel.models import CalendarFeed
from reports.pdf import balanced_pages, render_pdf
from reports.textwidth import wrap

VIEWS = ("day", "week", "month")
PERIOD_VIEWS = [("day", _lazy("Day")), ("week", _lazy("Week")), ("month", _lazy("Month"))]
PAPERS = {"a4": "A4", "a3": "A3"}
MM = 72 / 25.4  # points in a millimetre
# The feed covers recent weeks too, so a phone keeps what was planned before the last sync.
FEED_PAST_DAYS = 62
FEED_SESSION_KEY = "calendar_feed_token"


def _require_planner(user):
    if not may_plan_schedules(user):
        raise PermissionDenied


def _parse_day(request, name="date"):
    """The day asked for in the query string, or today with a message when it is not a date."""
    return parse_param(request, name, parse_date, default=timezone.localdate())


def _parse_month(request):
    """The month asked for (`bulan`), or this month with a message when it is not a month."""
    return parse_param(request, "bulan", parse_month, default=timezone.localdate().replace(day=1))


def _default_day(request, user, unit, view, today, *, say=True):
    """Today, when the period shown around it has visits planned in the unit; else the latest
    day with a planned visit before it, said in a message (a board of an empty month tells
    nothing). One query."""
    first, last, _previous, _following = _period(view, today)
    latest = (
        VisitSchedule.objects.visible_to(user)
        .filter(unit.subtree("area__unit"), planned_on__lte=last)
        .aggregate(latest=Max("planned_on"))["latest"]
    )
    if latest is None or latest >= first:
        return today
    if say:
        messages.info(
            request,
            _(
                "Nothing is planned around today: showing %(day)s, the latest day with "
                "visits planned."
            )
            % {"day": date_format(latest, "j F Y")},
        )
    return latest


def _period(view, day):
    """First and last day of the period shown, and the days to step back and forward."""
    if view == "day":
        return day, day, day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
    if view == "week":
        first = day - datetime.timedelta(days=day.weekday())
        week = datetime.timedelta(days=7)
        return first, first + datetime.timedelta(days=6), first - week, first + week
    first, last = month_days(day)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    return first, last, previous, last + datetime.timedelta(days=1)


def board(request, code):
    user = request.user
    unit = get_visible_object_or_404(PoliceUnit.objects.select_related("parent"), user, code=code)
    view = request.GET.get("view", "week")
    if view not in VIEWS:
        view = "week"
    day = _parse_day(request)
    if not (request.GET.get("date") or "").strip():
        day = _default_day(request, user, unit, view, day, say=request.GET.get("format") != "pdf")
    if request.GET.get("format") == "pdf":
        return _board_pdf(request, unit, day)
    first, last, previous, following = _period(view, day)
    days, rows = schedule_board(user=user, unit=unit, first=first, last=last)
    context = {
        "unit": unit,
        "view": view,
        "period_views": PERIOD_VIEWS,
        "day": day,
        "first": first,
        "last": last,
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
        "days": days,
        "rows": rows,
        "planned": sum(row.planned for row in rows),
        "done": sum(row.done for row in rows),
        "can_plan": may_plan_schedules(user),
        "show_team": not user.is_officer,
    }
    if not user.is_officer:
        # Colleagues' adherence and the unit's staffing gaps are for the unit's leaders.
        context["officer_adherence"] = schedule_adherence(
            units=[unit], year=day.year, month=day.month, by="officer"
        )
        context["area_adherence"] = schedule_adherence(
            units=[unit], year=day.year, month=day.month, by="area"
        )
        context["unassigned"] = list(areas_without_primary(user, unit, min(last, context["today"])))
    return render(request, "schedule/board.html", context)


def _board_pdf(request, unit, day):
    first, last = month_days(day)
    paper = request.GET.get("paper", "a4")
    if paper not in PAPERS:
        paper = "a4"
    days, rows = schedule_board(user=request.user, unit=unit, first=first, last=last)
    lines = _lines_by_area(rows)
    context = {
        "unit": unit,
        "letterhead": letterhead(unit),
        "first": first,
        "days": days,
        "lines": lines,
        "pages": _sheet_pages(lines, days, PAPERS[paper]),
        "paper": PAPERS[paper],
        "printed_at": timezone.localtime(),
        "planned": sum(row.planned for row in rows),
        "done": sum(row.done for row in rows),
    }
    pdf = render_pdf("schedule/board_pdf.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"jadwal-{unit.code}-{first:%Y-%m}-{paper}.pdf".lower()
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# The wall sheet's geometry (templates/schedule/board_pdf.html), in points: font size, the
# width of the officer and area columns, and the height a landscape page offers.
SHEET = {"A4": (7.0, 32 * MM, 190 * MM), "A3": (9.0, 44 * MM, 277 * MM)}
SHEET_LINE = 1.17  # DejaVu Sans's line height, in font sizes
SHEET_CELL = 3.9  # a cell's padding and border, in points
SHEET_SAFETY = 0.92  # what the estimate may be short by


def _sheet_pages(lines, days, paper):
    """The sheet's rows per page, split evenly so that no page is left with a row or two.

    Each row's height is estimated from its officer's and area's names wrapped in their
    columns (reports.textwidth has the font's widths); the first page also holds the
    letterhead and title, the last the legend.
    """
    size, column, page = SHEET[paper]
    line = size * SHEET_LINE

    def height(texts):
        wrapped = max(len(wrap(str(text), size, column - 2 * MM)) for text in texts)
        return wrapped * line + SHEET_CELL

    header = 2 * line + SHEET_CELL
    title = 4 * line * 1.07 + 1.5 * line + 4 * MM + line + 3 * MM
    holidays = sum(1 for day in days if day.holiday)
    legend = (2 + holidays) * (line + 1 * MM) + 2 * MM
    heights = [height([item.officer, item.area.name]) for item in lines]
    split = balanced_pages(
        heights,
        first=(page - title - header) * SHEET_SAFETY,
        later=(page - header) * SHEET_SAFETY,
        last_extra=legend,
    )
    return [[lines[i] for i in rows] for rows in split]


@dataclass
class _Mark:
    day: object
    planned: bool = False
    done: bool = False


@dataclass
class _Line:
    officer: object
    area: object
    marks: list
    planned: int = 0
    done: int = 0


def _lines_by_area(rows):
    """The wall sheet's rows: one per officer and area, a mark per day, from the board's rows."""
    lines = []
    for row in rows:
        by_area = {}
        for index, cell in enumerate(row.cells):
            for entry in cell.entries:
                line = by_area.get(entry.area_id)
                if line is None:
                    marks = [_Mark(c.day) for c in row.cells]
                    line = by_area[entry.area_id] = _Line(row.officer, entry.area, marks)
                line.marks[index].planned = True
                line.marks[index].done = line.marks[index].done or entry.done
                line.planned += 1
                line.done += entry.done
        lines.extend(sorted(by_area.values(), key=lambda line: line.area.name))
    return lines


def plan(request, code):
    user = request.user
    unit = get_visible_object_or_404(PoliceUnit, user, code=code)
    _require_planner(user)
    if request.method == "POST":
        form = PlanMonthForm(request.POST)
        if form.is_valid():
            month = form.cleaned_data["month"]
            try:
                result = schedule_plan_month(
                    unit=unit,
                    year=month.year,
                    month=month.month,
                    replace=form.cleaned_data["replace"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(_plan_url(unit, month))
            messages.success(
                request,
                _("%(created)d visits planned, %(deleted)d removed.")
                % {"created": result.created, "deleted": result.deleted},
            )
            if result.unassigned:
                messages.warning(
                    request,
                    _("%(count)d areas have no primary officer and were not planned: %(names)s.")
                    % {
                        "count": len(result.unassigned),
                        "names": ", ".join(area.name for area in result.unassigned),
                    },
                )
            return redirect(
                f"{reverse('bhabin:schedule-plan', args=[unit.code])}?bulan={month:%Y-%m}"
            )
        month = timezone.localdate().replace(day=1)
    else:
        month = _parse_month(request)
        form = PlanMonthForm(initial={"month": month})
    first, last = month_days(month)
    context = {
        "unit": unit,
        "form": form,
        "month": month,
        "entries": scheduled_entries(user, first, last).filter(area__unit=unit),
        "holidays": holidays_between(first, last).values(),
        "unassigned": areas_without_primary(user, unit, min(last, timezone.localdate())),
    }
    return render(request, "schedule/plan.html", context)


def _warn_if_day_off(request, entry):
    holiday = holidays_between(entry.planned_on, entry.planned_on).get(entry.planned_on)
    if holiday:
        messages.warning(
            request,
            _("%(day)s is a holiday (%(name)s).")
            % {"day": date_format(entry.planned_on), "name": holiday.name},
        )
    elif entry.planned_on.weekday() not in settings.FIELD_WORK_WEEKDAYS:
        messages.warning(
            request, _("%(day)s is a Sunday.") % {"day": date_format(entry.planned_on)}
        )


def _plan_url(unit, day):
    return f"{reverse('bhabin:schedule-plan', args=[unit.code])}?bulan={day:%Y-%m}"


def _saved(form):
    """Write a valid entry form through the schedule service; False, with the refusal on the
    form, when the service refuses it (a month locked meanwhile)."""
    try:
        schedule_entry_save(entry=form.instance)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def entry_add(request, code):
    user = request.user
    unit = get_visible_object_or_404(PoliceUnit, user, code=code)
    _require_planner(user)
    if request.method == "POST":
        form = ScheduleEntryForm(request.POST, user=user, unit=unit)
        if form.is_valid() and _saved(form):
            entry = form.instance
            messages.success(request, _("Visit scheduled."))
            _warn_if_day_off(request, entry)
            return redirect(_plan_url(unit, entry.planned_on))
    else:
        form = ScheduleEntryForm(
            user=user, unit=unit, initial={"planned_on": _parse_day(request, "tanggal")}
        )
    return render(request, "schedule/entry_form.html", {"unit": unit, "form": form})


def _visible_entry(user, pk):
    entry = get_visible_object_or_404(
        VisitSchedule.objects.select_related("area__unit", "officer", "activity"), user, pk=pk
    )
    _require_planner(user)
    return entry, entry.area.unit


def entry_edit(request, pk):
    entry, unit = _visible_entry(request.user, pk)
    form = ScheduleEntryForm(request.POST or None, instance=entry, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid() and _saved(form):
        entry = form.instance
        messages.success(request, _("Scheduled visit changed."))
        _warn_if_day_off(request, entry)
        return redirect(_plan_url(unit, entry.planned_on))
    return render(request, "schedule/entry_form.html", {"unit": unit, "form": form, "entry": entry})


def entry_delete(request, pk):
    entry, unit = _visible_entry(request.user, pk)
    if request.method == "POST":
        try:
            schedule_entries_delete(entries=VisitSchedule.objects.filter(pk=entry.pk))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Scheduled visit deleted."))
        return redirect(_plan_url(unit, entry.planned_on))
    return render(request, "schedule/entry_confirm_delete.html", {"unit": unit, "entry": entry})


def my_schedule(request):
    user = request.user
    if user.officer_id is None:
        raise Http404
    view = request.GET.get("view", "month")
    if view not in VIEWS:
        view = "month"
    day = _parse_day(request)
    first, last, previous, following = _period(view, day)
    entries = list(scheduled_entries(user, first, last).filter(officer_id=user.officer_id))
    holidays = holidays_between(first, last)
    token = request.session.pop(FEED_SESSION_KEY, None)
    context = {
        "view": view,
        "period_views": PERIOD_VIEWS,
        "day": day,
        "first": first,
        "last": last,
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
        "entries": entries,
        "holidays": sorted(holidays.values(), key=lambda holiday: holiday.date),
        "planned": len(entries),
        "done": sum(entry.done for entry in entries),
        "feed": CalendarFeed.objects.visible_to(user)
        .active()
        .filter(officer_id=user.officer_id)
        .first(),
        "feed_url": request.build_absolute_uri(reverse("bhabin:calendar-feed", args=[token]))
        if token
        else "",
    }
    return render(request, "schedule/mine.html", context)


def _hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


@require_POST
def feed_renew(request):
    """Issue a new secret calendar address; the previous one stops working at once."""
    user = request.user
    # An account without a unit sees no schedule, so it gets no address to show one with.
    if user.officer_id is None or user.unit_id is None:
        raise Http404
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.visible_to(user).active().filter(officer_id=user.officer_id).update(
            revoked_at=timezone.now()
        )
        CalendarFeed.objects.create(officer_id=user.officer_id, token_hash=_hash_token(token))
    # Only the hash is stored: the address is shown once, on the next page.
    request.session[FEED_SESSION_KEY] = token
    messages.success(request, _("A new calendar address was made; the old one no longer works."))
    return redirect("bhabin:my-schedule")


@require_POST
def feed_revoke(request):
    user = request.user
    if user.officer_id is None:
        raise Http404
    # The account's own officer's addresses, whatever its unit: revoking is always allowed, even
    # to an account that lost its unit (visible_to would show it nothing to revoke).
    revoked = (
        CalendarFeed.objects.active()
        .filter(officer_id=user.officer_id)
        .update(revoked_at=timezone.now())
    )
    if revoked:
        messages.success(request, _("The calendar address was revoked."))
    return redirect("bhabin:my-schedule")


@login_not_required
def feed(request, token):
    """An officer's schedule as iCalendar; the secret token in the address is the credential."""
    digest = _hash_token(token)
    subscription = (
        CalendarFeed.objects.active()
        .select_related("officer")
        # The address lives as long as the officer's account is active and in a unit.
        .filter(
            token_hash=digest,
            officer__is_active=True,
            officer__user__is_active=True,
            officer__user__unit__isnull=False,
        )
        .first()
    )
    if subscription is None or not hmac.compare_digest(subscription.token_hash, digest):
        raise Http404
    officer = subscription.officer
    since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
    entries = (
        VisitSchedule.objects.filter(officer=officer, planned_on__gte=since)
        .select_related("area", "activity")
        .order_by("planned_on", "area__name")
    )
    host = request.get_host().split(":")[0]
    events = [
        ical.Event(
            uid=f"jadwal-{entry.pk}@{host}",
            day=entry.planned_on,
            summary=_("Visit %(area)s: %(activity)s")
            % {"area": entry.area.name, "activity": entry.activity or _("sambang")},
            description=entry.note,
        )
        for entry in entries
    ]
    body = ical.calendar(
        events, name=_("Visit schedule %(name)s") % {"name": officer.name}, now=timezone.now()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jadwal.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response

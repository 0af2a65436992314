"""The home page, suited to the user's role; every query goes through `visible_to`."""

import datetime

from django.db.models import Count, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import render
from django.utils import timezone

from bhabin.models import (
    Assignment,
    AssistedArea,
    EarlyWarning,
    PoliceUnit,
    ProblemCase,
    ReviewEvent,
    ReviewStatus,
    Visit,
    VisitSchedule,
)
from conflicts.models import Incident
from personnel.backends import STAFF_ROLES
from personnel.models import Officer, User

RECENT_VISITS = 5
AREAS_WITHOUT_PRIMARY_SHOWN = 20


def home(request):
    user = request.user
    now = timezone.localtime()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    context = {
        "month_start": month_start,
        "can_use_admin": user.is_superuser or user.role in STAFF_ROLES,
    }
    if user.unit_id is None and not user.is_superuser:
        context["dashboard"] = "no_unit"
        context["can_use_admin"] = False
    elif user.is_officer:
        context["dashboard"] = "officer"
        context.update(_officer_summary(user, month_start))
    elif user.role == User.Role.KAPOLSEK:
        context["dashboard"] = "kapolsek"
        context.update(_unit_summary(user, month_start, datetime.date(now.year, 1, 1)))
    else:
        context["dashboard"] = "units"
        context.update(_unit_table(user, month_start))
    return render(request, "reports/home.html", context)


def _officer_summary(user, month_start):
    """An officer's day: returned reports, today's schedule, progress per area, last visits."""
    visits = Visit.objects.visible_to(user)
    today = timezone.localdate()
    month_end = (month_start + datetime.timedelta(days=32)).replace(day=1)
    day_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    schedule = VisitSchedule.objects.visible_to(user)
    done = _count_per_area(visits.filter(occurred_at__gte=month_start, occurred_at__lt=month_end))
    planned = _count_per_area(
        schedule.filter(planned_on__gte=month_start.date(), planned_on__lt=month_end.date())
    )
    return {
        "returned": _returned_reports(user),
        "today_schedule": schedule.filter(planned_on=today)
        .select_related("area", "activity")
        .annotate(
            done=Exists(
                visits.filter(
                    area=OuterRef("area"),
                    occurred_at__gte=day_start,
                    occurred_at__lt=day_start + datetime.timedelta(days=1),
                )
            )
        )
        .order_by("area__name"),
        # Target: the visits scheduled this month for the area, or one when none is scheduled.
        "assignments": Assignment.objects.visible_to(user)
        .active()
        .select_related("area", "area__unit")
        .annotate(done=done, target=Greatest(planned, Value(1)))
        .order_by("area__name"),
        "visits_this_month": visits.filter(occurred_at__gte=month_start).count(),
        "recent_visits": visits.select_related("area", "activity")[:RECENT_VISITS],
    }


def _count_per_area(queryset):
    """A correlated subquery counting the rows of `queryset` in the outer row's area."""
    counts = (
        queryset.filter(area=OuterRef("area"))
        .order_by()
        .values("area")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


def _returned_reports(user):
    """The officer's reports returned for correction, each with the reviewer's last comment."""
    events = ReviewEvent.objects.visible_to(user).filter(action=ReviewEvent.Action.RETURNED)
    reports = []
    for slug, model, item_field, date_field in (
        ("kunjungan", Visit, "visit", "occurred_at"),
        ("deteksi-dini", EarlyWarning, "early_warning", "reported_at"),
        ("kasus", ProblemCase, "problem_case", "opened_on"),
    ):
        comment = events.filter(**{item_field: OuterRef("pk")}).order_by("-at", "-pk")
        rows = (
            model.objects.visible_to(user)
            .filter(status=ReviewStatus.RETURNED)
            .select_related("area")
            .annotate(return_comment=Subquery(comment.values("comment")[:1]))
            .order_by(date_field)
        )
        reports.extend(
            {"kind": slug, "item": row, "when": getattr(row, date_field)} for row in rows
        )
    return reports


def _active_primary_exists(user):
    return Exists(
        Assignment.objects.visible_to(user)
        .active()
        .filter(area=OuterRef("pk"), role=Assignment.Role.PRIMARY)
    )


def _unit_summary(user, month_start, year_start):
    """The figures a Kapolsek watches for their Polsek."""
    areas = AssistedArea.objects.visible_to(user).filter(is_active=True)
    without_primary = areas.filter(~_active_primary_exists(user))
    return {
        "areas_count": areas.count(),
        "officers_count": Officer.objects.visible_to(user).bhabin().count(),
        "areas_without_primary_count": without_primary.count(),
        "areas_without_primary": without_primary[:AREAS_WITHOUT_PRIMARY_SHOWN],
        "visits_this_month": Visit.objects.visible_to(user)
        .filter(occurred_at__gte=month_start)
        .count(),
        "incidents_this_year": Incident.objects.visible_to(user)
        .filter(occurred_on__gte=year_start)
        .count(),
        "year": year_start.year,
    }


def _count_per_unit(queryset, unit_field):
    """A correlated subquery counting the rows of `queryset` that belong to the outer unit."""
    counts = (
        queryset.filter(**{unit_field: OuterRef("pk")})
        .order_by()
        .values(unit_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


def _unit_table(user, month_start):
    """One row per visible unit, counted in a single query with one subquery per column."""
    units = list(
        PoliceUnit.objects.visible_to(user).annotate(
            areas_count=_count_per_unit(
                AssistedArea.objects.visible_to(user).filter(is_active=True), "unit"
            ),
            officers_count=_count_per_unit(Officer.objects.visible_to(user).bhabin(), "unit"),
            visits_this_month=_count_per_unit(
                Visit.objects.visible_to(user).filter(occurred_at__gte=month_start), "area__unit"
            ),
        )
    )
    # The rows are already in memory: a dozen additions need no further query.
    totals = {
        name: sum(getattr(unit, name) for unit in units)
        for name in ("areas_count", "officers_count", "visits_this_month")
    }
    return {"units": units, "totals": totals}

"""The officer's home: returned reports, today's schedule, progress per area this month, the
latest visits. Every query goes through `visible_to`."""

import datetime

from django.db.models import Count, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import render
from django.utils import timezone

from bhabin.models import (
    Assignment,
    EarlyWarning,
    ProblemCase,
    ReviewEvent,
    ReviewStatus,
    Visit,
    VisitSchedule,
)
from bhabin.offline import offline_page
from org.periods import month_bounds

RECENT_VISITS = 5


@offline_page
def officer_home(request):
    """The Bhabinkamtibmas officer's day."""
    context = {"home_template": "bhabin/home_officer.html"}
    context.update(_officer_summary(request.user))
    return render(request, "home.html", context)


def _officer_summary(user):
    """An officer's day: returned reports, today's schedule, progress per area, last visits."""
    visits = Visit.objects.visible_to(user)
    today = timezone.localdate()
    month_start, month_end = month_bounds(today)
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
        "month_start": month_start,
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

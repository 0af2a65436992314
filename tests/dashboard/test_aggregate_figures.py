"""The dashboard's visit figures, read from the monthly aggregates, equal a count of the visits.

`raw_*` below are the dashboard's former selectors, which counted `bhabin.Visit` directly; each
test compares them with the current ones over months, partial months and ranges that cross
month ends, on visits placed at the edges of Asia/Jakarta days and months.
"""

import datetime
import zoneinfo

import pytest
from django.db.models import Count, Max, Q

from bhabin.models import AssistedArea, Visit
from dashboard import selectors as sel
from org.periods import Period, day_start
from recaps.selectors import recap_units
from tests.factories import AssistedAreaFactory, OfficerFactory, VisitFactory

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
D = datetime.date


def at(day, hour=10, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=JAKARTA)


def raw_coverage(user, unit_ids, period):
    start, end = period.bounds()
    window_start = day_start(period.end - datetime.timedelta(days=sel.COVERAGE_DAYS - 1))
    in_period = Q(occurred_at__gte=start, occurred_at__lt=end)
    in_window = Q(occurred_at__gte=window_start, occurred_at__lt=end)
    rows = (
        Visit.objects.visible_to(user)
        .filter(area__unit_id__in=unit_ids, occurred_at__gte=min(start, window_start))
        .filter(occurred_at__lt=end)
        .order_by()
        .values("area__unit_id")
        .annotate(
            visits=Count("pk", filter=in_period),
            areas_period=Count("area", filter=in_period, distinct=True),
            areas_window=Count("area", filter=in_window, distinct=True),
        )
    )
    return {row.pop("area__unit_id"): row for row in rows}


def raw_area_figures(user, area, period):
    start, end = period.bounds()
    visits = Visit.objects.visible_to(user).filter(area=area)
    last = visits.aggregate(last=Max("occurred_at"))["last"]
    return last, visits.filter(occurred_at__gte=start, occurred_at__lt=end).count()


def raw_latest_month(user, unit_ids, before):
    latest = (
        Visit.objects.visible_to(user)
        .filter(area__unit_id__in=unit_ids, occurred_at__lt=day_start(before))
        .aggregate(latest=Max("occurred_at"))["latest"]
    )
    return latest.astimezone(JAKARTA).date().replace(day=1) if latest else None


def figures(coverage, unit_ids):
    keys = ("visits", "areas_period", "areas_window")
    return {
        unit_id: tuple(coverage.get(unit_id, {}).get(key, 0) for key in keys)
        for unit_id in unit_ids
    }


PERIODS = [
    Period.month(D(2024, 3, 1)),
    Period.month(D(2024, 4, 1)),
    Period.month(D(2024, 2, 1)),  # 29 days: the 30-day window starts on 31 January
    Period.month(D(2024, 5, 1)),  # no visits
    Period(D(2024, 3, 31), D(2024, 3, 31)),  # the last day alone
    Period(D(2024, 3, 31), D(2024, 4, 1)),  # across the month end
    Period(D(2024, 3, 2), D(2024, 3, 30)),  # inside one month, both ends partial
    Period(D(2024, 2, 15), D(2024, 4, 10)),  # partial, whole March, partial
    Period(D(2024, 1, 1), D(2024, 3, 31)),  # three whole months, not "a month"
    Period(D(2024, 2, 1), D(2024, 4, 1)),  # whole months then one day
    Period(D(2024, 3, 25), D(2024, 4, 30)),  # a partial month then a whole one
]


@pytest.fixture
def visits(polsek_a, polsek_b, area_a1, area_b1):
    """Visits at the edges of days and months, in three active areas and an inactive one."""
    officer = OfficerFactory(unit=polsek_a)
    other = AssistedAreaFactory(unit=polsek_a, name="Desa A2")
    closed = AssistedAreaFactory(unit=polsek_a, name="Desa A3", is_active=False)
    placed = [
        (area_a1, at(D(2024, 1, 31), 23, 59)),
        (area_a1, at(D(2024, 2, 1), 0, 0)),
        (other, at(D(2024, 2, 29), 23, 30)),
        (area_a1, at(D(2024, 3, 2), 7)),
        (area_a1, at(D(2024, 3, 31), 23, 30)),  # 16:30 UTC: still March in Jakarta
        (other, at(D(2024, 3, 31), 23, 30)),
        (other, at(D(2024, 4, 1), 0, 10)),
        (closed, at(D(2024, 3, 10))),
        (area_a1, at(D(2024, 4, 10), 23, 59)),
        (area_a1, at(D(2024, 4, 30), 23, 30)),
        (area_b1, at(D(2024, 3, 1), 0, 0)),
        (area_b1, at(D(2024, 4, 1), 0, 0)),
    ]
    for area, when in placed:
        VisitFactory(officer=officer, area=area, occurred_at=when)
    return [area_a1, other, closed, area_b1]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
@pytest.mark.parametrize("who", ["kasat", "kapolsek_a"])
def test_coverage_from_aggregates_equals_a_count_of_the_visits(
    request, visits, polres, polsek_a, polsek_b, period, who
):
    user = request.getfixturevalue(who)
    unit_ids = [polsek_a.pk, polsek_b.pk]

    assert figures(sel.coverage_per_unit(user, polres, period), unit_ids) == figures(
        raw_coverage(user, unit_ids, period), unit_ids
    )


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_area_rows_from_aggregates_equal_a_count_of_the_visits(kasat, visits, polres, period):
    rows = sel.area_rows(kasat, polres, period)

    assert len(rows) == 3  # the inactive area is not listed
    for area in rows:
        assert (area.last_visit_at, area.visits_period) == raw_area_figures(kasat, area, period)


def test_a_visit_at_23_30_on_the_last_day_counts_in_its_own_month(kasat, visits, polsek_a):
    march = sel.coverage_per_unit(kasat, polsek_a, Period.month(D(2024, 3, 1)))
    april = sel.coverage_per_unit(kasat, polsek_a, Period.month(D(2024, 4, 1)))

    # March: 2 and 31 March (23:30) in A1, 31 March (23:30) in A2, 10 March in A3.
    assert (march[polsek_a.pk]["visits"], march[polsek_a.pk]["areas_period"]) == (4, 3)
    # April: 1 April (00:10) in A2, 10 and 30 April in A1.
    assert (april[polsek_a.pk]["visits"], april[polsek_a.pk]["areas_period"]) == (3, 2)


@pytest.mark.parametrize("before", [D(2024, 1, 1), D(2024, 2, 1), D(2024, 4, 1), D(2024, 6, 1)])
def test_the_latest_month_with_visits_equals_the_visits_own(
    kasat, kapolsek_a, visits, polres, polsek_b, before
):
    # Both plans (newest first for a top unit, the maximum below it) give the visits' month.
    polda = polres.parent
    assert polda.parent_id is None
    for user in (kasat, kapolsek_a):
        for root in (polda, polres, polsek_b):
            unit_ids = [unit.pk for unit in recap_units(root)]
            assert sel.latest_visit_month(user, root, before) == raw_latest_month(
                user, unit_ids, before
            )


def test_the_latest_month_is_asked_for_with_a_month_start(kasat, polsek_a):
    with pytest.raises(ValueError):
        sel.latest_visit_month(kasat, polsek_a, D(2024, 3, 15))


@pytest.mark.parametrize("end", [D(2024, 3, 31), D(2024, 4, 15), D(2025, 1, 31)])
def test_an_areas_visits_per_month_equal_a_count_of_its_visits(kasat, visits, end):
    for area in visits:
        raw = sel.visits_per_month(Visit.objects.visible_to(kasat).filter(area=area), end)
        assert sel.area_visits_per_month(kasat, area, end) == raw


def test_a_kapolsek_gets_no_figures_of_another_polsek(kapolsek_a, visits, polsek_b):
    period = Period.month(D(2024, 3, 1))

    assert sel.coverage_per_unit(kapolsek_a, polsek_b, period) == {}
    assert sel.area_rows(kapolsek_a, polsek_b, period) == []
    assert sel.latest_visit_month(kapolsek_a, polsek_b, D(2024, 6, 1)) is None
    area_b1 = AssistedArea.objects.get(unit=polsek_b)
    assert sel.area_visits_per_month(kapolsek_a, area_b1, D(2024, 4, 30))[1] == [0] * 12


@pytest.mark.parametrize("start,end", [(p.start, p.end) for p in PERIODS])
def test_split_period_covers_every_day_once(start, end):
    months, edges = sel.split_period(start, end)
    days = []
    for month in months:
        last = (month + datetime.timedelta(days=32)).replace(day=1)
        days += [month + datetime.timedelta(n) for n in range((last - month).days)]
    for first, last in edges:
        days += [first + datetime.timedelta(n) for n in range((last - first).days + 1)]

    assert sorted(days) == [start + datetime.timedelta(n) for n in range((end - start).days + 1)]

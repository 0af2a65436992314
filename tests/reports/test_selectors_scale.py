"""The Polda-scale selectors: right figures, and a query count that does not grow with the data."""

import datetime
import zoneinfo

import pytest

from bhabin.models import AssistedArea
from conflicts.models import ConflictCategory
from reports import selectors_scale
from reports.aggregates import aggregates_refresh
from tests.factories import (
    AssistedAreaFactory,
    IncidentFactory,
    OfficerFactory,
    PoliceUnitFactory,
    VisitFactory,
)

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
TODAY = datetime.date(2024, 3, 20)
MARCH = datetime.date(2024, 3, 1)


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=JAKARTA)


@pytest.fixture
def coverage_data(polsek_a, polsek_b):
    """Polsek A: one area visited in March, one only on 25 February (inside the 30 days to
    20 March), one only on 10 February (outside), one inactive; Polsek B: one area, unvisited."""
    officer = OfficerFactory(unit=polsek_a)
    march, late_feb, early_feb = AssistedAreaFactory.create_batch(3, unit=polsek_a)
    AssistedAreaFactory(unit=polsek_a, is_active=False)
    AssistedAreaFactory(unit=polsek_b)
    VisitFactory(officer=officer, area=march, occurred_at=at(datetime.date(2024, 3, 5)))
    VisitFactory(
        officer=officer,
        area=march,
        occurred_at=at(datetime.date(2024, 3, 6)),
        households_visited=7,
    )
    VisitFactory(officer=officer, area=late_feb, occurred_at=at(datetime.date(2024, 2, 25)))
    VisitFactory(officer=officer, area=early_feb, occurred_at=at(datetime.date(2024, 2, 10)))
    aggregates_refresh()


def test_coverage_counts_areas_visited_this_month_and_in_the_last_30_days(
    coverage_data, kasat, polsek_a, polsek_b
):
    figures = selectors_scale.coverage_per_unit(
        kasat, [polsek_a.pk, polsek_b.pk], MARCH, today=TODAY
    )

    assert figures[polsek_a.pk] == {
        "areas": 3,
        "visits": 2,
        "households_visited": 5 + 7,
        "areas_period": 1,
        "areas_window": 2,
        "target": 3 * selectors_scale.VISITS_TARGET_PER_AREA_MONTH,
    }
    assert figures[polsek_b.pk]["areas_window"] == 0


def test_coverage_of_a_past_month_ends_its_window_on_the_last_day_of_that_month(
    coverage_data, kasat, polsek_a
):
    february = selectors_scale.coverage_per_unit(
        kasat, [polsek_a.pk], datetime.date(2024, 2, 1), today=TODAY
    )[polsek_a.pk]

    # The 30 days up to 29 February hold both February visits, and not March's.
    assert (february["visits"], february["areas_period"], february["areas_window"]) == (2, 2, 2)


def test_coverage_shows_nothing_of_a_unit_outside_the_users_scope(
    coverage_data, kapolsek_b, polsek_a
):
    assert selectors_scale.coverage_per_unit(kapolsek_b, [polsek_a.pk], MARCH, today=TODAY) == {}


def test_conflicts_compare_with_the_previous_month_and_the_same_month_last_year(kasat, polsek_a):
    clash = ConflictCategory.objects.get(code="antar-kelompok")
    for day in (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31)):
        IncidentFactory(unit=polsek_a, occurred_on=day, category=clash)
    IncidentFactory(unit=polsek_a, occurred_on=datetime.date(2024, 2, 29), category=clash)
    IncidentFactory(unit=polsek_a, occurred_on=datetime.date(2023, 3, 15), category=clash)
    IncidentFactory(unit=polsek_a, occurred_on=datetime.date(2023, 6, 15), category=clash)

    figures = selectors_scale.conflicts_per_unit_category(
        kasat, [polsek_a.pk], MARCH, datetime.date(2024, 3, 31)
    )

    assert figures == {(polsek_a.pk, clash.pk): {"current": 2, "previous": 1, "last_year": 1}}


def test_hotspots_rank_areas_by_incidents_in_the_last_twelve_months(kasat, polsek_a):
    quiet, hot = AssistedAreaFactory.create_batch(2, unit=polsek_a)
    IncidentFactory(unit=polsek_a, area=quiet, occurred_on=datetime.date(2024, 1, 5))
    for day in (datetime.date(2023, 4, 1), datetime.date(2024, 3, 1)):
        IncidentFactory(unit=polsek_a, area=hot, occurred_on=day)
    # Older than the twelve months from April 2023 to March 2024.
    IncidentFactory(unit=polsek_a, area=quiet, occurred_on=datetime.date(2023, 3, 31))

    ranked = selectors_scale.hotspots(kasat, [polsek_a.pk], TODAY)

    assert [(area, area.incident_count) for area in ranked] == [(hot, 2), (quiet, 1)]


def test_workload_divides_areas_population_and_km2_by_the_units_officers(kasat, polsek_a):
    AssistedAreaFactory.create_batch(3, unit=polsek_a, population=4000, area_km2=2)
    OfficerFactory.create_batch(2, unit=polsek_a)

    figures = selectors_scale.workload_per_unit(kasat, [polsek_a.pk])[polsek_a.pk]

    assert figures["areas_per_officer"] == 1.5
    assert figures["population_per_officer"] == 6000
    assert figures["area_km2_per_officer"] == 3


# --- query counts --------------------------------------------------------------------------------


def populate(polres, polsek_count, areas_per_polsek, visits_per_area):
    """Polsek under the Polres with areas, an officer, visits over three months and incidents."""
    units = [polres]
    for number in range(polsek_count):
        unit = PoliceUnitFactory(code=f"SCALE-{number}", parent=polres)
        officer = OfficerFactory(unit=unit)
        for area in AssistedAreaFactory.create_batch(areas_per_polsek, unit=unit):
            for index in range(visits_per_area):
                day = datetime.date(2024, 1 + index % 3, 1 + index % 28)
                VisitFactory(officer=officer, area=area, occurred_at=at(day))
            IncidentFactory(unit=unit, area=area, occurred_on=datetime.date(2024, 2, 2))
            IncidentFactory(unit=unit, area=area, occurred_on=datetime.date(2023, 2, 2))
        units.append(unit)
    aggregates_refresh()
    unit_ids = [unit.pk for unit in units]
    # Real ids, not a guessed range: PostgreSQL does not reset its sequences between tests.
    AREA_IDS[tuple(unit_ids)] = list(
        AssistedArea.objects.filter(unit_id__in=unit_ids).values_list("pk", flat=True)
    )
    return unit_ids


AREA_IDS = {}


def area_ids_of(unit_ids):
    """The area ids `populate` made (known before the query budget starts counting)."""
    return AREA_IDS[tuple(unit_ids)]


# Each selector's budget, as its docstring states it.
QUERIES = {
    "coverage_per_unit": (1, lambda user, ids: selectors_scale.coverage_per_unit(
        user, ids, MARCH, today=TODAY
    )),
    "visits_per_month": (1, lambda user, ids: selectors_scale.visits_per_month(
        user, MARCH, unit_ids=ids
    )),
    "last_visits": (1, lambda user, ids: selectors_scale.last_visits(user, area_ids_of(ids))),
    "conflicts_per_unit_category": (1, lambda user, ids: (
        selectors_scale.conflicts_per_unit_category(
            user, ids, datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)
        )
    )),
    "conflicts_per_month": (1, lambda user, ids: selectors_scale.conflicts_per_month(
        user, ids, 2024
    )),
    # The counts grouped by area, then the areas with their units.
    "hotspots": (2, lambda user, ids: selectors_scale.hotspots(user, ids, TODAY)),
    # Areas grouped by unit, then officers grouped by unit.
    "workload_per_unit": (2, lambda user, ids: selectors_scale.workload_per_unit(user, ids)),
}  # fmt: skip


@pytest.fixture(params=[(1, 1, 1), (4, 3, 6)], ids=["small", "larger"])
def scaled(request, polres, kasat):
    unit_ids = populate(polres, *request.param)
    assert kasat.scope_unit_ids  # the user's subtree, worked out once per request in a view
    return kasat, unit_ids, request.param


@pytest.mark.parametrize("selector", QUERIES)
def test_a_selector_costs_the_same_queries_with_small_and_with_larger_data(
    selector, scaled, django_assert_num_queries
):
    user, unit_ids, (polsek_count, areas_per_polsek, visits_per_area) = scaled
    budget, call = QUERIES[selector]

    with django_assert_num_queries(budget):
        result = call(user, unit_ids)

    assert result


def test_the_selectors_count_every_row_of_the_larger_data(scaled):
    user, unit_ids, (polsek_count, areas_per_polsek, visits_per_area) = scaled

    firsts, counts = selectors_scale.visits_per_month(user, MARCH, 3, unit_ids=unit_ids)
    conflicts = selectors_scale.conflicts_per_unit_category(
        user, unit_ids, datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)
    )

    assert sum(counts) == polsek_count * areas_per_polsek * visits_per_area
    assert sum(row["current"] for row in conflicts.values()) == polsek_count * areas_per_polsek
    assert sum(row["last_year"] for row in conflicts.values()) == polsek_count * areas_per_polsek

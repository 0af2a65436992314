"""The dashboard's completeness and timeliness panel: its figures, counted from rows built here,
and each figure's link opening a list with as many rows.

November 2022, due day the 5th: alice (Polsek A) has two scheduled visits, one done; her area
area_a1 is visited, area_a2 has no officer; her visit of the 10th was recorded that day (on
time), her visit of the 20th on 6 December (late); an imported visit of hers is not timed.
Bob (Polsek B) visited area_b1 once, recorded on 5 December at 23:00 (still on time). Polsek B's
month is approved, Polsek A's is open.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bhabin.models import Visit, VisitSchedule
from org.models import MonthPeriod, MonthPeriodStep
from tests.dashboard.conftest import at
from tests.factories import VisitFactory

NOV = datetime.date(2022, 11, 1)
COUNT = re.compile(r'data-count="(\d+)"')


@pytest.fixture
def month_world(settings, alice, bob, area_a1, area_a2, area_b1, polsek_b):
    settings.REPORTS_DUE_DAY = 5
    on_time = VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(NOV.replace(day=10)))
    late = VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(NOV.replace(day=20)))
    imported = VisitFactory(
        officer=alice.officer, area=area_a1, occurred_at=at(NOV.replace(day=21))
    )
    last_minute = VisitFactory(officer=bob.officer, area=area_b1, occurred_at=at(NOV))
    Visit.objects.filter(pk=on_time.pk).update(created_at=at(NOV.replace(day=10), 12))
    Visit.objects.filter(pk=late.pk).update(created_at=at(datetime.date(2022, 12, 6), 0))
    Visit.objects.filter(pk=imported.pk).update(
        source=Visit.Source.IMPORT, created_at=at(datetime.date(2023, 1, 9))
    )
    Visit.objects.filter(pk=last_minute.pk).update(created_at=at(datetime.date(2022, 12, 5), 23))
    VisitSchedule.objects.create(
        officer=alice.officer, area=area_a1, planned_on=NOV.replace(day=10)
    )
    VisitSchedule.objects.create(
        officer=alice.officer, area=area_a1, planned_on=NOV.replace(day=25)
    )
    # Writing the visits made the open period rows the lock needs.
    MonthPeriod.objects.update_or_create(
        unit=polsek_b,
        month=NOV,
        defaults={"state": MonthPeriod.State.APPROVED, "changed_at": timezone.now()},
    )


def figures(row):
    return {key: row["figures"][key] for key in ("planned", "done", "assigned", "visited")} | {
        "on_time": row["figures"]["on_time"],
        "late": row["figures"]["late"],
    }


def assert_links_open_as_many_rows(client, row):
    for key, url in row["links"].items():
        response = client.get(url)
        assert response.status_code == 200
        (shown,) = COUNT.findall(response.content.decode())[:1]
        assert int(shown) == row["figures"][key], (key, url)


def test_the_polres_overview_counts_each_polsek_and_links_its_rows(login, kasat, month_world):
    client = login(kasat)
    response = client.get(f"{reverse('dashboard:overview')}?period=2022-11")
    assert response.status_code == 200
    panel = response.context["completeness"]
    rows = {row["unit"].code: row for row in panel["rows"]}
    assert figures(rows["POLSEK-A"]) == {
        "planned": 2,
        "done": 1,
        "assigned": 1,
        "visited": 1,
        "on_time": 1,
        "late": 1,
    }
    assert figures(rows["POLSEK-B"]) == {
        "planned": 0,
        "done": 0,
        "assigned": 1,
        "visited": 1,
        "on_time": 1,
        "late": 0,
    }
    assert rows["POLSEK-A"]["is_open"] and not rows["POLSEK-B"]["is_open"]
    assert rows["POLSEK-B"]["state"] == "Approved"
    assert reverse("monthly:approvals") in response.content.decode()
    for row in panel["rows"]:
        assert_links_open_as_many_rows(client, row)
    assert_links_open_as_many_rows(
        client, {"figures": panel["totals"], "links": panel["totals_links"]}
    )


def test_a_polsek_page_counts_each_officer_and_links_their_rows(
    login, kasat, polsek_a, month_world
):
    client = login(kasat)
    response = client.get(f"{reverse('dashboard:unit', args=[polsek_a.code])}?period=2022-11")
    assert response.status_code == 200
    (alice_row,) = response.context["officer_completeness"]
    assert figures(alice_row) == {
        "planned": 2,
        "done": 1,
        "assigned": 1,
        "visited": 1,
        "on_time": 1,
        "late": 1,
    }
    assert_links_open_as_many_rows(client, alice_row)


def test_a_span_of_days_shows_the_month_of_its_last_day(login, kasat, month_world):
    client = login(kasat)
    response = client.get(f"{reverse('dashboard:overview')}?from=2022-10-15&to=2022-11-14")
    assert response.status_code == 200
    assert response.context["completeness"]["month"] == NOV


@pytest.mark.parametrize(
    ("approved_at", "on_time"),
    [(at(datetime.date(2022, 12, 5), 23), True), (at(datetime.date(2022, 12, 6), 0), False)],
)
def test_a_polsek_approved_by_the_due_day_is_approved_on_time(
    login, kasat, kapolsek_b, month_world, polsek_b, approved_at, on_time
):
    # The approval step's time decides, as in the monthly PDF's table; the period's last change
    # comes later here and does not.
    period = MonthPeriod.objects.get(unit=polsek_b, month=NOV)
    MonthPeriodStep.objects.create(
        period=period,
        action=MonthPeriodStep.Action.APPROVE,
        from_state=MonthPeriod.State.OPEN,
        to_state=MonthPeriod.State.APPROVED,
        actor=kapolsek_b,
        at=approved_at,
    )
    client = login(kasat)
    response = client.get(f"{reverse('dashboard:overview')}?period=2022-11")
    assert response.status_code == 200
    rows = {row["unit"].code: row for row in response.context["completeness"]["rows"]}
    assert rows["POLSEK-B"]["approved_on_time"] is on_time
    assert rows["POLSEK-A"]["approved_on_time"] is None  # open: neither
    assert ("approved on time" if on_time else "approved late") in response.content.decode()

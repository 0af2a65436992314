"""The list of scheduled visits behind the dashboard's planned and done figures: scoped like
every list, filtered like its figures, and fixed in cost.

Polsek A: alice has entries on 10 and 25 November 2022 in area_a1 and visited on the 10th (the
first is done). Polsek B: bob has one entry, not done.
"""

import datetime

import pytest
from django.urls import reverse

from bhabin.models import VisitSchedule
from tests.dashboard.conftest import at
from tests.factories import VisitFactory

NOV = datetime.date(2022, 11, 1)


@pytest.fixture
def entries(alice, bob, area_a1, area_b1):
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(NOV.replace(day=10)))
    return {
        "done": VisitSchedule.objects.create(
            officer=alice.officer, area=area_a1, planned_on=NOV.replace(day=10)
        ),
        "missed": VisitSchedule.objects.create(
            officer=alice.officer, area=area_a1, planned_on=NOV.replace(day=25)
        ),
        "bob": VisitSchedule.objects.create(
            officer=bob.officer, area=area_b1, planned_on=NOV.replace(day=3)
        ),
    }


def listed(client, **params):
    response = client.get(reverse("bhabin:schedule-list"), params)
    assert response.status_code == 200
    return {entry.pk for entry in response.context["page"]}


def test_the_kapolsek_sees_the_units_entries_and_which_were_done(login, kapolsek_a, entries):
    client = login(kapolsek_a)
    assert listed(client) == {entries["done"].pk, entries["missed"].pk}
    assert listed(client, period="2022-11", terlaksana="1") == {entries["done"].pk}
    # Another unit's entries stay hidden, whatever the filter asks.
    assert listed(client, satuan="POLSEK-B") == set()
    assert listed(client, personel=entries["bob"].officer_id) == set()


def test_an_officer_sees_only_their_own_entries(login, bob, entries):
    assert listed(login(bob)) == {entries["bob"].pk}


def test_an_anonymous_visitor_is_sent_to_log_in(client, entries):
    response = client.get(reverse("bhabin:schedule-list"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.parametrize(
    "params",
    [
        {"personel": str(2**63)},
        {"personel": "¹²"},
        {"period": "2022-13"},
        {"from": "2022-11-30", "to": "2022-11-01"},
        {"terlaksana": "0", "cakupan": "<script>"},
    ],
)
def test_hostile_parameters_select_nothing_or_are_ignored_never_a_500(
    login, kasat, entries, params
):
    shown = listed(login(kasat), **params)
    assert shown <= {entry.pk for entry in entries.values()}


def test_the_list_costs_the_same_with_few_and_many_entries(
    login, kasat, alice, area_a1, entries, django_assert_num_queries
):
    client = login(kasat)
    url = f"{reverse('bhabin:schedule-list')}?period=2022-11&terlaksana=1"
    # 4: session, user; the number of entries (the paginator); the page of entries (+officer,
    # area, unit, each with `done`).
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
    for day in range(1, 9):
        VisitSchedule.objects.create(
            officer=alice.officer, area=area_a1, planned_on=NOV.replace(day=day)
        )
        VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(NOV.replace(day=day)))
    # The same 4 with nine entries: session, user; the count; the page (relations joined).
    with django_assert_num_queries(4):
        response = client.get(url)
        assert response.status_code == 200
    assert response.context["page"].paginator.count == 9

"""The review inbox a Kapolsek works through: pages, filters, order, "next" after a decision,
bulk accept with one confirmation, counts per kind that match the lists."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bhabin.models import ReviewEvent, Visit
from tests.factories import (
    AssignmentFactory,
    EarlyWarningFactory,
    OfficerFactory,
    VisitFactory,
)

INBOX = reverse("bhabin:review-inbox")
ACCEPT = reverse("bhabin:review-accept")


def days_ago(n, hour=10):
    day = timezone.localdate() - datetime.timedelta(days=n)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def item_url(visit, query="jenis=kunjungan"):
    return reverse("bhabin:review-item", args=["kunjungan", visit.pk]) + f"?{query}"


@pytest.fixture
def waiting(polsek_a, polsek_b):
    """Polsek A: 30 visits of officer one in area one (1 to 30 days old), 3 of officer two in
    area two (today), 2 early-detection reports; Polsek B: 4 visits."""
    one = AssignmentFactory(officer=OfficerFactory(unit=polsek_a), area__unit=polsek_a)
    two = AssignmentFactory(officer=OfficerFactory(unit=polsek_a), area__unit=polsek_a)
    visits = [
        VisitFactory(officer=one.officer, area=one.area, occurred_at=days_ago(n))
        for n in range(30, 0, -1)
    ]
    recent = [
        VisitFactory(officer=two.officer, area=two.area, occurred_at=days_ago(0, hour))
        for hour in (7, 8, 9)
    ]
    for _ in range(2):
        EarlyWarningFactory(officer=one.officer, area=one.area)
    other = AssignmentFactory(officer=OfficerFactory(unit=polsek_b), area__unit=polsek_b)
    elsewhere = [VisitFactory(officer=other.officer, area=other.area) for _ in range(4)]
    return {"one": one, "two": two, "visits": visits, "recent": recent, "elsewhere": elsewhere}


def tab_counts(response):
    return {
        kind: int(count)
        for kind, count in re.findall(
            r'data-kind="([a-z-]+)" data-count="(\d+)"', response.content.decode()
        )
    }


def test_every_waiting_visit_is_reached_page_by_page(login, kapolsek_a, waiting):
    client = login(kapolsek_a)
    first = client.get(INBOX)
    second = client.get(INBOX, {"page": 2})
    seen = list(first.context["page"]) + list(second.context["page"])
    assert len(first.context["page"]) == 25
    assert set(seen) == set(waiting["visits"] + waiting["recent"])
    assert tab_counts(first) == {"kunjungan": 33, "deteksi-dini": 2, "kasus": 0}
    # Oldest first by default; today's visits are on the last page, not lost.
    assert seen[0] == waiting["visits"][0] and seen[-1] == waiting["recent"][-1]


def test_newest_first_puts_todays_visits_on_top(login, kapolsek_a, waiting):
    page = login(kapolsek_a).get(INBOX, {"urut": "baru"}).context["page"]
    assert list(page)[:3] == waiting["recent"][::-1]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"personel": "two"}, lambda w: w["recent"]),
        ({"wilayah": "one"}, lambda w: w["visits"]),
        ({"umur": "14"}, lambda w: w["visits"][:16]),  # 30 to 15 days old
    ],
)
def test_the_filters_choose_the_visits_and_the_counts_follow(
    login, kapolsek_a, waiting, params, expected
):
    query = {
        key: (
            waiting[value].officer.pk
            if key == "personel"
            else waiting[value].area.pk
            if key == "wilayah"
            else value
        )
        for key, value in params.items()
    }
    response = login(kapolsek_a).get(INBOX, {**query, "jenis": "kunjungan"})
    rows = []
    page = response.context["page"]
    for number in page.paginator.page_range:
        rows += list(page.paginator.page(number))
    assert rows == expected(waiting)
    assert tab_counts(response)["kunjungan"] == len(rows) == page.paginator.count


def test_the_counts_per_kind_match_each_kinds_list(login, kapolsek_a, waiting):
    client = login(kapolsek_a)
    counts = tab_counts(client.get(INBOX, {"wilayah": waiting["one"].area.pk}))
    for kind, count in counts.items():
        listed = client.get(INBOX, {"wilayah": waiting["one"].area.pk, "jenis": kind})
        assert listed.context["page"].paginator.count == count
    assert counts == {"kunjungan": 30, "deteksi-dini": 2, "kasus": 0}


def test_a_filter_that_does_not_parse_is_ignored_and_said(login, kapolsek_a, waiting):
    response = login(kapolsek_a).get(INBOX, {"umur": "forever", "personel": "x"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 33
    assert len(response.context["listed"].errors) == 2


def test_after_a_decision_the_next_report_of_the_same_list_opens(login, kapolsek_a, waiting):
    client = login(kapolsek_a)
    officer = waiting["one"].officer.pk
    query = f"jenis=kunjungan&personel={officer}&urut=baru"
    newest, following = waiting["visits"][-1], waiting["visits"][-2]
    response = client.post(item_url(newest, query), {"action": "accepted"})
    assert response.status_code == 302
    assert response.url == item_url(following, query)
    # Returned with a comment: the next one too, filters kept.
    response = client.post(
        item_url(following, query), {"action": "returned", "comment": "Lengkapi nama RT."}
    )
    assert response.url == item_url(waiting["visits"][-3], query)


def test_after_the_last_report_the_list_opens_again_with_its_filters(login, kapolsek_a, waiting):
    client = login(kapolsek_a)
    query = f"jenis=kunjungan&personel={waiting['two'].officer.pk}"
    for visit in waiting["recent"][:2]:
        client.post(item_url(visit, query), {"action": "accepted"})
    response = client.post(item_url(waiting["recent"][2], query), {"action": "accepted"})
    assert response.url == f"{INBOX}?{query}"
    assert not Visit.objects.filter(officer=waiting["two"].officer, status="submitted").exists()


def test_bulk_accept_asks_once_then_accepts_the_ticked_visits(login, kapolsek_a, waiting):
    client = login(kapolsek_a)
    ticked = waiting["visits"][:5]
    # Another Polsek's visit slipped into the form is not ours to accept.
    ids = [visit.pk for visit in ticked] + [waiting["elsewhere"][0].pk, "x"]
    back = "jenis=kunjungan&urut=baru"
    confirm = client.post(ACCEPT, {"pilih": ids, "kembali": back})
    assert confirm.status_code == 200
    assert confirm.context["rows"] == ticked
    assert Visit.objects.filter(status="accepted").count() == 0  # nothing yet

    done = client.post(ACCEPT, {"pilih": ids, "kembali": back, "konfirmasi": "1"})
    assert done.status_code == 302 and done.url == f"{INBOX}?{back}"
    assert set(Visit.objects.filter(status="accepted")) == set(ticked)
    events = ReviewEvent.objects.filter(action="accepted")
    assert {(event.visit, event.actor) for event in events} == {(v, kapolsek_a) for v in ticked}
    assert Visit.objects.get(pk=waiting["elsewhere"][0].pk).status == "submitted"
    # Accepting them again accepts nothing and writes nothing.
    client.post(ACCEPT, {"pilih": ids, "konfirmasi": "1"})
    assert ReviewEvent.objects.filter(action="accepted").count() == 5


@pytest.mark.parametrize("bad", [str(2**63), "9" * 40, "²", "-1", "0"])
def test_an_id_no_database_holds_is_ignored_not_a_server_error(login, kapolsek_a, waiting, bad):
    client = login(kapolsek_a)
    visit = waiting["visits"][0]

    listed = client.get(INBOX, {"personel": bad, "wilayah": bad})
    ticked = client.post(ACCEPT, {"pilih": [bad, visit.pk], "konfirmasi": "1"})

    assert listed.status_code == 200 and len(listed.context["listed"].errors) == 2
    assert ticked.status_code == 302
    assert list(Visit.objects.filter(status="accepted")) == [visit]


def test_bulk_accept_is_for_reviewers_and_by_post_only(login, alice, kapolsek_a, waiting):
    visit = waiting["visits"][0]
    assert login(alice).post(ACCEPT, {"pilih": [visit.pk], "konfirmasi": "1"}).status_code == 403
    assert login(kapolsek_a).get(ACCEPT).status_code == 405
    nothing = login(kapolsek_a).post(ACCEPT, {"kembali": "jenis=kunjungan"})
    assert nothing.status_code == 302
    assert Visit.objects.get(pk=visit.pk).status == "submitted"


def test_bulk_accept_costs_a_fixed_number_of_queries(
    login, kapolsek_a, waiting, django_assert_num_queries
):
    client = login(kapolsek_a)
    ids = [visit.pk for visit in waiting["visits"]]
    # 3: session, user; the ticked visits still waiting (+officer, area, activity).
    with django_assert_num_queries(3):
        assert client.post(ACCEPT, {"pilih": ids}).status_code == 200
    # 10: session, user; the savepoint; the waiting ids, locked; the month lock's check (their
    # units and days, the units' paths, the months' period rows: 3); their update; the review
    # events in one insert; the savepoint's release. The same for 1 or 30 visits.
    with django_assert_num_queries(10):
        assert client.post(ACCEPT, {"pilih": ids, "konfirmasi": "1"}).status_code == 302

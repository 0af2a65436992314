"""What a visit submission costs (issue 17, item 3): each query once, and still one visit per
client id when a twin wins the race between the check and the insert."""

import datetime
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bhabin import services
from bhabin.models import Activity, AreaMonth, CommunityFigure, ReviewEvent, Visit
from bhabin.services import field_reports as field_reports_service
from bhabin.services.aggregates import AGGREGATED_COLUMNS, area_months_expected
from tests.field.conftest import NARRATIVE

NEW_VISIT = reverse("bhabin:report-create", args=["kunjungan"])
JSON = {"HTTP_ACCEPT": "application/json"}


def aggregates_equal_a_recount():
    kept = sorted(AreaMonth.objects.values_list(*AGGREGATED_COLUMNS))
    expected = sorted(tuple(row[c] for c in AGGREGATED_COLUMNS) for row in area_months_expected())
    return kept == expected


def test_a_visit_post_and_its_resend_cost_these_queries(
    login, alice, area_a1, visit_post, django_assert_num_queries
):
    client = login(alice)
    data = visit_post(area_a1)
    ContentType.objects.clear_cache()  # a running server keeps them; a test starts without
    # 20: session, user (+unit, officer); the form's choices: the officer's areas, the active
    # activities (the submitted ones are found among them, not fetched again); the service: a
    # visit already under this client id?, the officer's assignment to the area, the officer's
    # narratives this month; savepoint; the month's lock (org.locks): the unit's path, its and
    # its parents' periods locked, the missing ones inserted (the month's first report) and
    # locked; insert the visit; its content type and audit entry; insert the review event; its
    # content type and audit entry; add the visit to the area's month (one upsert); release.
    # No foreign key nor constraint is checked by a query.
    with django_assert_num_queries(20):
        response = client.post(NEW_VISIT, data, **JSON)
        assert response.status_code == 201
    # 5: session, user; the form's two choice lists; the visit already stored under the id.
    with django_assert_num_queries(5):
        response = client.post(NEW_VISIT, data, **JSON)
        assert response.status_code == 200
    assert Visit.objects.count() == 1 and ReviewEvent.objects.count() == 1
    assert aggregates_equal_a_recount()


def test_community_figures_met_cost_two_more_queries(
    login, alice, area_a1, visit_post, django_assert_num_queries
):
    figures = [
        CommunityFigure.objects.create(
            area=area_a1, name=f"Tokoh {n}", role=CommunityFigure.Role.choices[0][0]
        )
        for n in range(3)
    ]
    client = login(alice)
    client.get(NEW_VISIT)  # content types cached by an earlier request, as on a server
    data = visit_post(area_a1)
    data["community_figures"] = [str(figure.pk) for figure in figures]
    # 20: the 18 of a visit without figures (content types cached), plus the chosen figures
    # (one query for the three), and their links in one insert.
    with django_assert_num_queries(20):
        response = client.post(NEW_VISIT, data, **JSON)
        assert response.status_code == 201
    assert set(Visit.objects.get().community_figures.all()) == set(figures)


def test_an_activity_not_offered_is_refused_without_a_visit(login, alice, area_a1, visit_post):
    retired = Activity.objects.create(code="retired-x", name="Retired", is_active=False)

    response = login(alice).post(NEW_VISIT, visit_post(area_a1, activity=retired.pk), **JSON)

    assert response.status_code == 400
    assert Visit.objects.count() == 0


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("-6.2", ""), ("", "107.1"), ("-91", "107.1"), ("-6.2", "180.5")],
)
def test_coordinates_half_given_or_out_of_range_are_refused(
    alice, area_a1, activity, latitude, longitude
):
    from decimal import Decimal

    with pytest.raises(ValidationError) as refused:
        services.visit_create(
            officer=alice.officer,
            client_id="6f1c9a3e-8d2b-4c1e-9a7f-2b3c4d5e6f70",
            area=area_a1,
            activity=activity,
            occurred_at=timezone.now() - datetime.timedelta(hours=1),
            narrative=NARRATIVE,
            latitude=Decimal(latitude) if latitude else None,
            longitude=Decimal(longitude) if longitude else None,
        )

    (rule,) = [c for c in Visit._meta.constraints if c.name == "visit_coordinates_valid"]
    assert refused.value.message_dict == {"__all__": [str(rule.violation_error_message)]}
    assert Visit.objects.count() == 0


def test_a_twin_stored_between_the_check_and_the_insert_is_the_answer(alice, area_a1, activity):
    fields = {
        "officer": alice.officer,
        "client_id": "0b9f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b",
        "area": area_a1,
        "activity": activity,
        "occurred_at": timezone.now() - datetime.timedelta(hours=2),
        "narrative": NARRATIVE,
        "households_visited": 4,
    }
    first, created = services.visit_create(**fields)
    real_check = field_reports_service._already_recorded
    calls = []

    def misses_once(model, client_id, officer):
        # The second submission checked before the first one committed: it saw nothing.
        calls.append(client_id)
        return None if len(calls) == 1 else real_check(model, client_id, officer)

    with mock.patch.object(field_reports_service, "_already_recorded", misses_once):
        second, second_created = services.visit_create(**fields)

    assert (created, second_created) == (True, False)
    assert second.pk == first.pk and len(calls) == 2
    assert Visit.objects.count() == 1 and ReviewEvent.objects.count() == 1
    # The loser's upsert was undone with its insert: the month counts one visit.
    assert AreaMonth.objects.get().visits == 1
    assert aggregates_equal_a_recount()


def test_visits_added_to_a_month_one_by_one_equal_a_recount(alice, area_a1, activity):
    # Noon ten days before this month began: the three visits fall on one day of last month.
    day = timezone.localdate().replace(day=1) - datetime.timedelta(days=10)
    base = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    for hours, follow_up in ((5, False), (1, True), (9, False)):
        services.visit_create(
            officer=alice.officer,
            client_id=f"00000000-0000-4000-8000-00000000000{hours}",
            area=area_a1,
            activity=activity,
            occurred_at=base - datetime.timedelta(hours=hours),
            narrative=f"{NARRATIVE} Kunjungan ke-{hours}.",
            households_visited=hours,
            people_met=2 * hours,
            follow_up_needed=follow_up,
            follow_up="Cek lagi minggu depan." if follow_up else "",
        )

    assert aggregates_equal_a_recount()
    row = AreaMonth.objects.get(month=day.replace(day=1))
    assert (row.visits, row.households_visited, row.follow_ups_needed) == (3, 15, 1)
    assert row.last_visit_at == base - datetime.timedelta(hours=1)

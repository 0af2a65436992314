"""The visit form: own areas only, one visit per client id, honest narratives, sane times."""

import datetime
import uuid

from django.urls import reverse
from django.utils import timezone

from bhabin import services
from bhabin.models import Assignment, ReviewEvent, Visit
from bhabin.services import field_reports as field_reports_service
from tests.factories import AssignmentFactory, AssistedAreaFactory, OfficerFactory, VisitFactory
from tests.field.conftest import NARRATIVE, local_input
from tests.views.helpers import assert_redirects_to_login

NEW_VISIT = reverse("bhabin:report-create", args=["kunjungan"])


def test_an_anonymous_user_is_sent_to_the_login_page(client):
    assert_redirects_to_login(client.get(NEW_VISIT))


def test_the_form_offers_only_the_officers_own_areas(login, alice, area_a1, polsek_a, area_b1):
    AssistedAreaFactory(unit=polsek_a, name="Desa A9 tanpa tugas")

    response = login(alice).get(NEW_VISIT)

    assert response.status_code == 200
    assert list(response.context["form"].fields["area"].queryset) == [area_a1]
    content = response.content.decode()
    assert "Desa A9" not in content and "Desa B1" not in content
    # The client id is rendered by the server, so the form works without JavaScript.
    assert 'name="client_id"' in content
    assert 'enctype="multipart/form-data"' in content


def test_a_kapolsek_cannot_log_a_visit(login, kapolsek_a):
    assert login(kapolsek_a).get(NEW_VISIT).status_code == 403


def test_an_officer_logs_a_visit_and_it_awaits_review(login, alice, area_a1, visit_post):
    data = visit_post(area_a1)

    response = login(alice).post(NEW_VISIT, data)

    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == visit.get_absolute_url()
    assert (visit.officer, visit.area, visit.status) == (alice.officer, area_a1, "submitted")
    assert str(visit.client_id) == data["client_id"]
    assert (visit.households_visited, visit.people_met, visit.accuracy_m) == (6, 9, 12)
    assert str(visit.latitude) == "-6.284100"
    assert [e.action for e in ReviewEvent.objects.filter(visit=visit)] == ["submitted"]


def test_a_visit_without_a_position_is_accepted(login, alice, area_a1, visit_post):
    data = visit_post(area_a1, latitude="", longitude="", accuracy_m="")

    login(alice).post(NEW_VISIT, data)

    assert Visit.objects.get().latitude is None


def test_a_crafted_post_for_another_units_area_is_refused_and_writes_nothing(
    login, alice, area_b1, visit_post
):
    response = login(alice).post(NEW_VISIT, visit_post(area_b1))

    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    assert not Visit.objects.exists() and not ReviewEvent.objects.exists()


def test_a_crafted_post_for_a_colleagues_area_in_the_same_polsek_is_refused(
    login, alice, polsek_a, visit_post
):
    carol = OfficerFactory(unit=polsek_a, name="Carol")
    colleague_area = AssignmentFactory(officer=carol, area=AssistedAreaFactory(unit=polsek_a)).area

    response = login(alice).post(NEW_VISIT, visit_post(colleague_area))

    assert "area" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_the_same_form_sent_twice_stores_one_visit_and_both_answers_lead_to_it(
    login, alice, area_a1, visit_post
):
    data = visit_post(area_a1)
    client = login(alice)

    first = client.post(NEW_VISIT, data)
    second = client.post(NEW_VISIT, data)

    visit = Visit.objects.get()
    assert first.url == second.url == visit.get_absolute_url()
    assert ReviewEvent.objects.count() == 1


def test_a_submission_racing_its_twin_past_the_first_check_returns_the_stored_visit(
    alice, area_a1, monkeypatch
):
    """Two requests both pass the look-up before either inserts: the unique constraint decides."""
    first, created = services.visit_create(officer=alice.officer, **_visit_fields(area_a1))
    assert created
    monkeypatch.setattr(field_reports_service, "_already_recorded", _not_found_the_first_time())

    again, created = services.visit_create(
        officer=alice.officer, **_visit_fields(area_a1, client_id=first.client_id)
    )

    assert (again, created) == (first, False)
    assert Visit.objects.count() == 1 and ReviewEvent.objects.count() == 1


def _not_found_the_first_time():
    real = field_reports_service._already_recorded
    calls = []

    def fake(model, client_id, officer):
        calls.append(client_id)
        return None if len(calls) == 1 else real(model, client_id, officer)

    return fake


def _visit_fields(area, **overrides):
    from bhabin.models import Activity

    fields = {
        "client_id": uuid.uuid4(),
        "area": area,
        "activity": Activity.objects.order_by("sort_order").first(),
        "occurred_at": timezone.now() - datetime.timedelta(hours=1),
        "households_visited": 3,
        "people_met": 4,
        "narrative": NARRATIVE,
    }
    fields.update(overrides)
    return fields


def test_a_client_id_used_by_another_officer_is_refused(login, alice, bob, area_b1, visit_post):
    theirs = VisitFactory(officer=bob.officer, area=area_b1)

    response = login(alice).post(
        NEW_VISIT, visit_post(alice.officer.assignments.get().area, client_id=theirs.client_id)
    )

    assert response.status_code == 200
    assert "already used" in response.content.decode()
    assert Visit.objects.count() == 1


def test_the_same_narrative_in_the_same_month_is_refused(login, alice, area_a1, visit_post):
    client = login(alice)
    client.post(NEW_VISIT, visit_post(area_a1))

    response = client.post(NEW_VISIT, visit_post(area_a1))

    assert response.status_code == 200
    assert "same narrative" in str(response.context["form"].errors["narrative"])
    assert Visit.objects.count() == 1


def test_a_narrative_differing_only_in_case_spaces_and_punctuation_is_refused(
    login, alice, area_a1, visit_post
):
    client = login(alice)
    client.post(NEW_VISIT, visit_post(area_a1))
    padded = "  " + NARRATIVE.upper().replace(" ", "   ").replace(",", " ;") + "!!\n"

    response = client.post(NEW_VISIT, visit_post(area_a1, narrative=padded))

    assert "narrative" in response.context["form"].errors
    assert Visit.objects.count() == 1


def test_the_same_narrative_next_month_is_allowed(alice, area_a1):
    now = timezone.localtime()
    last_month = (now.replace(day=1) - datetime.timedelta(days=1)).replace(hour=10)
    services.visit_create(officer=alice.officer, **_visit_fields(area_a1, occurred_at=last_month))

    visit, created = services.visit_create(officer=alice.officer, **_visit_fields(area_a1))

    assert created and Visit.objects.count() == 2


def test_another_officers_identical_narrative_is_not_a_copy(alice, bob, area_b1, area_a1):
    services.visit_create(officer=bob.officer, **_visit_fields(area_b1))

    _, created = services.visit_create(officer=alice.officer, **_visit_fields(area_a1))

    assert created


def test_a_short_narrative_is_refused_with_the_count(login, alice, area_a1, visit_post):
    response = login(alice).post(NEW_VISIT, visit_post(area_a1, narrative="Sambang, aman."))

    assert "at least 50 characters" in str(response.context["form"].errors["narrative"])
    assert not Visit.objects.exists()


def test_a_time_in_the_future_is_refused(login, alice, area_a1, visit_post):
    tomorrow = timezone.now() + datetime.timedelta(hours=2)

    response = login(alice).post(NEW_VISIT, visit_post(area_a1, occurred_at=local_input(tomorrow)))

    assert "in the future" in str(response.context["form"].errors["occurred_at"])
    assert not Visit.objects.exists()


def test_a_time_before_the_assignment_began_is_refused(login, alice, area_a1, visit_post):
    response = login(alice).post(NEW_VISIT, visit_post(area_a1, occurred_at="2021-12-31T09:00"))

    assert "before your assignment" in str(response.context["form"].errors["occurred_at"])
    assert not Visit.objects.exists()


def test_community_figures_of_another_area_are_refused(login, alice, area_a1, area_b1, visit_post):
    from bhabin.models import CommunityFigure

    elsewhere = CommunityFigure.objects.create(area=area_b1, name="H. Umar", role="religious")

    response = login(alice).post(
        NEW_VISIT, visit_post(area_a1) | {"community_figures": [elsewhere.pk]}
    )

    assert "community_figures" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_community_figures_met_are_kept_with_the_visit(login, alice, area_a1, visit_post):
    from bhabin.models import CommunityFigure

    ustadz = CommunityFigure.objects.create(area=area_a1, name="Ust. Salim", role="religious")

    login(alice).post(NEW_VISIT, visit_post(area_a1) | {"community_figures": [ustadz.pk]})

    assert list(Visit.objects.get().community_figures.all()) == [ustadz]


def test_follow_up_needed_without_saying_what_is_refused(login, alice, area_a1, visit_post):
    response = login(alice).post(NEW_VISIT, visit_post(area_a1, follow_up_needed="on"))

    assert "follow_up" in response.context["form"].errors


def test_the_form_page_costs_the_same_queries_with_one_area_or_many(
    login, alice, polsek_a, area_a1, django_assert_num_queries
):
    client = login(alice)
    # 5: session, user (+unit, officer); the officer's areas; the activities; the community
    # figures of those areas.
    with django_assert_num_queries(5):
        assert client.get(NEW_VISIT).status_code == 200
    for _n in range(5):
        area = AssistedAreaFactory(unit=polsek_a)
        Assignment.objects.create(
            officer=alice.officer,
            area=area,
            role="additional",
            start_date=datetime.date(2022, 1, 1),
        )
    # The same 5 with six areas.
    with django_assert_num_queries(5):
        assert client.get(NEW_VISIT).status_code == 200


def test_a_logged_visit_is_counted_in_the_monthly_aggregate_at_once(
    login, alice, area_a1, visit_post
):
    from bhabin.models import AreaMonth
    from org.periods import month_of

    login(alice).post(NEW_VISIT, visit_post(area_a1))

    visit = Visit.objects.get()
    row = AreaMonth.objects.get(area=area_a1, month=month_of(visit.occurred_at))
    assert (row.visits, row.households_visited, row.people_met) == (1, 6, 9)

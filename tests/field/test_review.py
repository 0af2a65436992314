"""Review: the Kapolsek (or the Kasat) accepts or returns; the officer corrects; history stays."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bhabin import services
from bhabin.models import EarlyWarning, ReviewEvent, Visit
from tests.factories import AssignmentFactory, AssistedAreaFactory, OfficerFactory, VisitFactory
from tests.field.conftest import NARRATIVE
from tests.views.helpers import assert_redirects_to_login

INBOX = reverse("bhabin:review-inbox")


def review_url(visit):
    return reverse("bhabin:review-item", args=["kunjungan", visit.pk])


@pytest.fixture
def submitted_a(login, alice, area_a1, visit_post, client):
    """A visit alice logged through the form, waiting for review."""
    login(alice).post(reverse("bhabin:report-create", args=["kunjungan"]), visit_post(area_a1))
    client.logout()
    return Visit.objects.get(officer=alice.officer)


@pytest.fixture
def submitted_b(bob, area_b1):
    return VisitFactory(officer=bob.officer, area=area_b1)


def test_an_anonymous_user_is_sent_to_the_login_page(client, submitted_a):
    assert_redirects_to_login(client.get(INBOX))
    assert_redirects_to_login(client.get(review_url(submitted_a)))


def test_a_kapolsek_sees_only_their_sectors_reports_in_the_inbox(
    login, kapolsek_a, submitted_a, submitted_b
):
    response = login(kapolsek_a).get(INBOX)

    page = response.context["page"]
    assert list(page) == [submitted_a] and page.paginator.count == 1
    assert review_url(submitted_b) not in response.content.decode()


def test_the_kasat_sees_every_polseks_reports(login, kasat, submitted_a, submitted_b):
    rows = list(login(kasat).get(INBOX).context["page"])

    assert set(rows) == {submitted_a, submitted_b}


def test_officers_and_operators_cannot_review(login, alice, operator_a, submitted_a):
    for user in (alice, operator_a):
        client = login(user)
        assert client.get(INBOX).status_code == 403
        assert client.get(review_url(submitted_a)).status_code == 403
        assert client.post(review_url(submitted_a), {"action": "accepted"}).status_code == 403
    assert Visit.objects.get().status == "submitted"


def test_a_kapolsek_of_another_polsek_gets_a_404(login, kapolsek_b, submitted_a):
    client = login(kapolsek_b)

    assert client.get(review_url(submitted_a)).status_code == 404
    assert client.post(review_url(submitted_a), {"action": "accepted"}).status_code == 404
    assert Visit.objects.get().status == "submitted"


def test_a_kapolsek_accepts_a_visit(login, kapolsek_a, submitted_a):
    response = login(kapolsek_a).post(review_url(submitted_a), {"action": "accepted"})

    # Nothing else waits: back to the inbox, on the visits.
    assert response.status_code == 302 and response.url == f"{INBOX}?jenis=kunjungan"
    submitted_a.refresh_from_db()
    assert submitted_a.status == "accepted"
    event = ReviewEvent.objects.filter(visit=submitted_a).last()
    assert (event.action, event.actor) == ("accepted", kapolsek_a)


def test_returning_without_a_comment_is_refused(login, kapolsek_a, submitted_a):
    response = login(kapolsek_a).post(review_url(submitted_a), {"action": "returned"})

    assert "comment" in response.context["form"].errors
    assert Visit.objects.get().status == "submitted"


def test_a_report_already_reviewed_cannot_be_reviewed_again(login, kapolsek_a, kasat, submitted_a):
    login(kapolsek_a).post(review_url(submitted_a), {"action": "accepted"})

    response = login(kasat).post(review_url(submitted_a), {"action": "returned", "comment": "x"})

    assert response.status_code == 200
    assert "already been reviewed" in response.content.decode()
    assert Visit.objects.get().status == "accepted"


def test_return_correct_and_resubmit_keeps_the_whole_history(
    login, kapolsek_a, alice, submitted_a, visit_post, area_a1
):
    comment = "Sebutkan nama ketua RT yang ditemui."
    login(kapolsek_a).post(review_url(submitted_a), {"action": "returned", "comment": comment})

    home = login(alice).get(reverse("home"))
    assert [r["item"] for r in home.context["returned"]] == [submitted_a]
    assert comment in home.content.decode()

    correct_url = reverse("bhabin:report-correct", args=["kunjungan", submitted_a.pk])
    form_page = login(alice).get(correct_url)
    assert comment in form_page.content.decode()
    corrected = visit_post(area_a1, narrative=NARRATIVE + " Ketua RT: Bpk. Darmin.")
    corrected.pop("client_id")
    response = login(alice).post(correct_url, corrected)

    assert response.status_code == 302
    submitted_a.refresh_from_db()
    assert submitted_a.status == "submitted"
    assert submitted_a.narrative.endswith("Bpk. Darmin.")
    history = list(ReviewEvent.objects.filter(visit=submitted_a).values_list("action", "comment"))
    assert history == [
        ("submitted", ""),
        ("returned", comment),
        ("resubmitted", ""),
    ]
    assert login(alice).get(reverse("home")).context["returned"] == []
    assert list(login(kapolsek_a).get(INBOX).context["page"]) == [submitted_a]


def test_a_correction_keeps_its_own_narrative_from_counting_as_a_copy(alice, submitted_a, area_a1):
    submitted_a.status = "returned"
    submitted_a.save()

    services.visit_correct(
        visit=submitted_a,
        area=area_a1,
        activity=submitted_a.activity,
        occurred_at=submitted_a.occurred_at,
        households_visited=7,
        people_met=9,
        narrative=submitted_a.narrative,
    )

    assert Visit.objects.get().households_visited == 7


def test_only_a_returned_visit_can_be_corrected(login, alice, submitted_a):
    url = reverse("bhabin:report-correct", args=["kunjungan", submitted_a.pk])

    response = login(alice).get(url)

    assert response.status_code == 302 and response.url == submitted_a.get_absolute_url()


def test_another_officer_cannot_correct_a_returned_visit(login, bob, carol_a, submitted_a):
    submitted_a.status = "returned"
    submitted_a.save()
    url = reverse("bhabin:report-correct", args=["kunjungan", submitted_a.pk])

    assert login(bob).get(url).status_code == 404
    assert login(carol_a).get(url).status_code == 404


@pytest.fixture
def carol_a(polsek_a):
    from personnel.models import User
    from tests.factories import UserFactory

    officer = OfficerFactory(unit=polsek_a, name="Carol")
    AssignmentFactory(officer=officer, area=AssistedAreaFactory(unit=polsek_a))
    return UserFactory(username="carol", role=User.Role.OFFICER, unit=polsek_a, officer=officer)


def test_an_early_detection_report_goes_through_the_same_review(login, kapolsek_a, alice, area_a1):
    report, _ = services.early_warning_create(
        officer=alice.officer,
        client_id="6f1c1c9e-8f7e-4b53-9a55-1d9e3b8b0d11",
        area=area_a1,
        reported_at=timezone.now(),
        field="security",
        reliability="C",
        summary="Isu tawuran pelajar setelah pertandingan futsal.",
    )
    url = reverse("bhabin:review-item", args=["deteksi-dini", report.pk])

    login(kapolsek_a).post(url, {"action": "returned", "comment": "Lengkapi sumber informasi."})

    report.refresh_from_db()
    assert report.status == "returned"
    home = login(alice).get(reverse("home"))
    assert [r["item"] for r in home.context["returned"]] == [report]
    assert EarlyWarning.objects.count() == 1


def _inbox_world(polsek_a, n):
    for _ in range(n):
        officer = OfficerFactory(unit=polsek_a)
        area = AssignmentFactory(officer=officer, area=AssistedAreaFactory(unit=polsek_a)).area
        VisitFactory(officer=officer, area=area)


def test_the_inbox_costs_the_same_queries_for_few_or_many_reports(
    login, kapolsek_a, polsek_a, django_assert_num_queries
):
    client = login(kapolsek_a)
    _inbox_world(polsek_a, 2)
    # 8: session, user (+unit; the scope is the unit's tree path, no query); the count of each
    # kind under the filters (visits, early-detection reports, cases: 3); the officers and the
    # areas of the filters; the page of the kind shown (its count is the tab's).
    with django_assert_num_queries(8):
        assert client.get(INBOX).status_code == 200
    _inbox_world(polsek_a, 8)
    # The same 8 with ten visits waiting.
    with django_assert_num_queries(8):
        assert client.get(INBOX).status_code == 200


def test_the_review_page_of_a_visit_has_a_fixed_query_count(
    login, kapolsek_a, submitted_a, django_assert_num_queries
):
    client = login(kapolsek_a)
    # 5: session, user (+unit; the scope is the unit's tree path, no query); the visit (+area,
    # unit, officer, activity); community figures met; review history (+who reviewed).
    with django_assert_num_queries(5):
        assert client.get(review_url(submitted_a)).status_code == 200

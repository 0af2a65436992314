"""Early-detection reports and problem-solving cases: own areas, one per client id, sane dates."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from bhabin.models import EarlyWarning, ProblemCase, ReviewEvent
from tests.field.conftest import local_input
from tests.views.helpers import assert_redirects_to_login

NEW_EARLY_WARNING = reverse("bhabin:report-create", args=["deteksi-dini"])
NEW_CASE = reverse("bhabin:report-create", args=["kasus"])


def early_warning_post(area, **overrides):
    return {
        "client_id": str(uuid.uuid4()),
        "area": area.pk,
        "reported_at": local_input(timezone.now() - datetime.timedelta(minutes=30)),
        "field": "security",
        "reliability": "B",
        "summary": "Dua kelompok pemuda RW 04 dan RW 07 saling tantang di media sosial.",
        "recommendation": "Pertemuan tokoh pemuda kedua RW sebelum akhir pekan.",
    } | overrides


def case_post(area, **overrides):
    return {
        "client_id": str(uuid.uuid4()),
        "area": area.pk,
        "opened_on": timezone.localdate().isoformat(),
        "title": "Sengketa batas pagar",
        "parties": "Bpk. A dan Bpk. B, RT 02/RW 01",
        "description": "Sengketa batas pagar antar tetangga, dimediasi di rumah ketua RT.",
        "method": "mediation",
        "state": "open",
        "closed_on": "",
        "outcome": "",
    } | overrides


@pytest.mark.parametrize("url", [NEW_EARLY_WARNING, NEW_CASE])
def test_an_anonymous_user_is_sent_to_the_login_page(client, url):
    assert_redirects_to_login(client.get(url))


@pytest.mark.parametrize("url", [NEW_EARLY_WARNING, NEW_CASE])
def test_only_officers_write_field_reports(login, kapolsek_a, url):
    assert login(kapolsek_a).get(url).status_code == 403


def test_an_officer_files_an_early_detection_report_once_however_often_it_is_sent(
    login, alice, area_a1
):
    data = early_warning_post(area_a1)
    client = login(alice)

    first = client.post(NEW_EARLY_WARNING, data)
    second = client.post(NEW_EARLY_WARNING, data)

    report = EarlyWarning.objects.get()
    assert first.url == second.url == report.get_absolute_url()
    assert (report.officer, report.status, report.reliability) == (alice.officer, "submitted", "B")
    assert ReviewEvent.objects.filter(early_warning=report).count() == 1


def test_an_early_detection_report_for_another_units_area_writes_nothing(login, alice, area_b1):
    response = login(alice).post(NEW_EARLY_WARNING, early_warning_post(area_b1))

    assert "area" in response.context["form"].errors
    assert not EarlyWarning.objects.exists()


def test_an_early_detection_report_in_the_future_is_refused(login, alice, area_a1):
    later = local_input(timezone.now() + datetime.timedelta(hours=3))

    response = login(alice).post(NEW_EARLY_WARNING, early_warning_post(area_a1, reported_at=later))

    assert "in the future" in str(response.context["form"].errors["reported_at"])


def test_an_officer_opens_a_case_once_however_often_it_is_sent(login, alice, area_a1):
    data = case_post(area_a1)
    client = login(alice)

    client.post(NEW_CASE, data)
    response = client.post(NEW_CASE, data)

    case = ProblemCase.objects.get()
    assert response.url == case.get_absolute_url()
    assert (case.method, case.state, case.status) == ("mediation", "open", "submitted")


def test_a_case_for_another_units_area_writes_nothing(login, alice, area_b1):
    response = login(alice).post(NEW_CASE, case_post(area_b1))

    assert "area" in response.context["form"].errors
    assert not ProblemCase.objects.exists()


def test_a_case_opened_before_the_assignment_began_is_refused(login, alice, area_a1):
    response = login(alice).post(NEW_CASE, case_post(area_a1, opened_on="2021-06-01"))

    assert "before your assignment" in str(response.context["form"].errors["opened_on"])


def test_a_resolved_case_needs_its_closing_date_and_it_cannot_precede_the_opening(
    login, alice, area_a1
):
    client = login(alice)
    today = timezone.localdate()

    without = client.post(NEW_CASE, case_post(area_a1, state="resolved"))
    before = client.post(
        NEW_CASE,
        case_post(
            area_a1, state="resolved", closed_on=(today - datetime.timedelta(days=3)).isoformat()
        )
        | {"opened_on": today.isoformat()},
    )

    assert "closed_on" in without.context["form"].errors
    assert "close before it opens" in str(before.context["form"].errors)
    assert not ProblemCase.objects.exists()


@pytest.mark.parametrize("kind", ["deteksi-dini", "kasus"])
def test_a_report_page_is_its_officers_and_a_404_for_another_unit(
    login, client, alice, bob, kapolsek_a, kapolsek_b, area_a1, kind
):
    post = early_warning_post if kind == "deteksi-dini" else case_post
    login(alice).post(reverse("bhabin:report-create", args=[kind]), post(area_a1))
    model = EarlyWarning if kind == "deteksi-dini" else ProblemCase
    url = model.objects.get().get_absolute_url()

    assert login(alice).get(url).status_code == 200
    assert login(kapolsek_a).get(url).status_code == 200
    assert login(bob).get(url).status_code == 404
    assert login(kapolsek_b).get(url).status_code == 404
    client.logout()
    assert_redirects_to_login(client.get(url))

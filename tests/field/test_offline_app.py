"""The server's side of the officer's phone app: the service worker and what it may keep, the
outbox's JSON answers and fresh token, the CSRF failure page, and corrections that keep the
recorded position. The phone's side is in tests/browser/test_offline.py."""

import json
import uuid

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from bhabin.models import ReviewEvent, Visit
from bhabin.offline import OFFLINE_HEADER, offline_key
from bhabin.views import offline as offline_views
from tests.factories import VisitFactory
from tests.field.conftest import NARRATIVE
from tests.views.helpers import assert_redirects_to_login

NEW_VISIT = reverse("bhabin:report-create", args=["kunjungan"])
WORKER = reverse("bhabin:service-worker")
OFFLINE = reverse("bhabin:offline")
OUTBOX = reverse("bhabin:outbox")
TOKEN = reverse("bhabin:outbox-token")
JSON = {"HTTP_ACCEPT": "application/json"}


def worker_config(response):
    """The settings the server puts in front of the worker's source."""
    first_line = response.content.decode().splitlines()[0]
    assert first_line.startswith("self.SIGAP = ") and first_line.endswith(";")
    return json.loads(first_line[len("self.SIGAP = ") : -1])


# --- The service worker and the shell ------------------------------------------------------------


def test_the_worker_is_served_from_the_root_to_anyone_and_revalidated_on_every_load(client):
    response = client.get(WORKER)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    config = worker_config(response)
    assert config["officerPages"] == [
        "/",
        "/kunjungan/baru/",
        "/deteksi-dini/baru/",
        "/kasus/baru/",
        "/kotak-keluar/",
    ]
    assert config["loginPage"] == reverse("login") and config["tokenUrl"] == TOKEN
    assert OFFLINE in config["shell"] and "/static/css/sigap.css" in config["shell"]
    assert "importScripts(C.outboxScript)" in response.content.decode()


def test_every_file_of_the_shell_exists(client):
    shell = worker_config(client.get(WORKER))["shell"]

    static = [url.removeprefix("/static/") for url in shell if url != OFFLINE]
    assert [path for path in static if not finders.find(path)] == []
    assert len(static) == len(offline_views.SHELL_STATIC)
    assert client.get(OFFLINE).status_code == 200


def test_a_change_to_any_file_of_the_shell_is_a_new_worker_version(monkeypatch):
    real = offline_views._static_bytes
    before, _ = offline_views._worker_source()
    monkeypatch.setattr(
        offline_views,
        "_static_bytes",
        lambda path: real(path) + (b"/* changed */" if path == "js/geo.js" else b""),
    )
    after, _ = offline_views._worker_source()

    assert before != after and len(after) == 16


def test_the_offline_page_names_nobody_and_leaves_one_time_messages_alone(
    login, alice, area_a1, visit_post
):
    client = login(alice)
    client.post(NEW_VISIT, visit_post(area_a1))  # "Saved" waits for the next page

    page = client.get(OFFLINE)

    content = page.content.decode()
    assert page.status_code == 200 and "No signal" in content
    assert "Alice" not in content and "alice" not in content
    assert "csrfmiddlewaretoken" not in content and 'class="logout"' not in content
    assert OFFLINE_HEADER not in page
    assert "Saved and sent" in client.get(Visit.objects.get().get_absolute_url()).content.decode()


# --- Which pages the phone may keep --------------------------------------------------------------


def test_an_officers_pages_are_marked_for_the_phone_with_their_key(login, alice, area_a1):
    client = login(alice)
    key = offline_key(alice)

    for url in (reverse("home"), NEW_VISIT, OUTBOX):
        assert client.get(url)[OFFLINE_HEADER] == key, url
    assert OFFLINE_HEADER not in client.get(reverse("bhabin:visit-list"))
    assert len(key) == 24 and str(alice.pk) not in key and "alice" not in key


def test_the_key_is_the_officers_on_every_login_and_differs_between_officers(alice, bob):
    assert offline_key(alice) == offline_key(type(alice).objects.get(pk=alice.pk))
    assert offline_key(alice) != offline_key(bob)


@pytest.mark.parametrize("role", ["kapolsek_a", "kasat", "operator_a"])
def test_no_page_of_a_commander_or_staff_is_marked(request, login, role):
    user = request.getfixturevalue(role)

    response = login(user).get(reverse("home"))

    assert response.status_code == 200 and OFFLINE_HEADER not in response
    assert offline_key(user) is None
    assert 'name="sigap-officer"' not in response.content.decode()


def test_a_page_that_showed_a_one_time_message_is_marked_transient(
    login, alice, area_a1, visit_post
):
    client = login(alice)
    client.post(NEW_VISIT, visit_post(area_a1))

    # The redirect's page shows "Saved": the phone must not keep a copy that says it again.
    visit = Visit.objects.get()
    client.get(visit.get_absolute_url())  # the message is shown here
    assert client.get(reverse("home"))[OFFLINE_HEADER] == offline_key(alice)
    client.post(NEW_VISIT, visit_post(area_a1, narrative=NARRATIVE + " Kedua."), follow=False)
    home = client.get(reverse("home"))
    assert home[OFFLINE_HEADER] == f"{offline_key(alice)}; transient"


# --- The outbox: its page, its token, the JSON answers -------------------------------------------


def test_the_outbox_page_is_the_officers(login, alice, kapolsek_a, client):
    assert_redirects_to_login(client.get(OUTBOX))
    assert login(kapolsek_a).get(OUTBOX).status_code == 403
    response = login(alice).get(OUTBOX)
    assert response.status_code == 200 and "data-outbox-list" in response.content.decode()


def test_the_outbox_gets_a_fresh_token_and_whose_reports_it_may_send(
    login, alice, kapolsek_a, client
):
    assert_redirects_to_login(client.get(TOKEN))
    assert login(kapolsek_a).get(TOKEN).status_code == 403

    response = login(alice).get(TOKEN)

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    answer = response.json()
    assert answer["user"] == offline_key(alice) and len(answer["csrfToken"]) == 64


def test_a_report_sent_by_the_outbox_is_confirmed_with_its_id_once_however_often(
    login, alice, area_a1, visit_post
):
    client = login(alice)
    data = visit_post(area_a1)

    first = client.post(NEW_VISIT, data, **JSON)
    again = client.post(NEW_VISIT, data, **JSON)

    visit = Visit.objects.get()
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == {"id": visit.pk, "url": visit.get_absolute_url(), "created": True}
    assert again.json() == {"id": visit.pk, "url": visit.get_absolute_url(), "created": False}
    assert ReviewEvent.objects.count() == 1
    # Sent in the background: no confirmation waits for a page the officer did not open.
    assert "Saved" not in client.get(reverse("home")).content.decode()


def test_the_form_the_officer_just_sent_opens_on_the_usual_confirmation(
    login, alice, area_a1, visit_post
):
    client = login(alice)

    answer = client.post(NEW_VISIT, visit_post(area_a1), HTTP_X_SIGAP_CONFIRM="1", **JSON).json()

    page = client.get(answer["url"]).content.decode()
    assert "Saved and sent to your Kapolsek for review." in page


def test_a_refused_report_gets_the_reasons_by_field_in_plain_indonesian(
    login, alice, area_a1, area_b1, visit_post
):
    client = login(alice)
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)

    elsewhere = client.post(NEW_VISIT, visit_post(area_b1), **JSON)
    short = client.post(NEW_VISIT, visit_post(area_a1, narrative="Singkat."), **JSON)

    assert (elsewhere.status_code, short.status_code) == (400, 400)
    answer = elsewhere.json()
    assert answer["errors"] == {"area": ["Anda hanya dapat melapor untuk wilayah penugasan Anda."]}
    assert answer["labels"]["area"] == "Wilayah binaan"
    assert short.json()["errors"]["narrative"][0].startswith("Tuliskan minimal 50 karakter")
    assert not Visit.objects.exists()


def test_a_report_under_another_officers_client_id_is_a_conflict(
    login, alice, bob, area_a1, area_b1, visit_post
):
    theirs = VisitFactory(officer=bob.officer, area=area_b1)

    response = login(alice).post(NEW_VISIT, visit_post(area_a1, client_id=theirs.client_id), **JSON)

    assert response.status_code == 409
    assert "already used" in response.json()["errors"]["__all__"][0]
    assert Visit.objects.count() == 1


def test_a_double_tap_without_javascript_answers_the_usual_confirmation(
    login, alice, area_a1, visit_post
):
    client = login(alice)
    data = visit_post(area_a1)
    client.post(NEW_VISIT, data)

    second = client.post(NEW_VISIT, data, follow=True)

    content = second.content.decode()
    assert "Saved and sent to your Kapolsek for review." in content
    assert "already saved" not in content
    assert Visit.objects.count() == 1


# --- A refused CSRF token ------------------------------------------------------------------------


@pytest.fixture
def strict(alice):
    """A client that checks CSRF tokens as a browser's requests are checked, logged in as alice,
    with a token of an earlier session."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get(NEW_VISIT)  # sets the CSRF cookie
    return client


def test_the_outbox_gets_a_csrf_refusal_as_json(strict, area_a1, visit_post):
    response = strict.post(NEW_VISIT, visit_post(area_a1), HTTP_X_CSRFTOKEN="x" * 64, **JSON)

    assert response.status_code == 403
    assert response.json()["error"] == "csrf"
    assert not Visit.objects.exists()


def test_a_report_sent_with_a_stale_token_comes_back_filled_in_and_send_again_stores_it_once(
    strict, area_a1, visit_post
):
    data = visit_post(area_a1, csrfmiddlewaretoken="y" * 64)

    page = strict.post(NEW_VISIT, data, HTTP_ORIGIN="http://testserver")

    content = page.content.decode()
    assert page.status_code == 403 and not Visit.objects.exists()
    assert "Your session changed" in content and "A photo must be chosen again." in content
    assert NARRATIVE in content and data["client_id"] in content
    assert 'class="site-header"' in content and "style=" not in content
    fresh = page.context["csrf_token"]
    strict.post(
        NEW_VISIT, {**data, "csrfmiddlewaretoken": str(fresh)}, HTTP_ORIGIN="http://testserver"
    )
    strict.post(
        NEW_VISIT, {**data, "csrfmiddlewaretoken": str(fresh)}, HTTP_ORIGIN="http://testserver"
    )
    assert Visit.objects.count() == 1 and str(Visit.objects.get().client_id) == data["client_id"]


def test_a_post_from_another_site_gets_the_plain_page_without_its_data(strict, area_a1, visit_post):
    data = visit_post(area_a1, csrfmiddlewaretoken="y" * 64)

    page = strict.post(NEW_VISIT, data, HTTP_ORIGIN="https://elsewhere.example")

    content = page.content.decode()
    assert page.status_code == 403
    assert "Your session changed" in content and NARRATIVE not in content
    assert 'class="site-header"' in content


def test_an_anonymous_post_with_a_stale_token_gets_the_plain_page(client):
    strict = Client(enforce_csrf_checks=True)

    page = strict.post(reverse("logout"), {"csrfmiddlewaretoken": "z" * 64})

    assert page.status_code == 403
    assert "Sesi Anda berubah" in page.content.decode()


# --- Corrections keep the recorded position ------------------------------------------------------


def correction(visit, client, visit_post, area, **fields):
    data = visit_post(area, narrative=NARRATIVE + " Dikoreksi.", **fields)
    data.pop("client_id")
    return client.post(reverse("bhabin:report-correct", args=["kunjungan", visit.pk]), data)


@pytest.fixture
def returned_without_position(alice, area_a1):
    return VisitFactory(officer=alice.officer, area=area_a1, status="returned", latitude=None)


def test_a_correction_never_stamps_a_position_on_a_visit_that_had_none(
    login, alice, area_a1, visit_post, returned_without_position
):
    visit = returned_without_position
    response = correction(visit, login(alice), visit_post, area_a1)

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "submitted" and visit.narrative.endswith("Dikoreksi.")
    assert (visit.latitude, visit.longitude, visit.accuracy_m) == (None, None, None)


def test_a_correction_keeps_the_recorded_position_whatever_the_page_sends(
    login, alice, area_a1, visit_post
):
    visit = VisitFactory(
        officer=alice.officer,
        area=area_a1,
        status="returned",
        latitude="-6.100000",
        longitude="107.100000",
        accuracy_m=30,
    )

    correction(visit, login(alice), visit_post, area_a1, latitude="-6.9", longitude="106.9")

    visit.refresh_from_db()
    assert (str(visit.latitude), str(visit.longitude), visit.accuracy_m) == (
        "-6.100000",
        "107.100000",
        30,
    )


def test_a_correction_records_the_current_position_when_the_officer_asks(
    login, alice, area_a1, visit_post, returned_without_position
):
    visit = returned_without_position
    client = login(alice)
    page = client.get(reverse("bhabin:report-correct", args=["kunjungan", visit.pk]))
    assert 'name="record_position"' in page.content.decode()

    correction(visit, client, visit_post, area_a1, record_position="on")

    visit.refresh_from_db()
    assert (str(visit.latitude), visit.accuracy_m) == ("-6.284100", 12)


def test_asking_for_the_current_position_before_the_phone_found_it_is_refused(
    login, alice, area_a1, visit_post, returned_without_position
):
    visit = returned_without_position
    response = correction(
        visit, login(alice), visit_post, area_a1, record_position="on", latitude="", longitude=""
    )

    assert response.status_code == 200
    assert "record_position" in response.context["form"].errors
    visit.refresh_from_db()
    assert visit.status == "returned"


def test_a_new_visit_form_marks_its_time_for_the_phone_to_renew(login, alice, area_a1):
    content = login(alice).get(NEW_VISIT).content.decode()

    assert 'name="occurred_at"' in content and "data-now" in content
    assert str(uuid.UUID(content.split('name="client_id" value="')[1][:36]))

"""An officer's own schedule, and their secret iCalendar address."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bhabin.models import Activity
from personnel.models import CalendarFeed
from tests.schedule.conftest import schedule
from tests.views.helpers import assert_redirects_to_login

pytestmark = pytest.mark.usefixtures("polsek_a_staffed")


@pytest.fixture
def soon():
    return timezone.localdate() + datetime.timedelta(days=3)


def my_url(day):
    return f"{reverse('bhabin:my-schedule')}?view=month&date={day:%Y-%m-%d}"


def test_an_officer_sees_only_their_own_schedule(login, alice, carol, area_a1, area_a2, soon):
    schedule(alice.officer, area_a1, soon)
    schedule(carol.officer, area_a2, soon)

    response = login(alice).get(my_url(soon))

    assert [entry.area.name for entry in response.context["entries"]] == ["Desa A1"]
    assert "Desa A2" not in response.content.decode()


def test_a_user_without_an_officer_record_has_no_own_schedule(login, kapolsek_a):
    assert login(kapolsek_a).get(reverse("bhabin:my-schedule")).status_code == 404


def test_anonymous_is_sent_to_login_from_my_schedule(client):
    assert_redirects_to_login(client.get(reverse("bhabin:my-schedule")))


def new_feed_url(client):
    """Make a calendar address and read it from the page, where it is shown once."""
    client.post(reverse("bhabin:calendar-feed-renew"))
    url = client.get(reverse("bhabin:my-schedule")).context["feed_url"]
    assert url.startswith("http://testserver/kalender/")
    return url.removeprefix("http://testserver")


def test_the_address_is_shown_once_and_only_its_hash_is_stored(login, alice):
    client = login(alice)
    url = new_feed_url(client)
    token = url.removeprefix("/kalender/").removesuffix(".ics")

    assert client.get(reverse("bhabin:my-schedule")).context["feed_url"] == ""
    stored = CalendarFeed.objects.get()
    assert token not in stored.token_hash
    assert len(token) >= 43  # 32 random bytes


@pytest.fixture
def feed_client(login, alice, area_a1, soon):
    activity = Activity.objects.get(code="siskamling")
    schedule(alice.officer, area_a1, soon, activity=activity, note="Bawa stiker; temui RT 03")
    # This activity's name makes a SUMMARY longer than 75 octets.
    long_name = Activity.objects.get(code="sambang-keluhan")
    schedule(alice.officer, area_a1, soon + datetime.timedelta(days=7), activity=long_name)
    return login(alice)


def unfold(body):
    """The content lines of an iCalendar body, unfolded (RFC 5545 3.1)."""
    return body.replace("\r\n ", "").split("\r\n")


def test_the_feed_needs_no_login_and_is_valid_icalendar(feed_client, client, soon, alice):
    url = new_feed_url(feed_client)
    client.logout()

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.endswith("\r\n")
    assert "\n" not in body.replace("\r\n", "")  # every line ends in CRLF
    physical = body.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    lines = unfold(body)[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    events = [line for line in lines if line == "BEGIN:VEVENT"]
    assert len(events) == 2 == lines.count("END:VEVENT")
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == 2
    assert sum(line.startswith("DTSTAMP:") and line.endswith("Z") for line in lines) == 2
    assert f"DTSTART;VALUE=DATE:{soon:%Y%m%d}" in lines
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert "Desa A1" in summary and "siskamling" in summary
    assert "DESCRIPTION:Bawa stiker\\; temui RT 03" in lines


def test_a_long_summary_is_folded_and_unfolds_whole(feed_client, client):
    url = new_feed_url(feed_client)

    body = client.get(url).content.decode()

    assert "\r\n " in body
    assert any("tentang kamtibmas dan memberi penjelasan" in line for line in unfold(body))


def test_a_wrong_token_is_404(client):
    assert client.get(reverse("bhabin:calendar-feed", args=["not-a-real-token"])).status_code == 404


def test_a_new_address_makes_the_old_one_404(feed_client, client):
    old = new_feed_url(feed_client)
    new = new_feed_url(feed_client)

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.active().count() == 1


def test_a_revoked_address_is_404(feed_client, client):
    url = new_feed_url(feed_client)

    feed_client.post(reverse("bhabin:calendar-feed-revoke"))

    assert client.get(url).status_code == 404


def test_an_inactive_officers_address_is_404(feed_client, client, alice):
    url = new_feed_url(feed_client)
    alice.officer.is_active = False
    alice.officer.save()

    assert client.get(url).status_code == 404


def test_revoking_touches_only_the_officers_own_address(feed_client, login, carol, client):
    url = new_feed_url(feed_client)

    login(carol).post(reverse("bhabin:calendar-feed-revoke"))

    assert client.get(url).status_code == 200


def test_making_an_address_needs_a_post(login, alice):
    assert login(alice).get(reverse("bhabin:calendar-feed-renew")).status_code == 405


def test_the_feed_costs_two_queries_however_many_visits(
    feed_client, client, alice, area_a1, soon, django_assert_num_queries
):
    url = new_feed_url(feed_client)
    client.logout()
    for week in range(2, 12):
        schedule(alice.officer, area_a1, soon + datetime.timedelta(days=7 * week))
    # 1 the address (+officer), 1 the scheduled visits (+area, +activity).
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200


# Issue 16, item 6: the address lives only as long as the account, and only an officer inside
# a unit makes one.


def test_a_deactivated_accounts_address_is_404(feed_client, client, alice):
    url = new_feed_url(feed_client)
    alice.is_active = False
    alice.save()

    assert client.get(url).status_code == 404


def without_unit(user):
    """The account loses its unit (e.g. a transfer half done) but keeps its officer record."""
    user.unit = None
    user.save()
    return user


def test_a_user_without_a_unit_makes_no_address(login, alice):
    client = login(without_unit(alice))

    response = client.post(reverse("bhabin:calendar-feed-renew"))

    assert response.status_code == 404
    assert CalendarFeed.objects.count() == 0


def test_an_address_stops_working_when_its_account_loses_its_unit(feed_client, client, alice):
    url = new_feed_url(feed_client)
    without_unit(alice)

    assert client.get(url).status_code == 404


def test_a_user_without_a_unit_renews_no_second_address_and_can_revoke_the_first(
    feed_client, login, alice
):
    new_feed_url(feed_client)
    client = login(without_unit(alice))

    renewed = client.post(reverse("bhabin:calendar-feed-renew"))
    client.post(reverse("bhabin:calendar-feed-revoke"))

    assert renewed.status_code == 404
    assert CalendarFeed.objects.active().count() == 0


def test_renewing_twice_in_a_row_leaves_one_working_address(feed_client, client):
    feed_client.post(reverse("bhabin:calendar-feed-renew"))
    second = feed_client.post(reverse("bhabin:calendar-feed-renew"))
    third = feed_client.post(reverse("bhabin:calendar-feed-renew"))

    assert (second.status_code, third.status_code) == (302, 302)
    assert CalendarFeed.objects.active().count() == 1

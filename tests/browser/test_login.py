"""The login page and each role's home page in a real browser at a phone's width."""

from personnel.models import User
from tests.browser.conftest import log_in, screenshot


def test_an_officer_logs_in_on_a_phone_and_reaches_their_home_page(phone, live_server, alice):
    log_in(phone, live_server, "alice")
    assert phone.url.rstrip("/") == live_server.url
    assert "Desa A1" in phone.content()  # her assisted area
    # No horizontal scrolling on a 360 px phone: the layout fits the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert screenshot(phone, "officer-home-phone").stat().st_size > 0


def test_a_wrong_password_shows_an_indonesian_message_and_no_session(phone, live_server, alice):
    log_in(phone, live_server, "alice", password="salah")
    assert "/masuk/" in phone.url
    assert phone.locator(".errorlist, .error, [role=alert]").count() >= 1
    assert User.objects.get(username="alice").last_login is None


def test_the_kasat_sees_the_units_of_the_polres(desktop, live_server, kasat, polsek_a, polsek_b):
    log_in(desktop, live_server, "kasat")
    content = desktop.content()
    assert "Polsek A" in content and "Polsek B" in content

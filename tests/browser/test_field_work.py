"""Field work in a real browser at a phone's width: log a visit, review it, correct it."""

import time

import pytest

from bhabin.models import Activity, ReviewEvent, Visit
from tests.browser.conftest import log_in, log_out, open_menu, screenshot

NARRATIVE = (
    "Sambang ke pos ronda RW 05 Desa A1 bersama ketua RT, membahas jadwal ronda malam dan "
    "parkir liar di depan pasar."
)


@pytest.fixture(autouse=True)
def an_activity(live_server):
    """live_server flushes the tables after each test, reference rows from migrations included."""
    Activity.objects.get_or_create(code="sambang", defaults={"name": "Sambang / DDS"})


def test_a_visit_is_logged_returned_corrected_and_resubmitted_on_a_phone(
    phone, live_server, alice, kapolsek_a, area_a1
):
    phone.context.grant_permissions(["geolocation"], origin=live_server.url)
    phone.context.set_geolocation({"latitude": -6.2841, "longitude": 107.1712, "accuracy": 18})
    timings = {}

    log_in(phone, live_server, "alice")
    started = time.monotonic()
    phone.click("main a.button.primary[href='/kunjungan/baru/']")
    phone.wait_for_selector("form[data-geo]")
    # geo.js fills the hidden position once the phone reports it.
    phone.locator("[data-geo-status]").filter(has_text="±").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "visit-form-phone")
    phone.fill("input[name=households_visited]", "6")
    phone.fill("input[name=people_met]", "9")
    phone.fill("textarea[name=narrative]", NARRATIVE)
    with phone.expect_navigation():
        phone.click("form[data-geo] button[type=submit]")
    timings["officer logs a visit"] = time.monotonic() - started

    visit = Visit.objects.get()
    assert (visit.officer, visit.area, visit.status) == (alice.officer, area_a1, "submitted")
    assert (float(visit.latitude), float(visit.longitude), visit.accuracy_m) == (
        -6.2841,
        107.1712,
        18,
    )
    assert phone.url.endswith(visit.get_absolute_url())
    assert "Tersimpan" in phone.content() or "Saved" in phone.content()  # the one-time message
    screenshot(phone, "visit-saved-phone")
    log_out(phone)

    log_in(phone, live_server, "kapolsek_a")
    started = time.monotonic()
    open_menu(phone)  # the menu is behind one button on a phone
    with phone.expect_navigation():
        phone.click("a[href='/tinjauan/']")
    screenshot(phone, "review-inbox-phone")
    phone.click(f"a[href^='/tinjauan/kunjungan/{visit.pk}/']")
    phone.check("input[name=action][value=returned]")
    phone.fill("textarea[name=comment]", "Sebutkan nama ketua RT yang ditemui.")
    screenshot(phone, "review-item-phone")
    with phone.expect_navigation():
        phone.click("form[method=post] button.primary")
    timings["kapolsek returns it"] = time.monotonic() - started
    visit.refresh_from_db()
    assert visit.status == "returned"
    log_out(phone)

    # She corrects it somewhere else: the position recorded with the visit must stay.
    phone.context.set_geolocation({"latitude": -6.3, "longitude": 107.3, "accuracy": 5})
    log_in(phone, live_server, "alice")
    started = time.monotonic()
    returned = phone.locator("section.returned")
    assert "Sebutkan nama ketua RT yang ditemui." in returned.inner_text()
    screenshot(phone, "officer-home-returned-phone")
    with phone.expect_navigation():
        returned.locator("a").first.click()
    phone.fill("textarea[name=narrative]", NARRATIVE + " Ketua RT: Bpk. Darmin.")
    with phone.expect_navigation():
        phone.click("form.report-form button[type=submit]")
    timings["officer corrects and resubmits"] = time.monotonic() - started

    visit.refresh_from_db()
    assert visit.status == "submitted" and visit.narrative.endswith("Bpk. Darmin.")
    assert (float(visit.latitude), float(visit.longitude), visit.accuracy_m) == (
        -6.2841,
        107.1712,
        18,
    )
    assert list(ReviewEvent.objects.filter(visit=visit).values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "resubmitted",
    ]
    assert Visit.objects.count() == 1
    screenshot(phone, "visit-resubmitted-phone")
    print("timings (s):", {step: round(seconds, 2) for step, seconds in timings.items()})


def test_the_visit_form_works_without_javascript(chromium_browser, live_server, alice, area_a1):
    context = chromium_browser.new_context(
        viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="id-ID"
    )
    page = context.new_page()
    try:
        log_in(page, live_server, "alice")
        page.goto(f"{live_server.url}/kunjungan/baru/")
        page.fill("textarea[name=narrative]", NARRATIVE)
        with page.expect_navigation():
            page.click("form.report-form button[type=submit]")
        visit = Visit.objects.get()
        assert visit.latitude is None and visit.area == area_a1
        # Going back and sending the same page again stores nothing new.
        page.go_back()
        with page.expect_navigation():
            page.click("form.report-form button[type=submit]")
        assert Visit.objects.count() == 1
    finally:
        context.close()

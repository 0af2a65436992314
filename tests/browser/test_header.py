"""The header on a phone and on a desktop, for every role: one line on a 360 px phone with the menu
behind one button (a details element, so without JavaScript too), the whole menu in the header on
a wide screen; "Log a visit" first on the officer's home, on the first screen."""

from tests.browser.conftest import PHONE, log_in, screenshot


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_the_officers_home_opens_on_log_a_visit_under_a_one_line_header(
    phone, live_server, alice, area_a1
):
    log_in(phone, live_server, "alice")

    header = box(phone, "header.site-header")
    button = box(phone, "main a.button.primary")
    assert header["height"] <= 64, header
    assert phone.locator("main a.button.primary").inner_text() == "Catat kunjungan"
    # The first thing under the header, whole on the first screen.
    assert header["y"] + header["height"] <= button["y"] <= header["height"] + 24
    assert button["y"] + button["height"] <= PHONE["height"] / 4
    first = phone.evaluate(
        """() => [...document.querySelectorAll("main a, main button, main h2")]
        .find(el => el.getBoundingClientRect().height > 0).textContent.trim()"""
    )
    assert first == "Catat kunjungan"
    today = box(phone, "main h2")
    assert phone.locator("main h2").first.inner_text() == "Jadwal hari ini"
    assert today["y"] < PHONE["height"]  # today's schedule starts on the first screen too
    assert not phone.locator("nav.site-nav").is_visible()
    screenshot(phone, "officer-home-phone")

    phone.click("details.menu > summary")
    assert phone.locator("nav.site-nav a[href='/kunjungan/']").is_visible()
    assert phone.locator("form.logout button").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "officer-menu-open-phone")


def test_the_menu_opens_without_javascript(chromium_browser, live_server, kapolsek_a):
    context = chromium_browser.new_context(
        viewport=PHONE, java_script_enabled=False, locale="id-ID"
    )
    page = context.new_page()
    try:
        log_in(page, live_server, "kapolsek_a")
        assert box(page, "header.site-header")["height"] <= 64
        assert not page.locator("a[href='/tinjauan/']").is_visible()
        page.click("details.menu > summary")
        assert page.locator("a[href='/tinjauan/']").is_visible()
        with page.expect_navigation():
            page.click("a[href='/tinjauan/']")
        assert page.url.endswith("/tinjauan/")
    finally:
        context.close()


def test_on_a_desktop_the_whole_menu_is_in_the_header(desktop, live_server, kasat, polsek_a):
    log_in(desktop, live_server, "kasat")

    assert not desktop.locator("details.menu > summary").is_visible()
    for href in ("/dasbor/", "/rekap/", "/tinjauan/"):
        assert desktop.locator(f"nav.site-nav a[href='{href}']").is_visible(), href
    assert desktop.locator("form.logout button").is_visible()
    assert box(desktop, "header.site-header")["height"] <= 160
    screenshot(desktop, "kasat-header-desktop")

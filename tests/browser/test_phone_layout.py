"""The Kasat's and the Kapolsek's pages on a 360 x 740 phone: a one-line header with the menu
behind one button, the first figure on the first screen, and every chart's text inside its
chart as Chromium draws it."""

from tests.browser.conftest import PHONE, log_in, screenshot
from tests.browser.test_dashboard import NOV_2022, polres_world  # noqa: F401 - a fixture

FIRST_FIGURE = "main .figures dd"


def first_figure_bottom(page):
    figure = page.locator(FIRST_FIGURE).first.bounding_box()
    return figure["y"] + figure["height"]


def chart_text_outside(page):
    """Texts of the page's charts whose drawn box leaves their SVG's viewBox."""
    return page.evaluate(
        """() => [...document.querySelectorAll("svg.svg-chart")].flatMap(svg => {
            const box = svg.viewBox.baseVal;
            return [...svg.querySelectorAll("text")].filter(t => {
                const b = t.getBBox();
                return b.x < -0.5 || b.y < -0.5 || b.x + b.width > box.width + 0.5
                    || b.y + b.height > box.height + 0.5;
            }).map(t => t.textContent);
        })"""
    )


def check_phone_page(page, name):
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 64, header
    assert not page.locator("nav.site-nav").is_visible()  # behind the one button
    assert first_figure_bottom(page) <= PHONE["height"], name
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert chart_text_outside(page) == []
    screenshot(page, name)


def test_the_kasat_sees_the_first_figure_of_the_dashboard_on_the_first_screen(
    phone,
    live_server,
    polres_world,  # noqa: F811
):
    log_in(phone, live_server, "kasat")
    phone.goto(f"{live_server.url}/dasbor/?{NOV_2022}")
    assert phone.locator("svg.svg-chart").count() >= 5
    check_phone_page(phone, "kasat-dashboard-phone")


def test_the_kapolsek_sees_the_first_figure_of_the_polsek_on_the_first_screen(
    phone,
    live_server,
    polres_world,  # noqa: F811
    kapolsek_a,
):
    log_in(phone, live_server, "kapolsek_a")
    phone.goto(f"{live_server.url}/dasbor/satuan/POLSEK-A/?{NOV_2022}")
    check_phone_page(phone, "kapolsek-polsek-phone")

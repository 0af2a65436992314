"""Browser tests: real headless Chromium (Debian's package) driven by Playwright's Python API.

Pages are served by pytest-django's `live_server`. Playwright's sync API runs an event loop in
this thread, so Django's async-safety guard must be relaxed for these tests only. Screenshots go
to `artifacts/screenshots/` (kept by CI, ignored by git). On a developer machine without Chromium
the tests are skipped with the reason; under CI (CI=true) a missing Chromium is a failure.
"""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.db import connections

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The officer app's service worker sends reports too (Background Sync, when no page is open at
# that moment): with this, context.route and context.on("request") see its requests as well.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"width": 360, "height": 740}
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium.")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            # While Playwright's event loop runs in this thread, Django keeps this thread's
            # database connections apart from the ones opened before (asgiref's Local switches to
            # per-context storage when a loop is running). Any test after this fixture started
            # opens its connection there; once the loop stops, the test database's teardown no
            # longer sees it and cannot drop the database. Close them while they are visible.
            connections.close_all()


@pytest.fixture
def phone(chromium_browser):
    """A page in a phone-sized window (360 px wide), Indonesian locale."""
    context = chromium_browser.new_context(
        viewport=PHONE, locale="id-ID", timezone_id="Asia/Jakarta", device_scale_factor=1
    )
    page = context.new_page()
    page.set_default_timeout(30_000)  # a loaded CI machine, not a speed bound
    yield page
    context.close()


@pytest.fixture
def desktop(chromium_browser):
    """A page in a laptop-sized window."""
    context = chromium_browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    page = context.new_page()
    page.set_default_timeout(30_000)  # a loaded CI machine, not a speed bound
    yield page
    context.close()


TEST_PASSWORD = "rahasia-uji-123"  # noqa: S105 - the factories' password for test users


def log_in(page, live_server, username, password=TEST_PASSWORD):
    """Log in through the real login form and wait for the home page."""
    page.goto(f"{live_server.url}/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form[action$='/masuk/'] button[type=submit]")
    page.wait_for_load_state("networkidle")


def screenshot(page, name):
    """Save a full-page screenshot under artifacts/screenshots/ and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_until(condition, timeout=30, message="timed out", page=None):
    """Poll from Python: the CSP forbids the eval that page.wait_for_function relies on. With a
    page, wait through Playwright, which lets its route and event handlers run meanwhile.

    The timeout is a bound for a loaded machine (CI shares two cores with Chromium and the live
    server), not a speed requirement. `message` may be a callable that describes the state seen
    at the time of the failure."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(message() if callable(message) else message)
        if page is None:
            time.sleep(0.1)
        else:
            page.wait_for_timeout(100)


def open_menu(page):
    """Open the header's menu: one button on a phone, always open on a wide screen."""
    summary = page.locator("details.menu > summary")
    if summary.is_visible() and not page.locator("details.menu").evaluate("menu => menu.open"):
        summary.click()


def log_out(page):
    """Log out through the header's menu."""
    open_menu(page)
    with page.expect_navigation():
        page.click("form.logout button[type=submit]")
    page.wait_for_selector("input[name=username]")

"""The month ladder in a real browser: the officer logs a visit of last month, the Kapolsek
accepts it and approves the Polsek's month, the Kasat approves the Polres, the officer's late
visit of that month is refused with the reason, and leadership downloads the approved PDF, opens
its verification page and finds the SHA-256 of the file it downloaded.

The verification address is read from the PDF's text, where it is printed under the QR code:
the QR holds the same address, and no QR decoder is installed to read the image itself.
"""

import hashlib
import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from bhabin.models import Activity, Visit
from org.models import MonthPeriod
from org.periods import shift_month
from personnel.models import User
from tests.browser.conftest import log_in, log_out, screenshot
from tests.factories import UserFactory

PDFTOTEXT = shutil.which("pdftotext")
NARRATIVE = (
    "Sambang ke pos ronda RW 03 bersama ketua RT, membahas jadwal ronda malam dan keamanan "
    "lingkungan menjelang akhir bulan."
)


@pytest.fixture(autouse=True)
def an_activity(live_server):
    """live_server flushes the tables after each test, reference rows from migrations included."""
    Activity.objects.get_or_create(code="sambang", defaults={"name": "Sambang / DDS"})


def log_visit(page, live_server, day, narrative):
    page.goto(f"{live_server.url}/kunjungan/baru/")
    page.fill("input[name=occurred_at]", f"{day:%Y-%m-%d}T09:30")
    page.fill("input[name=households_visited]", "4")
    page.fill("input[name=people_met]", "7")
    page.fill("textarea[name=narrative]", narrative)
    with page.expect_navigation():
        page.click("form.report-form button[type=submit]")


def approve_row(page, live_server, month, unit):
    page.goto(f"{live_server.url}/persetujuan/?bulan={month:%Y-%m}")
    row = page.locator(f"tr[data-unit='{unit.code}']")
    row.locator("input[name=comment]").first.fill("Laporan lengkap dan sudah diperiksa.")
    with page.expect_navigation():
        row.locator("form:has(input[value=approve]) button[type=submit]").click()
    assert page.locator(f"tr[data-unit='{unit.code}']").get_attribute("data-state") == "approved"


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs poppler-utils")
def test_the_ladder_from_a_visit_to_a_verified_approved_pdf(
    phone, desktop, live_server, settings, tmp_path, alice, kapolsek_a, kasat, polsek_a, polres
):
    settings.APPROVED_REPORTS_DIR = tmp_path / "approved"
    UserFactory(username="pimpinan", role=User.Role.LEADERSHIP, unit=polres)
    month = shift_month(timezone.localdate().replace(day=1), -1)

    # The officer logs a visit of last month on her phone.
    log_in(phone, live_server, "alice")
    log_visit(phone, live_server, month.replace(day=12), NARRATIVE)
    visit = Visit.objects.get()
    assert visit.status == "submitted"

    # The Kapolsek accepts it (a month with reports waiting cannot be approved), then approves.
    log_in(desktop, live_server, "kapolsek_a")
    desktop.goto(f"{live_server.url}/tinjauan/kunjungan/{visit.pk}/")
    desktop.check("input[name=action][value=accepted]")
    with desktop.expect_navigation():
        desktop.click("form[method=post] button.primary")
    visit.refresh_from_db()
    assert visit.status == "accepted"
    approve_row(desktop, live_server, month, polsek_a)
    screenshot(desktop, "ladder-polsek-approved")
    log_out(desktop)

    # The Kasat approves the Polres: every Polsek below it is approved, nothing blocks.
    log_in(desktop, live_server, "kasat")
    approve_row(desktop, live_server, month, polres)
    screenshot(desktop, "ladder-polres-approved")
    log_out(desktop)
    assert MonthPeriod.objects.get(unit=polres, month=month).state == "approved"

    # The officer's late visit of that month is refused, and says why.
    log_visit(phone, live_server, month.replace(day=20), NARRATIVE + " Laporan susulan.")
    alert = phone.locator("[role=alert]:visible").filter(has_text="sudah dikunci")
    alert.wait_for()
    refusal = alert.inner_text()
    assert month.strftime("%Y") in refusal and "Persetujuan bulanan" in refusal, refusal
    screenshot(phone, "ladder-late-visit-refused-phone")
    assert Visit.objects.count() == 1

    # Leadership downloads the approved PDF of the Polres and checks it on the verification page.
    log_in(desktop, live_server, "pimpinan")
    desktop.goto(f"{live_server.url}/laporan/")
    link = desktop.locator(f"a[href='/laporan/{polres.code}/{month:%Y-%m}.pdf']").first
    response = desktop.context.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    path = tmp_path / "downloaded.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "DRAF" not in text
    verify_url = re.search(r"https?://\S+/verifikasi/\S+/", text).group(0)
    desktop.goto(verify_url)
    screenshot(desktop, "ladder-verification")
    shown = desktop.locator("[data-sha256]").inner_text().strip()
    assert shown == hashlib.sha256(pdf).hexdigest()

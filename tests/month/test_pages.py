"""The pages of the month ladder: "Persetujuan bulanan", the approved PDF and its verification."""

import hashlib
import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from monthly.approval import month_undo
from org.models import MonthPeriod, MonthPeriodStep

PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(autouse=True)
def approved_dir(settings, tmp_path):
    settings.APPROVED_REPORTS_DIR = tmp_path / "approved"
    return settings.APPROVED_REPORTS_DIR


def page(client, month):
    return client.get(reverse("monthly:approvals"), {"bulan": f"{month:%Y-%m}"})


def test_the_kapolsek_approves_the_month_on_the_page_and_sees_it_locked(
    login, kapolsek_a, polsek_a, month
):
    client = login(kapolsek_a)
    response = page(client, month)
    assert response.status_code == 200
    [row] = [r for r in response.context["rows"] if r["unit"] == polsek_a]
    assert row["may_approve"] and not row["may_undo"]

    response = client.post(row["action_url"], {"action": "approve", "comment": "Lengkap."})

    assert response.status_code == 302
    assert MonthPeriod.objects.get(unit=polsek_a, month=month).state == "approved"
    [row] = [r for r in page(client, month).context["rows"] if r["unit"] == polsek_a]
    assert row["may_undo"] and not row["may_approve"]


def test_the_kasat_sees_which_polsek_block_the_polres_and_an_undo_needs_a_reason(
    login, kasat, kapolsek_a, polsek_a, polsek_b, polres, month, approve
):
    approve(polsek_a, kapolsek_a)
    client = login(kasat)
    rows = {r["unit"]: r for r in page(client, month).context["rows"]}
    assert rows[polres]["blockers"].units_not_approved == [polsek_b]
    assert "Polsek B" in page(client, month).content.decode()

    client.post(rows[polsek_a]["action_url"], {"action": "undo", "comment": ""})
    assert MonthPeriod.objects.get(unit=polsek_a, month=month).state == "approved"
    client.post(rows[polsek_a]["action_url"], {"action": "undo", "comment": "Ada susulan."})
    assert MonthPeriod.objects.get(unit=polsek_a, month=month).state == "open"


def test_an_officer_and_an_operator_have_no_approval_page(login, alice, operator_a):
    assert login(alice).get(reverse("monthly:approvals")).status_code == 403
    assert login(operator_a).get(reverse("monthly:approvals")).status_code == 403


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs poppler-utils")
def test_a_draft_is_watermarked_and_the_approved_pdf_is_stored_once_and_verifiable(
    login, kasat, kapolsek_a, polsek_a, month, approve, approved_dir, tmp_path
):
    client = login(kasat)
    pdf_url = reverse("monthly:pdf", args=[polsek_a.code, f"{month:%Y-%m}"])
    draft = body(client.get(pdf_url))
    pages = int(re.search(r"Halaman 1 dari (\d+)", pdf_text(draft, tmp_path)).group(1))
    assert watermarks(draft, tmp_path) == pages > 1  # on every page

    approve(polsek_a, kapolsek_a)
    first = body(client.get(pdf_url))
    second = body(client.get(pdf_url))
    assert first == second  # served as stored
    assert len(list(approved_dir.iterdir())) == 1
    text = pdf_text(first, tmp_path)
    assert watermarks(first, tmp_path) == 0
    step = MonthPeriodStep.objects.get(action="approve")
    assert step.verification_code in text and "kapolsek_a" in text

    verify_url = re.search(r"https?://\S+/verifikasi/\S+/", text).group(0)
    response = client.get(verify_url)
    assert response.status_code == 200
    assert hashlib.sha256(first).hexdigest() in response.content.decode()

    month_undo(unit=polsek_a, month=month, actor=kapolsek_a, reason="Koreksi.")
    assert watermarks(body(client.get(pdf_url)), tmp_path) > 0
    assert "undone" in client.get(verify_url).content.decode()


def body(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def pdf_text(data, tmp_path, mode="-layout"):
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(  # noqa: S603
        [PDFTOTEXT, mode, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def watermarks(data, tmp_path):
    """How many times the draft watermark is drawn (rotated: read in drawing order)."""
    return "".join(pdf_text(data, tmp_path, "-raw").split()).count("DRAF—belumdisetujui")


def test_the_report_index_shows_each_units_step_on_the_ladder_with_a_link_to_approvals(
    login, kasat, kapolsek_a, polsek_a, polsek_b, polres, month, approve
):
    approve(polsek_a, kapolsek_a)
    response = login(kasat).get(reverse("monthly:index"), {"unit": polres.pk, "period": "x"})
    assert response.status_code == 200  # an invalid month: the ladder of last month
    states = {unit.code: unit.month_state for unit in response.context["ladder"]}
    assert states == {polres.code: "open", polsek_a.code: "approved", polsek_b.code: "open"}
    html = response.content.decode()
    assert f'data-unit="{polsek_a.code}" data-state="approved"' in html
    assert f"{reverse('monthly:approvals')}?bulan={month:%Y-%m}" in html


def test_the_ladder_on_the_report_index_follows_the_default_month(login, kapolsek_a, polsek_a):
    response = login(kapolsek_a).get(reverse("monthly:index"))
    assert response.status_code == 200
    assert [unit.code for unit in response.context["ladder"]] == [polsek_a.code]
    assert f"{response.context['state_month']:%Y-%m}" == response.context["form"].initial["period"]

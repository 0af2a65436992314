"""The monthly report and the MOTUL sheet on the seeded Polres Metro Bekasi demo.

The text of each PDF is read back with pdftotext (poppler-utils) and whitespace is collapsed,
since table cells and paragraphs wrap words across lines.
"""

import datetime
import os
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from bhabin.models import AssistedArea
from monthly.report import monthly_report
from motul import plans as motul
from motul.models import MotulPlan
from org.models import PoliceUnit
from personnel.models import User

PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(autouse=True)
def _needs_pdftotext():
    # As the browser tests do with Chromium: skipped on a developer's machine without it, a
    # failure under CI (CI=true), where .ci/run installs it.
    if PDFTOTEXT is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is missing: .ci/run installs it")
        pytest.skip("needs poppler-utils")


POLSEK = "PMJ-BKS-CIKARANG-BARAT"
DIPA_2021_IN_WORDS = "seratus tiga puluh enam juta delapan ratus enam puluh ribu rupiah"


def pdf_text(content):
    out = subprocess.run(  # noqa: S603 - a fixed program on bytes we rendered
        [PDFTOTEXT, "-raw", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(out.split())


@pytest.fixture
def november(demo_db):
    return monthly_report(demo_db, 2022, 11)


def test_the_strength_section_reproduces_the_papers_tables(november):
    assert november.strength.total[2:4] == [366, 364]
    competency = dict(zip(november.competency.header, november.competency.total, strict=True))
    assert competency["DIKBANGSPES SUDAH"] == 119
    assert competency["JML BABIN"] == 364
    stock = {row[1]: row[2:6] for row in november.facilities.rows}
    assert stock["Ranmor (R-2)"] == [53, 53, 0, 0]
    assert stock["Handy Talky (HT)"] == [15, 15, 0, 0]
    assert stock["Megaphone"] == [19, 19, 0, 0]
    assert stock["Rompi"] == [347, 347, 0, 0]
    assert stock["Senter"] == [153, 153, 0, 0]


def test_the_budget_section_totals_the_dipa_and_writes_it_in_words(november):
    assert november.budget["fiscal_year"] == 2021
    assert november.budget["pagu"].figure == "Rp136.860.000"
    assert november.budget["pagu"].words == DIPA_2021_IN_WORDS
    assert [row["pagu"].amount for row in november.budget["rows"]] == [
        47_360_000,
        37_500_000,
        26_000_000,
        26_000_000,
    ]


def test_the_polres_pdf_holds_the_key_figures_and_amounts_in_words(tmp_path, demo_db):
    output = tmp_path / "polres.pdf"
    call_command("monthly_report", "PMJ-BKS", "2022-11", "-o", str(output))
    text = pdf_text(output.read_bytes())
    for expected in [
        "KEPOLISIAN NEGARA REPUBLIK INDONESIA",
        "DAERAH METRO JAYA",
        "RESOR METRO BEKASI",
        "BULAN NOVEMBER 2022",
        "JUMLAH 366 364",
        "Ranmor (R-2) 53 53 0 0",
        "Rp136.860.000",
        DIPA_2021_IN_WORDS,
        "Rp47.360.000 (empat puluh tujuh juta tiga ratus enam puluh ribu rupiah)",
        "Rp100.000 (seratus ribu rupiah)",
        "Halaman 1 dari",
        "Metro Bekasi, 1 Desember 2022",
        "KASAT BINMAS POLRES METRO BEKASI",
    ]:
        assert expected in text, expected
    assert "ninety four" not in text


def test_the_report_names_the_signer_given_by_nrp(tmp_path, demo_db):
    nrp = demo_db.officers.first() or PoliceUnit.objects.get(code=POLSEK).officers.first()
    output = tmp_path / "signed.pdf"
    call_command("monthly_report", POLSEK, "2022-11", "-o", str(output), "--signer", nrp.nrp)
    text = pdf_text(output.read_bytes())
    assert f"NRP {nrp.nrp}" in text
    assert nrp.name.upper() in text


def test_the_report_takes_the_same_number_of_queries_for_a_polres_and_a_polsek(
    demo_db, django_assert_num_queries
):
    units = PoliceUnit.objects.select_related("parent__parent")
    polres, polsek = units.get(code="PMJ-BKS"), units.get(code=POLSEK)
    # 27: recap_units 1 (the units under the root's tree path); then strength 1, competency 2
    # (the roster per unit, the latest reported recaps), facilities 2 (stock per type, the
    # number of Bhabin), visits by activity 2 (the month's visits grouped by activity, the
    # activities), per unit 1 (monthly aggregates), schedule 1, early warnings 1, cases 1,
    # conflicts 2 (per month and category, hotspots), unvisited areas 1 (monthly aggregates),
    # completeness 6 (the units, the officers, the schedule, the assignments, the visits, the
    # approval steps: recaps/completeness.py), other duties 1, shortfall types 1, DIPA 2 (the
    # latest year, its lines), allowance 1, signer 1. The number never depends on the number
    # of units, areas, visits or incidents.
    with django_assert_num_queries(27):
        monthly_report(polres, 2022, 11)
    # 26: the same, less the DIPA lines: the Polsek has none, so that query is skipped.
    with django_assert_num_queries(26):
        monthly_report(polsek, 2022, 11)


def test_both_pdfs_render_for_every_unit_from_the_command_line(tmp_path, demo_db):
    admin = User.objects.get(username="admin")
    for unit in PoliceUnit.objects.exclude(level=PoliceUnit.Level.POLDA):
        report = tmp_path / f"{unit.code}.pdf"
        call_command("monthly_report", unit.code, "2022-11", "-o", str(report))
        assert report.read_bytes().startswith(b"%PDF")
        area = AssistedArea.objects.filter(unit=unit).order_by("name").first()
        plan = motul.motul_plan_create(
            user=admin,
            title=f"Penyuluhan kamtibmas {unit.name}",
            objective="Mencegah konflik",
            planned_on=datetime.date(2022, 12, 5),
            areas=[area],
        )
        sheet = tmp_path / f"motul-{unit.code}.pdf"
        call_command("motul_sheet", str(plan.pk), "-o", str(sheet))
        assert sheet.read_bytes().startswith(b"%PDF")


def test_a_kapolsek_gets_the_polsek_report_from_the_browser(client, demo_db):
    client.force_login(User.objects.get(username="kapolsek"))
    response = client.get(reverse("monthly:pdf", args=[POLSEK, "2022-11"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "SEKTOR CIKARANG BARAT" in text
    assert "KAPOLSEK CIKARANG BARAT" in text


def test_a_kapolsek_gets_404_for_another_polsek_and_an_officer_403(client, demo_db):
    client.force_login(User.objects.get(username="kapolsek"))
    response = client.get(reverse("monthly:pdf", args=["PMJ-BKS-SETU", "2022-11"]))
    assert response.status_code == 404
    response = client.get(reverse("monthly:pdf", args=["PMJ-BKS", "2022-11"]))
    assert response.status_code == 404
    client.force_login(User.objects.get(username="bhabin"))
    response = client.get(reverse("monthly:pdf", args=[POLSEK, "2022-11"]))
    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, demo_db):
    response = client.get(reverse("monthly:pdf", args=[POLSEK, "2022-11"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_kapolsek_plans_a_motul_activity_and_prints_it_from_the_browser(client, demo_db):
    kapolsek = User.objects.get(username="kapolsek")
    client.force_login(kapolsek)
    area = AssistedArea.objects.visible_to(kapolsek).order_by("name").first()
    response = client.post(
        reverse("motul:list"),
        {
            "title": "Penyuluhan pencegahan tawuran pelajar di SMK",
            "objective": "Mencegah tawuran",
            "planned_on": "2022-12-05",
            "areas": [area.pk],
        },
    )
    plan = MotulPlan.objects.get(title__startswith="Penyuluhan pencegahan")
    assert response.status_code == 302
    assert plan.unit == area.unit
    response = client.get(reverse("motul:pdf", args=[plan.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "1. PERENCANAAN" in text and "7. PELAPORAN" in text
    assert area.name in text
    assert "tawuran pelajar" in text

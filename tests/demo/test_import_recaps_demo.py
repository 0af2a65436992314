"""Sample 02 imported over the seeded demo: the recap disagrees with the roster as in the paper."""

from pathlib import Path

import pytest

from imports.services import import_file
from personnel.models import CompetencyRecap

COMPETENCY = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "samples"
    / "02_data_kompetensi_bhabinkamtibmas.xlsx"
)


@pytest.fixture
def competency_plan(demo_db):
    result = import_file(
        kind="competency",
        data=COMPETENCY.read_bytes(),
        filename=COMPETENCY.name,
        unit=demo_db,
        dry_run=True,
        options={"source": COMPETENCY.name},
    )
    return result.plan


def messages(plan):
    return [finding.message for finding in plan.findings]


def test_the_recap_reports_19_bhabin_at_tarumajaya_where_the_roster_has_17(competency_plan):
    assert "POLSEK TARUMAJAYA: rekap menyebut 19 Bhabinkamtibmas, roster Sigap mencatat 17." in (
        messages(competency_plan)
    )


def test_the_recap_reports_366_bhabin_in_all_where_the_roster_has_364(competency_plan):
    assert (
        "Seluruh berkas: rekap menyebut 366 Bhabinkamtibmas, roster Sigap mencatat 364 "
        "(selisih +2)." in messages(competency_plan)
    )


def test_the_seeded_recaps_are_the_sample_so_nothing_would_change(competency_plan):
    assert competency_plan.counts() == {"new": 0, "update": 0, "unchanged": 16, "error": 0}
    assert CompetencyRecap.objects.count() == 16

"""Builds the Polres Metro Bekasi demo: reference figures from the sample sheets, synthetic field
work, the demo logins.

`demo_seed()` is idempotent: rows are upserted by their natural keys (unit code, Kemendagri code,
NRP, incident reference, visit client id), so running it again changes nothing and duplicates
nothing.
"""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from demo import fieldwork, live, official, plans
from demo.official import DemoSummary
from org.regions import regions_load

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SAMPLES = FIXTURES / "samples"
DEMO = FIXTURES / "demo"


@transaction.atomic
def demo_seed(*, password: str, fixtures: Path = FIXTURES) -> DemoSummary:
    """Build (or bring up to date) the whole Polres Metro Bekasi demo in one transaction."""
    samples, demo = fixtures / "samples", fixtures / "demo"
    regions_load(path=fixtures / "wilayah" / "kabupaten_bekasi_wilayah.csv")
    units = official.units_seed(path=samples / "01_data_bhabinkamtibmas.xlsx")
    areas = official.areas_seed(path=demo / "wilayah_binaan.csv", units=units)
    official.unit_kecamatan_link(units=units)
    officers = official.officers_seed(
        path=samples / "06_data_personil_bhabinkamtibmas.xlsx", units=units, areas=areas
    )
    official.facilities_seed(path=samples / "03_data_sarpras_bhabinkamtibmas.xlsx", units=units)
    official.dipa_seed(path=samples / "04_dipa_satbinmas_2021.xlsx", units=units)
    official.competency_recap_seed(
        path=samples / "02_data_kompetensi_bhabinkamtibmas.xlsx", units=units
    )
    official.yearly_conflicts_seed(
        path=samples / "05_data_konflik_sosial_2018_2022.xlsx", units=units
    )
    incidents = official.incidents_seed(
        path=demo / "konflik_2018_2021.csv", units=units, areas=areas
    )
    incidents += official.incidents_seed(
        path=samples / "07_rekap_konflik_sosial_2022.xlsx", units=units, areas=areas
    )
    fieldwork.involvements_seed(incidents=incidents)
    fieldwork.schedule_seed(officers=officers, units=units)
    fieldwork.visits_seed(officers=officers)
    fieldwork.early_warnings_seed(officers=officers)
    fieldwork.problem_cases_seed(officers=officers)
    logins = official.demo_logins_seed(units=units, officers=officers, password=password)
    live.review_history_seed()
    live.live_slice_seed()
    plans.motul_plans_seed()
    return official.demo_summary(units=units, logins=logins)

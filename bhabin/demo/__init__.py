"""The Polres Metro Bekasi demo: reference figures from the sample sheets plus synthetic field work.

`demo_seed()` is idempotent: rows are upserted by their natural keys (unit code, Kemendagri code,
NRP, incident reference, visit client id), so running it again changes nothing and duplicates
nothing. The sheet readers live in `readers`, the synthetic field work in `fieldwork`.
"""

import re
from pathlib import Path

from django.conf import settings
from django.db import transaction

from bhabin.demo import fieldwork, live, official
from bhabin.demo.official import DemoSummary
from bhabin.demo.readers import read_regions
from bhabin.models import Region

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SAMPLES = FIXTURES / "samples"
DEMO = FIXTURES / "demo"
WILAYAH_CSV = FIXTURES / "wilayah" / "kabupaten_bekasi_wilayah.csv"

PROVINCE = ("32", "Jawa Barat")
REGION_LEVELS = {
    "provinsi": Region.Level.PROVINSI,
    "kabupaten": Region.Level.KABUPATEN,
    "kota": Region.Level.KOTA,
    "kecamatan": Region.Level.KECAMATAN,
}
KEMENDAGRI_CODE_RE = re.compile(r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[12][0-9]{3})?)?)?$")


def region_level(code, kind):
    """The level of a Kemendagri code: a village's 4th part says kelurahan (1) or desa (2)."""
    parts = code.split(".")
    if len(parts) == 4:
        return Region.Level.KELURAHAN if parts[3].startswith("1") else Region.Level.DESA
    return REGION_LEVELS[kind.strip().lower()]


@transaction.atomic
def regions_load(*, path) -> int:
    """Upsert a Kemendagri CSV (kode, jenis, nama, kode_induk) and its province; return the rows."""
    rows = read_regions(path)
    regions = [Region(code=PROVINCE[0], name=PROVINCE[1], level=Region.Level.PROVINSI)]
    for row in sorted(rows, key=lambda r: len(r["kode"])):
        code = row["kode"].strip()
        regions.append(
            Region(
                code=code,
                name=row["nama"].strip(),
                level=region_level(code, row["jenis"]),
                parent_id=row["kode_induk"].strip() or None,
            )
        )
    bad = [region.code for region in regions if not KEMENDAGRI_CODE_RE.match(region.code)]
    if bad:
        raise ValueError(f"Not Kemendagri codes: {', '.join(bad)}")
    Region.objects.bulk_create(
        regions,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "parent"],
    )
    return len(regions)


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
    return official.demo_summary(units=units, logins=logins)


__all__ = ["DEMO", "SAMPLES", "WILAYAH_CSV", "DemoSummary", "demo_seed", "regions_load"]

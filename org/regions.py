"""The Kemendagri administrative regions: loaded from the ministry's code list (CSV)."""

import csv
import re
from pathlib import Path

from django.conf import settings
from django.db import transaction

from org.models import Region

WILAYAH_CSV = Path(settings.BASE_DIR) / "fixtures" / "wilayah" / "kabupaten_bekasi_wilayah.csv"

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
    with Path(path).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
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

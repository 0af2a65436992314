"""Generate the synthetic demo fixtures in fixtures/demo/ (run once; the output is committed).

    .venv/bin/python tools/make_demo_fixtures.py

Deterministic: the same inputs and seed give byte-identical CSV files. Reads only files inside
the repository (fixtures/samples, fixtures/wilayah). See fixtures/demo/README.md for which
figures are synthetic.
"""

import csv
import datetime
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "fixtures" / "samples"
WILAYAH = ROOT / "fixtures" / "wilayah" / "kabupaten_bekasi_wilayah.csv"
OUT = ROOT / "fixtures" / "demo"
SEED = 20221130

ESTATE_RE = re.compile(r"^(?P<name>.+?) \((?:Desa|Kelurahan) (?P<desa>.+)\)$")
ESTATE_NAMES = [
    "Perumahan Griya Asri",
    "Perumahan Bumi Mekar",
    "Kawasan Industri Asri",
    "Perumahan Taman Mekar",
    "Perumahan Villa Asri",
    "Perumahan Puri Mekar",
]
YEAR_TOTALS = {2018: 35, 2019: 28, 2020: 10, 2021: 8}
# The paper: mostly inter-group clashes, then student brawls.
CATEGORY_WEIGHTS = {
    "Antar kelompok/warga": 50,
    "Tawuran pelajar": 28,
    "Perkelahian antar kampung": 9,
    "Antar organisasi kemasyarakatan": 6,
    "Sengketa lahan": 5,
    "Lainnya": 2,
}
MODUS = [
    "Saling serang menggunakan senjata tajam",
    "Pelemparan batu",
    "Pengeroyokan",
    "Provokasi melalui media sosial",
    "Saling ejek berujung perkelahian",
    "Dendam lama antar kelompok pemuda",
]
HANDLING_WEIGHTS = {"Selesai (mediasi)": 70, "Proses sidik": 25, "Dalam pemantauan": 5}


def read_roster():
    df = pd.read_excel(
        SAMPLES / "06_data_personil_bhabinkamtibmas.xlsx", header=3, engine="calamine", dtype=str
    )
    return df.dropna(subset=["NRP"])


def read_incidents_2022():
    df = pd.read_excel(
        SAMPLES / "07_rekap_konflik_sosial_2022.xlsx", header=3, engine="calamine", dtype=str
    )
    return df.dropna(subset=["KESATUAN"])


def desa_by_name(wilayah):
    villages = wilayah[wilayah["jenis"].isin(["desa", "kelurahan"])]
    return {row.nama: row for row in villages.itertuples()}


def synthetic_size(rng, kind, name):
    """Population, households and km² that look like Kabupaten Bekasi."""
    if kind in ("DESA", "KELURAHAN"):
        population = rng.randrange(3_000, 25_001)
        km2 = rng.uniform(2.0, 14.0)
    elif name.startswith("Kawasan Industri"):
        population = rng.randrange(300, 1_501)
        km2 = rng.uniform(1.0, 6.0)
    else:
        population = rng.randrange(1_200, 6_001)
        km2 = rng.uniform(0.15, 1.5)
    households = round(population / rng.uniform(3.1, 3.5))
    return population, households, f"{km2:.2f}"


def build_areas(rng, roster, wilayah, incidents):
    villages = desa_by_name(wilayah)
    hot = {(row["KESATUAN"], row["TKP (DESA/KEL)"]) for row in incidents.to_dict("records")}
    estates_per_desa = Counter()
    rows = []

    def add(unit, name, kind, code, desa_code, officer):
        population, households, km2 = synthetic_size(rng, kind, name)
        if (unit, name) in hot:
            level = "TINGGI"
        else:
            level = rng.choices(["RENDAH", "SEDANG", "TINGGI"], weights=[55, 35, 10])[0]
        rows.append(
            {
                "KESATUAN": unit,
                "WILAYAH BINAAN": name,
                "JENIS": kind,
                "KODE": code,
                "KODE DESA/KEL": desa_code,
                "PENDUDUK": population,
                "KK": households,
                "LUAS KM2": km2,
                "KERAWANAN": level,
                "_officer": officer,
            }
        )

    def add_estate(unit, name, desa_name, officer):
        desa = villages[desa_name]
        estates_per_desa[desa.kode] += 1
        code = f"{desa.kode}-K{estates_per_desa[desa.kode]}"
        add(unit, name, "KAWASAN", code, desa.kode, officer)

    for row in roster.to_dict("records"):
        unit, label, code = row["KESATUAN"], row["DESA/KEL BINAAN"], row["KODE WILAYAH"]
        officer = f"{row['PANGKAT']} {row['NAMA'].title()}"
        if code != "-":
            kind = "KELURAHAN" if code.split(".")[3].startswith("1") else "DESA"
            add(unit, label, kind, code, code, officer)
        else:
            match = ESTATE_RE.match(label)
            add_estate(unit, match["name"], match["desa"], officer)

    # Table 2: Tarumajaya has 19 areas for 17 officers; the two without an officer are estates.
    unit = "POLSEK TARUMAJAYA"
    taken = {r["WILAYAH BINAAN"] for r in rows if r["KESATUAN"] == unit}
    desa_names = sorted(name for name, v in villages.items() if v.kode.startswith("32.16.01."))
    extra = []
    for number in range(2, 10):
        for base in ESTATE_NAMES:
            if len(extra) < 2 and f"{base} {number}" not in taken:
                extra.append(f"{base} {number}")
    for name in extra:
        desa_name = min(desa_names, key=lambda d: (estates_per_desa[villages[d].kode], d))
        add_estate(unit, name, desa_name, "")
    return rows


def build_incidents(rng, areas):
    areas_by_unit = defaultdict(list)
    for area in areas:
        if area["_officer"]:
            areas_by_unit[area["KESATUAN"]].append(area)
    units = sorted(areas_by_unit)
    # Busier units (more areas) see more incidents.
    unit_weights = [len(areas_by_unit[u]) for u in units]
    categories = list(CATEGORY_WEIGHTS)
    rows = []
    for year, total in YEAR_TOTALS.items():
        start = datetime.date(year, 1, 1)
        days = sorted(rng.sample(range(365), total))
        for number, offset in enumerate(days, start=1):
            unit = rng.choices(units, weights=unit_weights)[0]
            area = rng.choice(areas_by_unit[unit])
            injured = rng.choice(["-", "-", "0", "1", "2", "2", "3", "4", "5", "7"])
            dead = rng.choice(["-", "0", "0", "0", "0", "0", "0", "1"])
            rows.append(
                {
                    "NO": number,
                    "HARI/TANGGAL": (start + datetime.timedelta(days=offset)).isoformat(),
                    "WAKTU": f"{rng.randrange(0, 24):02d}:{rng.choice([0, 15, 30, 45]):02d}",
                    "KESATUAN": unit,
                    "TKP (DESA/KEL)": area["WILAYAH BINAAN"],
                    "JENIS KONFLIK": rng.choices(categories, weights=CATEGORY_WEIGHTS.values())[0],
                    "MODUS OPERANDI": rng.choice(MODUS),
                    "KORBAN LUKA": injured,
                    "KORBAN MD": dead,
                    "PENANGANAN": rng.choices(
                        list(HANDLING_WEIGHTS), weights=HANDLING_WEIGHTS.values()
                    )[0],
                    "BHABINKAMTIBMAS": area["_officer"],
                }
            )
    return rows


def write_csv(path, rows):
    fields = [f for f in rows[0] if not f.startswith("_")]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=fields, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)


def main():
    rng = random.Random(SEED)
    roster = read_roster()
    wilayah = pd.read_csv(WILAYAH, dtype=str)
    incidents = read_incidents_2022()
    areas = build_areas(rng, roster, wilayah, incidents)
    OUT.mkdir(parents=True, exist_ok=True)
    write_csv(OUT / "wilayah_binaan.csv", areas)
    write_csv(OUT / "konflik_2018_2021.csv", build_incidents(rng, areas))
    print(f"{len(areas)} areas, {sum(YEAR_TOTALS.values())} incidents written to {OUT}")


if __name__ == "__main__":
    main()

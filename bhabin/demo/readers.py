"""Plain loaders for the Polres sample sheets and the demo CSV files, one per sheet.

Each turns one file into a list of clean dicts and knows nothing of the models, so that a proper
importer can replace any of them on its own. Every cell is read as text: "-" means nothing.
"""

import re
from pathlib import Path

import pandas as pd

RUPIAH_RE = re.compile(r"[^0-9]")


def dash_to_none(value):
    """The cell's text, or None for an empty cell or a "-"."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return None if text in ("", "-") else text


def count(value):
    """A whole number where "-" and blank mean 0 (as in the Polres recap tables)."""
    text = dash_to_none(value)
    return 0 if text is None else int(float(text))


def parse_rupiah(text):
    """'Rp47.360.000,-' -> 47360000."""
    return int(RUPIAH_RE.sub("", str(text).split(",")[0]))


def _grid(path):
    frame = pd.read_excel(Path(path), header=None, engine="calamine", dtype=str)
    return [[dash_to_none(cell) for cell in row] for row in frame.itertuples(index=False)]


def _numbered_rows(path, header_marker="NO"):
    """The rows under the header row whose first cell is `header_marker`, that carry a number."""
    grid = _grid(path)
    start = next(i for i, row in enumerate(grid) if row[0] == header_marker)
    return grid[start], [row for row in grid[start + 1 :] if row[0] and row[0][0].isalnum()]


def read_units(path):
    """Sample 01: one row per Polres/Polsek with its count of areas and officers."""
    _, rows = _numbered_rows(path)
    return [
        {"name": row[1], "areas": count(row[2]), "officers": count(row[3]), "note": row[4] or ""}
        for row in rows
        if row[0].isdigit()
    ]


def read_competency(path):
    """Sample 02: the competency recap (two header rows; positional columns)."""
    _, rows = _numbered_rows(path)
    keys = ["officers", "sma", "s1", "dikbangspes_done", "dikbangspes_not_yet"]
    keys += ["training_done", "training_not_yet"]
    return [
        {"unit": row[1], **{key: count(cell) for key, cell in zip(keys, row[2:9], strict=True)}}
        for row in rows
        if row[0].isdigit()
    ]


def read_facilities(path):
    """Sample 03: stock per facility type, by condition."""
    _, rows = _numbered_rows(path)
    return [
        {
            "type_name": row[1],
            "good": count(row[3]),
            "light_damage": count(row[4]),
            "heavy_damage": count(row[5]),
        }
        for row in rows
        if row[0].isdigit()
    ]


def read_dipa(path):
    """Sample 04: the DIPA lines with their pagu; the fiscal year comes from the title."""
    grid = _grid(path)
    title = " ".join(cell for row in grid[:3] for cell in row if cell)
    fiscal_year = int(re.search(r"TAHUN ANGGARAN (\d{4})", title)[1])
    _, rows = _numbered_rows(path)
    return [
        {
            "fiscal_year": fiscal_year,
            "code": row[0].rstrip("."),
            "name": row[1],
            "description": row[2] or "",
            "pagu": parse_rupiah(row[3]),
        }
        for row in rows
        if re.fullmatch(r"[a-z]\.?", row[0])
    ]


def read_yearly_conflicts(path):
    """Sample 05: conflicts per year, laid out across the sheet."""
    grid = _grid(path)
    years = next(row for row in grid if row[0] == "TAHUN")
    counts = next(row for row in grid if row[0] and row[0].lower().startswith("konflik"))
    return [
        {"year": int(float(year)), "count": count(value)}
        for year, value in zip(years[1:], counts[1:], strict=True)
        if year
    ]


def read_roster(path):
    """Sample 06: the Bhabinkamtibmas roster, one officer per row."""
    header, rows = _numbered_rows(path)
    return [dict(zip(header, row, strict=True)) for row in rows if row[0].isdigit()]


def read_incidents(path):
    """Sample 07 (xlsx) or the demo CSV of earlier years: one incident per row."""
    path = Path(path)
    if path.suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return [
            {key: dash_to_none(value) for key, value in row.items()}
            for row in frame.to_dict("records")
        ]
    header, rows = _numbered_rows(path)
    return [dict(zip(header, row, strict=True)) for row in rows if row[0].isdigit()]


def read_areas(path):
    """fixtures/demo/wilayah_binaan.csv: the assisted areas."""
    frame = pd.read_csv(Path(path), dtype=str, keep_default_na=False)
    return frame.to_dict("records")


def read_regions(path):
    """A Kemendagri CSV (kode, jenis, nama, kode_induk)."""
    frame = pd.read_csv(Path(path), dtype=str, keep_default_na=False)
    return frame.to_dict("records")

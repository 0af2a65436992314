"""Plain loaders for the Polres sample sheets and the demo CSV files, one per sheet.

Each turns one file into a list of clean dicts and knows nothing of the models, so that a proper
importer can replace any of them on its own. Every cell is read as text: "-" means nothing.
"""

from pathlib import Path

import pandas as pd


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


def read_roster(path):
    """Sample 06: the Bhabinkamtibmas roster, one officer per row."""
    header, rows = _numbered_rows(path)
    return [dict(zip(header, row, strict=True)) for row in rows if row[0].isdigit()]


def read_regions(path):
    """A Kemendagri CSV (kode, jenis, nama, kode_induk)."""
    frame = pd.read_csv(Path(path), dtype=str, keep_default_na=False)
    return frame.to_dict("records")

"""The monthly report's sentences say what the figures say: a leader only when one leads."""

from monthly.conclusions import _hotspot_suggestion


def hotspot(name, n, unit="Polsek Setu"):
    return {"area__name": name, "unit__name": unit, "n": n, "in_month": 0}


def test_the_area_with_the_most_conflicts_is_named_when_it_leads_alone():
    line = _hotspot_suggestion([hotspot("Desa A", 3), hotspot("Desa B", 1)], 12)
    assert "di Desa A (Polsek Setu), wilayah dengan konflik terbanyak" in line
    assert "Desa B" not in line


def test_a_tie_is_said_as_a_tie_and_no_area_is_called_the_most():
    line = _hotspot_suggestion([hotspot("Desa A", 2), hotspot("Desa B", 2), hotspot("C", 1)], 12)
    assert "terbanyak" not in line
    assert "2 wilayah sama-sama mencatat 2 kejadian" in line
    assert "Desa A (Polsek Setu), Desa B (Polsek Setu)" in line


def test_a_tie_that_fills_the_list_says_at_least_that_many():
    rows = [hotspot(f"Desa {i}", 1) for i in range(5)]
    line = _hotspot_suggestion(rows, 12)
    assert "sedikitnya 5 wilayah sama-sama mencatat 1 kejadian" in line
    assert "dan 2 wilayah lainnya" in line

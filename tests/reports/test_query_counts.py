"""Each recap costs a fixed number of queries, whatever the number of units (STYLE.md)."""

import pytest

from recaps.tables import build_recap
from tests.factories import PoliceUnitFactory
from tests.reports.conftest import populate_unit

# recap_units: one query, the units under the root's tree path. Then per table:
QUERIES = {
    "bhabin": 1 + 1,  # units + areas and officers per unit (two subqueries, one query)
    "kompetensi": 1 + 2,  # units + roster grouped by unit + latest reported recap per unit
    "sarpras": 1 + 2,  # units + stock per facility type + number of Bhabin
    "dipa": 1 + 2,  # units + latest fiscal year + lines with realisation summed per line
    "konflik": 1 + 3,  # units + incidents by unit/year/category + categories + reported counts
}

# What every populated unit adds to each table, to show that all of them were counted.
COUNTED = {
    "bhabin": (lambda recap: recap.total[3], 2),  # two officers
    "kompetensi": (lambda recap: recap.total[2], 2),
    "sarpras": (lambda recap: recap.rows[1][2], 3),  # three HT
    "dipa": (lambda recap: recap.total[3], 10_000_000),  # one line's pagu
    "konflik": (lambda recap: recap.rows[0][-1], 2),  # two incidents
}


@pytest.fixture(params=[2, 6], ids=["2 polsek", "6 polsek"])
def polres_and_units(request, db):
    polres = PoliceUnitFactory(code="TEST-POLRES")
    populate_unit(polres)
    for number in range(request.param):
        populate_unit(PoliceUnitFactory(code=f"POLSEK-{number}", parent=polres))
    return polres, 1 + request.param


@pytest.mark.parametrize("table", QUERIES)
def test_a_recap_costs_the_same_queries_for_2_and_for_6_polsek(
    table, polres_and_units, django_assert_num_queries
):
    polres, units = polres_and_units
    # QUERIES[table]: recap_units, then the table's own queries, named in QUERIES above.
    with django_assert_num_queries(QUERIES[table]):
        recap = build_recap(table, polres)
    figure, per_unit = COUNTED[table]
    assert figure(recap) == per_unit * units

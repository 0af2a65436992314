"""A Polda's overview: one row per Polres, with the totals of the Polres and its Polsek.

Polda Uji has Polres Uji (TEST-POLRES: Polsek A and B, the dash_world rows) and Polres Dua
(POLRES-2: Polsek C and D, one busy area each). A Polres view keeps its rows per Polsek
(tests/dashboard/test_views.py).
"""

import pytest
from django.urls import reverse

from org.models import PoliceUnit
from personnel.models import User
from tests.dashboard.test_query_counts import busy_area
from tests.factories import PoliceUnitFactory, UserFactory

NOV_2022 = "period=2022-11"
# The figures of a unit row that add up; the ratios and the note are derived from them.
SUMMED = [
    "areas",
    "officers",
    "unstaffed",
    "visits",
    "areas_period",
    "areas_window",
    "planned",
    "done",
    "population",
    "area_km2",
    "duty_hours",
    "incidents",
    "open_warnings",
    "open_cases",
]
# The Polres overview's 27 queries (test_query_counts.OVERVIEW_QUERIES), less the reported
# competency recaps and the reported yearly conflict counts: a Polres row totals several units,
# so what each unit reported for itself is not compared there (the recap pages still compare
# them), and less the unit picker's units above the page's unit: a Polda has none.
POLDA_OVERVIEW_QUERIES = 24


def add_polres(code, polsek, visits=1):
    """A Polres under Polda Uji with `polsek` Polsek, each with one busy area."""
    polres = PoliceUnitFactory(
        code=code,
        name=f"Polres X-{code}",  # after "Polres Uji"
        level=PoliceUnit.Level.POLRES,
        parent=PoliceUnit.objects.get(code="TEST-POLDA"),
    )
    for n in range(polsek):
        busy_area(PoliceUnitFactory(code=f"{code}-SEK{n}", parent=polres), visits=visits)
    return polres


@pytest.fixture
def polda_kasat(polres):
    return UserFactory(username="kasat_polda", role=User.Role.KASAT_BINMAS, unit=polres.parent)


@pytest.fixture
def polda_world(dash_world, polres):
    add_polres("POLRES-2", polsek=2, visits=3)


def overview(client, unit=None):
    query = f"unit={unit}&{NOV_2022}" if unit else NOV_2022
    return client.get(f"{reverse('dashboard:overview')}?{query}")


def test_the_polda_overview_has_one_row_per_polres_with_the_totals_of_its_polsek(
    login, polda_kasat, polda_world
):
    client = login(polda_kasat)
    response = overview(client)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["unit"].code for row in rows] == ["TEST-POLDA", "TEST-POLRES", "POLRES-2"]
    for row in rows[1:]:
        # The Polres's own overview: its HQ row and one row per Polsek, and their total.
        polres_view = overview(client, row["unit"].code)
        assert len(polres_view.context["rows"]) == 3
        assert {key: row[key] for key in SUMMED} == {
            key: polres_view.context["totals"][key] for key in SUMMED
        }
        assert (
            row["dashboard_url"]
            == f"{reverse('dashboard:overview')}?unit={row['unit'].code}&{NOV_2022}"
        )
    first = rows[1]
    assert (first["areas"], first["officers"], first["visits"], first["incidents"]) == (3, 2, 3, 3)
    assert response.context["totals"]["visits"] == 3 + 2 * 3


def test_the_polda_competency_table_has_one_row_per_polres(login, polda_kasat, polda_world):
    client = login(polda_kasat)
    body = overview(client).context["kompetensi"]["body"]
    assert [row[1]["value"] for row in body] == ["POLDA UJI", "POLRES UJI", "POLRES X-POLRES-2"]
    polres_total = overview(client, "POLRES-2").context["kompetensi"]["total"]
    assert [cell["value"] for cell in body[2][2:]] == [cell["value"] for cell in polres_total[2:]]


def test_the_polda_overview_costs_the_same_with_2_and_4_polres(
    login, polda_kasat, polres, django_assert_num_queries
):
    client = login(polda_kasat)
    url = f"{reverse('dashboard:overview')}?{NOV_2022}"
    busy_area(PoliceUnitFactory(code="POLSEK-A"), visits=1)
    add_polres("POLRES-2", polsek=1)
    # POLDA_OVERVIEW_QUERIES, named above.
    with django_assert_num_queries(POLDA_OVERVIEW_QUERIES):
        response = client.get(url)
        assert response.status_code == 200
    assert len(response.context["rows"]) == 3
    add_polres("POLRES-3", polsek=3, visits=4)
    add_polres("POLRES-4", polsek=2, visits=2)
    # The same with four Polres and eight Polsek.
    with django_assert_num_queries(POLDA_OVERVIEW_QUERIES):
        response = client.get(url)
        assert response.status_code == 200
    assert len(response.context["rows"]) == 5


def test_the_unit_picker_offers_the_way_down_and_the_units_directly_below(
    login, polda_kasat, polda_world, polres
):
    client = login(polda_kasat)

    def choices(unit=None):
        return [choice.code for choice in overview(client, unit).context["unit_choices"]]

    # The Polda: itself and its Polres, not the Polsek two levels down.
    assert choices() == ["TEST-POLDA", "TEST-POLRES", "POLRES-2"]
    # A Polres: the Polda above, the Polres, then its Polsek.
    assert choices("POLRES-2") == ["TEST-POLDA", "POLRES-2", "POLRES-2-SEK0", "POLRES-2-SEK1"]
    # The Kasat of a Polres is not offered the Polda above their unit.
    kasat_polres = UserFactory(username="k2", role=User.Role.KASAT_BINMAS, unit=polres)
    client = login(kasat_polres)
    assert choices()[0] == "TEST-POLRES"

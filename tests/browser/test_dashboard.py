"""The Kasat Binmas dashboard in a real browser: the overview on a desktop and a phone, then a
Polsek and one of its areas."""

import datetime

import pytest

from bhabin.models import Activity, AssistedArea, VisitSchedule
from conflicts.models import ConflictCategory
from tests.browser.conftest import log_in, screenshot
from tests.dashboard.conftest import at, case, warning
from tests.factories import (
    AssignmentFactory,
    AssistedAreaFactory,
    IncidentFactory,
    OfficerFactory,
    PoliceUnitFactory,
    VisitFactory,
)

NOV_2022 = "period=2022-11"


@pytest.fixture
def polres_world(kasat, polsek_a, polsek_b):
    """Four Polsek of three areas each (in two of them one area has no officer), visits in
    Oct-Nov 2022 and incidents over 2020-2022."""
    # live_server flushes the tables between tests, reference rows from migrations included.
    Activity.objects.get_or_create(code="sambang", defaults={"name": "Sambang"})
    ConflictCategory.objects.get_or_create(
        code="antar-kelompok", defaults={"name": "Antar kelompok/warga"}
    )
    units = [polsek_a, polsek_b, PoliceUnitFactory(code="POLSEK-C", name="Polsek Cibitung Uji")]
    units.append(PoliceUnitFactory(code="POLSEK-D", name="Polsek Tarumajaya Uji"))
    for u, unit in enumerate(units):
        for n in range(3):
            kakerda = [AssistedArea.KakerdaLevel.LOW, AssistedArea.KakerdaLevel.HIGH][n % 2]
            if n == 2 and u % 2:
                AssistedAreaFactory(unit=unit, name=f"Kawasan {unit.name.split()[1]}")
                continue
            assignment = AssignmentFactory(
                officer=OfficerFactory(unit=unit),
                area__unit=unit,
                area__name=f"Desa {unit.name.split()[1]} {n + 1}",
                area__kakerda_level=kakerda,
            )
            officer, area = assignment.officer, assignment.area
            for day in range(1, 2 + (u + n) % 4):
                VisitFactory(
                    officer=officer, area=area, occurred_at=at(datetime.date(2022, 11, day * 5))
                )
            VisitFactory(officer=officer, area=area, occurred_at=at(datetime.date(2022, 10, 12)))
            VisitSchedule.objects.create(
                officer=officer, area=area, planned_on=datetime.date(2022, 11, 5)
            )
            for year in range(2020, 2023):
                if (u + n + year) % 3 == 0:
                    IncidentFactory(
                        unit=unit, area=area, occurred_on=datetime.date(year, 11, 3 + n)
                    )
            if n == 1:
                warning(officer, area)
                case(officer, area)
    return units


def test_the_kasat_opens_the_overview_then_a_polsek_then_an_area(
    desktop, live_server, polres_world
):
    log_in(desktop, live_server, "kasat")
    desktop.goto(f"{live_server.url}/dasbor/?{NOV_2022}")
    assert desktop.locator("h1").inner_text().startswith("Dasbor") or desktop.locator("h1").count()
    assert desktop.locator("#strength table tbody tr").count() == 5  # the Polres and 4 Polsek
    assert desktop.locator("figure.chart svg").count() >= 5
    assert screenshot(desktop, "dashboard-overview-desktop").stat().st_size > 0

    desktop.locator("#strength table tbody").get_by_role(
        "link", name="Polsek A", exact=True
    ).click()
    desktop.wait_for_load_state("networkidle")
    assert "/dasbor/satuan/POLSEK-A/" in desktop.url
    assert desktop.locator("#areas table tbody tr").count() == 3

    desktop.locator("#areas table tbody a").first.click()
    desktop.wait_for_load_state("networkidle")
    assert "/wilayah/" in desktop.url
    assert desktop.locator("figure.chart svg").count() == 1


def test_the_overview_and_an_area_read_on_a_phone(phone, live_server, polres_world):
    log_in(phone, live_server, "kasat")
    phone.goto(f"{live_server.url}/dasbor/?{NOV_2022}")
    # No sideways scrolling of the page on a 360 px phone: wide tables scroll inside their box.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert screenshot(phone, "dashboard-overview-phone").stat().st_size > 0

    phone.locator("#hotspots a").first.click()
    phone.wait_for_load_state("networkidle")
    assert "/wilayah/" in phone.url
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert screenshot(phone, "dashboard-area-phone").stat().st_size > 0

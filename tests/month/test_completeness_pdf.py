"""The monthly PDF prints the completeness and timeliness table of its unit and month: each
figure as counted here from the rows.

November 2022 in Polsek A, due day the 5th: alice has three scheduled visits, two done; she is
assigned area_a1 and a second area she never visits; she recorded one visit on time, two late
(6 December) and one imported visit that is not timed.
"""

import datetime
import re
import shutil
import subprocess

import pytest

from bhabin.models import Visit, VisitSchedule
from bhabin.schedules import visit_done
from monthly.report import monthly_report
from monthly.views import render_monthly
from org.periods import month_bounds, reports_due
from tests.dashboard.conftest import at
from tests.factories import AssignmentFactory, AssistedAreaFactory, VisitFactory

PDFTOTEXT = shutil.which("pdftotext")
NOV = datetime.date(2022, 11, 1)


@pytest.fixture
def november(settings, alice, area_a1, polsek_a):
    settings.REPORTS_DUE_DAY = 5
    officer = alice.officer
    AssignmentFactory(officer=officer, area=AssistedAreaFactory(unit=polsek_a, name="Desa A3"))
    days = [NOV.replace(day=n) for n in (3, 10, 17)]
    for day in days:
        VisitSchedule.objects.create(officer=officer, area=area_a1, planned_on=day)
    visits = [
        VisitFactory(officer=officer, area=area_a1, occurred_at=at(day)) for day in days[:2]
    ] + [VisitFactory(officer=officer, area=area_a1, occurred_at=at(NOV.replace(day=28)))]
    imported = VisitFactory(officer=officer, area=area_a1, occurred_at=at(NOV.replace(day=29)))
    Visit.objects.filter(pk=visits[0].pk).update(created_at=at(days[0], 18))
    Visit.objects.filter(pk__in=[v.pk for v in visits[1:]]).update(
        created_at=at(datetime.date(2022, 12, 6))
    )
    Visit.objects.filter(pk=imported.pk).update(source=Visit.Source.IMPORT)
    return officer


def counted(officer):
    """The officer's figures, counted from the rows one by one."""
    start, stop = month_bounds(NOV)
    due = reports_due(NOV)
    schedule = VisitSchedule.objects.filter(officer=officer, planned_on__month=11)
    visits = Visit.objects.filter(officer=officer, occurred_at__gte=start, occurred_at__lt=stop)
    timed = [v for v in visits if v.source != Visit.Source.IMPORT]
    return [
        schedule.count(),
        schedule.annotate(is_done=visit_done()).filter(is_done=True).count(),
        officer.assignments.count(),
        len({v.area_id for v in visits}),
        sum(v.created_at < due for v in timed),
        sum(v.created_at >= due for v in timed),
    ]


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs poppler-utils")
def test_the_monthly_pdf_prints_the_completeness_of_each_officer_and_the_unit(
    polsek_a, november, tmp_path
):
    expected = counted(november)
    assert expected == [3, 2, 2, 1, 1, 2]  # the world is what the docstring says
    path = tmp_path / "report.pdf"
    path.write_bytes(render_monthly(monthly_report(polsek_a, 2022, 11)))
    text = subprocess.run(  # noqa: S603
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Kelengkapan dan ketepatan waktu laporan" in text
    section = text[text.index("Kelengkapan dan ketepatan waktu laporan") :]
    # planned, done, %, assigned, visited, %, on time, late, % ; then the approval state
    (line,) = [line for line in section.splitlines() if november.name in line][:1]
    numbers = re.findall(r"\d+(?:,\d+)?", line.split(november.name, 1)[1])
    assert [numbers[i] for i in (0, 1, 3, 4, 6, 7)] == [str(n) for n in expected]
    assert [numbers[i] for i in (2, 5, 8)] == ["66,7", "50,0", "33,3"]
    (total,) = [line for line in section.splitlines() if "JUMLAH POLSEK A" in line][:1]
    numbers = re.findall(r"\d+(?:,\d+)?", total.split("JUMLAH POLSEK A", 1)[1])
    assert [numbers[i] for i in (0, 1, 3, 4, 6, 7)] == [str(n) for n in expected]
    assert "belum" in total  # the month is not approved
    assert "paling lambat 5 Desember 2022" in " ".join(section.split())

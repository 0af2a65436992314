"""manage.py optimise prints the recommendations and the solve times."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from org.scoping import COMMAND_LINE
from tests.optimisation.conftest import AS_OF, posted


def test_it_prints_each_recommendation_and_the_solve_times(area_a1, polres):
    posted(area_a1)
    out = StringIO()
    call_command(
        "optimise",
        polres.code,
        "--as-of",
        AS_OF.isoformat(),
        "--month",
        "2022-12",
        "--motorbikes",
        "1",
        "--seats",
        "1",
        "--more-officers",
        "1",
        stdout=out,
    )
    text = out.getvalue()
    assert "rencana 12-2022" in text
    assert "(a) sepeda motor dinas: 1 dibagi - Optimal." in text
    assert "(b) Kursi dikbangspes: 1 - Optimal." in text
    assert "Desa A1" in text
    assert "(d) Bagaimana jika +1 personel" in text
    assert "Waktu (detik): queries" in text


def test_an_unknown_unit_or_a_bad_month_is_refused(polres):
    with pytest.raises(CommandError, match="No unit"):
        call_command("optimise", "NOPE", stdout=StringIO())
    # The month's message speaks the configured language (Indonesian), whatever an earlier test
    # left active.
    with translation.override("id"), pytest.raises(CommandError, match=r"bukan bulan \(TTTT-BB\)"):
        call_command("optimise", polres.code, "--month", "Desember", stdout=StringIO())


def test_a_polsek_plan_is_taken_as_the_schedule_by_schedule_apply_plan(area_a1, polsek_a):
    import datetime

    from bhabin.models import VisitSchedule
    from bhabin.schedules import schedule_apply_plan
    from optimisation.report import build_report

    posted(area_a1)
    report = build_report(
        polsek_a, as_of=AS_OF, month=datetime.date(2022, 12, 1), user=COMMAND_LINE
    )
    entries = report.schedule_plan_entries(polsek_a.pk)
    assert entries
    schedule_apply_plan(unit=polsek_a, year=2022, month=12, entries=entries)
    assert VisitSchedule.objects.filter(area=area_a1).count() == len(entries)

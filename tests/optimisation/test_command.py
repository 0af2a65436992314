"""manage.py optimise prints the recommendations and the solve times."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

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
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("optimise", polres.code, "--month", "Desember", stdout=StringIO())

"""Issue 16, item 13: a formula hidden behind a leading space, a newline or a full-width sign
stays text in a CSV or xlsx cell; `createsuperuser` makes an account the database accepts."""

import pytest
from django.core.management import call_command

from personnel.models import User
from reports.xlsx import safe_cell


@pytest.mark.parametrize(
    "value",
    [" =1+1", "\n=cmd|' /C calc'!A0", '＝HYPERLINK("http://x")', "\u3000+1", "﹦1", " \t@SUM(A1)"],
)
def test_a_formula_behind_blanks_or_in_full_width_is_neutralised(value):
    assert safe_cell(value).startswith("'")


@pytest.mark.parametrize("value", ["Desa Sukamaju", " Desa", "5 = lima", "", "１２"])
def test_plain_text_passes_unchanged(value):
    assert safe_cell(value) == value


def test_rekap_csv_neutralises_a_hidden_formula_in_a_unit_name(polsek_a, capsys):
    polsek_a.name = " =2+3"
    polsek_a.save()

    call_command("rekap", "bhabin", "--format", "csv")

    out = capsys.readouterr().out
    assert "' =2+3" in out
    assert ", =2+3" not in out and "\n =2+3" not in out


def test_createsuperuser_makes_an_account_the_database_accepts(monkeypatch, db):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "rahasia-super-123")

    call_command("createsuperuser", interactive=False, username="akar", email="akar@example.com")

    user = User.objects.get(username="akar")
    assert user.is_superuser and user.role == User.Role.ADMIN

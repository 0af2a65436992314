"""The mapping step: unknown values listed once each, chosen or rejected, remembered for the next
file; in the browser and on the command line (`--map`)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from bhabin.models import Visit
from imports.forms import REJECT
from imports.models import ImportBatch, Synonym
from personnel.models import User
from tests.factories import OfficerFactory, UserFactory
from tests.imports.test_kind_visits import log, row

Status = ImportBatch.Status


@pytest.fixture
def dodi(polsek_a, area_a1):
    return OfficerFactory(unit=polsek_a, nrp="80000001", name="Dodi")


@pytest.fixture
def operator_res(polres):
    return UserFactory(username="operator_res", role=User.Role.OPERATOR, unit=polres)


def odd_log():
    """Two rows known, three of a misspelling (a proposal), two of a word nothing resembles."""
    return log(
        row(time="07:00"),
        row(time="08:00", activity="Silaturohmi"),
        row(time="09:00", activity="Silaturohmi"),
        row(time="10:00", activity="Penyuluhan"),
        row(time="11:00", activity="Apel pagi"),
        row(time="12:00", activity="silaturohmi"),
        row(time="13:00", activity="APEL PAGI"),
    )


def upload(client, data, name="log.csv", **fields):
    file = SimpleUploadedFile(name, data)
    return client.post(reverse("imports:list"), {"kind": "visits", "file": file, **fields})


def test_unknown_values_are_listed_once_each_with_counts_and_proposals(login, operator_res, dodi):
    client = login(operator_res)
    response = upload(client, odd_log())

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert batch.status == Status.PREVIEWED
    assert Visit.objects.count() == 0
    page = client.get(response.url)
    assert page.status_code == 200
    form = page.context["mapping_form"]
    listed = [(value, count) for _field, _column, value, count, _rows in form.rows()]
    # Matched without regard to case, so "silaturohmi" is counted with "Silaturohmi".
    assert sorted(listed) == [("Apel pagi", 2), ("Silaturohmi", 3)]
    initial = {value: field.initial for field, _c, value, _n, _r in form.rows()}
    assert initial == {"Silaturohmi": "silaturahmi", "Apel pagi": ""}
    assert not page.context["can_confirm"]
    assert "Confirm and import" not in page.text


def test_choosing_and_rejecting_lets_the_file_import_and_remembers_the_choice(
    login, operator_res, dodi, django_capture_on_commit_callbacks
):
    client = login(operator_res)
    upload(client, odd_log())
    batch = ImportBatch.objects.get()
    form = client.get(reverse("imports:detail", args=[batch.pk])).context["mapping_form"]
    fields = {value: field.html_name for field, _c, value, _n, _r in form.rows()}

    response = client.post(
        reverse("imports:map", args=[batch.pk]),
        {fields["Silaturohmi"]: "silaturahmi", fields["Apel pagi"]: REJECT},
    )

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED
    assert batch.report["acceptable"] is True
    assert batch.report["counts"] == {
        "new": 5,
        "update": 0,
        "unchanged": 0,
        "error": 0,
        "skipped": 2,
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == Status.IMPORTED
    assert Visit.objects.count() == 5
    assert Visit.objects.filter(activity__code="silaturahmi").count() == 3
    synonym = Synonym.objects.get(unit__isnull=False)
    assert (synonym.text, synonym.target, synonym.created_by) == (
        "Silaturohmi",
        "silaturahmi",
        operator_res,
    )
    # The rejection is this file's choice only, not a synonym.
    assert not Synonym.objects.filter(key="apelpagi").exists()

    # The next file knows the word without a mapping step.
    upload(client, log(row(time="15:00", activity="SILATUROHMI")))
    assert ImportBatch.objects.latest("pk").report["acceptable"] is True


def test_a_value_left_unknown_keeps_the_file_waiting(login, operator_res, dodi):
    client = login(operator_res)
    upload(client, odd_log())
    batch = ImportBatch.objects.get()
    form = client.get(reverse("imports:detail", args=[batch.pk])).context["mapping_form"]
    fields = {value: field.html_name for field, _c, value, _n, _r in form.rows()}

    client.post(reverse("imports:map", args=[batch.pk]), {fields["Apel pagi"]: REJECT})

    batch.refresh_from_db()
    assert batch.report["acceptable"] is False
    assert list(batch.report["unknowns"]["activity"]) == ["Silaturohmi"]
    confirm = client.post(reverse("imports:confirm", args=[batch.pk]))
    assert confirm.status_code == 302
    assert Visit.objects.count() == 0


def test_another_units_batch_cannot_be_mapped(login, operator_res, dodi, polsek_b):
    upload(login(operator_res), odd_log())
    batch = ImportBatch.objects.get()
    stranger = UserFactory(username="op_b", role=User.Role.OPERATOR, unit=polsek_b)

    response = login(stranger).post(reverse("imports:map", args=[batch.pk]), {"v0": REJECT})

    assert response.status_code == 404
    assert not Synonym.objects.filter(unit__isnull=False).exists()


def test_the_command_prints_the_unknown_values_and_imports_with_a_map_file(polres, dodi, tmp_path):
    data = tmp_path / "log.csv"
    data.write_bytes(odd_log())
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_sheet", "visits", data, "--unit", polres.code, stdout=out)

    printed = out.getvalue()
    assert "activity,Silaturohmi,silaturahmi,3,close" in printed
    assert "activity,Apel pagi,,2,unknown" in printed
    choices = tmp_path / "map.csv"
    choices.write_text("kolom,nilai,kode\nactivity,Silaturohmi,silaturahmi\nactivity,Apel pagi,\n")

    out = io.StringIO()
    call_command(
        "import_sheet", "visits", data, "--unit", polres.code, "--map", choices, stdout=out
    )

    assert Visit.objects.count() == 5
    assert Synonym.objects.get(unit=polres).target == "silaturahmi"


def test_a_map_file_naming_a_code_the_column_lacks_is_refused(polres, dodi, tmp_path):
    data = tmp_path / "log.csv"
    data.write_bytes(odd_log())
    choices = tmp_path / "map.csv"
    choices.write_text("activity,Silaturohmi,no-such-activity\n")

    with pytest.raises(CommandError, match="baris 1"):
        call_command("import_sheet", "visits", data, "--unit", polres.code, "--map", choices)
    assert Visit.objects.count() == 0

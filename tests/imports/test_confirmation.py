"""Who confirmed an import and when: recorded when a file's rows are written, and never otherwise.

Personas: operator_pmj (Andi Unggah) uploads the sample recap of Bhabinkamtibmas per unit at
Polres PMJ-BKS; colleague_pmj (Siti Konfirmasi), an operator of the same Polres, confirms it, so
that the confirmer is seen to be the person who pressed the button and not the uploader.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone, translation

from imports.models import ImportBatch
from imports.services import import_file
from org.models import PoliceUnit
from personnel.models import User
from tests.factories import UserFactory

SAMPLE = Path(settings.BASE_DIR) / "fixtures" / "samples" / "01_data_bhabinkamtibmas.xlsx"
Status = ImportBatch.Status


@pytest.fixture
def operator_pmj(polres_pmj):
    return UserFactory(
        username="operator_pmj",
        first_name="Andi",
        last_name="Unggah",
        role=User.Role.OPERATOR,
        unit=polres_pmj,
    )


@pytest.fixture
def colleague_pmj(polres_pmj):
    return UserFactory(
        username="colleague_pmj",
        first_name="Siti",
        last_name="Konfirmasi",
        role=User.Role.OPERATOR,
        unit=polres_pmj,
    )


def upload(client, data=None, name="01_data_bhabinkamtibmas.xlsx"):
    file = SimpleUploadedFile(name, SAMPLE.read_bytes() if data is None else data)
    client.post(reverse("imports:list"), {"kind": "units", "file": file})
    return ImportBatch.objects.latest("pk")


def confirm(client, batch, capture):
    with capture(execute=True):
        client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    return batch


def test_confirming_in_the_browser_records_the_confirming_user_and_the_time(
    login, operator_pmj, colleague_pmj, django_capture_on_commit_callbacks
):
    batch = upload(login(operator_pmj))
    assert (batch.status, batch.confirmed_by, batch.confirmed_at) == (Status.PREVIEWED, None, None)

    before = timezone.now()
    batch = confirm(login(colleague_pmj), batch, django_capture_on_commit_callbacks)
    after = timezone.now()

    assert batch.status == Status.IMPORTED
    assert batch.created_by == operator_pmj
    assert batch.confirmed_by == colleague_pmj
    assert before <= batch.confirmed_at <= after
    assert batch.confirmed_at == batch.finished_at
    # The confirmer has a field of its own now: the message no longer carries it as text.
    assert "Siti" not in batch.message


def test_the_detail_and_the_log_show_who_confirmed_and_when(
    login, operator_pmj, colleague_pmj, django_capture_on_commit_callbacks
):
    batch = upload(login(operator_pmj))
    batch = confirm(login(colleague_pmj), batch, django_capture_on_commit_callbacks)
    with translation.override("en"):
        when = date_filter(timezone.localtime(batch.confirmed_at), "j M Y H:i")
    client = login(operator_pmj)

    detail = client.get(reverse("imports:detail", args=[batch.pk]))
    log = client.get(reverse("imports:list"))

    assert f"<dt>Confirmed by</dt><dd>Siti Konfirmasi, {when}</dd>" in detail.text
    assert f"<td>Siti Konfirmasi, {when}</td>" in log.text


def test_the_data_quality_page_names_who_confirmed_the_latest_import(
    login, operator_pmj, colleague_pmj, django_capture_on_commit_callbacks
):
    batch = upload(login(operator_pmj))
    batch = confirm(login(colleague_pmj), batch, django_capture_on_commit_callbacks)
    with translation.override("en"):
        when = date_filter(timezone.localtime(batch.confirmed_at), "j M Y H:i")

    response = login(operator_pmj).get(reverse("imports:data-quality"))

    assert f"Confirmed by Siti Konfirmasi, {when}" in response.text


def test_a_preview_waiting_for_confirmation_shows_no_confirmer(login, operator_pmj):
    client = login(operator_pmj)
    batch = upload(client)

    detail = client.get(reverse("imports:detail", args=[batch.pk]))

    assert "Confirmed by" not in detail.text
    assert (batch.confirmed_by, batch.confirmed_at) == (None, None)


def test_a_file_refused_on_upload_has_no_confirmation(login, operator_pmj):
    html = b"<!DOCTYPE html><html><body>Login</body></html>"

    batch = upload(login(operator_pmj), data=html, name="rekap.xlsx")

    assert batch.status == Status.REJECTED
    assert (batch.confirmed_by, batch.confirmed_at) == (None, None)


def test_a_file_refused_when_confirmed_has_no_confirmation(
    login, operator_pmj, monkeypatch, django_capture_on_commit_callbacks
):
    client = login(operator_pmj)
    batch = upload(client)
    from imports import flow
    from imports.services import plan_file

    def plan_with_an_error(**kwargs):
        importer, plan = plan_file(**kwargs)
        plan.add(99, "error", "Polsek Baru", "Satuan sudah dihapus.")
        return importer, plan

    monkeypatch.setattr(flow, "plan_file", plan_with_an_error)
    batch = confirm(client, batch, django_capture_on_commit_callbacks)

    # The button was pressed, but nothing was written: there is no import to vouch for.
    assert batch.status == Status.REJECTED
    assert (batch.confirmed_by, batch.confirmed_at) == (None, None)
    assert PoliceUnit.objects.filter(level="polsek").count() == 0


def test_a_cancelled_preview_has_no_confirmation(
    login, operator_pmj, django_capture_on_commit_callbacks
):
    client = login(operator_pmj)
    batch = upload(client)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:cancel", args=[batch.pk]))

    batch.refresh_from_db()
    assert batch.status == Status.CANCELLED
    assert (batch.confirmed_by, batch.confirmed_at) == (None, None)


def test_a_dry_run_on_the_command_line_has_no_confirmation(polres_pmj):
    call_command(
        "import_sheet", "units", SAMPLE, "--dry-run", "--unit", "PMJ-BKS", stdout=StringIO()
    )

    batch = ImportBatch.objects.get()
    assert batch.status == Status.PREVIEWED
    assert (batch.confirmed_by, batch.confirmed_at) == (None, None)
    assert PoliceUnit.objects.filter(level="polsek").count() == 0


def test_a_file_refused_on_the_command_line_has_no_confirmation(polres_pmj, tmp_path):
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")

    with pytest.raises(CommandError):
        call_command("import_sheet", "units", empty, "--unit", "PMJ-BKS", stdout=StringIO())

    batch = ImportBatch.objects.get()
    assert batch.status == Status.REJECTED
    assert (batch.confirmed_by, batch.confirmed_at) == (None, None)


def test_the_command_line_records_the_time_and_no_confirmer_as_it_has_no_uploader(polres_pmj):
    before = timezone.now()
    call_command("import_sheet", "units", SAMPLE, "--unit", "PMJ-BKS", stdout=StringIO())

    batch = ImportBatch.objects.get()
    assert batch.status == Status.IMPORTED
    assert (batch.created_by, batch.confirmed_by) == (None, None)
    assert before <= batch.confirmed_at <= timezone.now()


def test_a_direct_import_by_a_person_is_confirmed_by_that_person(polres_pmj, operator_pmj):
    result = import_file(
        kind="units",
        data=SAMPLE.read_bytes(),
        filename=SAMPLE.name,
        unit=polres_pmj,
        user=operator_pmj,
    )

    batch = ImportBatch.objects.get(pk=result.batch.pk)
    assert batch.status == Status.IMPORTED
    assert batch.confirmed_by == operator_pmj
    assert batch.confirmed_at == batch.finished_at


def test_the_database_refuses_a_confirmation_on_a_batch_that_wrote_nothing(
    polres_pmj, operator_pmj
):
    with pytest.raises(IntegrityError):
        ImportBatch.objects.create(
            kind="units",
            file_name="rekap.xlsx",
            sha256="0" * 64,
            size=1,
            unit=polres_pmj,
            status=Status.REJECTED,
            confirmed_by=operator_pmj,
            confirmed_at=timezone.now(),
        )


def test_an_account_that_confirmed_an_import_cannot_be_deleted(
    login, operator_pmj, colleague_pmj, django_capture_on_commit_callbacks
):
    batch = upload(login(operator_pmj))
    confirm(login(colleague_pmj), batch, django_capture_on_commit_callbacks)

    with pytest.raises(ProtectedError):
        colleague_pmj.delete()

    batch.refresh_from_db()
    assert batch.confirmed_by == colleague_pmj

"""The real queue end to end: the database backend and its worker (`manage.py db_worker`, in
batch mode, as .ci/run runs it) take a large import from upload to rows, and a worker that dies
while writing leaves nothing half-written and a job that can be started again."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from bhabin.models import Visit
from imports.kinds import visits as visits_kind
from imports.models import ImportBatch
from jobs.models import Job
from tests.factories import OfficerFactory
from tests.jobs.files import reference_data, visit_log

ROWS = 300


def run_worker():
    """The worker speaks the configured language, as a worker process does (the test client's
    requests leave theirs, English, active in this thread)."""
    with translation.override(settings.LANGUAGE_CODE):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def queue(settings, transactional_db):
    """The database backend (the default), and jobs from 10 rows or a 1 KB workbook. The
    worker commits as it goes, so the test database is really written (and emptied after)."""
    reference_data()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_JOB_MIN_BYTES = 1024
    settings.IMPORT_JOB_MIN_ROWS = 10


@pytest.fixture
def importing(queue, polsek_a, area_a1, operator_a, login):
    OfficerFactory(unit=polsek_a, nrp="80000001", name="Dodi")
    return login(operator_a)


def upload(client, data, name="kunjungan.csv"):
    response = client.post(
        reverse("imports:list"), {"kind": "visits", "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302
    return Job.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def test_a_large_import_is_checked_then_written_by_the_worker(importing):
    client = importing
    job = upload(client, visit_log(ROWS))
    assert job.status == Job.Status.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker()
    job.refresh_from_db()
    batch = ImportBatch.objects.get()
    assert (job.status, job.progress, job.result_url) == (
        Job.Status.SUCCEEDED,
        100,
        reverse("imports:detail", kwargs={"pk": batch.pk}),
    )
    assert (batch.status, batch.rows_new, Visit.objects.count()) == ("previewed", ROWS, 0)

    response = client.post(reverse("imports:confirm", kwargs={"pk": batch.pk}))
    confirm = Job.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("jobs:detail", kwargs={"pk": confirm.pk})
    assert Visit.objects.count() == 0  # nothing written in the request

    run_worker()
    confirm.refresh_from_db()
    batch.refresh_from_db()
    assert (confirm.status, confirm.result_note) == (
        "succeeded",
        "Berkas diimpor: 300 baris ditulis.",
    )
    assert (batch.status, Visit.objects.count()) == ("imported", ROWS)


def test_a_worker_killed_while_writing_leaves_nothing_and_the_job_can_be_run_again(
    importing, monkeypatch, settings
):
    client = importing
    upload(client, visit_log(ROWS))
    run_worker()
    batch = ImportBatch.objects.get()
    write = visits_kind.field_reports_import

    def write_then_die(**kwargs):
        write(**kwargs)  # every row is in the transaction...
        assert Visit.objects.count() == ROWS
        raise KeyboardInterrupt  # ...when the process is stopped, as by a kill

    monkeypatch.setattr(visits_kind, "field_reports_import", write_then_die)
    client.post(reverse("imports:confirm", kwargs={"pk": batch.pk}))
    confirm = Job.objects.get(kind="import-confirm")
    run_worker()
    confirm.refresh_from_db()
    batch.refresh_from_db()

    assert Visit.objects.count() == 0
    assert (batch.status, bool(batch.stored_file)) == ("previewed", True)
    assert confirm.status == Job.Status.RUNNING  # nobody told the page: it went quiet

    settings.JOBS_STALE_SECONDS = 0
    monkeypatch.setattr(visits_kind, "field_reports_import", write)
    page = client.get(reverse("jobs:detail", kwargs={"pk": confirm.pk}))
    client.post(reverse("jobs:retry", kwargs={"pk": confirm.pk}))
    run_worker()
    confirm.refresh_from_db()
    batch.refresh_from_db()

    assert page.context["state"]["stale"] is True
    assert (confirm.status, confirm.attempts) == (Job.Status.SUCCEEDED, 2)
    assert (batch.status, Visit.objects.count()) == ("imported", ROWS)


def test_a_file_the_reader_refuses_fails_its_job_with_the_readers_words(importing):
    client = importing
    job = upload(client, b"\x00\x01" * 1000, name="kunjungan.xlsx")
    run_worker()
    job.refresh_from_db()

    assert job.status == Job.Status.FAILED
    assert job.error == ImportBatch.objects.get().message
    assert job.error.startswith("Berkas")

"""Imports as background jobs: a large file is read and checked in one job (the preview), and
written in another once the person confirms it. Both go through imports.flow like the request
does; the write stays one transaction, so a worker killed mid-write leaves the batch waiting
for confirmation, nothing half-written, and the job can be started again."""

from django.urls import reverse
from django_tasks import task

from imports import flow, storage
from imports.models import ImportBatch
from jobs.services import JobFailed, JobResult, job_body
from org.models import PoliceUnit


@task()
@job_body
def import_preview(job, progress, *, stored_file, kind, file_name, unit_id, options):
    """Read and check an upload kept in private storage; the result is its batch's page."""
    try:
        data = storage.read(stored_file)
    except FileNotFoundError as exc:
        raise JobFailed("Berkas unggahan tidak ditemukan lagi; unggah ulang.") from exc
    unit = PoliceUnit.objects.get(pk=unit_id)
    batch, error = flow.preview_data(
        kind=kind,
        data=data,
        filename=file_name,
        unit=unit,
        user=job.created_by,
        options=options,
        progress=progress,
    )
    # preview_data keeps its own copy while the batch waits; this one has served.
    storage.delete(stored_file)
    if error:
        raise JobFailed(error)
    return JobResult(url=reverse("imports:detail", kwargs={"pk": batch.pk}), note=batch.message)


@task()
@job_body
def import_confirm(job, progress, *, batch_id):
    """Write a previewed batch, once (a retry of a job that did write finds it imported)."""
    batch = flow.batch_confirm(batch_id=batch_id, user=job.created_by, progress=progress)
    url = reverse("imports:detail", kwargs={"pk": batch.pk})
    if batch.status != ImportBatch.Status.IMPORTED:
        raise JobFailed(f"Berkas tidak diimpor: {batch.message}")
    written = batch.rows_new + batch.rows_updated
    return JobResult(url=url, note=f"Berkas diimpor: {written:,} baris ditulis.".replace(",", "."))

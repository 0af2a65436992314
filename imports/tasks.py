"""Imports as background jobs: a large file is read and checked in one job (the preview), and
written in another once the person confirms it. Both go through imports.flow like the request
does; the write stays one transaction, so a worker killed mid-write leaves the batch waiting
for confirmation, nothing half-written, and the job can be started again."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from conflicts.retention import people_involved_purge
from imports import flow, storage
from imports.models import ImportBatch
from jobs.services import JobFailed, JobResult, job_body, jobs_purge
from org.models import PoliceUnit


@task()
@job_body
def import_preview(job, progress, *, stored_file, kind, file_name, unit_id, options):
    """Read and check an upload kept in private storage; the result is its batch's page."""
    try:
        data = storage.read(stored_file)
    except FileNotFoundError as exc:
        raise JobFailed(_("The uploaded file is no longer there; upload it again.")) from exc
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
        raise JobFailed(_("The file was not imported: %(message)s") % {"message": batch.message})
    written = batch.rows_new + batch.rows_updated
    note = ngettext(
        "The file was imported: %(rows)s row written.",
        "The file was imported: %(rows)s rows written.",
        written,
    ) % {"rows": f"{written:,}".replace(",", ".")}
    return JobResult(url=url, note=note)


@task()
@job_body
def retention_purge(job, progress):
    """The retention purges in one job (`manage.py enqueue_retention_purge`, nightly): people
    involved past retention (UU PDP), import previews never confirmed, and finished jobs past
    JOBS_KEEP_DAYS with their files. Each purge is its own transaction."""
    progress.stage(_("Deleting personal data past its retention period"), 0, 40)
    people = people_involved_purge()
    progress.stage(_("Cancelling expired import previews"), 40, 70)
    previews, orphans = flow.purge(older_than=datetime.timedelta(hours=24))
    progress.stage(_("Deleting old jobs and their files"), 70, 100)
    jobs = jobs_purge(older_than=datetime.timedelta(days=settings.JOBS_KEEP_DAYS))
    return JobResult(
        note=_(
            "%(people)s people involved past their retention period deleted; %(previews)s import "
            "previews cancelled and %(orphans)s files without a batch deleted; %(jobs)s old jobs "
            "deleted."
        )
        % {"people": len(people), "previews": previews, "orphans": orphans, "jobs": jobs}
    )

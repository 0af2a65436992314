"""The import flow in the browser: upload and preview, then confirm or cancel, then purge.

An upload is planned without writing anything and kept in private storage (imports.storage)
while its batch waits as "previewed". Confirming re-reads the kept file, checks it is the same
file, plans it again (the data may have changed since the preview) and applies it in one
transaction. Everything else in the import (reading, safety limits, planning) is
imports.services.
"""

import contextlib
import datetime
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imports import storage
from imports.base import ERROR, SKIPPED
from imports.models import ImportBatch
from imports.reader import ReadError
from imports.services import (
    _confirm,
    _new_batch,
    _record,
    plan_acceptable,
    plan_file,
    planned_status,
)
from imports.synonyms import synonym_remember

logger = logging.getLogger(__name__)

Status = ImportBatch.Status


def upload_preview(*, kind, upload, unit, user, options):
    """Plan an uploaded file and log its batch: previewed (file kept) or rejected (nothing kept).

    `upload` is a Django UploadedFile. Returns (batch, error message or "").
    """
    filename = upload.name or _("upload")
    if upload.size > settings.IMPORT_MAX_BYTES:
        # Refused before it is read into memory; the message is the one check_upload gives.
        batch = ImportBatch(
            kind=kind,
            file_name=filename[:255],
            sha256=_sha256_of(upload),
            size=upload.size,
            unit=unit,
            created_by=user,
            options=options,
        )
        message = _("'%(name)s' is %(size)s MB, over the limit of %(limit)s MB.") % {
            "name": filename,
            "size": f"{upload.size / 1_048_576:.1f}",
            "limit": f"{settings.IMPORT_MAX_BYTES / 1_048_576:.0f}",
        }
        _record(batch, None, Status.REJECTED, message)
        batch.save()
        return batch, message

    upload.seek(0)
    return preview_data(
        kind=kind, data=upload.read(), filename=filename, unit=unit, user=user, options=options
    )


def preview_data(*, kind, data, filename, unit, user, options, progress=None):
    """upload_preview for a file's bytes (a job reads them from private storage)."""
    batch = _new_batch(
        kind=kind, data=data, filename=filename, unit=unit, user=user, options=options
    )
    try:
        _importer, plan = plan_file(
            kind=kind,
            data=data,
            filename=filename,
            unit=unit,
            options=options,
            progress=progress,
        )
    except ReadError as exc:
        _record(batch, None, Status.REJECTED, str(exc))
        batch.save()
        return batch, str(exc)
    _keep_planned(batch, data, plan)
    return batch, ""


def _keep_planned(batch, data, plan):
    """Record a plan on its batch and keep the file: previewed (waiting for confirmation, or for
    the mapping step), or rejected with its rows' reasons (kept for the error workbook, until
    purge_imports)."""
    status, message = planned_status(plan, batch.options)
    token = storage.store(data)
    try:
        _record(batch, plan, status, message)
        batch.stored_file = token
        batch.save()
    except BaseException:
        storage.delete(token)
        raise


def batch_map(*, batch_id, user, choices):
    """Apply the operator's choices of the mapping step and plan the kept file again.

    `choices` maps (column, value as written) to a code, or "" for "reject these rows". A code
    is remembered as a synonym for the batch unit's Polres, so the next file knows the word.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != Status.PREVIEWED:
            return batch
        mapping = batch.options.get("mapping") or {}
        for (column, text), code in choices.items():
            if code:
                synonym_remember(unit=batch.unit, column=column, text=text, target=code, user=user)
            mapping.setdefault(column, {})[text] = code
        batch.options = {**batch.options, "mapping": mapping}
        try:
            data = storage.read(batch.stored_file)
        except FileNotFoundError:
            _finish(
                batch, Status.FAILED, _("The uploaded file is no longer there; upload it again.")
            )
            return batch
        try:
            _importer, plan = plan_file(
                kind=batch.kind,
                data=data,
                filename=batch.file_name,
                unit=batch.unit,
                options=batch.options,
            )
        except ReadError as exc:
            _finish(batch, Status.REJECTED, str(exc))
            return batch
        status, message = planned_status(plan, batch.options)
        _record(batch, plan, status, message)
        batch.save()
    return batch


def batch_confirm(*, batch_id, user, progress=None):
    """Apply a previewed batch once; return the batch as it ends up (imported, rejected, ...).

    The batch row is locked and its status checked inside the transaction, so a second submit
    of the same confirmation finds it no longer previewed and writes nothing. In a job,
    `progress` (jobs.progress.Progress) hears of the checking and of the write, which stays one
    transaction: a worker killed while writing leaves the batch waiting, nothing half-written.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != Status.PREVIEWED:
            return batch
        token = batch.stored_file
        try:
            data = storage.read(token)
        except FileNotFoundError:
            batch.stored_file = ""
            _finish(
                batch, Status.FAILED, _("The uploaded file is no longer there; upload it again.")
            )
            return batch
        if hashlib.sha256(data).hexdigest() != batch.sha256:
            transaction.on_commit(lambda: storage.delete(token))
            batch.stored_file = ""
            _finish(batch, Status.FAILED, _("The stored file is not the one that was previewed."))
            return batch
        try:
            importer, plan = plan_file(
                kind=batch.kind,
                data=data,
                filename=batch.file_name,
                unit=batch.unit,
                options=batch.options,
                progress=progress,
                until=50,
            )
        except ReadError as exc:
            _finish(batch, Status.REJECTED, str(exc))
            return batch
        if not plan_acceptable(plan, batch.options):
            _record(
                batch,
                plan,
                Status.REJECTED,
                _(
                    "The file was refused at confirmation: the data changed since the preview; "
                    "fix the rows marked as errors and upload it again."
                ),
            )
            batch.save()
            return batch
        try:
            with transaction.atomic(), _writing(plan, progress):
                importer.actor = user
                importer.apply(plan)
        except (DatabaseError, ValidationError) as exc:
            logger.exception("Import batch %s failed while writing", batch.pk)
            _record(
                batch,
                plan,
                Status.FAILED,
                _("Writing the data failed; nothing was written (%(error)s).") % {"error": exc},
            )
            batch.save()
            return batch
        _record(batch, plan, Status.IMPORTED)
        _confirm(batch, user)
        counts = plan.counts()
        if not (counts[ERROR] or counts.get(SKIPPED)):
            # Rows set aside keep the file for their error workbook, until purge_imports.
            transaction.on_commit(lambda: storage.delete(token))
            batch.stored_file = ""
        batch.save()
    return batch


def batch_cancel(*, batch_id, user=None, message=None):
    """Cancel a previewed batch and delete its file; other batches are left as they are."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != Status.PREVIEWED:
            return batch
        token = batch.stored_file
        transaction.on_commit(lambda: storage.delete(token))
        batch.stored_file = ""
        if message is None:
            who = user.get_full_name() or user.get_username()
            message = _("Cancelled by %(who)s; nothing was written.") % {"who": who}
        _finish(batch, Status.CANCELLED, message)
    return batch


def purge(*, older_than: datetime.timedelta):
    """Cancel previews left unconfirmed longer than `older_than` and delete stored files that no
    batch waits for. Returns (batches cancelled, orphan files deleted).

    An orphan file is only deleted once it is as old as that too, so that an upload whose batch
    is being saved at this moment keeps its file.
    """
    cutoff = timezone.now() - older_than
    hours = older_than.total_seconds() / 3600
    stale = ImportBatch.objects.filter(status=Status.PREVIEWED, created_at__lt=cutoff)
    cancelled = 0
    for batch_id in stale.values_list("pk", flat=True):
        batch = batch_cancel(
            batch_id=batch_id,
            message=_("Expired: not confirmed within %(hours)s hours; the file was deleted.")
            % {"hours": f"{hours:g}"},
        )
        cancelled += batch.status == Status.CANCELLED
    # A refused file, or one imported with rows set aside, is kept for its error workbook as
    # long as a preview would be.
    kept = (
        ImportBatch.objects.exclude(status=Status.PREVIEWED)
        .exclude(stored_file="")
        .filter(created_at__lt=cutoff)
    )
    for name in kept.values_list("stored_file", flat=True):
        storage.delete(name)
    kept.update(stored_file="")
    waiting = set(ImportBatch.objects.exclude(stored_file="").values_list("stored_file", flat=True))
    private = storage.private_storage()
    orphans = 0
    for name in storage.stored_names():
        if name not in waiting and private.get_modified_time(name) < cutoff:
            storage.delete(name)
            orphans += 1
    return cancelled, orphans


@contextlib.contextmanager
def _writing(plan, progress):
    """While a job writes, each statement is a heartbeat (the bar waits at its half until the
    transaction commits: what is written before is invisible to the page, and to everyone)."""
    if progress is None:
        yield
        return
    counts = plan.counts()
    rows = counts.get("new", 0) + counts.get("update", 0)
    progress.stage(
        _("Writing %(rows)s rows in one transaction") % {"rows": f"{rows:,}".replace(",", ".")},
        50,
        100,
    )

    def beat(execute, sql, params, many, context):
        progress.beat()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(beat):
        yield


def _finish(batch, status, message):
    batch.status = status
    batch.message = message
    batch.finished_at = timezone.now()
    batch.save()


def _sha256_of(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()

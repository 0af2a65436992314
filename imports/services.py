"""Importing a file: safety checks, plan, then one transaction, and a batch in the log."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from imports.base import ERROR, Plan
from imports.kinds import importer_class
from imports.models import ImportBatch
from imports.reader import ReadError
from org.scoping import COMMAND_LINE


@dataclass
class ImportResult:
    batch: ImportBatch
    plan: Plan | None

    @property
    def ok(self):
        return self.batch.status in (ImportBatch.Status.IMPORTED, ImportBatch.Status.PREVIEWED)


def check_upload(data: bytes, filename: str):
    """Refuse, before parsing, a file that is too large or an archive that unpacks too far."""
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ReadError(
            _("'%(name)s' is %(size)s MB, over the limit of %(limit)s MB.")
            % {
                "name": filename,
                "size": f"{len(data) / 1_048_576:.1f}",
                "limit": f"{limit / 1_048_576:.0f}",
            }
        )
    if not data:
        raise ReadError(_("'%(name)s' is empty.") % {"name": filename})
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = archive.infolist()
        except zipfile.BadZipFile as exc:
            raise ReadError(
                _("'%(name)s' is damaged (the archive is incomplete).") % {"name": filename}
            ) from exc
        if len(members) > settings.IMPORT_MAX_ARCHIVE_MEMBERS:
            raise ReadError(
                _("'%(name)s' holds too many parts (%(parts)s).")
                % {"name": filename, "parts": len(members)}
            )
        unpacked = sum(member.file_size for member in members)
        packed = max(1, sum(member.compress_size for member in members))
        if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
            raise ReadError(
                _("'%(name)s' is too large once unpacked (%(size)s MB).")
                % {"name": filename, "size": f"{unpacked / 1_048_576:.0f}"}
            )
        if unpacked / packed > settings.IMPORT_MAX_COMPRESSION_RATIO:
            raise ReadError(
                _("'%(name)s' is refused: its compression ratio is implausible (%(ratio)s:1).")
                % {"name": filename, "ratio": unpacked // packed}
            )


def _new_batch(*, kind, data, filename, unit, user, options):
    return ImportBatch(
        kind=kind,
        file_name=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        unit=unit,
        created_by=user,
        options=options or {},
    )


ALL_OR_NOTHING, VALID_ROWS = "all", "valid_rows"


def plan_acceptable(plan, options):
    """Whether a plan may be written: every row valid, or (when the operator chose to import the
    valid rows and set the rest aside) no blocking finding, no value left to map, and a row to
    write or keep."""
    if plan.is_valid:
        return True
    if (options or {}).get("mode") != VALID_ROWS or plan.unknowns:
        return False
    return not any(f.level == "error" for f in plan.findings)


def planned_status(plan, options):
    """The status and message of a planned upload (nothing written yet)."""
    Status = ImportBatch.Status
    if plan_acceptable(plan, options):
        errors = plan.counts()[ERROR]
        if errors:
            return Status.PREVIEWED, ngettext(
                "Waiting for confirmation: nothing has been written yet. %(count)s row with errors "
                "will be set aside (download the error workbook to fix it).",
                "Waiting for confirmation: nothing has been written yet. %(count)s rows with "
                "errors will be set aside (download the error workbook to fix them).",
                errors,
            ) % {"count": errors}
        return Status.PREVIEWED, _("Waiting for confirmation: nothing has been written yet.")
    if plan.unknowns:
        values = sum(len(v) for v in plan.unknowns.values())
        return Status.PREVIEWED, ngettext(
            "%(count)s unknown value: choose its meaning in the mapping step below; nothing has "
            "been written yet.",
            "%(count)s unknown values: choose their meaning in the mapping step below; nothing "
            "has been written yet.",
            values,
        ) % {"count": values}
    return Status.REJECTED, _("The file was refused: fix the rows marked as errors.")


def _record(batch, plan, status, message=""):
    counts = plan.counts() if plan else {}
    batch.status = status
    batch.message = message
    batch.rows_new = counts.get("new", 0)
    batch.rows_updated = counts.get("update", 0)
    batch.rows_unchanged = counts.get("unchanged", 0)
    batch.rows_error = counts.get("error", 0)
    batch.report = plan.report() if plan else {}
    if plan:
        batch.report["acceptable"] = plan_acceptable(plan, batch.options)
    batch.finished_at = timezone.now()


def _confirm(batch, user):
    """Record who applied an imported batch, and when; `user` may be None (the command line)."""
    batch.confirmed_by = user
    batch.confirmed_at = batch.finished_at


def plan_file(*, kind, data, filename, unit, options=None, progress=None, until=100):
    """Read and plan a file without writing anything; raises ReadError when it cannot be read.

    In a job, `progress` (jobs.progress.Progress) hears of it: reading fills the bar's first
    fifth up to `until`, checking the rows the rest.
    """
    check_upload(data, filename)
    importer = importer_class(kind)(unit=unit, options=options)
    if progress is not None:
        progress.stage(_("Reading the file"), 0, until // 5)
    # The reader refuses a sheet wider than IMPORT_MAX_COLUMNS, or longer than IMPORT_MAX_ROWS
    # plus its titles, before building it (imports.reader.read_limits).
    table = importer.read(data, filename, max_rows=settings.IMPORT_MAX_ROWS)
    if progress is not None:
        progress.stage(
            _("Checking %(rows)s rows") % {"rows": f"{len(table.rows):,}".replace(",", ".")},
            until // 5,
            until,
        )
        table.rows = CountedRows(table.rows, progress)
    plan = importer.plan(table)
    # A kind may read its own kind of table (conflicts_per_year: years across a row).
    plan.header_row = getattr(table, "header_row", 0)
    return importer, plan


class CountedRows(list):
    """A table's rows that tell a job's progress how far the importer has gone through them."""

    def __init__(self, rows, progress):
        super().__init__(rows)
        self.progress = progress

    def __iter__(self):
        total = len(self)
        for number, row in enumerate(super().__iter__(), 1):
            if number % 250 == 0:
                self.progress.step(number, total)
            yield row


def import_file(*, kind, data, filename, unit, user=None, dry_run=False, options=None):
    """Import a whole file or nothing; log the attempt as a batch. Returns an ImportResult."""
    batch = _new_batch(
        kind=kind, data=data, filename=filename, unit=unit, user=user, options=options
    )
    try:
        importer, plan = plan_file(
            kind=kind, data=data, filename=filename, unit=unit, options=options
        )
    except ReadError as exc:
        _record(batch, None, ImportBatch.Status.REJECTED, str(exc))
        batch.save()
        return ImportResult(batch, None)
    if not plan_acceptable(plan, options):
        _record(
            batch,
            plan,
            ImportBatch.Status.REJECTED,
            _("The file was refused: fix the rows marked as errors."),
        )
        batch.save()
        return ImportResult(batch, plan)
    if dry_run:
        _record(batch, plan, ImportBatch.Status.PREVIEWED, _("Dry run: nothing was written."))
        batch.save()
        return ImportResult(batch, plan)
    with transaction.atomic():
        importer.actor = user or COMMAND_LINE
        importer.apply(plan)
        _record(batch, plan, ImportBatch.Status.IMPORTED)
        # Applied without a separate confirmation: whoever imported it (if anyone) confirmed it.
        _confirm(batch, user)
        batch.save()
    return ImportResult(batch, plan)

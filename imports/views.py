"""The import flow in the browser and the data-quality page; every query goes through
`visible_to`.

A file is planned on upload and written on confirmation. A small one within the request; a large
one (IMPORT_JOB_MIN_BYTES, IMPORT_JOB_MIN_ROWS) in a background job (imports.tasks), whose page
shows how far it is.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from imports import errorbook, flow, quality, storage, tasks
from imports.base import ERROR, NEW, SKIPPED, STATUS_LABELS, UNCHANGED, UPDATE
from imports.forms import MappingForm, RowFilterForm, UploadForm
from imports.kinds import KIND_MODULES, kind_choices
from imports.models import ImportBatch
from imports.reader import ReadError
from jobs.services import job_start
from org.filters import list_url
from org.roles import may_import, may_read_data_quality
from org.scoping import get_visible_object_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BATCHES_PER_PAGE = 50
ROWS_PER_PAGE = 100
# From this many rows to write, the preview warns that confirming may take a while.
LARGE_IMPORT_ROWS = 1000


def _require(user, may):
    """Imports serve a unit: a user without one (even a superuser), or whose role `may` does
    not allow it (org.roles), may not open these pages."""
    if user.unit_id is None or not may(user):
        raise PermissionDenied


def _kind_labels():
    return dict(kind_choices())


@require_http_methods(["GET", "POST"])
def batch_list(request):
    user = request.user
    _require(user, may_import)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if _is_large(upload):
            # A large file is read and checked in a job; its page shows how far it is.
            job = _start_preview_job(form, upload, user)
            return redirect(job)
        batch, error = flow.upload_preview(
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            unit=user.unit,
            user=user,
            options=form.options(),
        )
        if not error:
            return redirect("imports:detail", pk=batch.pk)
        form.add_error("file", error)
    batches = (
        ImportBatch.objects.visible_to(user)
        .select_related("created_by", "confirmed_by", "unit")
        .defer("report", "options")
    )
    page = Paginator(batches, BATCHES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    labels = _kind_labels()
    for batch in page.object_list:
        batch.kind_label = labels.get(batch.kind, batch.kind)
    return render(request, "imports/batch_list.html", {"form": form, "page": page})


def _is_large(upload):
    """Whether an upload is read and checked in a job: a CSV by its lines (IMPORT_JOB_MIN_ROWS),
    a workbook, whose bytes are compressed, by its size (IMPORT_JOB_MIN_BYTES). A file over
    IMPORT_MAX_BYTES is refused in the request, unread."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        return False
    if (upload.name or "").lower().endswith((".csv", ".txt")):
        lines = sum(chunk.count(b"\n") for chunk in upload.chunks())
        return lines >= settings.IMPORT_JOB_MIN_ROWS
    return upload.size >= settings.IMPORT_JOB_MIN_BYTES


def _start_preview_job(form, upload, user):
    upload.seek(0)
    name = upload.name or "unggahan"
    return job_start(
        task=tasks.import_preview,
        kind="import-preview",
        title=_("Checking the import %(name)s") % {"name": name},
        user=user,
        arguments={
            "stored_file": storage.store(upload.read()),
            "kind": form.cleaned_data["kind"],
            "file_name": name,
            "unit_id": user.unit_id,
            "options": form.options(),
        },
    )


def batch_detail(request, pk):
    user = request.user
    _require(user, may_import)
    batch = get_visible_object_or_404(
        ImportBatch.objects.select_related("created_by", "confirmed_by", "unit"), user, pk=pk
    )
    report = batch.report or {}
    filter_form = RowFilterForm(request.GET)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    rows = [
        {
            "row": row,
            "status": state,
            "label": str(STATUS_LABELS.get(state, state)),
            "key": key,
            "message": message,
        }
        for row, state, key, message in report.get("rows", [])
        if not status or state == status
    ]
    rows.sort(key=lambda r: (r["status"] != ERROR, r["row"]))
    counts = report.get("counts", {})
    to_write = counts.get(NEW, 0) + counts.get(UPDATE, 0)
    context = {
        "batch": batch,
        "kind_label": _kind_labels().get(batch.kind, batch.kind),
        "counts": [
            (state, str(STATUS_LABELS[state]), counts.get(state, 0))
            for state in (NEW, UPDATE, UNCHANGED, ERROR, SKIPPED)
            if state != SKIPPED or counts.get(SKIPPED)
        ],
        "findings": report.get("findings", []),
        "filter_form": filter_form,
        "status": status,
        "page": Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
        "can_confirm": batch.status == ImportBatch.Status.PREVIEWED
        and report.get("acceptable", True),
        "mapping_form": _mapping_form(batch),
        "error_workbook": bool(batch.stored_file) and errorbook.has_error_rows(batch),
        "to_write": to_write,
        "is_large": to_write >= LARGE_IMPORT_ROWS,
    }
    return render(request, "imports/batch_detail.html", context)


@require_POST
def batch_confirm(request, pk):
    user = request.user
    _require(user, may_import)
    batch = get_visible_object_or_404(ImportBatch, user, pk=pk)
    if batch.status != ImportBatch.Status.PREVIEWED:
        messages.info(request, _("This import is no longer waiting for confirmation."))
        return redirect("imports:detail", pk=batch.pk)
    if batch.rows_new + batch.rows_updated >= settings.IMPORT_JOB_MIN_ROWS:
        # Many rows are written by a job, in one transaction; its page shows how far it is.
        job = job_start(
            task=tasks.import_confirm,
            kind="import-confirm",
            title=_("Importing %(name)s") % {"name": batch.file_name},
            user=user,
            arguments={"batch_id": batch.pk},
        )
        return redirect(job)
    batch = flow.batch_confirm(batch_id=batch.pk, user=user)
    if batch.status == ImportBatch.Status.IMPORTED:
        messages.success(request, _("The file was imported."))
    elif batch.status != ImportBatch.Status.PREVIEWED:
        messages.error(
            request, _("The file was not imported: %(reason)s") % {"reason": batch.message}
        )
    return redirect("imports:detail", pk=batch.pk)


def _mapping_form(batch, data=None):
    """The mapping step of a previewed batch with unknown values, else None."""
    unknowns = (batch.report or {}).get("unknowns")
    if batch.status != ImportBatch.Status.PREVIEWED or not unknowns:
        return None
    return MappingForm(unknowns, data, unit=batch.unit)


@require_POST
def batch_map(request, pk):
    user = request.user
    _require(user, may_import)
    batch = get_visible_object_or_404(ImportBatch, user, pk=pk)
    form = _mapping_form(batch, request.POST)
    if form is None or not form.is_valid():
        messages.info(request, _("There is nothing to map in this import any more."))
        return redirect("imports:detail", pk=batch.pk)
    made = form.choices_made()
    if not made:
        messages.info(request, _("No value was chosen; the rows stay as they were."))
        return redirect("imports:detail", pk=batch.pk)
    batch = flow.batch_map(batch_id=batch.pk, user=user, choices=made)
    messages.success(
        request,
        _(
            "Your choices were applied and remembered for the next file; "
            "the file was checked again."
        ),
    )
    return redirect("imports:detail", pk=batch.pk)


def batch_errors(request, pk):
    """The error workbook of a batch whose file is still kept."""
    user = request.user
    _require(user, may_import)
    batch = get_visible_object_or_404(ImportBatch, user, pk=pk)
    try:
        if not (batch.stored_file and errorbook.has_error_rows(batch)):
            raise FileNotFoundError
        content = errorbook.error_workbook(batch)
    except (FileNotFoundError, ReadError):
        messages.info(request, _("The rows with errors of this file are no longer kept."))
        return redirect("imports:detail", pk=batch.pk)
    response = HttpResponse(content, content_type=XLSX)
    stem = batch.file_name.rsplit(".", 1)[0] or "impor"
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", stem)[:80]
    response["Content-Disposition"] = f'attachment; filename="galat-{name}.xlsx"'
    return response


@require_POST
def batch_cancel(request, pk):
    user = request.user
    _require(user, may_import)
    batch = get_visible_object_or_404(ImportBatch, user, pk=pk)
    if batch.status != ImportBatch.Status.PREVIEWED:
        messages.info(request, _("This import is no longer waiting for confirmation."))
        return redirect("imports:detail", pk=batch.pk)
    flow.batch_cancel(batch_id=batch.pk, user=user)
    messages.success(request, _("The import was cancelled; nothing was written."))
    return redirect(reverse("imports:list"))


def data_quality(request):
    user = request.user
    _require(user, may_read_data_quality)
    labels = _kind_labels()
    batches = quality.latest_imported_batches(user)
    context = {
        "batches": [
            {
                "batch": batch,
                "label": labels.get(batch.kind, batch.kind),
                "findings": (batch.report or {}).get("findings", []),
            }
            for batch in batches
        ],
        "kinds_never_imported": [
            labels.get(kind, kind) for kind in KIND_MODULES if kind not in {b.kind for b in batches}
        ],
        "areas_without_officer": quality.check(quality.areas_without_primary_officer(user)),
        "officers_without_area": quality.check(quality.officers_without_area(user)),
        "officers_without_phone": quality.check(quality.officers_without_phone(user)),
        "recap_differences": quality.recap_differences(user.unit),
        "rows_shown": quality.ROWS_SHOWN,
        # Each check's figure opens its rows: the list with the same filter, in the same scope.
        "links": {
            "areas_without_officer": list_url("bhabin:area-list", tanpa_bhabin=1),
            "officers_without_area": list_url("bhabin:officer-list", tanpa_wilayah=1),
            "officers_without_phone": list_url("bhabin:officer-list", tanpa_telepon=1),
        },
    }
    return render(request, "imports/data_quality.html", context)

"""The import flow in the browser and the data-quality page; every query goes through
`visible_to`.

Upload and confirmation are synchronous requests (no background worker): a file is planned on
upload and written on confirmation, each within the one request. A preview that will write many
rows says so beside its confirm button.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from imports import flow, quality
from imports.base import ERROR, NEW, STATUS_LABELS, UNCHANGED, UPDATE
from imports.forms import RowFilterForm, UploadForm
from imports.kinds import KIND_MODULES, kind_choices
from imports.models import ImportBatch
from org.roles import may_import, may_read_data_quality
from org.scoping import get_visible_object_or_404

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
            for state in (NEW, UPDATE, UNCHANGED, ERROR)
        ],
        "findings": report.get("findings", []),
        "filter_form": filter_form,
        "status": status,
        "page": Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
        "can_confirm": batch.status == ImportBatch.Status.PREVIEWED,
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
    batch = flow.batch_confirm(batch_id=batch.pk, user=user)
    if batch.status == ImportBatch.Status.IMPORTED:
        messages.success(request, _("The file was imported."))
    elif batch.status != ImportBatch.Status.PREVIEWED:
        messages.error(
            request, _("The file was not imported: %(reason)s") % {"reason": batch.message}
        )
    return redirect("imports:detail", pk=batch.pk)


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
    }
    return render(request, "imports/data_quality.html", context)

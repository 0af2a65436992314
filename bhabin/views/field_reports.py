"""The officer's field reports (visit, early detection, problem-solving case) and their review.

Officers write; Kapolsek and Kasat Binmas review what `visible_to` shows them. Every object is
fetched through `get_visible_object_or_404`, so another unit's report is a 404.

The phone's outbox (static/js/outbox.js) posts the same forms asking for JSON: the answer is the
stored report's id and address, or the server's reasons for refusing it, so the phone keeps a
report until the server has confirmed it and can show the officer why it was refused.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from bhabin import services
from bhabin.forms import EarlyWarningForm, ProblemCaseForm, VisitForm
from bhabin.models import EarlyWarning, ProblemCase, ReviewStatus, Visit
from bhabin.offline import offline_page
from org.roles import may_review
from org.scoping import get_visible_object_or_404


def _officer_of(user):
    """The officer record of an officer's account; anyone else may not write field reports."""
    if not user.is_officer or user.officer_id is None:
        raise PermissionDenied
    return user.officer


class Kind:
    """One kind of field report: its model, form, services, template and words."""

    def __init__(
        self, *, slug, model, form, create, correct, item_arg, select, date_field, title, new_title
    ):
        self.slug = slug
        self.date_field = date_field
        self.model = model
        self.form = form
        self.create = create
        self.correct = correct
        self.item_arg = item_arg
        self.select = select
        self.title = title
        self.new_title = new_title

    def queryset(self):
        return self.model.objects.select_related(*self.select)


KINDS = {
    "kunjungan": Kind(
        slug="kunjungan",
        model=Visit,
        form=VisitForm,
        create=services.visit_create,
        correct=services.visit_correct,
        item_arg="visit",
        select=("officer", "area", "area__unit", "activity"),
        date_field="occurred_at",
        title=gettext_lazy("Visit"),
        new_title=gettext_lazy("Log a visit"),
    ),
    "deteksi-dini": Kind(
        slug="deteksi-dini",
        model=EarlyWarning,
        form=EarlyWarningForm,
        create=services.early_warning_create,
        correct=services.early_warning_correct,
        item_arg="report",
        select=("officer", "area", "area__unit"),
        date_field="reported_at",
        title=gettext_lazy("Early-detection report"),
        new_title=gettext_lazy("New early-detection report"),
    ),
    "kasus": Kind(
        slug="kasus",
        model=ProblemCase,
        form=ProblemCaseForm,
        create=services.problem_case_create,
        correct=services.problem_case_correct,
        item_arg="case",
        select=("officer", "area", "area__unit"),
        date_field="opened_on",
        title=gettext_lazy("Problem-solving case"),
        new_title=gettext_lazy("New problem-solving case"),
    ),
}


# Form fields that are not the report's: the form's own id, and the officer's choice to record
# the current position on a correction.
NOT_SERVICE_FIELDS = frozenset({"client_id", "record_position"})
# Asked for by the outbox when it sends from the form the officer just filled (not a report kept
# from earlier): the page that opens next shows the usual confirmation.
CONFIRM_HEADER = "X-Sigap-Confirm"


def _service_fields(form):
    return {
        name: value for name, value in form.cleaned_data.items() if name not in NOT_SERVICE_FIELDS
    }


def _wants_json(request):
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


@offline_page
@require_http_methods(["GET", "POST"])
def report_create(request, kind):
    kind = KINDS[kind]
    officer = _officer_of(request.user)
    if request.method == "POST":
        form = kind.form(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                item, created = kind.create(
                    officer=officer,
                    client_id=form.cleaned_data["client_id"],
                    actor=request.user,
                    **_service_fields(form),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # A second arrival of the same form (a double tap, a resend after a lost answer)
                # is the same report: it gets the same confirmation.
                if _wants_json(request):
                    if request.headers.get(CONFIRM_HEADER):
                        messages.success(request, _("Saved and sent to your Kapolsek for review."))
                    return JsonResponse(
                        {"id": item.pk, "url": item.get_absolute_url(), "created": created},
                        status=201 if created else 200,
                    )
                messages.success(request, _("Saved and sent to your Kapolsek for review."))
                return redirect(item)
        if _wants_json(request):
            return _refusal(form)
    else:
        form = kind.form(user=request.user)
    context = {"form": form, "kind": kind, "title": kind.new_title}
    return render(request, "field/report_form.html", context)


def _refusal(form):
    """The reasons a report was refused, by field, in the officer's language, with the fields'
    labels; 409 when its client id belongs to another officer's report (the phone gives it a new
    one), 400 otherwise."""
    labels = {name: str(field.label) for name, field in form.fields.items()}
    errors = {
        name: [error["message"] for error in details]
        for name, details in form.errors.get_json_data().items()
    }
    status = 409 if form.has_error(NON_FIELD_ERRORS, "client_id_taken") else 400
    return JsonResponse({"errors": errors, "labels": labels}, status=status)


@require_http_methods(["GET", "POST"])
def report_correct(request, kind, pk):
    kind = KINDS[kind]
    _officer_of(request.user)
    item = get_visible_object_or_404(kind.queryset(), request.user, pk=pk)
    if item.status != ReviewStatus.RETURNED:
        messages.info(request, _("This report is not waiting for a correction."))
        return redirect(item)
    if request.method == "POST":
        form = kind.form(request.POST, request.FILES, user=request.user, correcting=True)
        if form.is_valid():
            fields = _service_fields(form)
            if kind.model is Visit and not fields.get("photo"):
                fields.pop("photo", None)  # keep the photo already stored
            try:
                kind.correct(**{kind.item_arg: item}, actor=request.user, **fields)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Corrected and sent for review again."))
                return redirect(item)
    else:
        # The stored photo stays unless a new one is chosen; its storage path is not shown.
        initial = model_to_dict(item, exclude=["photo"])
        form = kind.form(initial=initial, user=request.user, correcting=True)
    context = {
        "form": form,
        "kind": kind,
        "item": item,
        "title": _("Correct the report"),
        "history": item.review_events.select_related("actor"),
    }
    return render(request, "field/report_form.html", context)


def report_detail(request, kind, pk):
    """An early-detection report or a case (visits have their own page in bhabin.views)."""
    kind = KINDS[kind]
    item = get_visible_object_or_404(kind.queryset(), request.user, pk=pk)
    return render(request, "field/report_detail.html", _detail_context(request, kind, item))


def _detail_context(request, kind, item):
    user = request.user
    return {
        "kind": kind,
        "item": item,
        "history": item.review_events.select_related("actor"),
        "can_correct": user.is_officer and item.status == ReviewStatus.RETURNED,
        "can_review": may_review(user) and item.status == ReviewStatus.SUBMITTED,
    }


def visit_photo(request, pk):
    """The visit's photo, to whoever may see the visit; there is no public media address."""
    visit = get_visible_object_or_404(Visit.objects.only("pk", "photo"), request.user, pk=pk)
    if not visit.photo:
        raise Http404
    response = FileResponse(visit.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def report_form_resend(request, kind):
    """The form as the officer sent it, with a fresh CSRF token, after the token they sent was
    refused (they logged in again, or the session expired and they logged in elsewhere): nothing
    was saved, and pressing Send again sends the same report under the same client id. A chosen
    photo cannot be put back into a page; the notice asks for it again."""
    kind = KINDS[kind]
    _officer_of(request.user)
    form = kind.form(request.POST, user=request.user)
    context = {"form": form, "kind": kind, "title": kind.new_title, "session_changed": True}
    return render(request, "field/report_form.html", context, status=403)

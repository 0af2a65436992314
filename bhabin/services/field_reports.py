"""Writes of field work: visits, early-detection reports, problem-solving cases, and their review.

Every write of a field report goes through here (the officer's forms, the admin, the importer),
and keeps the aggregates the dashboards read (bhabin.services.aggregates) in the same
transaction.

Every report carries a client id generated with its form. Creating is idempotent on it: a second
submission of the same form (a double tap, a retry after a timeout, the phone's outbox) returns
the report the first one stored, even when both arrive at once, because the database's unique
constraint decides and the loser's IntegrityError is caught inside a savepoint.
"""

import datetime
import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bhabin.models import (
    Assignment,
    AssistedArea,
    EarlyWarning,
    ProblemCase,
    ReviewEvent,
    ReviewStatus,
    Visit,
)
from bhabin.services.aggregates import (
    area_month_add_visit,
    area_months_recount,
    open_items_recount,
)
from org.locks import period_check_not_locked, periods_check_open
from org.periods import month_bounds

NARRATIVE_MIN_CHARS = 50
# Phones' clocks drift: a time up to this far ahead of the server still counts as "now".
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)

VISIT_FIELDS = (
    "area",
    "activity",
    "occurred_at",
    "households_visited",
    "people_met",
    "complaints",
    "narrative",
    "follow_up_needed",
    "follow_up",
    "latitude",
    "longitude",
    "accuracy_m",
)
EARLY_WARNING_FIELDS = ("area", "reported_at", "field", "reliability", "summary", "recommendation")
PROBLEM_CASE_FIELDS = (
    "area",
    "opened_on",
    "title",
    "parties",
    "description",
    "method",
    "state",
    "closed_on",
    "outcome",
)


def normalise_narrative(text):
    """The words of a text, case-folded, without punctuation and with single spaces."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def visit_create(*, officer, client_id, actor=None, community_figures=(), photo=None, **fields):
    """Store a visit once per client id; returns (visit, created)."""
    existing = _already_recorded(Visit, client_id, officer)
    if existing is not None:
        return existing, False
    visit = Visit(officer=officer, client_id=client_id, source=Visit.Source.FORM)
    _assign(visit, VISIT_FIELDS, fields)
    _check_visit(visit, community_figures)
    if photo:
        visit.photo = photo
    try:
        # One transaction with no savepoint of its own: the month's period row is locked first
        # (an approval cannot slip in between), and a twin stored first by a concurrent
        # submission makes the insert fail, undoing the whole block.
        with transaction.atomic():
            periods_check_open(unit_days=[_unit_day(visit)])
            visit.save(force_insert=True)
            if community_figures:
                Visit.community_figures.through.objects.bulk_create(
                    Visit.community_figures.through(visit=visit, communityfigure=figure)
                    for figure in community_figures
                )
            ReviewEvent.objects.create(
                visit=visit, action=ReviewEvent.Action.SUBMITTED, actor=actor
            )
            area_month_add_visit(visit=visit)
    except IntegrityError as error:
        return _twin_of(visit, officer, error), False
    return visit, True


def visit_correct(*, visit, actor=None, community_figures=(), photo=None, **fields):
    """Store the officer's correction of a returned visit and submit it for review again."""
    _check_returned(visit)
    before = (visit.area_id, visit.occurred_at)
    stored_key = _unit_day(visit)
    _assign(visit, VISIT_FIELDS, fields)
    _check_visit(visit, community_figures)
    old_photo = visit.photo.name if photo else None
    if photo:
        visit.photo = photo
    visit.status = ReviewStatus.SUBMITTED
    with transaction.atomic():
        periods_check_open(unit_days=[stored_key, _unit_day(visit)])
        visit.save()
        visit.community_figures.set(community_figures)
        ReviewEvent.objects.create(visit=visit, action=ReviewEvent.Action.RESUBMITTED, actor=actor)
        area_months_recount(area_month_pairs=[before, (visit.area_id, visit.occurred_at)])
        if old_photo:
            storage = visit.photo.storage
            transaction.on_commit(lambda: storage.delete(old_photo))
    return visit


def early_warning_create(*, officer, client_id, actor=None, **fields):
    """Store an early-detection report once per client id; returns (report, created)."""
    existing = _already_recorded(EarlyWarning, client_id, officer)
    if existing is not None:
        return existing, False
    report = EarlyWarning(officer=officer, client_id=client_id)
    _assign(report, EARLY_WARNING_FIELDS, fields)
    _check_dated_report(report, "reported_at", report.reported_at)
    with transaction.atomic():
        periods_check_open(unit_days=[_unit_day(report)])
        stored = _insert_once(report, officer)
        if stored is not report:
            return stored, False
        ReviewEvent.objects.create(
            early_warning=report, action=ReviewEvent.Action.SUBMITTED, actor=actor
        )
        open_items_recount([report.area_id])
    return report, True


def early_warning_correct(*, report, actor=None, **fields):
    """Store the officer's correction of a returned early-detection report."""
    _check_returned(report)
    report._stored_area_id = report.area_id
    report._stored_key = _unit_day(report)
    _assign(report, EARLY_WARNING_FIELDS, fields)
    _check_dated_report(report, "reported_at", report.reported_at)
    return _resubmit(report, "early_warning", actor)


def problem_case_create(*, officer, client_id, actor=None, **fields):
    """Store a problem-solving case once per client id; returns (case, created)."""
    existing = _already_recorded(ProblemCase, client_id, officer)
    if existing is not None:
        return existing, False
    case = ProblemCase(officer=officer, client_id=client_id)
    _assign(case, PROBLEM_CASE_FIELDS, fields)
    _check_problem_case(case)
    with transaction.atomic():
        periods_check_open(unit_days=[_unit_day(case)])
        stored = _insert_once(case, officer)
        if stored is not case:
            return stored, False
        ReviewEvent.objects.create(
            problem_case=case, action=ReviewEvent.Action.SUBMITTED, actor=actor
        )
        open_items_recount([case.area_id])
    return case, True


def problem_case_correct(*, case, actor=None, **fields):
    """Store the officer's correction of a returned problem-solving case."""
    _check_returned(case)
    case._stored_area_id = case.area_id
    case._stored_key = _unit_day(case)
    _assign(case, PROBLEM_CASE_FIELDS, fields)
    _check_problem_case(case)
    return _resubmit(case, "problem_case", actor)


def review_record(*, item, reviewer, action, comment=""):
    """Accept a submitted report, or return it to its officer with a comment."""
    comment = comment.strip()
    if action not in (ReviewEvent.Action.ACCEPTED, ReviewEvent.Action.RETURNED):
        raise ValidationError({"action": _("Choose to accept or to return the report.")})
    if action == ReviewEvent.Action.RETURNED and not comment:
        raise ValidationError(
            {"comment": _("Write what the officer must correct before returning the report.")}
        )
    with transaction.atomic():
        # Two reviewers deciding at once: the second waits here and then finds it decided.
        periods_check_open(unit_days=[_unit_day(item)])
        locked = type(item).objects.select_for_update().get(pk=item.pk)
        if locked.status != ReviewStatus.SUBMITTED:
            raise ValidationError(
                _("This report has already been reviewed: it is now “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        locked.status = (
            ReviewStatus.ACCEPTED
            if action == ReviewEvent.Action.ACCEPTED
            else ReviewStatus.RETURNED
        )
        locked.save(update_fields=["status"])
        ReviewEvent.objects.create(
            **{_item_field(locked): locked}, action=action, actor=reviewer, comment=comment
        )
    item.status = locked.status
    return locked


def visits_accept(*, visits, reviewer):
    """Accept, in one transaction, the visits of a queryset that are still waiting for review
    (the reviewer ticked them in the inbox and confirmed once): one review event each. Those
    decided meanwhile by someone else are left as they are. Returns how many were accepted."""
    with transaction.atomic():
        waiting = list(
            visits.select_for_update(of=("self",))
            .filter(status=ReviewStatus.SUBMITTED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not waiting:
            return 0
        periods_check_open(unit_days=_unit_days(Visit, Visit.objects.filter(pk__in=waiting)))
        Visit.objects.filter(pk__in=waiting).update(status=ReviewStatus.ACCEPTED)
        ReviewEvent.objects.bulk_create(
            ReviewEvent(visit_id=pk, action=ReviewEvent.Action.ACCEPTED, actor=reviewer)
            for pk in waiting
        )
    return len(waiting)


def _unit_day(item):
    """(unit id, date) of a field report: its area's unit and its own date."""
    area = item.area if item.area_id is not None else None
    return (area.unit_id if area is not None else None, getattr(item, item.date_field))


def _unit_days(model, items):
    """(unit id, date) of the stored reports of one kind in a queryset."""
    return list(items.values_list("area__unit_id", model.date_field))


def _item_field(item):
    return item.review_field


def _assign(obj, names, fields):
    unknown = set(fields) - set(names)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    for name in names:
        if name in fields:
            setattr(obj, name, fields[name])


def _already_recorded(model, client_id, officer):
    """The report already stored under this client id, if any."""
    existing = model.objects.filter(client_id=client_id).first()
    if existing is not None and existing.officer_id != officer.pk:
        raise ValidationError(
            _("This form was already used. Open a new form and fill it again."),
            code="client_id_taken",
        )
    return existing


def _insert_once(obj, officer):
    """Insert `obj`, or return the twin a concurrent submission stored first."""
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except IntegrityError as error:
        return _twin_of(obj, officer, error)
    return obj


def _twin_of(obj, officer, error):
    """After an insert of `obj` failed: the report a concurrent submission of the same client
    id stored first (its photo, if any, is not kept twice); any other failure is raised."""
    twin = _already_recorded(type(obj), obj.client_id, officer)
    if twin is None:
        raise error
    photo = getattr(obj, "photo", None)
    if photo:
        photo.delete(save=False)
    return twin


def _resubmit(item, item_field, actor):
    item.status = ReviewStatus.SUBMITTED
    with transaction.atomic():
        periods_check_open(unit_days=[item._stored_key, _unit_day(item)])
        item.save()
        ReviewEvent.objects.create(
            **{item_field: item}, action=ReviewEvent.Action.RESUBMITTED, actor=actor
        )
        open_items_recount([item._stored_area_id, item.area_id])
    return item


def _check_returned(item):
    if item.status != ReviewStatus.RETURNED:
        raise ValidationError(_("Only a report returned for correction can be changed."))


def _check_visit(visit, community_figures):
    errors = _dated_report_errors(visit, "occurred_at", visit.occurred_at)
    narrative = (visit.narrative or "").strip()
    if len(narrative) < NARRATIVE_MIN_CHARS:
        errors.setdefault("narrative", []).append(
            _("Write at least %(min)d characters about what you did (now %(count)d).")
            % {"min": NARRATIVE_MIN_CHARS, "count": len(narrative)}
        )
    elif visit.occurred_at and _narrative_is_a_copy(visit):
        errors.setdefault("narrative", []).append(
            _(
                "You already wrote this same narrative for another visit this month. "
                "Describe what happened in this visit."
            )
        )
    if any(figure.area_id != visit.area_id for figure in community_figures):
        errors.setdefault("community_figures", []).append(
            _("Choose only community figures of the area you visited.")
        )
    if visit.follow_up_needed and not (visit.follow_up or "").strip():
        errors.setdefault("follow_up", []).append(_("Say what follow-up is needed."))
    if not _coordinates_valid(visit.latitude, visit.longitude):
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            next(
                constraint.violation_error_message
                for constraint in Visit._meta.constraints
                if constraint.name == "visit_coordinates_valid"
            )
        )
    # Its one constraint is checked just above, in Python, where the database would be asked.
    _raise(visit, errors, validate_constraints=False)


def _coordinates_valid(latitude, longitude):
    """The rule of the constraint `visit_coordinates_valid`: both coordinates in range, or none."""
    if latitude is None and longitude is None:
        return True
    return (
        latitude is not None
        and longitude is not None
        and -90 <= latitude <= 90
        and (-180 <= longitude <= 180)
    )


def _narrative_is_a_copy(visit):
    """Whether the officer wrote the same narrative (normalised) for another visit this month."""
    start, end = month_bounds(visit.occurred_at)
    others = (
        Visit.objects.filter(officer=visit.officer_id, occurred_at__gte=start, occurred_at__lt=end)
        .exclude(client_id=visit.client_id)
        .values_list("narrative", flat=True)
    )
    key = normalise_narrative(visit.narrative)
    return any(normalise_narrative(other) == key for other in others)


def _check_dated_report(report, date_field, when):
    _raise(report, _dated_report_errors(report, date_field, when))


def _check_problem_case(case):
    errors = _dated_report_errors(case, "opened_on", case.opened_on)
    if case.state != ProblemCase.State.OPEN and case.closed_on is None:
        errors.setdefault("closed_on", []).append(_("Give the date the case was closed."))
    _raise(case, errors)


def _dated_report_errors(report, date_field, when):
    """The area must be one of the officer's current areas; the date not ahead, nor before it."""
    errors = {}
    if when is None:
        return errors
    if isinstance(when, datetime.datetime):
        too_late = when > timezone.now() + CLOCK_TOLERANCE
        day = timezone.localtime(when).date()
    else:
        too_late = when > timezone.localdate()
        day = when
    if too_late:
        errors[date_field] = [_("This time is in the future. Give the time it happened.")]
    assignment = (
        Assignment.objects.active()
        .filter(officer=report.officer_id, area=report.area_id)
        .order_by("start_date")
        .first()
    )
    if assignment is None:
        errors["area"] = [_("You can only report on the areas you are assigned to.")]
    elif day < assignment.start_date:
        errors.setdefault(date_field, []).append(
            _("This is before your assignment to %(area)s began (%(date)s).")
            % {"area": report.area, "date": date_format(assignment.start_date)}
        )
    return errors


def _raise(obj, errors, validate_constraints=True):
    """Raise the rule errors, or the model's own validation errors (fields and constraints)."""
    if errors:
        raise ValidationError(errors)
    # Uniqueness of the client id is the database's to decide (see _insert_once). A related
    # object loaded from the database in this request (the officer of the account, the area
    # and activity the form offered) is not looked up again; an id alone still is.
    loaded = [
        field.name
        for field in obj._meta.concrete_fields
        if field.is_relation
        and field.is_cached(obj)
        and getattr(obj, field.name) is not None
        and not getattr(obj, field.name)._state.adding
    ]
    obj.full_clean(
        validate_unique=False,
        validate_constraints=validate_constraints,
        exclude=["photo", *loaded],
    )


# --- Staff writes: the admin, the importer ------------------------------------------------------


def field_report_staff_save(*, item, actor, community_figures=None):
    """Create or change a field report on an officer's behalf (the admin). The officer's rules
    apply (one of their areas at that date, not ahead of now, a real narrative), a review event
    records who did it, and the aggregates follow the report's old and new area and date."""
    model = type(item)
    stored = (
        model._base_manager.filter(pk=item.pk).values_list("area_id", model.date_field).first()
        if item.pk
        else None
    )
    stored_keys = _unit_days(model, model._base_manager.filter(pk=item.pk)) if item.pk else []
    if isinstance(item, Visit) and community_figures is None:
        community_figures = list(item.community_figures.all()) if item.pk else []
    field_report_staff_check(item=item, community_figures=community_figures)
    with transaction.atomic():
        periods_check_open(unit_days=[*stored_keys, _unit_day(item)])
        if stored is None:
            if isinstance(item, Visit):
                item.source = Visit.Source.ADMIN
            item.save(force_insert=True)
            action = ReviewEvent.Action.SUBMITTED
        else:
            item.save()
            action = ReviewEvent.Action.CHANGED
        if isinstance(item, Visit):
            item.community_figures.set(community_figures)
        ReviewEvent.objects.create(**{item.review_field: item}, action=action, actor=actor)
        keys = [(item.area_id, getattr(item, item.date_field))]
        _aggregates_follow(model, [*([stored] if stored else []), *keys])
    return item


def field_report_staff_check(*, item, community_figures=None):
    """Raise ValidationError where a report written by staff breaks the officer's rules, or
    falls (or was) in a locked month."""
    model = type(item)
    if item.pk:
        for unit_id, day in _unit_days(model, model._base_manager.filter(pk=item.pk)):
            period_check_not_locked(unit_id, day)
    if item.area_id is not None:
        period_check_not_locked(*_unit_day(item))
    if isinstance(item, Visit):
        if community_figures is None:
            community_figures = list(item.community_figures.all()) if item.pk else []
        _check_visit(item, community_figures)
    elif isinstance(item, ProblemCase):
        _check_problem_case(item)
    else:
        _check_dated_report(item, item.date_field, getattr(item, item.date_field))


def field_reports_delete(*, items, actor=None):
    """Delete field reports (a queryset of one kind, with their review history) and keep the
    aggregates."""
    model = items.model
    with transaction.atomic():
        periods_check_open(unit_days=_unit_days(model, items))
        keys = list(items.values_list("area_id", model.date_field))
        deleted = items.delete()
        _aggregates_follow(model, keys)
    return deleted


def field_reports_import(*, reports, ignore_conflicts=False):
    """Store new reports of one kind in bulk (an import, the demo) and keep the aggregates, in
    the caller's transaction: the inserts, then the recount of what they feed. With
    `ignore_conflicts`, a report whose client id is already stored is skipped."""
    if not reports:
        return []
    model = type(reports[0])
    area_ids = {report.area_id for report in reports}
    units = dict(AssistedArea._base_manager.filter(pk__in=area_ids).values_list("pk", "unit_id"))
    with transaction.atomic():
        periods_check_open(
            unit_days={(units.get(r.area_id), getattr(r, model.date_field)) for r in reports}
        )
        stored = model.objects.bulk_create(
            reports, batch_size=2000, ignore_conflicts=ignore_conflicts
        )
        _aggregates_follow(
            model, {(report.area_id, getattr(report, model.date_field)) for report in reports}
        )
    return stored


def _aggregates_follow(model, keys):
    """Recount what the (area id, date) keys of changed reports of one kind feed."""
    if model is Visit:
        area_months_recount(area_month_pairs=keys)
    else:
        open_items_recount([area_id for area_id, _ in keys])

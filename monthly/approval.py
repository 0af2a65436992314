"""The month ladder: a unit's month approved by its Kapolsek (Polsek), then by the Kasat Binmas
(Polres), then accepted by leadership (optional, settings.MONTH_LEADERSHIP_ACCEPTANCE).

Each step records who, when and a comment (`org.MonthPeriodStep`, in the audit trail with its
actor); an undo needs a reason and the same level or a higher one (`org.roles`). An approved
month is locked for every writer (`org.locks`): the ladder locks the same period rows as the
writers, so an approval and a concurrent submission cannot both win, and a Polsek month with
reports waiting for review cannot be approved.
"""

from dataclasses import dataclass, field

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DateTimeField
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bhabin.models import EarlyWarning, ProblemCase, ReviewStatus, Visit
from org import roles
from org.locks import periods_lock
from org.models import MonthPeriod, MonthPeriodStep, PoliceUnit
from org.periods import month_bounds, month_of, shift_month

State = MonthPeriod.State
REVIEW_SLUGS = {Visit: "kunjungan", EarlyWarning: "deteksi-dini", ProblemCase: "kasus"}


@dataclass
class Blockers:
    """What stands between a unit's month and its approval."""

    waiting: list = field(default_factory=list)  # (label, url) of reports waiting for review
    waiting_count: int = 0
    units_not_approved: list = field(default_factory=list)  # Polsek below a Polres

    def __bool__(self):
        return bool(self.waiting_count or self.units_not_approved)


def _date_range(model, month):
    if isinstance(model._meta.get_field(model.date_field), DateTimeField):
        return month_bounds(month)
    return month, shift_month(month, 1)


def waiting_reports(unit, month, *, limit=20):
    """The reports of a unit's month waiting for review: (count, [(label, url)]), oldest first."""
    count, rows = 0, []
    for model, slug in REVIEW_SLUGS.items():
        start, end = _date_range(model, month)
        items = model.objects.filter(
            area__unit=unit,
            status=ReviewStatus.SUBMITTED,
            **{f"{model.date_field}__gte": start, f"{model.date_field}__lt": end},
        ).select_related("officer", "area")
        found = list(items.order_by(model.date_field, "pk")[: limit + 1])
        count += len(found) if len(found) <= limit else items.count()
        for item in found[: max(0, limit - len(rows))]:
            when = getattr(item, model.date_field)
            label = f"{model._meta.verbose_name}: {item.area.name}, {item.officer.name}, " + (
                date_format(timezone.localtime(when) if hasattr(when, "hour") else when)
            )
            rows.append((label, reverse("bhabin:review-item", args=[slug, item.pk])))
    return count, rows


def units_not_approved(unit, month):
    """The Polsek below a Polres whose month is not approved."""
    approved = MonthPeriod.objects.filter(
        unit__parent=unit, month=month, state__in=[State.APPROVED, State.ACCEPTED]
    ).values("unit_id")
    return list(
        PoliceUnit.objects.filter(parent=unit, level=PoliceUnit.Level.POLSEK).exclude(
            pk__in=approved
        )
    )


def month_blockers(unit, month):
    """What blocks the approval of a unit's month now."""
    blockers = Blockers()
    if unit.level == PoliceUnit.Level.POLSEK:
        blockers.waiting_count, blockers.waiting = waiting_reports(unit, month)
    elif unit.level == PoliceUnit.Level.POLRES:
        blockers.units_not_approved = units_not_approved(unit, month)
    return blockers


def signer_label(user):
    """How a signer is printed: rank, name and NRP from their officer record, else the user."""
    officer = getattr(user, "officer", None)
    if officer is not None:
        return f"{officer.get_rank_display()} {officer.name} NRP {officer.nrp}"
    return user.get_full_name() or user.get_username()


def _locked_period(unit, month):
    """The unit's period and its parent's, locked (the same rows every writer locks)."""
    keys = {(unit.pk, month)}
    if unit.parent_id:
        keys.add((unit.parent_id, month))
    periods = periods_lock(keys=keys)
    return periods[(unit.pk, month)], periods.get((unit.parent_id, month))


def _step(period, *, action, to_state, actor, comment, overridden=""):
    step = MonthPeriodStep.objects.create(
        period=period,
        action=action,
        from_state=period.state,
        to_state=to_state,
        actor=actor,
        actor_label=signer_label(actor),
        comment=comment,
        overridden_units=overridden,
    )
    period.state = to_state
    period.changed_at = step.at
    period.changed_by = actor
    period.full_clean()
    period.save()
    return step


def month_approve(*, unit, month, actor, comment="", override=False):
    """Approve a unit's month (Kapolsek: Polsek; Kasat Binmas: Polres). A Polres month needs
    every Polsek below approved, or `override` with a comment; the Polsek not approved are
    recorded by name."""
    month = month_of(month)
    comment = (comment or "").strip()
    if not roles.may_approve_month(actor, unit):
        raise PermissionDenied
    with transaction.atomic(), set_actor(actor):
        period, _parent = _locked_period(unit, month)
        if period.state != State.OPEN:
            raise ValidationError(
                _("This month is already %(state)s.") % {"state": period.get_state_display()}
            )
        overridden = ""
        if unit.level == PoliceUnit.Level.POLSEK:
            count, _rows = waiting_reports(unit, month, limit=0)
            if count:
                raise ValidationError(
                    _(
                        "%(count)d reports of this month are still waiting for review: "
                        "accept or return them first."
                    )
                    % {"count": count}
                )
        else:
            # Lock the Polsek months too, so that none is undone while this one is decided.
            below = list(unit.children.filter(level=PoliceUnit.Level.POLSEK))
            periods_lock(keys={(polsek.pk, month) for polsek in below})
            missing = units_not_approved(unit, month)
            if missing and not override:
                raise ValidationError(
                    _("These units have not approved the month yet: %(units)s.")
                    % {"units": ", ".join(u.name for u in missing)}
                )
            if missing and not comment:
                raise ValidationError(
                    _("Say why the month is approved before %(units)s approved it.")
                    % {"units": ", ".join(u.name for u in missing)}
                )
            overridden = ", ".join(u.name for u in missing)
        return _step(
            period,
            action=MonthPeriodStep.Action.APPROVE,
            to_state=State.APPROVED,
            actor=actor,
            comment=comment,
            overridden=overridden,
        )


def month_accept(*, unit, month, actor, comment=""):
    """Leadership accepts an approved Polres month (the last, optional step)."""
    month = month_of(month)
    if not roles.may_accept_month(actor, unit):
        raise PermissionDenied
    with transaction.atomic(), set_actor(actor):
        period, _parent = _locked_period(unit, month)
        if period.state != State.APPROVED:
            raise ValidationError(_("Only a month approved by the Kasat Binmas can be accepted."))
        return _step(
            period,
            action=MonthPeriodStep.Action.ACCEPT,
            to_state=State.ACCEPTED,
            actor=actor,
            comment=(comment or "").strip(),
        )


def month_undo(*, unit, month, actor, reason):
    """Undo the last step of a unit's month, with a reason, by the same level or a higher one:
    an acceptance goes back to approved, an approval back to open (writing opens again)."""
    month = month_of(month)
    reason = (reason or "").strip()
    with transaction.atomic(), set_actor(actor):
        period, parent = _locked_period(unit, month)
        if period.state == State.OPEN:
            raise ValidationError(_("This month is open: there is nothing to undo."))
        if not roles.may_undo_month_step(actor, unit, roles.month_step_level(unit, period.state)):
            raise PermissionDenied
        if not reason:
            raise ValidationError(_("Give the reason for undoing the approval."))
        if parent is not None and not parent.is_open:
            raise ValidationError(
                _("%(unit)s has approved this month: undo that approval first.")
                % {"unit": parent.unit}
            )
        to_state = State.APPROVED if period.state == State.ACCEPTED else State.OPEN
        return _step(
            period,
            action=MonthPeriodStep.Action.UNDO,
            to_state=to_state,
            actor=actor,
            comment=reason,
        )

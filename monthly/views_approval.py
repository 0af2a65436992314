"""The "Persetujuan bulanan" page (the month ladder for the Kapolsek, the Kasat Binmas and
leadership) and the verification page of an approved PDF; every query is scoped."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monthly import approval
from monthly.approved import approved_pdf, verification
from org import roles
from org.models import MonthPeriod, PoliceUnit
from org.periods import parse_month, parse_param, shift_month
from org.scoping import get_visible_object_or_404

LADDER_LEVELS = (PoliceUnit.Level.POLRES, PoliceUnit.Level.POLSEK)


def _default_month():
    return shift_month(timezone.localdate().replace(day=1), -1)


def month_rows(user, month):
    """Each unit of the ladder the user sees, with its month's state, what blocks it and what
    the user may do to it: the Polres first, then its Polsek."""
    units = list(
        PoliceUnit.objects.visible_to(user)
        .filter(level__in=LADDER_LEVELS)
        .order_by("path", "sort_order", "name")
    )
    periods = {
        p.unit_id: p
        for p in MonthPeriod.objects.visible_to(user)
        .filter(month=month, unit__in=units)
        .select_related("changed_by")
        .prefetch_related("steps")
    }
    rows = []
    for unit in units:
        period = periods.get(unit.pk) or MonthPeriod(unit=unit, month=month)
        is_open = period.is_open
        steps = list(period.steps.all()) if period.pk else []
        row = {
            "unit": unit,
            "period": period,
            "last_step": steps[-1] if steps else None,
            "may_approve": is_open and roles.may_approve_month(user, unit),
            "may_accept": period.state == MonthPeriod.State.APPROVED
            and roles.may_accept_month(user, unit),
            "may_undo": not is_open
            and roles.may_undo_month_step(user, unit, roles.month_step_level(unit, period.state)),
            "blockers": approval.month_blockers(unit, month) if is_open else None,
            "action_url": reverse("monthly:approval-step", args=[unit.code, f"{month:%Y-%m}"]),
        }
        rows.append(row)
    return rows


def approvals(request):
    """The months and units waiting for the user, what blocks each, approve / undo."""
    if not roles.may_see_month_approvals(request.user):
        raise PermissionDenied
    month = parse_param(request, "bulan", parse_month, _default_month())
    context = {
        "month": month,
        "previous": shift_month(month, -1),
        "next": shift_month(month, 1),
        "rows": month_rows(request.user, month),
    }
    return render(request, "monthly/approvals.html", context)


@require_POST
def approval_step(request, code, period):
    """Approve, accept or undo one unit's month; the services decide who may."""
    user = request.user
    if not roles.may_see_month_approvals(user):
        raise PermissionDenied
    unit = get_visible_object_or_404(PoliceUnit, user, code=code)
    try:
        month = parse_month(period)
    except ValueError as error:
        raise Http404 from error
    action = request.POST.get("action")
    comment = request.POST.get("comment", "")
    try:
        if action == "approve":
            approval.month_approve(
                unit=unit,
                month=month,
                actor=user,
                comment=comment,
                override=request.POST.get("override") == "1",
            )
            messages.success(request, _("The month is approved and locked."))
        elif action == "accept":
            approval.month_accept(unit=unit, month=month, actor=user, comment=comment)
            messages.success(request, _("The month is accepted."))
        elif action == "undo":
            approval.month_undo(unit=unit, month=month, actor=user, reason=comment)
            messages.success(request, _("The approval is undone."))
        else:
            messages.error(request, _("Choose what to do with this month."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('monthly:approvals')}?bulan={month:%Y-%m}")


def verify(request, code):
    """What a verification code vouches for: the unit, the month, the approval history and the
    SHA-256 of the approved PDF as stored."""
    found = verification(code)
    if found is None:
        raise Http404
    # Deny by default: the unit must be one the user may see.
    get_visible_object_or_404(PoliceUnit, request.user, pk=found["period"].unit_id)
    if found["in_force"] and not found["step"].pdf_name:
        # Approved but never downloaded yet: the stored PDF is made now, as a download would.
        _data, found["step"] = approved_pdf(found["period"], request=request)
    return render(request, "monthly/verify.html", found)

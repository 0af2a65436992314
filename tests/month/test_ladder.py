"""The month ladder: its order, who may take each step, and what blocks one."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from bhabin.models import ReviewEvent
from bhabin.services import review_record
from monthly.approval import month_accept, month_blockers, month_undo
from org.models import MonthPeriod, MonthPeriodStep
from personnel.models import User
from tests.factories import UserFactory, VisitFactory
from tests.month.conftest import user_with

State = MonthPeriod.State


def state(unit, month):
    period = MonthPeriod.objects.filter(unit=unit, month=month).first()
    return period.state if period else State.OPEN


def test_the_ladder_goes_polsek_then_polres_then_leadership(
    polsek_a, polsek_b, polres, kapolsek_a, kapolsek_b, kasat, leader, month, approve
):
    with pytest.raises(ValidationError, match="Polsek A, Polsek B"):
        approve(polres, kasat)
    approve(polsek_a, kapolsek_a, comment="Lengkap.")
    with pytest.raises(ValidationError, match="Polsek B"):
        approve(polres, kasat)
    with pytest.raises(ValidationError):
        month_accept(unit=polres, month=month, actor=leader)  # not approved by the Kasat yet
    approve(polsek_b, kapolsek_b)
    approve(polres, kasat)
    month_accept(unit=polres, month=month, actor=leader, comment="Diterima.")

    assert [state(u, month) for u in (polsek_a, polsek_b, polres)] == [
        State.APPROVED,
        State.APPROVED,
        State.ACCEPTED,
    ]
    steps = MonthPeriodStep.objects.filter(period__unit=polres).order_by("at", "pk")
    assert [(s.action, s.actor, s.from_state, s.to_state) for s in steps] == [
        ("approve", kasat, State.OPEN, State.APPROVED),
        ("accept", leader, State.APPROVED, State.ACCEPTED),
    ]
    assert MonthPeriodStep.objects.get(period__unit=polsek_a).comment == "Lengkap."


def test_the_kasat_may_override_missing_polsek_only_with_a_reason_and_they_are_recorded(
    polsek_a, polsek_b, polres, kapolsek_a, kasat, month, approve
):
    approve(polsek_a, kapolsek_a)
    with pytest.raises(ValidationError, match="alasan"):
        approve(polres, kasat, override=True)
    approve(polres, kasat, override=True, comment="Polsek B terlambat, laporan ke Polda hari ini.")

    step = MonthPeriodStep.objects.get(period__unit=polres)
    assert step.overridden_units == "Polsek B"
    assert state(polres, month) == State.APPROVED


def test_acceptance_is_not_a_step_when_the_setting_turns_it_off(
    settings, polres, polsek_a, kapolsek_a, kasat, leader, month, approve
):
    settings.MONTH_LEADERSHIP_ACCEPTANCE = False
    approve(polsek_a, kapolsek_a)
    approve(polres, kasat, override=True, comment="Uji.")
    with pytest.raises(PermissionDenied):
        month_accept(unit=polres, month=month, actor=leader)


ROLES = [
    User.Role.OFFICER,
    User.Role.KAPOLSEK,
    User.Role.KASAT_BINMAS,
    User.Role.OPERATOR,
    User.Role.LEADERSHIP,
    User.Role.ADMIN,
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["own", "other"])
def test_only_the_kapolsek_of_the_polsek_approves_its_month(
    role, where, polsek_a, polsek_b, month, approve
):
    user = user_with(role, polsek_a if where == "own" else polsek_b)
    if role == User.Role.KAPOLSEK and where == "own":
        approve(polsek_a, user)
        assert state(polsek_a, month) == State.APPROVED
    else:
        with pytest.raises(PermissionDenied):
            approve(polsek_a, user)
        assert state(polsek_a, month) == State.OPEN


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["own", "other"])
def test_only_the_kasat_of_the_polres_approves_its_month_and_leadership_accepts_it(
    role, where, polres, other_polres, polsek_a, kapolsek_a, month, approve
):
    approve(polsek_a, kapolsek_a)
    user = user_with(role, polres if where == "own" else other_polres)
    allowed = where == "own" and role == User.Role.KASAT_BINMAS
    if allowed:
        approve(polres, user, override=True, comment="Uji.")
    else:
        with pytest.raises(PermissionDenied):
            approve(polres, user, override=True, comment="Uji.")
        kasat = UserFactory(role=User.Role.KASAT_BINMAS, unit=polres)
        approve(polres, kasat, override=True, comment="Uji.")
    may_accept = where == "own" and role == User.Role.LEADERSHIP
    if may_accept:
        month_accept(unit=polres, month=month, actor=user)
        assert state(polres, month) == State.ACCEPTED
    else:
        with pytest.raises(PermissionDenied):
            month_accept(unit=polres, month=month, actor=user)
        assert state(polres, month) == State.APPROVED


@pytest.mark.parametrize(
    ("role", "where", "allowed"),
    [
        (User.Role.KAPOLSEK, "polsek_a", True),
        (User.Role.KAPOLSEK, "polsek_b", False),
        (User.Role.KASAT_BINMAS, "polres", True),
        (User.Role.KASAT_BINMAS, "other_polres", False),
        (User.Role.LEADERSHIP, "polres", True),
        (User.Role.LEADERSHIP, "other_polres", False),
        (User.Role.OPERATOR, "polres", False),
        (User.Role.ADMIN, "polres", False),
        (User.Role.OFFICER, "polsek_a", False),
    ],
)
def test_a_polsek_approval_is_undone_by_the_same_level_or_higher_in_the_unit_or_above(
    role, where, allowed, request, polsek_a, kapolsek_a, month, approve
):
    approve(polsek_a, kapolsek_a)
    user = user_with(role, request.getfixturevalue(where))
    if allowed:
        month_undo(unit=polsek_a, month=month, actor=user, reason="Ada kunjungan belum masuk.")
        assert state(polsek_a, month) == State.OPEN
    else:
        with pytest.raises(PermissionDenied):
            month_undo(unit=polsek_a, month=month, actor=user, reason="Coba.")
        assert state(polsek_a, month) == State.APPROVED


def test_an_undo_needs_a_reason_and_goes_one_rung_down_from_the_top(
    polsek_a, polres, kapolsek_a, kasat, leader, month, approve
):
    approve(polsek_a, kapolsek_a)
    approve(polres, kasat, override=True, comment="Uji.")
    month_accept(unit=polres, month=month, actor=leader)
    with pytest.raises(PermissionDenied):  # the Kasat is below the acceptance
        month_undo(unit=polres, month=month, actor=kasat, reason="Salah angka.")
    with pytest.raises(ValidationError, match="alasan"):
        month_undo(unit=polres, month=month, actor=leader, reason="  ")
    month_undo(unit=polres, month=month, actor=leader, reason="Salah angka.")
    assert state(polres, month) == State.APPROVED
    with pytest.raises(ValidationError, match="Polres"):  # the Polres above still approved
        month_undo(unit=polsek_a, month=month, actor=kapolsek_a, reason="Salah angka.")
    with pytest.raises(PermissionDenied):  # a Kapolsek is below the Polres approval
        month_undo(unit=polres, month=month, actor=kapolsek_a, reason="Salah angka.")
    month_undo(unit=polres, month=month, actor=kasat, reason="Salah angka.")
    month_undo(unit=polsek_a, month=month, actor=kapolsek_a, reason="Salah angka.")
    assert (state(polres, month), state(polsek_a, month)) == (State.OPEN, State.OPEN)
    undo = MonthPeriodStep.objects.filter(action="undo").order_by("pk").last()
    assert (undo.actor, undo.comment) == (kapolsek_a, "Salah angka.")


def test_a_polsek_with_reports_waiting_for_review_cannot_be_approved_and_the_page_lists_them(
    alice, area_a1, polsek_a, kapolsek_a, month, approve
):
    waiting = VisitFactory(
        officer=alice.officer,
        area=area_a1,
        occurred_at=datetime.datetime.combine(
            month.replace(day=10), datetime.time(9), datetime.UTC
        ),
        status="submitted",
    )
    blockers = month_blockers(polsek_a, month)
    assert blockers.waiting_count == 1
    assert blockers.waiting[0][1] == f"/tinjauan/kunjungan/{waiting.pk}/"
    with pytest.raises(ValidationError, match="1 laporan"):
        approve(polsek_a, kapolsek_a)

    review_record(item=waiting, reviewer=kapolsek_a, action=ReviewEvent.Action.ACCEPTED)
    assert not month_blockers(polsek_a, month)
    approve(polsek_a, kapolsek_a)
    assert state(polsek_a, month) == State.APPROVED


def test_every_step_is_in_the_audit_trail_with_its_actor(
    polsek_a, kapolsek_a, kasat, month, approve
):
    approve(polsek_a, kapolsek_a)
    month_undo(unit=polsek_a, month=month, actor=kasat, reason="Dibuka untuk koreksi.")

    steps = LogEntry.objects.get_for_model(MonthPeriodStep).order_by("pk")
    assert [(e.action, e.actor) for e in steps] == [
        (LogEntry.Action.CREATE, kapolsek_a),
        (LogEntry.Action.CREATE, kasat),
    ]
    period_entries = LogEntry.objects.get_for_model(MonthPeriod)
    assert {e.actor for e in period_entries} == {kapolsek_a, kasat}

"""An approved month is locked: every kind of write refused through every door, with a reason
that says which month, by whom and since when; an undo opens it again."""

import csv
import datetime
import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from bhabin.models import EarlyWarning, ProblemCase, ReviewEvent, Visit, VisitSchedule
from bhabin.schedules import schedule_entries_delete, schedule_entry_save, schedule_plan_month
from bhabin.services import field_reports_delete, review_record
from conflicts.models import Incident
from conflicts.services import incidents_delete
from imports.models import ImportBatch
from imports.services import import_file
from monthly.approval import month_undo
from org.locks import MonthLocked
from personnel.models import User
from tests.factories import (
    EarlyWarningFactory,
    IncidentFactory,
    ProblemCaseFactory,
    UserFactory,
    VisitFactory,
)
from tests.field.conftest import local_input, visit_post  # noqa: F401  (fixture)


def at(month, day, hour=10):
    return timezone.make_aware(
        datetime.datetime.combine(month.replace(day=day), datetime.time(hour))
    )


@pytest.fixture
def locked(polsek_a, kapolsek_a, approve):
    """Polsek A's last month, approved by its Kapolsek."""
    return approve(polsek_a, kapolsek_a).period


@pytest.fixture
def accepted_visit(alice, area_a1, month):
    """A visit of the month, accepted before the month was approved."""
    return VisitFactory(
        officer=alice.officer, area=area_a1, occurred_at=at(month, 3), status="accepted"
    )


@pytest.fixture
def operator(polsek_a):
    return UserFactory(username="operator", role=User.Role.OPERATOR, unit=polsek_a)


# --- The services: each kind of write ------------------------------------------------------------


def test_the_refusal_names_the_month_who_locked_it_since_when_and_how_to_open_it(
    alice, area_a1, month, locked
):
    with pytest.raises(MonthLocked) as refused:
        VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(month, 12))
    message = refused.value.messages[0]
    # The default language is Indonesian.
    assert date_format(month, "F Y") in message
    assert "Polsek A" in message and "kapolsek_a" in message
    assert f"{timezone.localtime(locked.changed_at):%Y %H:%M}" in message
    assert "membatalkan persetujuan" in message
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    "make",
    [
        lambda officer, area, month: VisitFactory(
            officer=officer, area=area, occurred_at=at(month, 5)
        ),
        lambda officer, area, month: EarlyWarningFactory(
            officer=officer, area=area, reported_at=at(month, 5)
        ),
        lambda officer, area, month: ProblemCaseFactory(
            officer=officer, area=area, opened_on=month.replace(day=5)
        ),
        lambda officer, area, month: IncidentFactory(
            unit=area.unit, occurred_on=month.replace(day=5)
        ),
    ],
    ids=["visit", "early-warning", "case", "incident"],
)
def test_no_row_of_any_kind_is_created_in_a_locked_month(make, alice, area_a1, month, locked):
    with pytest.raises(MonthLocked):
        make(alice.officer, area_a1, month)
    assert not any(m.objects.exists() for m in (Visit, EarlyWarning, ProblemCase, Incident))


def test_nothing_dated_in_a_locked_month_is_changed_moved_out_or_deleted(
    alice, area_a1, month, accepted_visit, polsek_a, kapolsek_a, approve
):
    incident = IncidentFactory(unit=polsek_a, occurred_on=month.replace(day=4))
    entry = schedule_entry_save(
        entry=VisitSchedule(officer=alice.officer, area=area_a1, planned_on=month.replace(day=6))
    )
    approve(polsek_a, kapolsek_a)

    with pytest.raises(MonthLocked):
        field_reports_delete(items=Visit.objects.filter(pk=accepted_visit.pk))
    with pytest.raises(MonthLocked):
        incidents_delete(incidents=Incident.objects.filter(pk=incident.pk))
    entry.planned_on = timezone.localdate()  # moving it out of the month changes the month too
    with pytest.raises(MonthLocked):
        schedule_entry_save(entry=entry)
    with pytest.raises(MonthLocked):
        schedule_entries_delete(entries=VisitSchedule.objects.all())
    with pytest.raises(MonthLocked):
        schedule_plan_month(unit=polsek_a, year=month.year, month=month.month, replace=True)
    assert (Visit.objects.count(), Incident.objects.count(), VisitSchedule.objects.count()) == (
        1,
        1,
        1,
    )
    assert VisitSchedule.objects.get().planned_on == month.replace(day=6)


def test_a_review_decision_in_a_month_the_polres_approved_over_the_polsek_is_refused(
    bob, area_b1, polsek_b, polres, kasat, kapolsek_b, month, approve
):
    waiting = VisitFactory(officer=bob.officer, area=area_b1, occurred_at=at(month, 8))
    approve(polres, kasat, override=True, comment="Laporan ke Polda hari ini.")

    with pytest.raises(MonthLocked, match="disetujui untuk Polres Uji oleh kasat"):
        review_record(item=waiting, reviewer=kapolsek_b, action=ReviewEvent.Action.ACCEPTED)
    waiting.refresh_from_db()
    assert waiting.status == "submitted"
    assert not ReviewEvent.objects.filter(action="accepted").exists()


def test_the_month_after_and_another_polsek_stay_open(alice, area_a1, bob, area_b1, month, locked):
    VisitFactory(officer=bob.officer, area=area_b1, occurred_at=at(month, 5))
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=timezone.now())
    assert Visit.objects.count() == 2


def test_an_undo_opens_the_month_for_writing_again(
    alice, area_a1, month, locked, kapolsek_a, polsek_a
):
    with pytest.raises(MonthLocked):
        VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(month, 5))
    month_undo(unit=polsek_a, month=month, actor=kapolsek_a, reason="Kunjungan susulan.")
    VisitFactory(officer=alice.officer, area=area_a1, occurred_at=at(month, 5))
    assert Visit.objects.count() == 1


# --- The doors: the officer's form and phone, the planning page, the admin, imports, commands ----


def test_the_officers_form_refuses_a_visit_in_a_locked_month_and_says_why(
    login,
    alice,
    area_a1,
    month,
    locked,
    visit_post,  # noqa: F811
):
    client = login(alice)
    data = visit_post(area_a1, occurred_at=local_input(at(month, 20)))

    response = client.post(reverse("bhabin:report-create", args=["kunjungan"]), data)

    assert response.status_code == 200
    assert "is locked" in response.content.decode()
    assert not Visit.objects.exists()


def test_the_phones_outbox_gets_the_reason_to_keep_the_report(
    login,
    alice,
    area_a1,
    month,
    locked,
    visit_post,  # noqa: F811
):
    client = login(alice)
    data = visit_post(area_a1, occurred_at=local_input(at(month, 20)))

    response = client.post(
        reverse("bhabin:report-create", args=["kunjungan"]), data, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 400  # refused: the outbox keeps it, with the reason
    [reason] = response.json()["errors"]["__all__"]
    assert "is locked" in reason and "kapolsek_a" in reason
    assert not Visit.objects.exists()


def test_the_planning_page_refuses_an_entry_in_a_locked_month(
    login, kapolsek_a, alice, area_a1, polsek_a, month, locked
):
    client = login(kapolsek_a)
    response = client.post(
        reverse("bhabin:schedule-entry-add", args=[polsek_a.code]),
        {
            "planned_on": f"{month.replace(day=9):%Y-%m-%d}",
            "officer": alice.officer.pk,
            "area": area_a1.pk,
        },
    )
    assert response.status_code == 200
    assert "is locked" in response.content.decode()
    assert not VisitSchedule.objects.exists()


def test_the_admin_shows_a_locked_row_read_only_and_refuses_to_change_or_delete_it(
    client, operator, accepted_visit, month, polsek_a, kapolsek_a, approve
):
    approve(polsek_a, kapolsek_a)
    client.force_login(operator)
    change = reverse("admin:bhabin_visit_change", args=[accepted_visit.pk])

    assert client.get(change).status_code == 200
    assert client.post(change, {"narrative": "x" * 60}).status_code == 403
    delete = reverse("admin:bhabin_visit_delete", args=[accepted_visit.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    response = client.post(
        reverse("admin:bhabin_visit_changelist"),
        {"action": "delete_selected", "_selected_action": [accepted_visit.pk], "post": "yes"},
    )
    assert response.status_code == 403  # the row is not the operator's to delete now
    assert Visit.objects.filter(pk=accepted_visit.pk).exists()


def test_the_admin_refuses_a_new_row_in_a_locked_month_on_its_form(
    client, operator, alice, area_a1, month, locked
):
    client.force_login(operator)  # in Indonesian, the default language
    response = client.post(
        reverse("admin:bhabin_visitschedule_add"),
        {
            "planned_on": f"{month.replace(day=9):%Y-%m-%d}",
            "officer": alice.officer.pk,
            "area": area_a1.pk,
        },
    )
    assert response.status_code == 200
    assert "sudah dikunci" in response.content.decode()
    assert not VisitSchedule.objects.exists()


def visits_log(officer, area, *days):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["TANGGAL", "JAM", "NRP", "DESA/KEL", "KEGIATAN", "URAIAN"])
    for day in days:
        writer.writerow(
            [
                f"{day:%Y-%m-%d}",
                "09:15",
                officer.nrp,
                area.name,
                "Sambang",
                f"Sambang ke rumah warga tanggal {day:%d}, mendengarkan keluhan soal parkir liar.",
            ]
        )
    return buffer.getvalue().encode()


@pytest.fixture
def private_dir(settings, tmp_path):
    settings.IMPORT_STORAGE_DIR = tmp_path / "imports"


def test_an_import_refuses_the_rows_of_a_locked_month_by_name_and_writes_nothing(
    private_dir, alice, area_a1, polres, month, locked
):
    after = timezone.localdate().replace(day=1)
    data = visits_log(alice.officer, area_a1, month.replace(day=2), after)

    result = import_file(kind="visits", data=data, filename="log.csv", unit=polres)

    assert result.batch.status == ImportBatch.Status.REJECTED
    errors = [o for o in result.plan.outcomes if o.status == "error"]
    assert [o.row for o in errors] == [2]
    assert date_format(month, "F Y") in errors[0].message
    assert "dikunci" in errors[0].message
    assert not Visit.objects.exists()


def test_the_import_command_writes_nothing_into_a_locked_month(
    private_dir, tmp_path, alice, area_a1, polres, month, locked
):
    path = tmp_path / "log.csv"
    path.write_bytes(visits_log(alice.officer, area_a1, month.replace(day=2)))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_sheet", "visits", str(path), "--unit", polres.code, stdout=out)
    assert not Visit.objects.exists()


def test_the_locked_message_is_indonesian_in_the_default_language(alice, area_a1, month, locked):
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        VisitFactory(
            officer=alice.officer, area=area_a1, occurred_at=at(month, 12), client_id=uuid.uuid4()
        )
    assert "dikunci" in refused.value.messages[0]

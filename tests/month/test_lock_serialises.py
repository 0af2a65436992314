"""On PostgreSQL, the period row lock makes a visit submitted while the month is being approved
wait for the approval, then refuses it: shown step by step, without relying on timing.

Thread A opens a transaction and approves the month through the ladder (`month_approve`, which
locks the period rows with `org.locks.periods_lock`) and holds it open. Thread B submits a visit
of that month through the visit service. The database itself reports B waiting on a lock while
A holds it, and B has not finished; A commits; B then ends with the locked-month refusal and no
visit is written.

The second test is the same scene with the writer's lock made a no-op: B no longer waits, its
visit is written beside A's approval, and after A commits the month is approved with a visit
that arrived during the approval: the outcome the lock exists to prevent. So the first test
passes because of the lock, not because of the order the threads happened to run in.
"""

import datetime
import threading
import uuid

import pytest
from django.db import connection, transaction
from django.utils import timezone

from bhabin.models import Activity, Visit
from bhabin.services import field_reports, visit_create
from monthly.approval import month_approve
from org.locks import LOCKED_CODE
from org.models import MonthPeriod
from org.periods import shift_month
from tests.jobs.files import reference_data

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's; SQLite has one writer"
)

WAIT = 30  # seconds: only ever reached when something is wrong


class Scene:
    """Thread A approving and holding its transaction open; thread B submitting a visit."""

    def __init__(self, *, unit, month, kapolsek, officer, area):
        self.approved, self.release = threading.Event(), threading.Event()
        self.visit_done = threading.Event()
        self.outcomes = {}
        self.when = timezone.make_aware(
            datetime.datetime.combine(month.replace(day=10), datetime.time(9))
        )
        activity = Activity.objects.order_by("sort_order").first()

        def approve():
            with transaction.atomic():
                month_approve(unit=unit, month=month, actor=kapolsek)
                self.approved.set()
                # Commit only when the main thread says so.
                assert self.release.wait(WAIT)

        def submit():
            visit_create(
                officer=officer.officer,
                client_id=uuid.uuid4(),
                actor=officer,
                area=area,
                activity=activity,
                occurred_at=self.when,
                households_visited=3,
                people_met=5,
                narrative="Sambang ke pos ronda: warga membahas jadwal ronda malam.",
            )

        self.a = self._thread(approve, "approval")
        self.b = self._thread(submit, "visit", done=self.visit_done)

    def _thread(self, work, name, done=None):
        def run():
            try:
                work()
                self.outcomes[name] = "written"
            except Exception as error:  # noqa: BLE001 (kept for the assertions)
                self.outcomes[name] = error
            finally:
                connection.close()
                if done is not None:
                    done.set()

        return threading.Thread(target=run)

    def finish(self):
        self.release.set()
        for thread in (self.a, self.b):
            thread.join(WAIT)
        assert not (self.a.is_alive() or self.b.is_alive())


def waiting_on_a_lock():
    """How many sessions of this database wait for a lock (row locks show as 'Lock')."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def wait_until(condition):
    deadline = timezone.now() + datetime.timedelta(seconds=WAIT)
    while not condition():
        assert timezone.now() < deadline, "the condition never came true"
        threading.Event().wait(0.02)


@pytest.fixture
def scene(alice, area_a1, polsek_a, kapolsek_a):
    # An earlier test on the committed database may have emptied the catalogue of activities.
    reference_data()
    month = shift_month(timezone.localdate().replace(day=1), -1)
    # The period row exists and is committed, open, before either thread starts.
    MonthPeriod.objects.get_or_create(unit=polsek_a, month=month)
    return Scene(unit=polsek_a, month=month, kapolsek=kapolsek_a, officer=alice, area=area_a1)


def month_state(unit, month):
    return MonthPeriod.objects.get(unit=unit, month=month).state


@pytest.mark.django_db(transaction=True)
def test_a_visit_waits_for_an_approval_holding_the_period_lock_then_is_refused(scene, polsek_a):
    scene.a.start()
    assert scene.approved.wait(WAIT)  # A approved, and holds its transaction open
    scene.b.start()

    # B is blocked on a lock (the database says so), and has not finished.
    wait_until(lambda: waiting_on_a_lock() >= 1)
    assert not scene.visit_done.is_set()
    # Still blocked a second later: it waits for A, not merely for its turn on the CPU.
    assert not scene.visit_done.wait(1)

    scene.finish()

    assert scene.outcomes["approval"] == "written"
    refusal = scene.outcomes["visit"]
    assert getattr(refusal, "code", None) == LOCKED_CODE, refusal
    # The refusal says the month is locked, and by whom (in Indonesian, the default language).
    assert "sudah dikunci" in refusal.messages[0] and "kapolsek_a" in refusal.messages[0]
    assert month_state(polsek_a, scene.when.date().replace(day=1)) == "approved"
    assert not Visit.objects.filter(occurred_at=scene.when).exists()


@pytest.mark.django_db(transaction=True)
def test_without_the_writers_lock_the_visit_slips_into_the_month_being_approved(
    scene, polsek_a, monkeypatch
):
    monkeypatch.setattr(field_reports, "periods_check_open", lambda **kwargs: None)
    scene.a.start()
    assert scene.approved.wait(WAIT)
    scene.b.start()

    # B does not wait for A: it finishes while A still holds its transaction open.
    assert scene.visit_done.wait(WAIT)
    assert not scene.release.is_set()

    scene.finish()

    assert scene.outcomes == {"approval": "written", "visit": "written"}
    # The bad outcome: an approved month holding a visit that came in during its approval.
    assert month_state(polsek_a, scene.when.date().replace(day=1)) == "approved"
    assert Visit.objects.filter(occurred_at=scene.when).exists()

"""On PostgreSQL, an approval and a visit submitted at the same moment never both win: the
approval and the write lock the same period row, so whichever comes second sees the other.

Whether a round catches a missing lock depends on how the threads happen to interleave (the
early, unlocked check often decides first), so these rounds are a smoke test, not the proof:
tests/month/test_lock_serialises.py holds the approval's transaction open and shows the visit
waiting on the row lock and then refused, and the same scene without the lock letting the
visit in."""

import datetime
import threading
import time
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from bhabin.models import Activity, Visit
from bhabin.services import visit_create
from monthly.approval import month_approve
from org.models import MonthPeriod
from org.periods import shift_month
from tests.jobs.files import reference_data

ROUNDS = 25

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's; SQLite has one writer"
)


def _in_thread(work, barrier, outcomes, name):
    def run():
        try:
            barrier.wait()
            work()
            outcomes[name] = "written"
        except ValidationError:
            outcomes[name] = "refused"
        except Exception as error:  # noqa: BLE001 (said in the assertion, not lost in a thread)
            outcomes[name] = f"{type(error).__name__}: {error}"
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_approval_and_visit_never_leave_a_visit_in_an_approved_month(
    alice, area_a1, polsek_a, kapolsek_a
):
    # An earlier test on the committed database may have emptied the catalogue of activities.
    reference_data()
    activity = Activity.objects.order_by("sort_order").first()
    this_month = timezone.localdate().replace(day=1)
    seen = set()
    for round_ in range(ROUNDS):
        month = shift_month(this_month, -1 - round_)
        when = timezone.make_aware(
            datetime.datetime.combine(month.replace(day=10), datetime.time(9))
        )

        def approve(month=month, delay=(round_ % 13) * 0.03):
            # A delay that sweeps the visit's window (its checks, then its transaction), so
            # that the approval lands before, inside and after it over the rounds.
            time.sleep(delay)
            month_approve(unit=polsek_a, month=month, actor=kapolsek_a)

        def submit(when=when, round_=round_):
            visit_create(
                officer=alice.officer,
                client_id=uuid.uuid4(),
                actor=alice,
                area=area_a1,
                activity=activity,
                occurred_at=when,
                households_visited=3,
                people_met=5,
                narrative=f"Sambang putaran {round_}: warga membahas ronda malam dan parkir liar.",
            )

        barrier, outcomes = threading.Barrier(2), {}
        threads = [
            _in_thread(approve, barrier, outcomes, "approval"),
            _in_thread(submit, barrier, outcomes, "visit"),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        approved = MonthPeriod.objects.filter(unit=polsek_a, month=month, state="approved")
        visits = Visit.objects.filter(occurred_at=when)
        assert not (approved.exists() and visits.exists()), f"round {round_}: {outcomes}"
        # Exactly one of the two won: the loser was refused because of the winner.
        assert sorted(outcomes.values()) == ["refused", "written"], f"round {round_}: {outcomes}"
        seen.add(outcomes["approval"])
    # Both orders happened at least once in so many rounds (else the test proved little).
    print(f"outcomes of the approval over {ROUNDS} rounds: {sorted(seen)}")

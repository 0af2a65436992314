"""A small slice of the demo dated around today, so the officer and Kapolsek logins have work.

The study's field work is dated 2022; a person trying the demo today expects the `bhabin` login
to show today's schedule and something returned for correction, and the `kapolsek` login an
inbox. These rows go through the same services the forms use. Keys depend on today's date:
re-running on the same day adds nothing; on a later day it adds that day's slice.
"""

import datetime
import uuid

from django.conf import settings
from django.utils import timezone

from bhabin.models import Activity, Assignment, ReviewEvent, Visit, VisitSchedule
from bhabin.services import review_record, visit_create
from personnel.models import User

LIVE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "live.demo.sigap.polres-metro-bekasi")


def live_slice_seed():
    """Today's schedule and a returned visit for `bhabin`; a submitted one in the inbox."""
    officer_user = User.objects.select_related("officer").filter(username="bhabin").first()
    kapolsek = User.objects.filter(username="kapolsek").first()
    if officer_user is None or officer_user.officer is None or kapolsek is None:
        return
    officer = officer_user.officer
    assignment = Assignment.objects.active().filter(officer=officer).select_related("area").first()
    if assignment is None:
        return
    today = timezone.localdate()
    activities = {a.code: a for a in Activity.objects.all()}
    _schedule_days(officer, assignment.area, today, activities["sambang-keluhan"])

    yesterday = timezone.localtime().replace(hour=10, minute=30, second=0, microsecond=0)
    yesterday -= datetime.timedelta(days=1)
    if yesterday.month != today.month:
        # On the 1st, yesterday is last month, and the latest whole month with visits
        # (bhabin.months) would become a month of two visits: keep the slice in this month.
        yesterday = timezone.localtime() - datetime.timedelta(minutes=1)
    visit, created = visit_create(
        officer=officer,
        client_id=uuid.uuid5(LIVE_NAMESPACE, f"returned|{today}"),
        actor=officer_user,
        area=assignment.area,
        activity=activities["siskamling"],
        occurred_at=yesterday,
        households_visited=6,
        people_met=9,
        complaints="",
        narrative=(
            f"Mengecek poskamling RW 03 {assignment.area.name} bersama ketua RT; jadwal ronda "
            f"malam sudah disusun ulang ({today:%d/%m/%Y})."
        ),
        follow_up="",
        follow_up_needed=False,
    )
    if created:
        review_record(
            item=visit,
            reviewer=kapolsek,
            action=ReviewEvent.Action.RETURNED,
            comment="Sebutkan jumlah petugas ronda yang hadir dan nama ketua RT yang ditemui.",
        )
    colleague = (
        Assignment.objects.active()
        .filter(area__unit=kapolsek.unit, role=Assignment.Role.PRIMARY)
        .exclude(officer=officer)
        .select_related("officer", "area")
        .order_by("officer__nrp")
        .first()
    )
    if colleague is not None:
        visit_create(
            officer=colleague.officer,
            client_id=uuid.uuid5(LIVE_NAMESPACE, f"submitted|{today}"),
            area=colleague.area,
            activity=activities["penyuluhan"],
            occurred_at=yesterday,
            households_visited=0,
            people_met=35,
            complaints="Orang tua murid khawatir tawuran pelajar sepulang sekolah.",
            narrative=(
                f"Penyuluhan bahaya tawuran pelajar di SMP negeri {colleague.area.name} bersama "
                f"guru BK dan tokoh pemuda ({today:%d/%m/%Y})."
            ),
            follow_up="Patroli bersama Babinsa pada jam pulang sekolah.",
            follow_up_needed=True,
        )


def _schedule_days(officer, area, today, activity):
    """Today (if a working day) and the next two working days, in the officer's own area."""
    days, day = [], today
    while len(days) < 3:
        if day.weekday() in settings.FIELD_WORK_WEEKDAYS:
            days.append(day)
        day += datetime.timedelta(days=1)
    VisitSchedule.objects.bulk_create(
        [VisitSchedule(officer=officer, area=area, planned_on=d, activity=activity) for d in days],
        ignore_conflicts=True,
    )


def review_history_seed():
    """The review steps the seeded 2022 reports went through, for those that have none yet."""
    reviewers = {u.unit_id: u for u in User.objects.filter(role=User.Role.KAPOLSEK).order_by("pk")}
    kasat = User.objects.filter(role=User.Role.KASAT_BINMAS).order_by("pk").first()
    events = []
    for visit in Visit.objects.filter(review_events__isnull=True).select_related("area"):
        events.append(
            ReviewEvent(visit=visit, action=ReviewEvent.Action.SUBMITTED, at=visit.occurred_at)
        )
        if visit.status == "submitted":
            continue
        reviewer = reviewers.get(visit.area.unit_id, kasat)
        returned = visit.status == "returned"
        events.append(
            ReviewEvent(
                visit=visit,
                action=ReviewEvent.Action.RETURNED if returned else ReviewEvent.Action.ACCEPTED,
                actor=reviewer,
                at=visit.occurred_at + datetime.timedelta(days=1),
                comment="Lengkapi jumlah KK yang dikunjungi dan nama tokoh yang ditemui."
                if returned
                else "",
            )
        )
    ReviewEvent.objects.bulk_create(events, batch_size=2000)

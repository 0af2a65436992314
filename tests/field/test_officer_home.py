"""The officer's home on a phone: returned reports first, today's schedule, progress per area."""

import datetime

from django.urls import reverse
from django.utils import timezone

from bhabin.models import Assignment, ReviewEvent, VisitSchedule
from tests.factories import AssistedAreaFactory, VisitFactory

HOME = reverse("home")


def test_progress_counts_this_months_visits_against_the_scheduled_ones(
    login, alice, area_a1, polsek_a
):
    today = timezone.localdate()
    for day in (1, 2, 3, 4):
        VisitSchedule.objects.create(
            officer=alice.officer, area=area_a1, planned_on=today.replace(day=day)
        )
    for _ in range(3):
        VisitFactory(officer=alice.officer, area=area_a1)
    unscheduled = AssistedAreaFactory(unit=polsek_a, name="Desa A5")
    Assignment.objects.create(
        officer=alice.officer, area=unscheduled, role="additional", start_date=today
    )

    response = login(alice).get(HOME)

    progress = {a.area.name: (a.done, a.target) for a in response.context["assignments"]}
    assert progress == {"Desa A1": (3, 4), "Desa A5": (0, 1)}
    content = response.content.decode()
    assert "3/4 visits" in content and "0/1 visits" in content


def test_todays_schedule_shows_what_is_planned_and_what_is_done(login, alice, area_a1, bob):
    VisitSchedule.objects.create(
        officer=alice.officer, area=area_a1, planned_on=timezone.localdate()
    )
    VisitSchedule.objects.create(
        officer=bob.officer,
        area=bob.officer.assignments.get().area,
        planned_on=timezone.localdate(),
    )
    client = login(alice)

    before = client.get(HOME).context["today_schedule"]
    VisitFactory(officer=alice.officer, area=area_a1)
    after = client.get(HOME).context["today_schedule"]

    assert [(s.area, s.done) for s in before] == [(area_a1, False)]
    assert [(s.area, s.done) for s in after] == [(area_a1, True)]


def test_a_returned_visit_comes_right_after_the_report_buttons_with_the_reviewers_comment(
    login, alice, area_a1, kapolsek_a
):
    visit = VisitFactory(officer=alice.officer, area=area_a1, status="returned")
    ReviewEvent.objects.create(visit=visit, action="returned", actor=kapolsek_a, comment="Lama.")
    ReviewEvent.objects.create(
        visit=visit,
        action="returned",
        actor=kapolsek_a,
        comment="Tambahkan jumlah warga.",
        at=timezone.now() + datetime.timedelta(seconds=1),
    )

    content = login(alice).get(HOME).content.decode()

    main = content[content.index("<main") :]
    # "Log a visit" first, then what waits for a correction, then the day's schedule.
    assert main.index("Log a visit") < main.index("returned for correction")
    assert main.index("returned for correction") < main.index("Today's schedule")
    assert "Tambahkan jumlah warga." in content and "Lama." not in content
    assert reverse("bhabin:report-correct", args=["kunjungan", visit.pk]) in content


def test_another_officers_returned_visit_is_not_shown(login, alice, bob, area_b1):
    VisitFactory(officer=bob.officer, area=area_b1, status="returned")

    assert login(alice).get(HOME).context["returned"] == []


def _busy_month(alice, polsek_a, areas):
    today = timezone.localdate()
    for n in range(areas):
        area = AssistedAreaFactory(unit=polsek_a)
        Assignment.objects.create(
            officer=alice.officer, area=area, role="additional", start_date=today.replace(day=1)
        )
        VisitSchedule.objects.create(officer=alice.officer, area=area, planned_on=today)
        VisitFactory(officer=alice.officer, area=area, status="returned")
        VisitFactory(officer=alice.officer, area=area, narrative=f"Kunjungan nomor {n} ke desa.")


def test_the_officer_home_costs_the_same_queries_with_one_area_or_many(
    login, alice, polsek_a, django_assert_num_queries
):
    client = login(alice)
    # 9: session, user (+unit, officer); returned visits, early-detection reports, cases (each
    # with its last comment); visits this month (count); today's schedule (+done); areas (+done,
    # target); last visits.
    with django_assert_num_queries(9):
        assert client.get(HOME).status_code == 200
    _busy_month(alice, polsek_a, 6)
    # The same 9 with seven areas, each scheduled, visited and returned.
    with django_assert_num_queries(9):
        assert client.get(HOME).status_code == 200

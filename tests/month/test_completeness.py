"""`rekap kelengkapan`: reporting rates of a month, checked against counts made from the rows."""

import csv
import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from bhabin.models import Visit, VisitSchedule
from bhabin.schedules import schedule_entry_save
from recaps.completeness import due_moment
from tests.factories import AssignmentFactory, AssistedAreaFactory, VisitFactory


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def rekap(polres, month):
    out = io.StringIO()
    call_command(
        "rekap",
        "kelengkapan",
        "--format",
        "csv",
        "--unit",
        polres.code,
        "--month",
        f"{month:%Y-%m}",
        stdout=out,
    )
    return {row[1]: row for row in csv.reader(io.StringIO(out.getvalue()))}


def test_the_rates_are_the_counts_of_the_rows(
    settings, alice, area_a1, polsek_a, polsek_b, polres, kapolsek_a, month, approve
):
    settings.REPORTS_DUE_DAY = 5
    officer = alice.officer
    area_a2 = AssistedAreaFactory(unit=polsek_a, name="Desa A2")
    AssignmentFactory(officer=officer, area=area_a2, role="secondary")
    days = [month.replace(day=d) for d in (4, 11, 18)]
    for day in days:
        schedule_entry_save(entry=VisitSchedule(officer=officer, area=area_a1, planned_on=day))
    on_plan = VisitFactory(
        officer=officer, area=area_a1, occurred_at=at(days[0]), status="accepted"
    )
    off_plan = VisitFactory(
        officer=officer, area=area_a1, occurred_at=at(month.replace(day=20)), status="accepted"
    )
    late = VisitFactory(
        officer=officer, area=area_a1, occurred_at=at(month.replace(day=25)), status="accepted"
    )
    # Recorded after the due day (the 5th of the next month): late.
    Visit.objects.filter(pk=late.pk).update(
        created_at=due_moment(month) + datetime.timedelta(hours=1)
    )
    approve(polsek_a, kapolsek_a)

    rows = rekap(polres, month)

    # Counted again here, from the rows themselves.
    planned = VisitSchedule.objects.filter(officer=officer, planned_on__month=month.month).count()
    done = sum(
        Visit.objects.filter(officer=officer, area=e.area, occurred_at__date=e.planned_on).exists()
        for e in VisitSchedule.objects.filter(officer=officer)
    )
    visits = Visit.objects.filter(officer=officer)
    on_time = sum(v.created_at < due_moment(month) for v in visits)
    assert (planned, done, on_time, visits.count()) == (3, 1, 2, 3)
    assert on_plan and off_plan

    line = rows[f"{officer.get_rank_display()} {officer.name}"]
    assert line[2:11] == [
        str(planned),
        str(done),
        str(round(100 * done / planned, 1)),
        "2",
        "1",
        "50.0",
        str(on_time),
        str(visits.count() - on_time),
        str(round(100 * on_time / visits.count(), 1)),
    ]
    assert rows["Polsek A"][2:4] == [str(planned), str(done)]
    expected = "tepat waktu" if timezone.now() < due_moment(month) else "terlambat"
    assert rows["Polsek A"][11] == expected
    assert rows["Polsek B"][11] == "belum"
    # The Polres adds up its Polsek: Polsek B's officer-less month adds nothing.
    assert rows[polres.name][2:4] == [str(planned), str(done)]
    assert rows[polres.name][0] == "polres"

"""Deleting field reports in bulk writes the audit entries auditlog would, in one insert
(issue 17, item 3: deleting visits wrote one audit row per visit)."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from bhabin.models import ReviewEvent, Visit
from bhabin.services import field_reports_delete
from tests.factories import VisitFactory

DELETE = LogEntry.Action.DELETE
COMPARED = ("content_type_id", "object_pk", "object_id", "object_repr", "changes", "actor_id")


def entries(**filters):
    """The delete entries, their changes without `created_at` (set again by a re-insert)."""
    rows = LogEntry.objects.filter(action=DELETE, **filters).values_list(*COMPARED)
    return sorted(
        (
            (*row[:4], {k: v for k, v in row[4].items() if k != "created_at"}, row[5])
            for row in rows
        ),
        key=lambda row: (row[0], row[1]),
    )


def visits_with_history(alice, area_a1, count):
    visits = VisitFactory.create_batch(count, officer=alice.officer, area=area_a1)
    for visit in visits:
        ReviewEvent.objects.create(visit=visit, action=ReviewEvent.Action.SUBMITTED)
    return visits


def test_the_bulk_entries_are_those_auditlog_writes_row_by_row(alice, area_a1, kapolsek_a):
    visits = visits_with_history(alice, area_a1, 3)
    ids = [visit.pk for visit in visits]
    with set_actor(kapolsek_a):
        # auditlog's own receivers, one entry per row: the reference.
        Visit.objects.filter(pk__in=ids).delete()
    expected = entries()
    LogEntry.objects.all().delete()

    # The same rows again (same ids, same values), deleted through the service.
    for visit in visits:
        Visit.objects.bulk_create([visit])  # the same id
        ReviewEvent.objects.create(visit=visit, action=ReviewEvent.Action.SUBMITTED)
    LogEntry.objects.all().delete()
    with set_actor(kapolsek_a):
        field_reports_delete(items=Visit.objects.filter(pk__in=ids), actor=kapolsek_a)

    got = entries()
    visit_type = ContentType.objects.get_for_model(Visit).pk
    assert [row for row in got if row[0] == visit_type] == [
        row for row in expected if row[0] == visit_type
    ]
    # Review events get new ids here; their entries match but for the id.
    assert len(got) == len(expected) == 6
    assert {row[5] for row in got} == {kapolsek_a.pk}


def test_the_actor_given_is_recorded_outside_a_request(alice, area_a1, kapolsek_a):
    visits_with_history(alice, area_a1, 2)

    field_reports_delete(items=Visit.objects.all(), actor=kapolsek_a)

    assert {row[5] for row in entries()} == {kapolsek_a.pk}
    assert Visit.objects.count() == 0 and ReviewEvent.objects.count() == 0


@pytest.mark.parametrize("count", [2, 7])
def test_a_bulk_delete_costs_the_same_queries_for_two_visits_or_seven(
    count, alice, area_a1, kapolsek_a, django_assert_num_queries
):
    visits_with_history(alice, area_a1, count)
    ContentType.objects.get_for_model(Visit)
    ContentType.objects.get_for_model(ReviewEvent)
    # 20: savepoint; the month's lock (org.locks): the visits' (unit, day) pairs, the units'
    # paths, their periods locked (all exist: the visits made them); the visits' (area, month)
    # keys; collect the visits and their review
    # events; the visits' officers, areas and activities for the entries' descriptions (the
    # events' visits are the collected ones; no actor); the community-figure links (checked
    # for fast delete); delete links, visits, events; the audit entries in one insert; the
    # month recount (savepoint, lock, delete, insert, release); release.
    with django_assert_num_queries(20):
        deleted, _ = field_reports_delete(items=Visit.objects.all(), actor=kapolsek_a)
    assert deleted == 2 * count
    assert LogEntry.objects.filter(action=DELETE).count() == 2 * count

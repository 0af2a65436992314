"""purge_personal_data: people involved past retention are deleted, logged, and named nowhere."""

import datetime
import json
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.admin.models import ADDITION, CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from audit.models import AccessLog
from audit.services import access_log_record
from conflicts.models import Incident, InvolvedPerson, Involvement
from conflicts.retention import PURGED_REPR, people_past_retention, years_later
from tests.factories import IncidentFactory, UserFactory

AS_OF = datetime.date(2026, 6, 1)


@pytest.fixture
def incidents(polsek_a):
    return {
        year: IncidentFactory(unit=polsek_a, occurred_on=datetime.date(year, 3, 1))
        for year in (2015, 2020, 2024)
    }


def person(name, *incidents, role="perpetrator", **fields):
    created = InvolvedPerson.objects.create(name=name, **fields)
    for incident in incidents:
        Involvement.objects.create(incident=incident, person=created, role=role)
    return created


@pytest.fixture
def people(incidents, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    return {
        # Last incident 2015: due 2020.
        "old": person("Lama Sekali", incidents[2015]),
        # Last incident 2024 (an earlier one in 2015 does not count): due 2029.
        "recent": person("Baru Saja", incidents[2015], incidents[2024]),
        # Old, but an administrator keeps the record (a case still open).
        "kept": person("Masih Ditahan", incidents[2015], retain_until=datetime.date(2030, 1, 1)),
        # Recent, but an administrator set an earlier date.
        "early": person("Sudah Cukup", incidents[2024], retain_until=datetime.date(2025, 1, 1)),
        # Last incident 2020-03-01: due 2025-03-01, before AS_OF.
        "edge": person("Batas Tepat", incidents[2020]),
        # No incident and no date: kept, and reported for review.
        "orphan": person("Tanpa Kejadian"),
    }


def purge(*args):
    out = StringIO()
    call_command("purge_personal_data", "--as-of", AS_OF.isoformat(), *args, stdout=out)
    return out.getvalue()


def test_the_people_past_retention_are_those_of_the_policy_or_their_own_date(people):
    due = set(people_past_retention(as_of=AS_OF).values_list("name", flat=True))

    assert due == {"Lama Sekali", "Sudah Cukup", "Batas Tepat"}


def test_the_retention_boundary_is_the_day_itself(people, settings):
    # Due 2025-03-01: still kept on that day, deleted the day after.
    day = datetime.date(2025, 3, 1)
    assert "Batas Tepat" not in people_past_retention(as_of=day).values_list("name", flat=True)
    later = day + datetime.timedelta(days=1)
    assert "Batas Tepat" in people_past_retention(as_of=later).values_list("name", flat=True)


def test_a_leap_day_moves_to_the_28th_of_february():
    assert years_later(datetime.date(2024, 2, 29), 5) == datetime.date(2029, 2, 28)
    assert years_later(datetime.date(2024, 2, 29), -1) == datetime.date(2023, 2, 28)


def test_a_dry_run_lists_ids_and_deletes_nothing(people):
    output = purge("--dry-run")

    assert InvolvedPerson.objects.count() == 6
    assert "Would delete 3 people" in output
    assert f"person #{people['old'].pk}: due 2020-03-01" in output
    assert "1 people have no incident and no retention date" in output
    assert "Lama" not in output  # names never go to the console or cron's mail


def test_the_purge_deletes_the_people_and_their_involvements_but_not_the_incidents(
    people, incidents
):
    output = purge()

    assert set(InvolvedPerson.objects.values_list("name", flat=True)) == {
        "Baru Saja",
        "Masih Ditahan",
        "Tanpa Kejadian",
    }
    assert not Involvement.objects.filter(person_id=people["old"].pk).exists()
    assert Incident.objects.count() == 3
    assert "Deleted 3 people" in output
    assert "Lama" not in output


def test_the_purge_is_in_the_audit_log_without_the_names(people, kapolsek_a):
    old = people["old"]
    access_log_record(user=kapolsek_a, person_ids=[old.pk], via=AccessLog.Via.INCIDENT_PAGE)

    purge()

    deleted = LogEntry.objects.filter(action=LogEntry.Action.DELETE, object_pk=str(old.pk))
    person_entry = deleted.get(content_type__model="involvedperson")
    assert person_entry.additional_data == {"purge": "retention", "as_of": AS_OF.isoformat()}
    assert person_entry.object_repr == PURGED_REPR
    assert (
        LogEntry.objects.filter(
            content_type__model="involvement", action=LogEntry.Action.DELETE
        ).count()
        == 3
    )
    logged = str(list(LogEntry.objects.values_list("object_repr", "changes", "serialized_data")))
    for name in ("Lama", "Sudah", "Batas"):
        assert name not in logged
    # The access log keeps its ids: who read which record, and when.
    assert AccessLog.objects.filter(object_id=str(old.pk)).count() == 1


def test_running_the_purge_twice_deletes_nothing_more(people):
    purge()

    assert "Deleted 0 people" in purge()
    assert InvolvedPerson.objects.count() == 3


def test_a_bad_date_is_refused(people):
    with pytest.raises(CommandError, match="--as-of"):
        call_command("purge_personal_data", "--as-of", "2026-13-01")


def test_the_purge_leaves_no_name_in_the_admins_own_log(people, incidents, polsek_a):
    root = UserFactory(username="root_r", role="admin", unit=polsek_a, is_superuser=True)
    old = people["old"]
    (involvement,) = old.involvements.all()
    for model, pk, flag, message in (
        (InvolvedPerson, old.pk, ADDITION, "[]"),
        (
            Incident,
            incidents[2015].pk,
            CHANGE,
            json.dumps([{"added": {"name": "involvement", "object": str(involvement)}}]),
        ),
    ):
        AdminLogEntry.objects.create(
            user=root,
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(pk),
            object_repr=str(model.objects.get(pk=pk)),
            action_flag=flag,
            change_message=message,
        )

    purge()

    kept = str(list(AdminLogEntry.objects.values_list("object_repr", "change_message")))
    assert "Lama" not in kept
    assert AdminLogEntry.objects.count() == 2

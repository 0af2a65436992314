"""How long the records of people involved are kept, and their deletion once that is over.

UU PDP 27/2022 asks that personal data be kept no longer than its purpose needs. The policy: a
person's record is kept PERSONAL_DATA_RETENTION_YEARS after their last incident, unless an
administrator set `retain_until` on the record, which then decides (earlier, or later for a case
still open).
"""

import json
import logging

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from conflicts.models import InvolvedPerson, Involvement

logger = logging.getLogger(__name__)

PURGED_REPR = "[purged: retention period over]"


def years_later(day, years):
    """The same calendar day `years` later (or earlier, if negative); 28 February for a 29th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def retention_due(person):
    """The day a person's record is due for deletion, or None while nothing fixes one.

    `person` carries `last_incident_on` (see people_with_retention).
    """
    if person.retain_until is not None:
        return person.retain_until
    if person.last_incident_on is None:
        return None
    return years_later(person.last_incident_on, settings.PERSONAL_DATA_RETENTION_YEARS)


def people_with_retention():
    """People involved with the date of their last incident annotated."""
    return InvolvedPerson.objects.annotate(
        last_incident_on=Max("involvements__incident__occurred_on")
    )


def people_past_retention(*, as_of):
    """People whose retention ended before `as_of`."""
    cutoff = years_later(as_of, -settings.PERSONAL_DATA_RETENTION_YEARS)
    return (
        people_with_retention()
        .filter(
            Q(retain_until__lt=as_of) | Q(retain_until__isnull=True, last_incident_on__lt=cutoff)
        )
        .order_by("pk")
    )


def people_without_retention():
    """People with no incident and no retention date: nothing says how long to keep them."""
    return InvolvedPerson.objects.filter(retain_until__isnull=True, involvements__isnull=True)


def _admin_log_forget(person_ids, involvement_ids, named):
    """Django's own admin log ("recent actions", history pages) names people too: its entries
    about the purged rows lose their description, and an incident's entry that names one of
    their involvements has the name replaced."""
    for model, ids in ((InvolvedPerson, person_ids), (Involvement, involvement_ids)):
        AdminLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in ids],
        ).update(object_repr=PURGED_REPR, change_message="")
    if not named:
        return
    mentions = Q()
    for text in named:
        mentions |= Q(change_message__contains=json.dumps(text)[1:-1])
    for entry in AdminLogEntry.objects.filter(mentions):
        message = entry.change_message
        for text in named:
            message = message.replace(json.dumps(text)[1:-1], PURGED_REPR)
        entry.change_message = message
        entry.save(update_fields=["change_message"])


def people_involved_purge(*, as_of=None, dry_run=False):
    """Deletes the people past retention and their involvements; returns what was (or would be).

    The deletions are in the audit log like any other (auditlog records each row), marked as a
    retention purge; every entry about the deleted rows loses the description that named the
    person. Readings in the access log keep only ids, and stay.
    """
    as_of = as_of or timezone.localdate()
    due = [
        {"id": person.pk, "due": retention_due(person), "last_incident_on": person.last_incident_on}
        for person in people_past_retention(as_of=as_of)
    ]
    if dry_run or not due:
        return due
    person_ids = [row["id"] for row in due]
    with transaction.atomic():
        involvement_ids = list(
            Involvement.objects.filter(person_id__in=person_ids).values_list("pk", flat=True)
        )
        named = [
            str(involvement)
            for involvement in Involvement.objects.filter(pk__in=involvement_ids).select_related(
                "person"
            )
        ]
        started = timezone.now()
        Involvement.objects.filter(pk__in=involvement_ids).delete()
        InvolvedPerson.objects.filter(pk__in=person_ids).delete()
        entries = LogEntry.objects.filter(
            Q(
                content_type=ContentType.objects.get_for_model(InvolvedPerson),
                object_pk__in=[str(pk) for pk in person_ids],
            )
            | Q(
                content_type=ContentType.objects.get_for_model(Involvement),
                object_pk__in=[str(pk) for pk in involvement_ids],
            )
        )
        entries.update(object_repr=PURGED_REPR, serialized_data=None)
        _admin_log_forget(person_ids, involvement_ids, named)
        entries.filter(action=LogEntry.Action.DELETE, timestamp__gte=started).update(
            additional_data={"purge": "retention", "as_of": as_of.isoformat()}
        )
    logger.warning(
        "Retention purge as of %s: deleted %d people involved and %d involvements.",
        as_of,
        len(person_ids),
        len(involvement_ids),
    )
    return due

"""What Sigap holds about one person involved, and who read it: a data subject's access request."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from audit.models import AccessLog
from audit.services import PERSON_MODEL
from conflicts.models import InvolvedPerson, Involvement
from conflicts.retention import people_with_retention, retention_due

LEGAL_BASIS = "UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi"


def _date(value):
    return value.isoformat() if value else None


def subject_access_report(person_id):
    """Every record held about the person, the changes made to it and every reading of it.

    Reads all rows, unscoped: only a system operator runs this (manage.py), on a request the
    Polres has accepted.
    """
    person = people_with_retention().get(pk=person_id)
    involvements = list(
        Involvement.objects.filter(person=person)
        .select_related("incident__unit", "incident__area", "incident__category")
        .order_by("incident__occurred_on", "pk")
    )
    changes = LogEntry.objects.filter(
        Q(
            content_type=ContentType.objects.get_for_model(InvolvedPerson),
            object_pk=str(person.pk),
        )
        | Q(
            content_type=ContentType.objects.get_for_model(Involvement),
            object_pk__in=[str(involvement.pk) for involvement in involvements],
        )
    ).select_related("actor", "content_type")
    readings = AccessLog.objects.filter(model=PERSON_MODEL, object_id=str(person.pk)).order_by(
        "when", "pk"
    )
    return {
        "generated_at": timezone.now().isoformat(),
        "legal_basis": LEGAL_BASIS,
        "person": {
            "id": person.pk,
            "name": person.name,
            "nik": person.nik,
            "birth_date": _date(person.birth_date),
            "address": person.address,
            "notes": person.notes,
            "retain_until": _date(person.retain_until),
            "retention_due": _date(retention_due(person)),
        },
        "involvements": [
            {
                "role": involvement.get_role_display(),
                "notes": involvement.notes,
                "incident": {
                    "reference": involvement.incident.reference,
                    "date": _date(involvement.incident.occurred_on),
                    "unit": involvement.incident.unit.name,
                    "area": involvement.incident.area.name if involvement.incident.area else None,
                    "place": involvement.incident.place,
                    "category": involvement.incident.category.name,
                },
            }
            for involvement in involvements
        ],
        "changes": [
            {
                "when": entry.timestamp.isoformat(),
                "record": entry.content_type.model,
                "action": entry.get_action_display(),
                "by": entry.actor.get_username() if entry.actor else None,
                "fields": sorted(entry.changes_dict),
            }
            for entry in changes.order_by("timestamp", "pk")
        ],
        "readings": [
            {
                "when": reading.when.isoformat(),
                "by": reading.username,
                "via": reading.get_via_display(),
                "address": reading.path,
            }
            for reading in readings
        ],
    }

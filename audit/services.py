"""Writes of the audit app."""

from audit.models import AccessLog

PERSON_MODEL = "conflicts.involvedperson"


def access_log_record(*, user, person_ids, via, path=""):
    """Records that `user` was shown these people involved; one insert for all of them."""
    ids = sorted({str(pk) for pk in person_ids if pk is not None})
    if not ids:
        return []
    rows = [
        AccessLog(
            user=user if user.is_authenticated else None,
            username=user.get_username() if user.is_authenticated else "",
            model=PERSON_MODEL,
            object_id=pk,
            via=via,
            path=path[:255],
        )
        for pk in ids
    ]
    return AccessLog.objects.bulk_create(rows)

"""Writes of the audit app."""

from auditlog.cid import get_cid
from auditlog.context import auditlog_value, disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import prefetch_related_objects
from django.db.models.deletion import Collector
from django.utils.encoding import smart_str

from audit.models import AccessLog
from audit.registry import entry_repr

AUDIT_BATCH = 1000

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


def audited_delete(queryset, *, actor=None):
    """Delete a queryset's rows and what cascades from them, with the audit entry auditlog
    writes for each deleted row of an audited model, inserted together (an INSERT per 1,000
    entries) instead of one INSERT per row. Returns what `QuerySet.delete()` returns."""
    collector = Collector(using=router.db_for_write(queryset.model), origin=queryset)
    collector.collect(queryset.order_by())
    entries = []
    for model, instances in collector.data.items():
        if not auditlog.contains(model):
            continue
        instances = list(instances)
        _load_relations(instances, model, collector.data)
        content_type = ContentType.objects.get_for_model(model)
        entries.extend(_deletion_entry(instance, content_type, actor) for instance in instances)
    with disable_auditlog():
        deleted = collector.delete()
    LogEntry.objects.bulk_create(entries, batch_size=AUDIT_BATCH)
    return deleted


def _load_relations(instances, model, collected):
    """Their descriptions (str) may name a related row: a row deleted with them is taken from
    memory, any other is loaded once per relation, not once per row."""
    fetched = []
    for field in model._meta.concrete_fields:
        if not field.many_to_one:
            continue
        deleted_too = {obj.pk: obj for obj in collected.get(field.related_model, ())}
        if not deleted_too:
            fetched.append(field.name)
            continue
        for instance in instances:
            related = deleted_too.get(getattr(instance, field.attname))
            if related is not None:
                field.set_cached_value(instance, related)
    prefetch_related_objects(instances, *fetched)


def _deletion_entry(instance, content_type, actor):
    """The entry auditlog's delete receiver would write (LogEntry.objects.log_create), with
    the actor given."""
    pk = instance.pk
    entry = LogEntry(
        content_type=content_type,
        object_pk=smart_str(pk),
        object_id=pk if isinstance(pk, int) else None,
        object_repr=entry_repr(type(instance), pk, smart_str(instance)),
        serialized_data=LogEntry.objects._get_serialized_data_or_none(instance),
        action=LogEntry.Action.DELETE,
        changes=model_instance_diff(
            instance, None, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
        ),
        cid=get_cid(),
    )
    # auditlog fills these in from the request's audit context on LogEntry's pre_save, which
    # bulk_create does not send. The actor is the one the caller names (the admin passes the
    # request's user); the address is the context's only when it is that same user's request.
    if getattr(actor, "is_authenticated", False):
        entry.actor = actor
        entry.actor_email = getattr(actor, "email", None)
        context = auditlog_value.get(None) or {}
        if getattr(context.get("actor"), "pk", None) == actor.pk:
            for key in ("remote_addr", "remote_port"):
                value = context.get(key)
                setattr(entry, key, value() if callable(value) else value)
    return entry

"""Which models django-auditlog records, in one place.

Every model of the domain apps is registered when the project starts, so a model added later is
audited without anyone remembering to. Changes are logged with the signed-in user as actor
(auditlog's middleware). Bulk writes (`bulk_create`, `bulk_update`, queryset `update`) send no
model signals and so leave no per-row entry: spreadsheet imports use them and are logged per
file by their ImportBatch (who, when, file SHA-256, counts), which is itself audited here.
"""

from auditlog.registry import auditlog
from auditlog.signals import post_log
from django.apps import apps

from audit.masking import mask_name

AUDITED_APPS = ("org", "personnel", "bhabin", "conflicts", "budget", "motul")
AUDITED_MODELS = ("imports.ImportBatch", "imports.Synonym")
# Figures derived from other rows, rewritten by the services whenever their sources change: the
# source rows' entries say what changed; these would only repeat it, one entry per row.
NOT_AUDITED = frozenset({"bhabin.AreaMonth", "bhabin.AreaOpenItems", "conflicts.UnitIncidentMonth"})

# Never copied into the log: secrets, and bookkeeping that changes on its own.
EXCLUDED_FIELDS = {
    "personnel.User": ["password", "last_login"],
    "imports.ImportBatch": ["report", "stored_file"],
}
SECRET_WORDS = ("password", "token", "secret")

# Specific personal data (UU PDP 27/2022): the log shows that a value changed, not the value.
MASKED_FIELDS = {
    "conflicts.InvolvedPerson": ["name", "nik", "birth_date", "address", "notes"],
    "conflicts.Involvement": ["notes"],
}
# Models whose str() names a person involved: the entry's description is masked too.
MASKED_REPR = {"conflicts.InvolvedPerson", "conflicts.Involvement"}


def audited_models():
    models = [
        model
        for label in AUDITED_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in NOT_AUDITED
    ]
    models += [apps.get_model(label) for label in AUDITED_MODELS]
    return models


def excluded_fields(model):
    secret = [
        field.name
        for field in model._meta.concrete_fields
        if any(word in field.name for word in SECRET_WORDS)
    ]
    return sorted(set(EXCLUDED_FIELDS.get(model._meta.label, []) + secret))


def register_domain_models():
    for model in audited_models():
        if auditlog.contains(model):
            continue
        auditlog.register(
            model,
            exclude_fields=excluded_fields(model),
            mask_fields=MASKED_FIELDS.get(model._meta.label, []),
            mask_callable="audit.masking.mask_value",
        )
    post_log.connect(mask_person_repr, dispatch_uid="audit.mask_person_repr")


def mask_person_repr(sender, log_entry=None, **kwargs):
    """Keeps the name of a person involved out of the entry's description (object_repr)."""
    if log_entry is None or sender._meta.label not in MASKED_REPR:
        return
    masked = f"{sender._meta.verbose_name} #{log_entry.object_pk}"
    if sender._meta.label == "conflicts.InvolvedPerson":
        masked = mask_name(log_entry.object_repr)
    type(log_entry).objects.filter(pk=log_entry.pk).update(object_repr=masked)
    log_entry.object_repr = masked

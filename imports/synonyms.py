"""The words each coded column's values are known by: reference tables plus imports.Synonym.

`vocabulary(column, unit)` builds the imports.vocabulary.Vocabulary an importer matches a
column with; `synonym_remember` writes the operator's choice from the mapping step, kept for the
Polres the importing unit belongs to, so the next file of any of its units knows the word.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from imports.models import Synonym, ancestor_paths
from imports.normalize import RANK_ALIASES
from imports.vocabulary import Vocabulary, key, raw_key
from org.models import PoliceUnit

Column = Synonym.Column
EDUCATION_CODES = ("SMA", "D3", "S1", "S2")


def choices(column):
    """The values a column may be mapped to, as (code, label) pairs for a dropdown."""
    return [(code, f"{name} ({code})" if name != code else code) for code, name in names(column)]


def names(column):
    """The column's values as (code, name) pairs."""
    if column == Column.ACTIVITY:
        from bhabin.models import Activity

        rows = Activity.objects.filter(is_active=True).values_list("code", "name")
    elif column == Column.FACILITY_TYPE:
        from budget.models import FacilityType

        rows = FacilityType.objects.order_by("sort_order", "name").values_list("code", "name")
    elif column == Column.INCIDENT_CATEGORY:
        from conflicts.models import ConflictCategory

        rows = ConflictCategory.objects.values_list("code", "name")
    elif column == Column.RANK:
        rows = [(code, code) for code in sorted(set(RANK_ALIASES.values()))]
    elif column == Column.EDUCATION:
        rows = [(code, code) for code in EDUCATION_CODES]
    else:
        rows = []
    return list(rows)


def vocabulary(column, unit, mapping=None):
    """The column's Vocabulary for an import by `unit`; `mapping` is this batch's choices."""
    entries = {code: [name] for code, name in names(column)}
    for text, target in Synonym.objects.for_import(unit, column).values_list("text", "target"):
        if target in entries:
            entries[target].append(text)
    return Vocabulary(entries.items(), mapping=mapping)


def polres_of(unit):
    """The Polres a unit belongs to (itself when it is a Polres, or above one)."""
    if unit.level == PoliceUnit.Level.POLRES or not unit.path:
        return unit
    found = PoliceUnit.objects.filter(
        path__in=ancestor_paths(unit), level=PoliceUnit.Level.POLRES
    ).first()
    return found or unit


def synonym_check(*, column, text, target):
    """Refuse a synonym without a text, or meaning a code the column does not have."""
    if not (key(text) or raw_key(text)):
        raise ValidationError({"text": _("Write the text as the sheets write it.")})
    if target not in {code for code, _label in choices(column)}:
        raise ValidationError(
            {"target": _("'%(code)s' is not a value of this column.") % {"code": target}}
        )


@transaction.atomic
def synonym_remember(*, unit, column, text, target, user=None):
    """Keep `text` as a word for `target` in `column` for the unit's Polres (None: shared)."""
    synonym_check(column=column, text=text, target=target)
    owner = polres_of(unit) if unit is not None else None
    synonym, created = Synonym.objects.get_or_create(
        unit=owner,
        column=column,
        key=synonym_key(text),
        defaults={"text": text[:200], "target": target, "created_by": _user(user)},
    )
    if not created and synonym.target != target:
        synonym.target = target
        synonym.text = text[:200]
        synonym.save(update_fields=["target", "text"])
    return synonym


def synonym_save(*, synonym, user=None):
    """Save a synonym edited in the admin: its key follows its text."""
    synonym_check(column=synonym.column, text=synonym.text, target=synonym.target)
    synonym.key = synonym_key(synonym.text)
    if synonym.pk is None and user is not None and getattr(user, "pk", None):
        synonym.created_by = user
    synonym.full_clean()
    synonym.save()
    return synonym


def synonym_key(text):
    return key(text) or raw_key(text)


def _user(user):
    return user if user is not None and getattr(user, "pk", None) else None

"""The words each coded column's values are known by: reference tables plus imports.Synonym.

`vocabulary(column, unit)` builds the imports.vocabulary.Vocabulary an importer matches a
column with; `synonym_remember` writes the operator's choice from the mapping step, kept for the
Polres the importing unit belongs to, so the next file of any of its units knows the word.

The unit and area columns mean rows of the unit tree, not reference codes: their values are the
units (by unit code) and the active assisted areas (by Kemendagri code) in an importing unit's
scope, so their choices and checks take that unit.
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
SCOPED_COLUMNS = (Column.UNIT, Column.AREA)


def choices(column, unit=None):
    """The values a column may be mapped to, as (code, label) pairs for a dropdown; for the unit
    and area columns those in `unit`'s scope, ordered by name (none without a unit: the whole
    tree is never offered)."""
    if column in SCOPED_COLUMNS and unit is None:
        return []
    if column == Column.AREA:
        return [
            (area.code, f"{area.name}, {area.unit.name} ({area.code})")
            for area in scoped(column, unit).select_related("unit").order_by("name", "code")
        ]
    return [(code, f"{name} ({code})" if name != code else code) for code, name in names(column)]


def scoped(column, unit):
    """The units, or the active assisted areas, of `unit` and below it (all when None)."""
    from bhabin.models import AssistedArea

    if column == Column.UNIT:
        rows = PoliceUnit.objects.all()
        return rows.filter(unit.subtree("id")) if unit is not None else rows
    rows = AssistedArea.objects.filter(is_active=True)
    return rows.filter(unit.subtree("unit")) if unit is not None else rows


def names(column, unit=None):
    """The column's values as (code, name) pairs."""
    if column in SCOPED_COLUMNS:
        rows = scoped(column, unit).order_by("name", "code").values_list("code", "name")
    elif column == Column.ACTIVITY:
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


def vocabulary(column, unit, mapping=None, entries=None, synonyms=None):
    """The column's Vocabulary for an import by `unit`; `mapping` is this batch's choices.

    `entries` ((code, words) pairs) stand for the column's values when given (the units or the
    areas of one unit an import may name); `synonyms` for the ones remembered(column, unit)
    reads, when a caller builds several vocabularies from one read.
    """
    if entries is None:
        entries = [(code, [name]) for code, name in names(column)]
    entries = {code: list(words) for code, words in entries}
    if synonyms is None:
        synonyms = remembered(column, unit)
    for text, target in synonyms:
        if target in entries:
            entries[target].append(text)
    return Vocabulary(entries.items(), mapping=mapping)


def remembered(column, unit):
    """(text, target) of the synonyms an import by `unit` uses: shared, and its Polres's."""
    return list(Synonym.objects.for_import(unit, column).values_list("text", "target"))


def polres_of(unit):
    """The Polres a unit belongs to (itself when it is a Polres, or above one)."""
    if unit.level == PoliceUnit.Level.POLRES or not unit.path:
        return unit
    found = PoliceUnit.objects.filter(
        path__in=ancestor_paths(unit), level=PoliceUnit.Level.POLRES
    ).first()
    return found or unit


def synonym_check(*, column, text, target, unit=None):
    """Refuse a synonym without a text, or meaning a code the column does not have (for a unit
    or an area: none in `unit`'s scope, any when the synonym is shared)."""
    if not (key(text) or raw_key(text)):
        raise ValidationError({"text": _("Write the text as the sheets write it.")})
    if column in SCOPED_COLUMNS:
        owner = polres_of(unit) if unit is not None else None
        known = scoped(column, owner).filter(code=target).exists()
    else:
        known = target in {code for code, _label in choices(column)}
    if not known:
        raise ValidationError(
            {"target": _("'%(code)s' is not a value of this column.") % {"code": target}}
        )


@transaction.atomic
def synonym_remember(*, unit, column, text, target, user=None):
    """Keep `text` as a word for `target` in `column` for the unit's Polres (None: shared)."""
    synonym_check(column=column, text=text, target=target, unit=unit)
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
    synonym_check(
        column=synonym.column, text=synonym.text, target=synonym.target, unit=synonym.unit
    )
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

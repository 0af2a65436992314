"""Writes of the unit tree: a unit is created, changed or moved only here.

Each unit's `path` ("/1/5/42/") is derived from the parent links and kept in the transaction
that changes them: a new unit gets its path, a moved unit takes the paths of every unit below it
along in one UPDATE. Nothing else in the product is derived from the tree (the dashboards'
aggregates are kept per unit and read the tree when they are read), so a move touches only this
table.

Who may change the tree: a unit's level and parent only by a user whose scope holds both its old
and its new place; nobody below the top creates a unit outside their own subtree; a top unit
(Polda) stays a top unit.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from org.models import PoliceUnit

TREE_FIELDS = ("parent", "parent_id", "level")


def unit_paths(parents):
    """The tree path of every unit, given {unit id: parent id or None}: "/<root id>/.../<id>/".

    A unit whose parents lead round in a circle gets no path (""), so it sees nothing.
    """
    paths = {}
    for unit_id in parents:
        chain, current = [], unit_id
        while current is not None and current not in paths and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if current is not None and current in chain:
            for member in chain:
                paths[member] = ""
            continue
        prefix = "/" if current is None else paths[current]
        for member in reversed(chain):
            prefix = f"{prefix}{member}/" if prefix else ""
            paths[member] = prefix
    return paths


def units_place_in_tree(model=PoliceUnit):
    """Recompute every unit's path from the parent links and write those that changed; returns
    how many changed. For writers of many units at once (the units importer, the scale
    generator) after their bulk writes, and for a migration with its historical model. Two
    queries (read, one bulk update)."""
    rows = list(model._base_manager.values_list("pk", "parent_id", "path"))
    paths = unit_paths({pk: parent_id for pk, parent_id, _ in rows})
    changed = [model(pk=pk, path=paths[pk]) for pk, _, path in rows if paths[pk] != path]
    model._base_manager.bulk_update(changed, ["path"], batch_size=500)
    return len(changed)


def _may_place(actor, parent):
    """Whether the actor's scope holds a place in the tree: below `parent` (None: the top)."""
    if actor is None or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if actor.unit_id is None:
        return False
    return parent is not None and actor.unit.contains(parent)


def unit_may_move(*, unit, actor):
    """Whether the actor may change the stored unit's level and parent at all: its present place
    is inside the actor's scope (a top unit: superusers only)."""
    if unit.parent_id is None:
        return actor is not None and actor.is_active and actor.is_superuser
    return _may_place(actor, unit.parent)


def unit_check_place(*, unit, actor):
    """Refuse, with the field to correct, a new unit or a change of parent or level that the
    actor may not make. Called by `unit_save` and, to show the message on the form, by the
    admin's form."""
    stored = (
        PoliceUnit._base_manager.filter(pk=unit.pk).values("parent_id", "level").first()
        if unit.pk
        else None
    )
    if stored is None:
        if not _may_place(actor, unit.parent):
            raise ValidationError({"parent": _("You can only create units below your own unit.")})
        return
    if stored["parent_id"] == unit.parent_id and stored["level"] == unit.level:
        return
    if stored["parent_id"] is None and not actor.is_superuser:
        raise ValidationError(
            {"parent": _("Only a system administrator can move or change a top unit (Polda).")}
        )
    old_parent = PoliceUnit._base_manager.filter(pk=stored["parent_id"]).first()
    if not (_may_place(actor, old_parent) and _may_place(actor, unit.parent)):
        raise ValidationError(
            {"parent": _("You can only change the place of a unit inside your own unit.")}
        )


def unit_save(*, unit, actor):
    """Create or change a unit: the actor's rights on the tree, the model's rules, then its
    path and, when it moved, the paths of every unit below it, in one transaction. The actor is
    the user, or org.scoping.COMMAND_LINE for a command run on the server."""
    unit_check_place(unit=unit, actor=actor)
    unit.full_clean()
    with transaction.atomic():
        old_path = (
            PoliceUnit._base_manager.filter(pk=unit.pk).values_list("path", flat=True).first()
            if unit.pk
            else None
        )
        unit.save()
        _place(unit, old_path=old_path or "")
    return unit


def _place(unit, *, old_path):
    """Give the unit its path below its parent and move the paths below it along: one query
    when unchanged, two when moved; a parent without a path, or below the unit, recomputes the
    whole tree (which leaves a circle without a path, seeing nothing)."""
    manager = PoliceUnit._base_manager
    if unit.parent_id is None:
        path = f"/{unit.pk}/"
    else:
        parent_path = manager.filter(pk=unit.parent_id).values_list("path", flat=True).first()
        if not parent_path or (old_path and parent_path.startswith(old_path)):
            units_place_in_tree()
            unit.path = manager.get(pk=unit.pk).path
            return
        path = f"{parent_path}{unit.pk}/"
    if not old_path:
        manager.filter(pk=unit.pk).update(path=path)
    elif path != old_path:
        manager.filter(path__startswith=old_path).update(
            path=Concat(Value(path), Substr("path", len(old_path) + 1))
        )
    unit.path = path


def unit_delete(*, unit, actor):
    """Delete a unit with nothing below it or recorded in it (the database refuses otherwise)."""
    if not _may_place(actor, unit.parent):
        raise ValidationError(_("You can only delete units below your own unit."))
    if PoliceUnit._base_manager.filter(parent=unit).exists():
        raise ValidationError(_("Move or delete the units below this unit first."))
    unit.delete()

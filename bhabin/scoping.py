"""The one scoping rule: every query that serves a person goes through `visible_to(user)`.

Deny by default: an anonymous or inactive user, or a user without a unit, sees nothing; a user
sees the objects of their own unit and of the units below it (Polda -> Polres -> Polsek), found
by the units' tree path (`PoliceUnit.path` starts with the user's unit's path) rather than by a
list of ids, which at Polda scale would be hundreds of parameters in every query; an
officer (Bhabinkamtibmas) sees only what is theirs where a model says what "theirs" is.
Superusers (created with `createsuperuser`, for system operators) see everything.
"""

from django.db import models
from django.db.models import Q


def unit_subtree_ids(unit_id):
    """Ids of a unit and every unit below it, one query per tree level."""
    from org.models import PoliceUnit

    ids = [unit_id]
    frontier = [unit_id]
    while frontier:
        frontier = list(
            PoliceUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        )
        ids.extend(frontier)
    return ids


def subtree_condition(unit, unit_path):
    """The rows whose unit (at the relation path `unit_path`, "id" on units themselves) is
    `unit` or below it. A unit without a path (never saved, or in a circle) matches nothing."""
    if not unit.path:
        return Q(pk__in=[])
    lookup = "path__startswith" if unit_path == "id" else f"{unit_path}__path__startswith"
    return Q(**{lookup: unit.path})


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to what a user may see.

    Subclasses name the path to the owning unit (`unit_path`) and, where an officer owns rows,
    the path to that officer (`officer_path`). A subclass that names neither sees nothing.
    """

    unit_path = None
    officer_path = None

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.unit_id is None:
            return self.none()
        condition = self.scope_condition(user)
        if condition is None:
            return self.none()
        return (
            self.filter(condition).distinct()
            if self.scope_needs_distinct
            else self.filter(condition)
        )

    scope_needs_distinct = False

    def scope_condition(self, user):
        """The filter for a user with a unit; None means nothing is visible."""
        if user.is_officer:
            if self.officer_path is None or user.officer_id is None:
                return None if self.unit_path is None else self._own_unit_condition(user)
            return Q(**{self.officer_path: user.officer_id})
        if self.unit_path is None:
            return None
        return subtree_condition(user.unit, self.unit_path)

    def _own_unit_condition(self, user):
        # An officer sees unit-level records (areas, units) of their own unit only, never below it.
        return Q(**{self.unit_path: user.unit_id})


class ReferenceQuerySet(ScopedQuerySet):
    """Reference data shared by every unit (activity types, categories, course catalogue)."""

    def scope_condition(self, user):
        return Q()


def get_visible_object_or_404(model_or_queryset, user, **lookup):
    """The object if the user may see it; 404 otherwise, whether it exists or not."""
    from django.shortcuts import get_object_or_404

    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, models.QuerySet)
        else model_or_queryset.objects.all()
    )
    return get_object_or_404(queryset.visible_to(user), **lookup)

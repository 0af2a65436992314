"""The one scoping rule: every query that serves a person goes through `visible_to(user)`.

Deny by default: no user, an anonymous or inactive user, or a user without a unit sees nothing;
a user sees the objects of their own unit and of the units below it (Polda -> Polres -> Polsek),
found by the units' tree path (`PoliceUnit.path` starts with the user's unit's path) rather than
by a list of ids, which at Polda scale would be hundreds of parameters in every query; an officer
(Bhabinkamtibmas) sees only what is theirs where a model says what "theirs" is. Superusers
(created with `createsuperuser`, for system operators) see everything, and so does `COMMAND_LINE`,
the explicit principal of a management command run on the server.

`subtree_condition(unit, relation)` is the one way to find the rows of a unit and the units below
it; `unit.subtree(relation)` is the same on a unit.
"""

from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404


class CommandLinePrincipal:
    """Whoever runs a management command on the server: sees every row, like a superuser.

    Commands pass it where a view passes `request.user`, so that "every row" is always asked
    for by name and never the result of a missing user.
    """

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_officer = False
    unit_id = None
    unit = None
    officer_id = None
    role = ""
    pk = None

    def get_username(self):
        return "manage.py"

    def __str__(self):
        return "manage.py"


COMMAND_LINE = CommandLinePrincipal()


def subtree_condition(unit, relation="unit"):
    """The rows whose unit (at the relation path `relation`; "id" on units themselves) is `unit`
    or below it. A unit without a path (never placed in the tree, or in a circle) matches
    nothing; so does no unit at all."""
    if unit is None or not unit.path:
        return Q(pk__in=[])
    lookup = "path__startswith" if relation == "id" else f"{relation}__path__startswith"
    return Q(**{lookup: unit.path})


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to what a user may see.

    Subclasses name the path to the owning unit (`unit_path`) and, where an officer owns rows,
    the path to that officer (`officer_path`). A subclass that names neither sees nothing.
    """

    unit_path = None
    officer_path = None
    scope_needs_distinct = False

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
        rows = self.filter(condition)
        return rows.distinct() if self.scope_needs_distinct else rows

    def scope_condition(self, user):
        """The filter for a user with a unit; None means nothing is visible."""
        if user.is_officer:
            if self.officer_path is None or user.officer_id is None:
                # An officer sees unit-level records (areas, units) of their own unit only.
                return None if self.unit_path is None else Q(**{self.unit_path: user.unit_id})
            return Q(**{self.officer_path: user.officer_id})
        if self.unit_path is None:
            return None
        return subtree_condition(user.unit, self.unit_path)


class ReferenceQuerySet(ScopedQuerySet):
    """Reference data shared by every unit (activity types, categories, course catalogue)."""

    def scope_condition(self, user):
        return Q()


def get_visible_object_or_404(model_or_queryset, user, **lookup):
    """The object if the user may see it; 404 otherwise, whether it exists or not."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, models.QuerySet)
        else model_or_queryset.objects.all()
    )
    return get_object_or_404(queryset.visible_to(user), **lookup)

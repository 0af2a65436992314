"""Writes of assignments: who is posted to which assisted area, from when to when."""

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from bhabin.models import Assignment


def assignment_save(*, assignment, actor=None):
    """Create or change one assignment, validated (one active primary officer per area, an end
    not before its start)."""
    assignment.full_clean()
    with transaction.atomic():
        assignment.save()
    return assignment


def assignments_move(*, ending, postings, as_of):
    """End the active assignments `ending` (ids) on `as_of` (never before they began) and post
    each (officer, area) of `postings` as the area's primary officer from `as_of`: what a new
    roster says, in the importer's transaction. Two queries and the inserts."""
    with transaction.atomic():
        Assignment.objects.filter(pk__in=ending, end_date__isnull=True).update(
            end_date=Greatest(F("start_date"), Value(as_of))
        )
        Assignment.objects.bulk_create(
            [
                Assignment(
                    officer=officer, area=area, role=Assignment.Role.PRIMARY, start_date=as_of
                )
                for officer, area in postings
            ],
            batch_size=1000,
        )

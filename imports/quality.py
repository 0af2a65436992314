"""Data-quality checks: what the last imports found, and what the data shows now.

Every query goes through `visible_to(user)`; the recap differences come from reports.recaps,
which already computes them for the recap tables.
"""

from django.db.models import Exists, OuterRef, Subquery

from bhabin.models import Assignment, AssistedArea
from imports.models import ImportBatch
from personnel.models import Officer
from recaps.tables import build_recap

ROWS_SHOWN = 50


def latest_imported_batches(user):
    """The newest imported batch of each kind the user may see, in one query."""
    batches = ImportBatch.objects.visible_to(user).filter(status=ImportBatch.Status.IMPORTED)
    newest = batches.filter(kind=OuterRef("kind")).order_by("-created_at", "-pk").values("pk")[:1]
    return list(
        batches.filter(pk=Subquery(newest))
        .select_related("created_by", "confirmed_by", "unit")
        .order_by("kind")
    )


def areas_without_primary_officer(user):
    """Active assisted areas with no active primary assignment."""
    primary = Assignment.objects.visible_to(user).primary_of()
    return (
        AssistedArea.objects.visible_to(user)
        .filter(is_active=True)
        .filter(~Exists(primary))
        .select_related("unit")
        .order_by("unit__sort_order", "unit__name", "name")
    )


def officers_without_area(user):
    """Active Bhabinkamtibmas officers with no active assignment to any area."""
    assigned = Assignment.objects.visible_to(user).active().filter(officer=OuterRef("pk"))
    return (
        Officer.objects.visible_to(user)
        .bhabin()
        .filter(~Exists(assigned))
        .select_related("unit")
        .order_by("unit__sort_order", "unit__name", "name")
    )


def officers_without_phone(user):
    """Active Bhabinkamtibmas officers whose phone number is blank (residents cannot call them)."""
    return (
        Officer.objects.visible_to(user)
        .bhabin()
        .filter(phone="")
        .select_related("unit")
        .order_by("unit__sort_order", "unit__name", "name")
    )


def recap_differences(root):
    """The differences the kompetensi and konflik recaps find for `root` and the units below it."""
    result = []
    for name in ("kompetensi", "konflik"):
        table = build_recap(name, root)
        result.append(
            {"name": name, "heading": table.differences_heading, "items": table.differences}
        )
    return result


def check(queryset, limit=ROWS_SHOWN):
    """A count and the first rows of a check, in two queries."""
    return {"count": queryset.count(), "rows": list(queryset[:limit])}

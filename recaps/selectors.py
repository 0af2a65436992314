"""Read-only queries behind the Polres recap tables (rekap).

Every selector takes the list of units a recap covers (see `recap_units`) and aggregates in the
database: its number of queries is fixed, whatever the number of units or rows.
"""

from dataclasses import dataclass, field

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from bhabin.models import AssistedArea
from budget.models import BudgetLine, Facility, FacilityType, Realisation
from conflicts.models import ConflictCategory, Incident, UnitIncidentMonth, YearlyConflictCount
from org.models import PoliceUnit
from personnel.models import CompetencyRecap, Course, Officer, TrainingRecord


def default_recap_root():
    """The unit a recap covers when none is named: the Polres, or the only top unit.

    None when there is no unit at all, or when the choice is ambiguous (several Polres and no
    single top unit): the caller must then ask for a unit.
    """
    polres = list(PoliceUnit.objects.filter(level=PoliceUnit.Level.POLRES)[:2])
    if len(polres) == 1:
        return polres[0]
    roots = list(PoliceUnit.objects.filter(parent__isnull=True)[:2])
    return roots[0] if len(roots) == 1 else None


class Subtree(list):
    """The units of `recap_units(root)`: the root, then every unit below it. The selectors read
    the rows of a Subtree through its root's tree path instead of a list of its ids."""

    def __init__(self, units=(), root=None):
        # Django copies a list given to `__in` by calling its type with the values alone.
        super().__init__(units)
        self.root = root


def recap_units(root):
    """The root and every unit below it, in table order: each unit before the units under it,
    siblings by sort order and name, as a `Subtree`. One query (the units under the root's tree
    path), none for a root without a path."""
    children = {}
    below = (
        PoliceUnit.objects.filter(path__startswith=root.path).exclude(pk=root.pk)
        if root.path
        else PoliceUnit.objects.none()
    )
    for unit in below.order_by("sort_order", "name"):
        children.setdefault(unit.parent_id, []).append(unit)

    ordered = []
    stack = [root]
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(reversed(children.get(unit.pk, [])))
    return Subtree(ordered, root=root)


@dataclass(frozen=True)
class Rollup:
    """The rows of a per-unit table over `recap_units`: one per unit, or, for a root with two
    levels below it (a Polda), the root and each of its direct children, each child with the
    figures of its whole subtree (`members`: row unit id -> every unit id it totals, for the
    rows that total more than themselves)."""

    units: list
    members: dict = field(default_factory=dict)

    @property
    def rolls_up(self):
        return bool(self.members)

    def totals_subtree(self, unit):
        return unit.pk in self.members

    def key(self, unit):
        """An expression for `values()`: the row unit id of the unit at the relation path
        `unit` (e.g. "area__unit"; "" on PoliceUnit itself), so that grouping by it totals
        each row in the database. Rolled up, that is the unit itself for the root and its
        children and the parent for a grandchild: two comparisons on a joined unit row,
        where a CASE over id lists costs a Polda's 361 ids on every row grouped."""
        prefix = f"{unit}__" if unit else ""
        if not self.members:
            return F(f"{prefix}id")
        root_id = self.units[0].pk
        return Case(
            When(
                Q(**{f"{prefix}id": root_id}) | Q(**{f"{prefix}parent_id": root_id}),
                then=F(f"{prefix}id"),
            ),
            default=F(f"{prefix}parent_id"),
            output_field=BigIntegerField(),
        )


def rollup_for(units):
    """The rows for `recap_units(root)` (root first): per direct child of the root with
    subtree totals when the root has units two levels below it, else per unit. No query.

    Units are three levels deep (Polda, Polres, Polsek); a deeper tree keeps a row per unit
    rather than be totalled wrongly.
    """
    root, children = units[0], {}
    for unit in units[1:]:
        children.setdefault(unit.parent_id, []).append(unit)
    direct = children.get(root.pk, [])
    grandchildren = [unit for child in direct for unit in children.get(child.pk, [])]
    if not grandchildren or any(unit.pk in children for unit in grandchildren):
        return Rollup(units)
    members = {
        child.pk: [child.pk, *(unit.pk for unit in children[child.pk])]
        for child in direct
        if child.pk in children
    }
    return Rollup([root, *direct], members)


def row_unit_key(rollup, unit):
    """What per-unit figures group by: the id of the unit at the relation path `unit` ("" on
    PoliceUnit itself), or, given a Rollup, its row unit's id."""
    return F(f"{unit}__id" if unit else "id") if rollup is None else rollup.key(unit)


def _in(units, relation="unit"):
    """A filter for the rows of `units` through the relation path to their unit ("id" on units
    themselves): by the root's tree path for a `Subtree`, else by the units' ids."""
    if isinstance(units, Subtree) and units.root is not None:
        return units.root.subtree(relation)
    lookup = "pk__in" if relation == "id" else f"{relation}_id__in"
    return Q(**{lookup: [unit.pk for unit in units]})


def _count_per_unit(queryset):
    """A subquery counting the rows of `queryset` that belong to the outer unit (0 if none)."""
    counted = (
        queryset.filter(unit=OuterRef("pk"))
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def bhabin_strength(units):
    """Per unit id: active assisted areas and active Bhabinkamtibmas officers. One query."""
    rows = (
        PoliceUnit.objects.filter(_in(units, "id"))
        .annotate(
            area_count=_count_per_unit(AssistedArea.objects.filter(is_active=True)),
            officer_count=_count_per_unit(Officer.objects.bhabin()),
        )
        .values("pk", "area_count", "officer_count")
    )
    return {row["pk"]: row for row in rows}


def roster_competency(units, rollup=None):
    """Per unit id (per row unit id of `rollup`): the competency figures derived from the
    roster of active Bhabin. One query.

    Training counts an officer who has a record of any course of kind "training".
    """
    trained = Exists(
        TrainingRecord.objects.filter(officer=OuterRef("pk"), course__kind=Course.Kind.TRAINING)
    )
    rows = (
        Officer.objects.bhabin()
        .filter(_in(units))
        .order_by()
        .values(row_unit=row_unit_key(rollup, "unit"))
        .annotate(
            officers=Count("pk"),
            sma=Count("pk", filter=Q(education=Officer.Education.SMA)),
            d3=Count("pk", filter=Q(education=Officer.Education.D3)),
            s1=Count("pk", filter=Q(education=Officer.Education.S1)),
            s2=Count("pk", filter=Q(education=Officer.Education.S2)),
            dikbangspes_done=Count("pk", filter=Q(dikbangspes_done=True)),
            training_done=Count("pk", filter=Q(trained)),
        )
    )
    return {row.pop("row_unit"): row for row in rows}


def reported_competency(units):
    """Per unit id: the latest competency recap the unit reported, if any. One query."""
    latest = (
        CompetencyRecap.objects.filter(unit=OuterRef("unit")).order_by("-as_of").values("as_of")[:1]
    )
    recaps = CompetencyRecap.objects.filter(_in(units), as_of=Subquery(latest))
    return {recap.unit_id: recap for recap in recaps}


def bhabin_count(units):
    """The number of active Bhabinkamtibmas officers in the units. One query."""
    return Officer.objects.bhabin().filter(_in(units)).count()


def facility_stock(units):
    """Every facility type, in order, with its stock in the units by condition. One query."""
    in_units = _in(units, "items__unit")

    def stock(condition=None):
        where = in_units if condition is None else in_units & Q(items__condition=condition)
        return Coalesce(Sum("items__quantity", filter=where), Value(0))

    return list(
        FacilityType.objects.annotate(
            total=stock(),
            good=stock(Facility.Condition.GOOD),
            light_damage=stock(Facility.Condition.LIGHT_DAMAGE),
            heavy_damage=stock(Facility.Condition.HEAVY_DAMAGE),
        ).order_by("sort_order", "name")
    )


def latest_dipa_year(units):
    """The latest fiscal year with DIPA lines in the units, or None. One query."""
    return (
        BudgetLine.objects.filter(_in(units))
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )


def dipa_lines(units, year):
    """The DIPA lines of the units for a fiscal year, with realisation and remainder. One query.

    The remainder is the effective pagu (the revised one where there is one) less the sum of
    the realisations, derived here and never stored.
    """
    realised = (
        Realisation.objects.filter(line=OuterRef("pk"))
        .order_by()
        .values("line")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return list(
        BudgetLine.objects.filter(_in(units), fiscal_year=year)
        .annotate(
            effective=Coalesce("revised_pagu", "pagu"),
            realised=Coalesce(Subquery(realised, output_field=BigIntegerField()), Value(0)),
        )
        .annotate(
            remainder=ExpressionWrapper(
                F("effective") - F("realised"), output_field=BigIntegerField()
            )
        )
        .order_by("unit__sort_order", "code")
    )


def incident_counts(units, year=None, *, per_unit=True):
    """Incident counts grouped by (unit id, year, category id), or by (year, category id) for
    the units together. One query; the latter, for a `Subtree`, on the monthly rows of its units
    (`conflicts.UnitIncidentMonth`: a row per unit, month and category with any, not every
    incident).
    """
    if not per_unit and isinstance(units, Subtree) and units.root is not None:
        totals = UnitIncidentMonth.objects.filter(units.root.subtree("unit"))
        if year is not None:
            totals = totals.filter(month__year=year)
        return list(
            totals.annotate(year=ExtractYear("month"))
            .order_by()
            .values("year", "category_id")
            .annotate(n=Sum("incidents"))
        )
    incidents = Incident.objects.filter(_in(units))
    if year is not None:
        incidents = incidents.filter(occurred_on__year=year)
    grouping = ["unit_id", "year", "category_id"] if per_unit else ["year", "category_id"]
    return list(
        incidents.annotate(year=ExtractYear("occurred_on"))
        .order_by()
        .values(*grouping)
        .annotate(n=Count("pk"))
    )


def conflict_categories():
    """Every conflict category, in order. One query."""
    return list(ConflictCategory.objects.order_by("sort_order", "name"))


def reported_conflict_counts(units, year=None):
    """The yearly conflict counts the units reported. One query."""
    reported = YearlyConflictCount.objects.filter(_in(units))
    if year is not None:
        reported = reported.filter(year=year)
    return list(reported.order_by("year", "unit_id"))

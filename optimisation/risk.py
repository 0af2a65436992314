"""The area risk score: five explainable components, each scaled to 0..1, weighted and summed.

Components (keys of `settings.RISK_WEIGHTS`):

- incidents: the area's incidents, each counting 0.5 ** (age in days / RISK_HALF_LIFE_DAYS);
- kakerda: the area's vulnerability level (low 0, medium 0.5, high 1);
- recidivists: people involved in more than one incident in the area (a count, never a name);
- early_warnings: early-detection reports on the area still open;
- days_since_visit: days since the last recorded visit (never visited counts as the cap).

A raw value is scaled by a fixed cap (`settings.RISK_CAPS`: value / cap, at most 1) rather than
by the largest value on the page, so an area scores the same on a Polsek's page and on the
Polres's. Weights are normalised to sum to 1, so the score is within 0..1 and each component's
contribution (weight x value) is what it adds to the score.

Three queries, whatever the number of areas: the areas with their last visit and open warnings,
incidents grouped by area and day, and repeat involvements grouped by area and person. The decay
is applied in Python over the grouped rows. The last visit comes from the monthly aggregates
(`bhabin.AreaMonth`) and the visits of the as-of month, never from the whole visit history: the
cost grows with the number of areas, not with the years of visits.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, DateTimeField, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bhabin.models import AreaMonth, EarlyWarning, Visit
from conflicts.models import Incident, Involvement
from org.periods import day_start, month_bounds, month_of

COMPONENTS = ("incidents", "kakerda", "recidivists", "early_warnings", "days_since_visit")
COMPONENT_LABELS = {
    "incidents": _("Incidents (recency-weighted)"),
    "kakerda": _("Vulnerability (Kakerda) level"),
    "recidivists": _("People in more than one incident"),
    "early_warnings": _("Open early warnings"),
    "days_since_visit": _("Days since the last visit"),
}
KAKERDA_VALUE = {"low": 0.0, "medium": 0.5, "high": 1.0}
KAKERDA_WORD = {"low": _("low"), "medium": _("medium"), "high": _("high")}
# Incidents older than this many half-lives weigh under 1/64: not worth fetching.
HALF_LIVES_FETCHED = 6


@dataclass
class Component:
    key: str
    raw: float
    value: float
    weight: float

    @property
    def label(self):
        return COMPONENT_LABELS[self.key]

    @property
    def contribution(self):
        return self.weight * self.value


@dataclass
class AreaRisk:
    """One area's risk score, its components and the facts behind them."""

    area_id: int
    code: str
    name: str
    unit_id: int
    unit_name: str
    kind: str
    population: int | None
    area_km2: float
    kakerda_level: str
    incidents_12m: int
    open_warnings: int
    recidivists: int
    last_visit: datetime.date | None
    days_since_visit: int | None
    components: list = field(default_factory=list)

    @property
    def score(self):
        return sum(component.contribution for component in self.components)

    @property
    def label(self):
        word = self.place_word()
        return self.name if self.name.lower().startswith(word.lower()) else f"{word} {self.name}"

    def place_word(self):
        return {"desa": "Desa", "kelurahan": "Kelurahan"}.get(self.kind, "Kawasan")

    def facts(self):
        """The facts behind the score, as phrases in the reader's language."""
        parts = [gettext("%(n)s incidents in 12 months") % {"n": self.incidents_12m}]
        if self.last_visit is None:
            parts.append(gettext("never visited"))
        else:
            parts.append(gettext("last visit %(days)s days ago") % {"days": self.days_since_visit})
        level = KAKERDA_WORD.get(self.kakerda_level, self.kakerda_level)
        parts.append(gettext("Kakerda %(level)s") % {"level": level})
        if self.open_warnings:
            parts.append(gettext("%(n)s open early-detection reports") % {"n": self.open_warnings})
        if self.recidivists:
            parts.append(
                gettext("%(n)s people in more than one incident") % {"n": self.recidivists}
            )
        return parts

    def reason(self):
        """'Desa X: 3 kejadian dalam 12 bulan, kunjungan terakhir 41 hari lalu, ...'"""
        return f"{self.label}: {', '.join(self.facts())}"


def normalised_weights(weights=None):
    """The weights of the five components, summing to 1 (all equal if every weight is 0)."""
    weights = dict(settings.RISK_WEIGHTS if weights is None else weights)
    unknown = set(weights) - set(COMPONENTS)
    if unknown:
        raise ValueError(f"Unknown risk components: {', '.join(sorted(unknown))}")
    raw = {key: max(0.0, float(weights.get(key, 0.0))) for key in COMPONENTS}
    total = sum(raw.values())
    if total <= 0:
        return dict.fromkeys(COMPONENTS, 1 / len(COMPONENTS))
    return {key: value / total for key, value in raw.items()}


def decay(age_days, half_life_days):
    return 0.5 ** (max(age_days, 0) / half_life_days)


def _scaled(raw, cap):
    return min(raw / cap, 1.0) if cap > 0 else float(raw > 0)


def last_visit_until(as_of):
    """The time of the outer area's last visit on or before the local day `as_of`, read from the
    monthly aggregates and the visits of `as_of`'s month only (two index lookups per area,
    however many years of visits the area has): the month's visits up to the end of that day,
    else the last visit of the latest month before it that has visits."""
    month = month_of(as_of)
    month_start, _ = month_bounds(month)
    in_month = (
        Visit.objects.filter(
            area=OuterRef("pk"),
            occurred_at__gte=month_start,
            occurred_at__lt=day_start(as_of + datetime.timedelta(days=1)),
        )
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    before = (
        AreaMonth.objects.filter(area=OuterRef("pk"), month__lt=month)
        .order_by("-month")
        .values("last_visit_at")[:1]
    )
    return Coalesce(
        Subquery(in_month, output_field=DateTimeField()),
        Subquery(before, output_field=DateTimeField()),
    )


def area_risks(areas, *, as_of, weights=None, half_life_days=None, caps=None):
    """The risk of every area in `areas` (a queryset, already scoped), riskiest first.

    Three queries. Incidents and visits after `as_of` are ignored, so a report
    can be computed as of a past date.
    """
    weights = normalised_weights(weights)
    half_life = half_life_days or settings.RISK_HALF_LIFE_DAYS
    caps = {**settings.RISK_CAPS, **(caps or {})}
    oldest = as_of - datetime.timedelta(days=half_life * HALF_LIVES_FETCHED)

    open_warnings = (
        EarlyWarning.objects.filter(
            area=OuterRef("pk"), state=EarlyWarning.State.OPEN, reported_at__date__lte=as_of
        )
        .order_by()
        .values("area")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        areas.order_by()
        .annotate(
            last_visit_at=last_visit_until(as_of),
            open_warnings=Coalesce(Subquery(open_warnings, output_field=IntegerField()), Value(0)),
        )
        .values(
            "pk",
            "code",
            "name",
            "kind",
            "unit_id",
            "unit__name",
            "population",
            "area_km2",
            "kakerda_level",
            "last_visit_at",
            "open_warnings",
        )
    )
    area_ids = areas.values("pk")

    incidents = {}
    for row in (
        Incident.objects.filter(area__in=area_ids, occurred_on__lte=as_of, occurred_on__gte=oldest)
        .order_by()
        .values("area_id", "occurred_on")
        .annotate(n=Count("pk"))
    ):
        incidents.setdefault(row["area_id"], []).append((row["occurred_on"], row["n"]))

    # People counted per area, never named: the score is read by roles that may not see them.
    recidivists = {}
    for row in (
        Involvement.objects.filter(incident__area__in=area_ids, incident__occurred_on__lte=as_of)
        .order_by()
        .values("incident__area_id", "person_id")
        .annotate(n=Count("incident", distinct=True))
        .filter(n__gt=1)
    ):
        area_id = row["incident__area_id"]
        recidivists[area_id] = recidivists.get(area_id, 0) + 1

    year_ago = as_of - datetime.timedelta(days=365)
    risks = []
    for row in rows:
        happened = incidents.get(row["pk"], [])
        weighted = sum(n * decay((as_of - day).days, half_life) for day, n in happened)
        last_visit = row["last_visit_at"].date() if row["last_visit_at"] else None
        days = (as_of - last_visit).days if last_visit else None
        raw = {
            "incidents": weighted,
            "kakerda": KAKERDA_VALUE.get(row["kakerda_level"], 0.0),
            "recidivists": recidivists.get(row["pk"], 0),
            "early_warnings": row["open_warnings"],
            "days_since_visit": caps["days_since_visit"] if days is None else days,
        }
        values = {
            "incidents": _scaled(raw["incidents"], caps["incidents"]),
            "kakerda": raw["kakerda"],
            "recidivists": _scaled(raw["recidivists"], caps["recidivists"]),
            "early_warnings": _scaled(raw["early_warnings"], caps["early_warnings"]),
            "days_since_visit": _scaled(raw["days_since_visit"], caps["days_since_visit"]),
        }
        risks.append(
            AreaRisk(
                area_id=row["pk"],
                code=row["code"],
                name=row["name"],
                unit_id=row["unit_id"],
                unit_name=row["unit__name"],
                kind=row["kind"],
                population=row["population"],
                area_km2=float(row["area_km2"] or 0),
                kakerda_level=row["kakerda_level"],
                incidents_12m=sum(n for day, n in happened if day > year_ago),
                open_warnings=row["open_warnings"],
                recidivists=recidivists.get(row["pk"], 0),
                last_visit=last_visit,
                days_since_visit=days,
                components=[
                    Component(key, raw[key], values[key], weights[key]) for key in COMPONENTS
                ],
            )
        )
    risks.sort(key=lambda risk: (-risk.score, risk.code))
    return risks

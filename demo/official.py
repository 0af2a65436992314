"""Demo rows taken from the Polres sheets: units, areas, officers, budget, facilities, incidents."""

import datetime
import random
import re
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from bhabin.models import Assignment, AssistedArea, Visit
from budget.models import BudgetLine, Realisation
from conflicts.models import Incident
from demo.sheets import sheet_import
from org.models import PoliceUnit, Region
from org.scoping import COMMAND_LINE
from org.services import unit_save
from personnel.models import Course, Officer, TrainingRecord, User

POLDA = {"code": "PMJ", "name": "Polda Metro Jaya", "letterhead_name": "DAERAH METRO JAYA"}
POLRES = {"code": "PMJ-BKS", "name": "Polres Metro Bekasi", "letterhead_name": "RESOR METRO BEKASI"}
POLRES_LABEL = "POLRES METRO BEKASI"
ASSIGNMENT_START = datetime.date(2022, 1, 1)
RECAP_AS_OF = datetime.date(2022, 11, 30)
RANK_ALIASES = {"BRIGADIR": "BRIGPOL"}
# Months of the fiscal year weighted as a Sat Binmas spends: little in Q1, most from Q2 on.
REALISATION_WEIGHTS = [2, 5, 8, 9, 9, 10, 9, 10, 10, 9, 9, 10]


@dataclass
class Posting:
    """An officer of the roster and the assisted area they are posted to."""

    officer_id: int
    nrp: str
    unit_id: int
    area_id: int
    area_name: str


@dataclass
class IncidentRef:
    """A seeded incident, enough to attach synthetic people to it."""

    id: int
    reference: str
    unit_id: int
    category_code: str


@dataclass
class DemoSummary:
    """What the demo holds after seeding, for the command's closing report."""

    units: int = 0
    areas: int = 0
    officers: int = 0
    incidents_per_year: dict = field(default_factory=dict)
    visits: int = 0
    logins: list = field(default_factory=list)


def label_key(label):
    """'POLSEK  Cikarang Barat ' -> 'POLSEK CIKARANG BARAT': how the sheets name a unit."""
    return " ".join(label.upper().split())


def squash(text):
    """Compare names ignoring case and spaces: 'Kedung Waringin' == 'KEDUNGWARINGIN'."""
    return re.sub(r"\s+", "", text).lower()


def _unit_upsert(*, code, **fields):
    """The unit of this code, created or brought up to date through the unit service."""
    unit = PoliceUnit.objects.filter(code=code).first() or PoliceUnit(code=code)
    for name, value in fields.items():
        setattr(unit, name, value)
    return unit_save(unit=unit, actor=COMMAND_LINE)


def units_seed(*, path):
    """The Polda and the Polres, then sample 01 through the units importer; label -> unit."""
    polda = _unit_upsert(**POLDA, level=PoliceUnit.Level.POLDA, parent=None, sort_order=0)
    polres = _unit_upsert(**POLRES, level=PoliceUnit.Level.POLRES, parent=polda, sort_order=0)
    sheet_import("units", path, unit=polres)
    return {
        label_key(unit.name): unit
        for unit in PoliceUnit.objects.filter(Q(pk=polres.pk) | Q(parent=polres))
    }


def areas_seed(*, path, units):
    """The assisted areas through the areas importer; a dict (unit id, lower-case name) -> id."""
    sheet_import("areas", path, unit=units[POLRES_LABEL])
    unit_ids = [unit.id for unit in units.values()]
    return {
        (unit_id, name.lower()): area_id
        for area_id, unit_id, name in AssistedArea.objects.filter(unit_id__in=unit_ids).values_list(
            "id", "unit_id", "name"
        )
    }


def unit_kecamatan_link(*, units):
    """Link each unit to the kecamatan named like it and to those its areas lie in."""
    kecamatan = {
        squash(name): code
        for code, name in Region.objects.filter(level=Region.Level.KECAMATAN).values_list(
            "code", "name"
        )
    }
    area_kecamatan = {}
    for unit_id, region_code in AssistedArea.objects.filter(
        unit__in=units.values(), region__isnull=False
    ).values_list("unit_id", "region_id"):
        area_kecamatan.setdefault(unit_id, set()).add(region_code[:8])
    for key, unit in units.items():
        codes = area_kecamatan.get(unit.id, set())
        named = kecamatan.get(squash(key.removeprefix("POLSEK ")))
        if unit.level == PoliceUnit.Level.POLSEK and named:
            codes.add(named)
        unit.kecamatan.add(*sorted(codes))


def officers_seed(*, path, units, areas):
    """The roster through its importer (assignments from 2022-01-01), then training; postings."""
    sheet_import("roster", path, unit=units[POLRES_LABEL], as_of=ASSIGNMENT_START.isoformat())
    postings = [
        Posting(a.officer_id, a.officer.nrp, a.area.unit_id, a.area_id, a.area.name)
        for a in Assignment.objects.filter(
            area__unit__in=units.values(), role=Assignment.Role.PRIMARY, end_date__isnull=True
        )
        .select_related("officer", "area")
        .order_by("officer__unit__sort_order", "officer__nrp")
    ]
    done = set(Officer.objects.filter(dikbangspes_done=True).values_list("nrp", flat=True))
    _training_seed(postings=postings, done_nrps=done)
    return postings


def _training_seed(*, postings, done_nrps):
    """Everyone has the Binmas-Intel-IT training (the paper: all trained); some the dikbangspes."""
    courses = dict(Course.objects.values_list("code", "id"))
    records = [
        TrainingRecord(officer_id=p.officer_id, course_id=courses["pelatihan-binmas-intel-ti"])
        for p in postings
    ]
    records += [
        TrainingRecord(officer_id=p.officer_id, course_id=courses["dikbangspes-binmas"])
        for p in postings
        if p.nrp in done_nrps
    ]
    TrainingRecord.objects.bulk_create(records, ignore_conflicts=True)


def facilities_seed(*, path, units):
    """Sample 03 through the facilities importer, as Polres-level stock."""
    sheet_import("facilities", path, unit=units[POLRES_LABEL])


def dipa_seed(*, path, units):
    """Sample 04 through the DIPA importer, then a synthetic monthly realisation below pagu."""
    polres = units[POLRES_LABEL]
    sheet_import("dipa", path, unit=polres)
    realisations = []
    for line in BudgetLine.objects.filter(unit=polres):
        rng = random.Random(f"dipa-{line.fiscal_year}-{line.code}")
        total = line.pagu * rng.uniform(0.86, 0.97)
        weights = [w * rng.uniform(0.8, 1.2) for w in REALISATION_WEIGHTS]
        for month, weight in enumerate(weights, start=1):
            amount = int(total * weight / sum(weights) / 1000) * 1000
            realisations.append(Realisation(line=line, month=month, amount=amount))
    Realisation.objects.bulk_create(
        realisations,
        update_conflicts=True,
        unique_fields=["line", "month"],
        update_fields=["amount"],
    )


def competency_recap_seed(*, path, units):
    """Sample 02 through the competency importer: reported figures, faults and all."""
    sheet_import("competency", path, unit=units[POLRES_LABEL], as_of=RECAP_AS_OF.isoformat())


def yearly_conflicts_seed(*, path, units):
    """Sample 05 (the paper's Table 1) through its importer, as reported counts on the Polres."""
    sheet_import("conflicts_per_year", path, unit=units[POLRES_LABEL])


def incidents_seed(*, path, units, areas):
    """One incident list through the incidents importer; the list of IncidentRef it holds."""
    sheet_import("incidents", path, unit=units[POLRES_LABEL])
    source = Incident.objects.filter(unit__in=units.values(), source=path.name)
    return [
        IncidentRef(i.id, i.reference, i.unit_id, i.category.code)
        for i in source.select_related("category").order_by("reference")
    ]


# Synthetic commanders who sign the unit's reports: the study names none. NRP 6xxxxxxx are kept
# apart from the roster's.
COMMANDER_NAMES = [
    "Hendra Gunawan", "Agus Salim", "Rudy Hartono", "Bambang Suryono", "Dedi Kurniawan",
    "Eko Prasetyo", "Fajar Nugroho", "Gatot Subroto", "Heru Santoso", "Imam Syafii",
    "Joko Widodo Susanto", "Kusnadi Rahman", "Lukman Hakim", "Made Wirawan", "Nanang Kosim",
    "Oman Suherman", "Purwanto Adi",
]  # fmt: skip


def commanders_seed(*, units):
    """A Kapolres and a Kasat Binmas for the Polres, a Kapolsek per Polsek: the report signers."""
    polres = units[POLRES_LABEL]
    posts = [
        (polres, Officer.Position.KAPOLRES, "KOMBES"),
        (polres, Officer.Position.KASAT_BINMAS, "KOMPOL"),
    ]
    posts += [
        (unit, Officer.Position.KAPOLSEK, "KOMPOL" if n % 3 == 0 else "AKP")
        for n, unit in enumerate(u for u in units.values() if u.level == PoliceUnit.Level.POLSEK)
    ]
    commanders = [
        Officer(
            nrp=f"{60000001 + n:08d}",
            name=COMMANDER_NAMES[n % len(COMMANDER_NAMES)],
            rank=rank,
            position=position,
            unit=unit,
            education=Officer.Education.S2
            if position != Officer.Position.KAPOLSEK
            else Officer.Education.S1,
            dikbangspes_done=True,
        )
        for n, (unit, position, rank) in enumerate(
            sorted(posts, key=lambda p: (p[0].sort_order, p[1]))
        )
    ]
    Officer.objects.bulk_create(
        commanders,
        update_conflicts=True,
        unique_fields=["nrp"],
        update_fields=["name", "rank", "position", "unit", "education", "dikbangspes_done"],
    )
    return {
        (o.unit_id, o.position): o.pk
        for o in Officer.objects.filter(nrp__in=[c.nrp for c in commanders])
    }


DEMO_LOGINS = [
    # username, role, unit label, linked to an officer of that unit
    ("kasat", User.Role.KASAT_BINMAS, POLRES_LABEL, False),
    ("pimpinan", User.Role.LEADERSHIP, POLRES_LABEL, False),
    ("operator", User.Role.OPERATOR, POLRES_LABEL, False),
    ("admin", User.Role.ADMIN, POLRES_LABEL, False),
    ("kapolsek", User.Role.KAPOLSEK, "POLSEK CIKARANG BARAT", False),
    ("bhabin", User.Role.OFFICER, "POLSEK CIKARANG BARAT", True),
]


def demo_logins_seed(*, units, officers, password):
    """One login per role; re-running resets their unit, role and password, nothing else.

    The Kasat and Kapolsek logins are linked to their commander's officer record (the signer).
    """
    hashed = make_password(password)  # one hash for all six: hashing is the slow part
    commanders = commanders_seed(units=units)
    logins = []
    for username, role, label, is_officer in DEMO_LOGINS:
        unit = units[label]
        officer_id = {
            User.Role.KASAT_BINMAS: commanders.get((unit.id, Officer.Position.KASAT_BINMAS)),
            User.Role.KAPOLSEK: commanders.get((unit.id, Officer.Position.KAPOLSEK)),
        }.get(role)
        if is_officer:
            officer_id = next(p.officer_id for p in officers if p.unit_id == unit.id)
        User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "unit": unit,
                "officer_id": officer_id,
                "password": hashed,
                "is_active": True,
            },
        )
        logins.append((username, role.label, unit.name))
    return logins


def demo_summary(*, units, logins):
    """Counts of what the demo holds now."""
    unit_ids = [unit.id for unit in units.values()]
    per_year = (
        Incident.objects.filter(unit_id__in=unit_ids)
        .annotate(year=ExtractYear("occurred_on"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return DemoSummary(
        units=len(unit_ids),
        areas=AssistedArea.objects.filter(unit_id__in=unit_ids).count(),
        officers=Officer.objects.bhabin().filter(unit_id__in=unit_ids).count(),
        incidents_per_year={row["year"]: row["n"] for row in per_year},
        visits=Visit.objects.filter(area__unit_id__in=unit_ids).count(),
        logins=logins,
    )

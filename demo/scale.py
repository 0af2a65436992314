"""A synthetic Polda for measuring the dashboards at scale (`manage.py generate_scale`).

Everything comes from one `random.Random(seed)`, so the same arguments make the same data.
Units, areas, officers and assignments (thousands of rows) go in with `bulk_create`; visits,
incidents, early warnings and cases (millions) go in with COPY on PostgreSQL and with
`bulk_create` in large batches elsewhere, which only suits small sizes.
"""

import datetime
import io
import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import UUIDField
from django.utils import timezone

from bhabin.models import Activity, Assignment, AssistedArea, EarlyWarning, ProblemCase, Visit
from conflicts.models import ConflictCategory, Incident
from org.models import PoliceUnit
from org.services import units_place_in_tree
from personnel.models import Officer, User

BATCH_ROWS = 50_000
NRP_FIRST = 90_000_000
NAME_PARTS = (
    "Suka", "Mekar", "Jaya", "Sari", "Mulya", "Tanjung", "Karang", "Sindang", "Cipta", "Wangun",
    "Harja", "Bojong", "Setia", "Makmur", "Rawa", "Teluk", "Pasir", "Sumber", "Bina", "Lestari",
)  # fmt: skip
FIRST_NAMES = (
    "Agus", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Iwan", "Joko", "Rudi", "Slamet", "Teguh",
    "Wahyu", "Yudi", "Asep", "Dadang", "Ujang", "Rina", "Siti", "Dewi", "Lina",
)  # fmt: skip
LAST_NAMES = (
    "Santoso", "Saputra", "Hidayat", "Nugroho", "Setiawan", "Pratama", "Kurniawan", "Wibowo",
    "Gunawan", "Firmansyah", "Rahmawati", "Lestari", "Permana", "Sutisna", "Hermawan",
)  # fmt: skip
RANKS = ("BRIPDA", "BRIPTU", "BRIGPOL", "BRIPKA", "AIPDA", "AIPTU")
NARRATIVES = (
    "Sambang ke rumah warga, mendengarkan keluhan tentang keamanan lingkungan.",
    "Silaturahmi dengan tokoh masyarakat dan perangkat desa.",
    "Penyuluhan bahaya narkoba kepada pemuda karang taruna.",
    "Mengecek poskamling dan mendorong ronda malam.",
    "Koordinasi dengan Babinsa dan kepala desa tentang kegiatan warga.",
)
# Inter-group clashes first, then student brawls, as in the study.
CATEGORY_WEIGHTS = {"antar-kelompok": 50, "tawuran-pelajar": 30}


@dataclass
class Plan:
    """What to generate."""

    prefix: str = "SC"
    polres: int = 20
    polsek_per_polres: int = 17
    areas_per_polsek: int = 20
    years: int = 5
    visits_per_area_month: int = 12
    incidents_per_polsek_year: int = 29
    seed: int = 1
    today: datetime.date = field(default_factory=timezone.localdate)


def existing_codes(plan):
    """A description of what this plan's codes already hold, or "" if nothing."""
    units = PoliceUnit.objects.filter(code__startswith=f"{plan.prefix}-").count()
    areas = AssistedArea.objects.filter(code__startswith=f"{plan.prefix}-").count()
    nrp_last = NRP_FIRST + plan.polres * plan.polsek_per_polres * plan.areas_per_polsek * 2
    officers = Officer.objects.filter(
        nrp__gte=f"{NRP_FIRST:08d}", nrp__lt=f"{min(nrp_last, 99_999_999):08d}"
    ).count()
    found = [f"{n} {what}" for n, what in ((units, "units"), (areas, "areas"), (officers, "NRPs"))]
    return ", ".join(found) if units or areas or officers else ""


def remove_generated(plan, out):
    """Delete everything a previous run with this prefix made (for --replace)."""
    started = time.perf_counter()
    units = PoliceUnit.objects.filter(code__startswith=f"{plan.prefix}-")
    areas = AssistedArea.objects.filter(unit__in=units)
    with transaction.atomic():
        for model in (Visit, EarlyWarning, ProblemCase):
            model.objects.filter(area__in=areas).delete()
        Incident.objects.filter(unit__in=units).delete()
        Assignment.objects.filter(area__in=areas).delete()
        User.objects.filter(unit__in=units).delete()
        Officer.objects.filter(unit__in=units).delete()
        areas.delete()
        for level in ("polsek", "polres", "polda"):
            units.filter(level=level).delete()
    out(f"removed the previous run: {time.perf_counter() - started:.1f} s")


def generate(plan, out):
    """Fill the database; `out` receives one line per table with its row count and time."""
    rng = random.Random(plan.seed)
    writer = _Writer(out)
    with transaction.atomic():
        polda, polres, polsek = writer.timed(
            "units", lambda: _units(plan), count=lambda made: 1 + len(made[1]) + len(made[2])
        )
        areas = writer.timed("areas", lambda: _areas(plan, rng, polsek))
        officers = writer.timed("officers", lambda: _officers(plan, rng, areas))
        writer.timed("assignments", lambda: _assignments(plan, officers))
        writer.timed("users", lambda: _users(plan, polda, polsek[0]))
        area_rows = [(area, officers.get(area.pk)) for area in areas]
        fallback = _fallback_officers(area_rows)
        months = _months(plan)
        # Looked up before any COPY starts: the connection runs no other query during one.
        activities = list(Activity.objects.order_by("sort_order").values_list("pk", flat=True))
        categories = dict(ConflictCategory.objects.values_list("code", "pk"))
        writer.copy(
            Visit, _visit_columns(), _visits(plan, rng, area_rows, fallback, months, activities)
        )
        writer.copy(Incident, _incident_columns(), _incidents(plan, rng, polsek, areas, categories))
        writer.copy(
            EarlyWarning, _warning_columns(), _warnings(plan, rng, area_rows, fallback, months)
        )
        writer.copy(ProblemCase, _case_columns(), _cases(plan, rng, area_rows, fallback, months))
        committing = time.perf_counter()
    # PostgreSQL checks the deferred foreign keys of every COPYed row here.
    elapsed = time.perf_counter() - committing
    writer.total += elapsed
    out(f"{'commit':<16} {'':>10} {elapsed:8.1f} s")
    if connection.vendor == "postgresql":
        writer.timed("analyze", lambda: _analyze())
    return writer.total


class _Writer:
    def __init__(self, out):
        self.out = out
        self.total = 0.0

    def timed(self, label, make, count=len):
        started = time.perf_counter()
        result = make()
        elapsed = time.perf_counter() - started
        self.total += elapsed
        rows = count(result) if result else ""
        self.out(f"{label:<16} {rows!s:>10} {elapsed:8.1f} s")
        return result

    def copy(self, model, columns, rows):
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            count = _copy_rows(model, columns, rows)
        else:
            count = _bulk_create_rows(model, columns, rows)
        elapsed = time.perf_counter() - started
        self.total += elapsed
        rate = count / elapsed if elapsed else 0
        label = model._meta.db_table
        self.out(f"{label:<16} {count:>10} {elapsed:8.1f} s  ({rate:,.0f} rows/s)")


def _copy_rows(model, columns, rows):
    """COPY the rows (tuples of text or None) into the model's table; the count written.

    Columns the rows do not give get the field's default, as `bulk_create` would give them.
    """
    defaults = _text_defaults(model, columns)
    uuids = _uuid_columns(model, columns)
    names = ", ".join(connection.ops.quote_name(column) for column in (*columns, *defaults, *uuids))
    table = connection.ops.quote_name(model._meta.db_table)
    tail = "".join(f"\t{value}" for value in defaults.values())
    getrandbits = random.Random(model._meta.db_table).getrandbits
    count = 0
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    with cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(r"\N" if value is None else value for value in row))
            buffer.write(tail)
            for _ in uuids:
                buffer.write(f"\t{getrandbits(128):032x}")
            buffer.write("\n")
            count += 1
            if count % BATCH_ROWS == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    return count


def _uuid_columns(model, columns):
    """UUID columns the rows do not give (client ids): each row gets its own, seeded, value."""
    return [
        field.column
        for field in model._meta.concrete_fields
        if isinstance(field, UUIDField) and not field.primary_key and field.attname not in columns
    ]


def _text_defaults(model, columns):
    """The COPY text of the default of every other concrete column (the primary key aside)."""
    defaults = {}
    uuids = _uuid_columns(model, columns)
    for model_field in model._meta.concrete_fields:
        if model_field.attname in columns or model_field.column in uuids:
            continue
        if model_field.primary_key:
            continue
        value = model_field.get_db_prep_save(model_field.get_default(), connection)
        if isinstance(value, bool):
            value = "t" if value else "f"
        defaults[model_field.column] = r"\N" if value is None else str(value)
    return defaults


def _bulk_create_rows(model, columns, rows):
    """The same rows through the ORM, for SQLite and small sizes."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    count = 0
    batch = []
    for row in rows:
        values = {}
        for column, value in zip(columns, row, strict=True):
            values[column] = None if value is None else fields[column].to_python(value)
        batch.append(model(**values))
        count += 1
        if len(batch) == BATCH_ROWS // 10:
            model.objects.bulk_create(batch)
            batch = []
    model.objects.bulk_create(batch)
    return count


def _analyze():
    with connection.cursor() as cursor:
        tables = (Visit, Incident, EarlyWarning, ProblemCase, AssistedArea, Officer, PoliceUnit)
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return ""


# --- structure ---------------------------------------------------------------------------------


def _units(plan):
    p = plan.prefix
    # bulk_create throughout: generated rows are not edits, and write no audit entries.
    [polda] = PoliceUnit.objects.bulk_create(
        [PoliceUnit(code=f"{p}-POLDA", name=f"Polda Sintetis {p}", level=PoliceUnit.Level.POLDA)]
    )
    polres = PoliceUnit.objects.bulk_create(
        PoliceUnit(
            code=f"{p}-R{r:02d}",
            name=f"Polres Sintetis {r:02d}",
            level=PoliceUnit.Level.POLRES,
            parent=polda,
            sort_order=r,
        )
        for r in range(1, plan.polres + 1)
    )
    polsek = PoliceUnit.objects.bulk_create(
        PoliceUnit(
            code=f"{parent.code}-S{s:02d}",
            name=f"Polsek Sintetis {parent.sort_order:02d}-{s:02d}",
            level=PoliceUnit.Level.POLSEK,
            parent=parent,
            sort_order=s,
        )
        for parent in polres
        for s in range(1, plan.polsek_per_polres + 1)
    )
    # bulk_create skips the unit service, which gives each unit its tree path: give them here.
    units_place_in_tree()
    return polda, polres, polsek


def _areas(plan, rng, polsek):
    areas = []
    low, high = max(1, plan.areas_per_polsek * 2 // 3), plan.areas_per_polsek * 4 // 3
    for unit in polsek:
        for number in range(1, rng.randint(low, high) + 1):
            population = rng.randint(2_000, 25_000)
            areas.append(
                AssistedArea(
                    code=f"{unit.code}-{number:03d}",
                    name=f"{rng.choice(NAME_PARTS)}{rng.choice(NAME_PARTS).lower()} {number}",
                    kind=AssistedArea.Kind.DESA,
                    unit=unit,
                    population=population,
                    households=population * 10 // 35,
                    area_km2=round(rng.uniform(0.5, 40), 2),
                    kakerda_level=rng.choices(("low", "medium", "high"), (70, 22, 8))[0],
                )
            )
    return AssistedArea.objects.bulk_create(areas, batch_size=2_000)


def _officers(plan, rng, areas):
    """One Bhabin per area, except about one area in fifty left without (as in the study)."""
    officers = {}
    for index, area in enumerate(areas):
        if rng.random() < 0.02:
            continue
        officers[area.pk] = Officer(
            nrp=f"{NRP_FIRST + index:08d}",
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            rank=rng.choice(RANKS),
            unit_id=area.unit_id,
            education=rng.choices(("SMA", "S1"), (91, 9))[0],
            dikbangspes_done=rng.random() < 0.33,
        )
    Officer.objects.bulk_create(officers.values(), batch_size=2_000)
    return officers


def _assignments(plan, officers):
    start = plan.today.replace(year=plan.today.year - plan.years, day=1)
    return Assignment.objects.bulk_create(
        (
            Assignment(officer=officer, area_id=area_id, start_date=start)
            for area_id, officer in officers.items()
        ),
        batch_size=2_000,
    )


def _users(plan, polda, polsek):
    """The two logins the dashboard benchmark uses (no password: it logs them in directly)."""
    p = plan.prefix.lower()
    users = [
        User(username=f"{p}_kasat", role=User.Role.KASAT_BINMAS, unit=polda),
        User(username=f"{p}_kapolsek", role=User.Role.KAPOLSEK, unit=polsek),
    ]
    for user in users:
        user.set_unusable_password()
    return User.objects.bulk_create(users)


def _fallback_officers(area_rows):
    """For an area without a Bhabin, a colleague of its Polsek visits it."""
    by_unit = {}
    for area, officer in area_rows:
        if officer is not None:
            by_unit.setdefault(area.unit_id, officer)
    return by_unit


def _months(plan):
    first = plan.today.replace(year=plan.today.year - plan.years, day=1)
    months = []
    month = first
    while month <= plan.today:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _days_in(month, today):
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    last = min(following - datetime.timedelta(days=1), today)
    return last.day


# --- field work --------------------------------------------------------------------------------


def _visit_columns():
    return (
        "client_id", "officer_id", "area_id", "occurred_at", "activity_id", "households_visited",
        "people_met", "complaints", "narrative", "follow_up", "follow_up_needed", "status",
        "source", "created_at",
    )  # fmt: skip


def _visits(plan, rng, area_rows, fallback, months, activities):
    activities = [str(pk) for pk in activities]
    created = timezone.now().isoformat()
    today = plan.today
    recent = today - datetime.timedelta(days=45)
    randint, random_, getrandbits, choice = rng.randint, rng.random, rng.getrandbits, rng.choice
    mean = plan.visits_per_area_month
    for area, officer in area_rows:
        officer = officer or fallback.get(area.unit_id)
        if officer is None:
            continue
        officer_id, area_id = str(officer.pk), str(area.pk)
        zeal = rng.uniform(0.5, 1.5)
        # About one area in twelve has not been visited for the last 45 days.
        neglected = random_() < 0.08
        for month in months:
            days = _days_in(month, today)
            count = round(randint(mean // 2, mean * 3 // 2) * zeal * days / 30)
            prefix = f"{month:%Y-%m}-"
            for _ in range(count):
                day = randint(1, days)
                if neglected and month.replace(day=day) >= recent:
                    continue
                households = randint(1, 15)
                yield (
                    f"{getrandbits(128):032x}",
                    officer_id,
                    area_id,
                    f"{prefix}{day:02d} {randint(7, 21):02d}:{randint(0, 59):02d}:00+07",
                    choice(activities),
                    str(households),
                    str(households + randint(0, 10)),
                    "",
                    choice(NARRATIVES),
                    "",
                    "t" if random_() < 0.1 else "f",
                    "accepted",
                    "import",
                    created,
                )


def _incident_columns():
    return (
        "reference", "unit_id", "occurred_on", "date_precision", "area_id", "place",
        "category_id", "modus_operandi", "side_a", "side_b", "damage", "handling", "outcome",
        "handling_officer_text", "source",
    )  # fmt: skip


def _incidents(plan, rng, polsek, areas, categories):
    codes = list(categories)
    weights = [CATEGORY_WEIGHTS.get(code, 4) for code in codes]
    areas_by_unit = {}
    for area in areas:
        areas_by_unit.setdefault(area.unit_id, []).append(area.pk)
    first = plan.today.replace(year=plan.today.year - plan.years, day=1)
    span = (plan.today - first).days
    per_unit = round(plan.incidents_per_polsek_year * span / 365)
    number = 0
    for unit in polsek:
        unit_areas = areas_by_unit.get(unit.pk, [])
        # A few areas draw most incidents: the hotspots the dashboard should find.
        area_weights = [1 / (rank + 1) for rank in range(len(unit_areas))]
        for _ in range(rng.randint(per_unit * 2 // 3, per_unit * 4 // 3)):
            number += 1
            in_area = unit_areas and rng.random() < 0.9
            yield (
                f"{plan.prefix}-LP-{number:07d}",
                str(unit.pk),
                (first + datetime.timedelta(days=rng.randint(0, span))).isoformat(),
                "day",
                str(rng.choices(unit_areas, area_weights)[0]) if in_area else None,
                "Jalan desa",
                str(categories[rng.choices(codes, weights)[0]]),
                "",
                "Kelompok pemuda A",
                "Kelompok pemuda B",
                "",
                rng.choice(("mediation", "law_enforcement", "monitoring")),
                rng.choice(("resolved", "in_process", "monitoring", "unknown")),
                "",
                "generate_scale",
            )


def _warning_columns():
    return (
        "officer_id", "area_id", "reported_at", "field", "reliability", "summary",
        "recommendation", "state", "status",
    )  # fmt: skip


def _warnings(plan, rng, area_rows, fallback, months):
    """About two early-detection reports per area and year."""
    for area, officer in area_rows:
        officer = officer or fallback.get(area.unit_id)
        if officer is None:
            continue
        for month in months:
            if rng.random() < 2 / 12:
                day = rng.randint(1, _days_in(month, plan.today))
                yield (
                    str(officer.pk),
                    str(area.pk),
                    f"{month:%Y-%m}-{day:02d} {rng.randint(7, 21):02d}:00:00+07",
                    rng.choice(("economy", "security", "politics", "socio_cultural")),
                    rng.choice("ABCDEF"),
                    "Rencana pengerahan massa terkait sengketa lahan.",
                    "",
                    rng.choice(("open", "closed")),
                    "accepted",
                )


def _case_columns():
    return (
        "officer_id", "area_id", "opened_on", "title", "parties", "description", "method",
        "state", "closed_on", "outcome", "status",
    )  # fmt: skip


def _cases(plan, rng, area_rows, fallback, months):
    """About one problem-solving case per area and year."""
    for area, officer in area_rows:
        officer = officer or fallback.get(area.unit_id)
        if officer is None:
            continue
        for month in months:
            if rng.random() < 1 / 12:
                opened = month.replace(day=rng.randint(1, _days_in(month, plan.today)))
                closed = opened + datetime.timedelta(days=rng.randint(1, 60))
                resolved = closed <= plan.today and rng.random() < 0.7
                yield (
                    str(officer.pk),
                    str(area.pk),
                    opened.isoformat(),
                    "Sengketa batas tanah antarwarga",
                    "Warga RT 01 dan warga RT 02",
                    "Perselisihan batas pekarangan.",
                    rng.choice(("consultation", "mediation", "negotiation", "facilitation")),
                    "resolved" if resolved else "open",
                    closed.isoformat() if resolved else None,
                    "",
                    "accepted",
                )

"""MOTUL planning sheets: a plan's seven steps pre-filled from the data of its assisted areas.

`motul_plan_create` writes a plan, its areas and one `MotulPlanStep` per `MotulStep`, each
pre-filled by `prefill_steps` from the database: area figures, Kakerda, community figures,
five years of incidents by category, the officers posted there, and materials for the kind of
activity. The people involved in incidents are NOT written into the steps: saved text is read
by every role that sees the plan, while those names are for the roles org.roles lets see them, so
`people_involved` gives them to the sheet at view time, per viewer.
"""

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from bhabin.models import Activity, Assignment, CommunityFigure
from conflicts.models import ConflictCategory, Incident, Involvement
from motul.models import STEP_MAX_CHARS, STEP_MAX_LINES, MotulPlan, MotulPlanStep, MotulStep
from org.roles import may_see_people_involved
from org.validators import clip_printed_text
from reports.terbilang import angka, tanggal

HISTORY_YEARS = 5
RECENT_INCIDENTS = 8
PEOPLE_LISTED = 30

KAKERDA_NAMES = {"low": "Rendah", "medium": "Sedang", "high": "Tinggi"}
FIGURE_NAMES = {
    "religious": "Tokoh agama",
    "community": "Tokoh masyarakat",
    "youth": "Tokoh pemuda",
    "customary": "Tokoh adat",
}
INVOLVEMENT_NAMES = {
    "perpetrator": "pelaku",
    "provocateur": "provokator",
    "victim": "korban",
    "witness": "saksi",
}
RESTRICTED_LINE = (
    "Data orang yang terlibat konflik dibatasi: hanya Kapolsek, Kasat Binmas dan administrator "
    "yang dapat melihatnya (UU 27/2022 tentang Pelindungan Data Pribadi)."
)

# Materials and teaching aids (alins/alongins) by activity code; DEFAULT_MATERIALS otherwise.
MATERIALS = {
    "penyuluhan": [
        "Materi penyuluhan hukum: UU 7/2012 tentang Penanganan Konflik Sosial, KUHP Pasal 170 "
        "dan 358 (pengeroyokan dan perkelahian), UU 12/1951 (senjata tajam)",
        "Alat peraga: proyektor dan layar, pengeras suara, leaflet dan spanduk kamtibmas",
    ],
    "sosialisasi": [
        "Materi kebijakan pimpinan Polri tentang harkamtibmas dan nomor layanan kepolisian",
        "Leaflet, stiker kunjungan dengan nomor telepon Bhabinkamtibmas, pengeras suara",
    ],
    "siskamling": [
        "Materi siskamling: jadwal ronda, buku mutasi pos, kentongan dan tanda bahaya",
        "Daftar poskamling aktif dan nomor telepon penting",
    ],
    "mediasi": [
        "Kronologi masalah, data para pihak, berita acara kesepakatan perdamaian",
        "Tempat netral dan kehadiran tokoh agama, tokoh masyarakat dan Babinsa",
    ],
}
DEFAULT_MATERIALS = [
    "Materi harkamtibmas sesuai sasaran kegiatan",
    "Alat peraga: pengeras suara, leaflet, stiker kunjungan dengan nomor telepon Bhabinkamtibmas",
]
BRAWL_WORDS = ("tawuran", "pelajar", "sekolah", "siswa")
BRAWL_MATERIALS = [
    "Materi pencegahan tawuran pelajar: akibat hukum (UU 11/2012 Sistem Peradilan Pidana Anak), "
    "bahaya senjata tajam, peran guru dan orang tua",
    "Koordinasi dengan kepala sekolah, guru BK dan komite sekolah; daftar sekolah rawan",
]


def areas_data(areas):
    """The chosen areas with their figures and community figures. Two queries."""
    figures = {}
    for figure in CommunityFigure.objects.filter(area__in=areas).order_by(
        "area_id", "role", "name"
    ):
        figures.setdefault(figure.area_id, []).append(figure)
    return [(area, figures.get(area.pk, [])) for area in areas]


def incident_history(areas, until):
    """Incidents in the areas over the last HISTORY_YEARS years, by category and year, and the
    latest few. Three queries."""
    years = list(range(until.year - HISTORY_YEARS + 1, until.year + 1))
    incidents = Incident.objects.filter(
        area__in=areas, occurred_on__gte=datetime.date(years[0], 1, 1), occurred_on__lte=until
    )
    counts = {
        (row["category_id"], row["y"]): row["n"]
        for row in incidents.annotate(y=ExtractYear("occurred_on"))
        .values("category_id", "y")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = []
    for category in ConflictCategory.objects.order_by("sort_order", "name"):
        values = [counts.get((category.pk, y), 0) for y in years]
        if any(values):
            rows.append((category.name, values, sum(values)))
    recent = list(
        incidents.select_related("category", "area").order_by("-occurred_on")[:RECENT_INCIDENTS]
    )
    return {
        "years": years,
        "rows": rows,
        "total": [sum(r[1][i] for r in rows) for i in range(len(years))],
        "recent": recent,
    }


def people_involved(user, areas):
    """People involved in incidents in the areas, with how many incidents each: for
    roles that may see them (None for everyone else). One query."""
    if not may_see_people_involved(user):
        return None
    rows = (
        Involvement.objects.visible_to(user)
        .filter(incident__area__in=areas)
        .values("person_id", "person__name")
        .annotate(
            incidents=Count("incident_id", distinct=True),
            perpetrator=Count("pk", filter=Q(role__in=["perpetrator", "provocateur"])),
        )
        .order_by("-incidents", "person__name")[:PEOPLE_LISTED]
    )
    return list(rows)


def materials_for(activity, title):
    """Materials and teaching aids: by activity, plus brawl material for a school activity."""
    items = list(MATERIALS.get(activity.code if activity else "", DEFAULT_MATERIALS))
    if any(word in title.lower() for word in BRAWL_WORDS):
        items = BRAWL_MATERIALS + items
    return items


def prefill_steps(*, title, objective, planned_on, areas, activity, unit):
    """The text of each MOTUL step number, pre-filled from the data of the chosen areas."""
    areas = list(areas)
    history = incident_history(areas, planned_on)
    officers = (
        Assignment.objects.active(planned_on)
        .filter(area__in=areas)
        .select_related("officer", "area")
        .order_by("area__name", "role")
    )

    lines = [f"Kegiatan: {title}"]
    if activity:
        lines.append(f"Jenis kegiatan: {activity.name}")
    if objective:
        lines.append(f"Tujuan: {objective}")
    lines.append(f"Waktu: {tanggal(planned_on)}")
    lines.append("")
    lines.append("Data wilayah sasaran:")
    population = 0
    for area, figures in areas_data(areas):
        population += area.population or 0
        km2 = f"{area.area_km2} km²".replace(".", ",") if area.area_km2 is not None else "- km²"
        lines.append(
            f"- {area.name} ({area.unit.name}): penduduk {_n(area.population)} jiwa, "
            f"{_n(area.households)} KK, luas {km2}; Kakerda "
            f"{KAKERDA_NAMES.get(area.kakerda_level, area.kakerda_level)}"
            + (f" ({area.kakerda_notes.strip()})" if area.kakerda_notes.strip() else "")
        )
        if figures:
            for figure in figures:
                phone = f", {figure.phone}" if figure.phone else ""
                lines.append(
                    f"  {FIGURE_NAMES.get(figure.role, figure.role)}: {figure.name}{phone}"
                )
        else:
            lines.append("  Tokoh agama/masyarakat/pemuda: belum tercatat")
    lines.append(f"Jumlah penduduk sasaran: {angka(population)} jiwa.")
    lines.append("")
    first, last = history["years"][0], history["years"][-1]
    if history["rows"]:
        lines.append(f"Riwayat konflik sosial {first}-{last}:")
        for name, values, total in history["rows"]:
            per_year = ", ".join(f"{y}: {v}" for y, v in zip(history["years"], values, strict=True))
            lines.append(f"- {name}: {total} ({per_year})")
        for incident in history["recent"]:
            lines.append(
                f"  {tanggal(incident.occurred_on)}, {incident.place}: {incident.category.name}"
                + (f", {incident.modus_operandi}" if incident.modus_operandi else "")
            )
    else:
        lines.append(f"Riwayat konflik sosial {first}-{last}: tidak ada kejadian tercatat.")
    lines.append(
        "Data residivis dan orang yang terlibat: lihat lampiran lembar ini (terbatas menurut "
        "peran pengguna)."
    )

    officer_lines = [f"- {a.officer} (NRP {a.officer.nrp}), {a.area.name}" for a in officers] or [
        "- Belum ada Bhabinkamtibmas yang ditugaskan pada wilayah ini."
    ]
    materials = materials_for(activity, title)
    return {
        1: fit_step("\n".join(lines)),
        2: fit_step(
            "\n".join(
                [
                    "Arahan Kapolsek/Kasat Binmas kepada personel pelaksana sebelum "
                    f"{tanggal(planned_on)}.",
                    "Pengecekan personel dan perlengkapan:",
                    *officer_lines,
                    "Pemeriksaan kesiapan materi, alat peraga dan kendaraan dinas.",
                ]
            )
        ),
        3: "\n".join(
            [
                "Materi dan alat peraga (alins/alongins):",
                *(f"- {item}" for item in materials),
                "Undangan kepada tokoh agama, tokoh masyarakat, tokoh pemuda dan Babinsa.",
                "Koordinasi dengan kepala desa/lurah dan instansi terkait.",
            ]
        ),
        4: fit_step(
            "\n".join(
                [
                    f"Pelaksanaan {title} pada {tanggal(planned_on)} di {_area_names(areas)}.",
                    "Kunjungan door to door dengan stiker kunjungan bernomor telepon "
                    "Bhabinkamtibmas.",
                    "Dokumentasi kegiatan dan daftar hadir.",
                ]
            )
        ),
        5: f"Pengawasan dan pengendalian oleh {_controller(unit)} selama kegiatan berlangsung.",
        6: "\n".join(
            [
                "Jumlah peserta dan tokoh yang hadir; keluhan dan aspirasi warga yang diterima.",
                "Potensi gangguan kamtibmas yang ditemukan dan tindak lanjutnya.",
                "Kendala pelaksanaan dan perbaikan untuk kegiatan berikutnya.",
            ]
        ),
        7: "Laporan hasil kegiatan kepada pimpinan paling lambat 1 x 24 jam setelah kegiatan, "
        "dicatat sebagai kunjungan di Sigap.",
    }


AREAS_NAMED = 20


def _area_names(areas):
    """The first areas by name and how many more: one line, however many areas a plan has."""
    names = [area.name for area in areas[:AREAS_NAMED]]
    if len(areas) > AREAS_NAMED:
        names.append(f"dan {len(areas) - AREAS_NAMED} wilayah lainnya")
    return ", ".join(names)


TRIMMED_LINE = "(Dipotong agar muat pada lembar rencana; data lengkap wilayah ada di Sigap.)"


def fit_step(text):
    """A prefilled step's text within the step's limits (motul.models): whole lines, and a last
    line saying the rest was left out. Many areas make a step 1 or 2 longer than the limit."""
    return clip_printed_text(text, chars=STEP_MAX_CHARS, lines=STEP_MAX_LINES, note=TRIMMED_LINE)


def _controller(unit):
    return "Kapolsek" if unit.level == "polsek" else "Kasat Binmas atau perwira pengendali"


def _n(value):
    return "-" if value is None else angka(value)


def plan_unit(user, areas):
    """The unit a plan belongs to: the areas' unit when they share one, else the user's."""
    units = {area.unit_id: area.unit for area in areas}
    if len(units) == 1:
        return next(iter(units.values()))
    return user.unit


@transaction.atomic
def motul_plan_create(*, user, title, objective, planned_on, areas, activity=None):
    """Create a plan with its areas and its seven steps pre-filled from the data."""
    areas = list(areas)
    unit = plan_unit(user, areas)
    plan = MotulPlan(
        unit=unit, title=title, objective=objective, planned_on=planned_on, created_by=user
    )
    plan.full_clean()
    plan.save()
    plan.areas.set(areas)
    texts = prefill_steps(
        title=title,
        objective=objective,
        planned_on=planned_on,
        areas=areas,
        activity=activity,
        unit=unit,
    )
    MotulPlanStep.objects.bulk_create(
        MotulPlanStep(plan=plan, step=step, content=texts.get(step.number, ""))
        for step in MotulStep.objects.order_by("number")
    )
    return plan


@transaction.atomic
def motul_plan_steps_update(*, plan, contents):
    """Save the edited text of a plan's steps; `contents` maps a step id to its text."""
    steps = list(plan.steps.select_for_update())
    for step in steps:
        if step.step_id in contents:
            step.content = contents[step.step_id]
    # The form checked the same limits; a caller without one (a script, a test) is held to them
    # here, as bulk_update validates nothing.
    field = MotulPlanStep._meta.get_field("content")
    for step in steps:
        field.run_validators(step.content)
    MotulPlanStep.objects.bulk_update(steps, ["content"])
    return steps


def activity_choices():
    return Activity.objects.filter(is_active=True).order_by("sort_order", "name")

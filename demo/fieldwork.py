"""Synthetic field work for the demo: visits, early warnings, cases, the schedule, people involved.

Every figure here is invented. Each officer draws from their own seeded random generator, so the
rows do not depend on database ids or on the order of other officers, and every row has a natural
key (a uuid5 client id, officer + time, NIK ...) so that seeding again adds nothing.
"""

import calendar
import datetime
import random
import uuid
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Mod

from bhabin.models import (
    Activity,
    Assignment,
    AssistedArea,
    EarlyWarning,
    ProblemCase,
    ReviewStatus,
    Visit,
    VisitSchedule,
)
from bhabin.services import field_reports_import
from conflicts.models import InvolvedPerson, Involvement
from org.periods import month_bounds

DEMO_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "demo.sigap.polres-metro-bekasi")
VISIT_MONTHS = [(2022, 8), (2022, 9), (2022, 10), (2022, 11)]
SCHEDULE_MONTH = (2022, 11)

TEMPLATES = {
    "sambang-keluhan": [
        "Sambang ke rumah warga RT {rt}/RW {rw} {area}, mendengarkan keluhan tentang {topic} "
        "dan memberikan penjelasan.",
        "DDS (door to door system) di RT {rt}/RW {rw} {area}: menempel stiker nomor HP "
        "Bhabinkamtibmas dan menampung keluhan soal {topic}.",
        "Menerima keluhan {figure} di {venue} RW {rw} mengenai {topic}; warga diminta segera "
        "melapor bila ada kejadian.",
    ],
    "silaturahmi": [
        "Silaturahmi dengan {figure} di {venue} {area}, membahas situasi kamtibmas di RW {rw}.",
        "Anjangsana ke kediaman {figure} RT {rt}/RW {rw}, menjalin kemitraan dan menanyakan "
        "perkembangan {topic}.",
    ],
    "penyuluhan": [
        "Penyuluhan hukum kepada warga RW {rw} di {venue} tentang bahaya {hazard}.",
        "Binluh kepada pelajar dan pemuda {area} di {venue} tentang bahaya {hazard}, "
        "bersama {figure}.",
    ],
    "sosialisasi": [
        "Sosialisasi kebijakan pimpinan Polri tentang {policy} kepada warga RT {rt}/RW {rw} "
        "di {venue}.",
        "Menyampaikan imbauan kamtibmas tentang {policy} melalui pengeras suara {venue} RW {rw}.",
    ],
    "siskamling": [
        "Mengecek poskamling RW {rw} {area} dan memberi arahan kepada petugas ronda tentang "
        "{topic}.",
        "Menggiatkan siskamling di RT {rt}/RW {rw}: menyusun jadwal ronda bersama ketua RT "
        "dan {figure}.",
    ],
    "pelayanan": [
        "Membantu warga RT {rt}/RW {rw} membuat laporan kehilangan {lost} dan mengantarnya "
        "ke SPKT.",
        "Mengatur lalu lintas di depan {venue} RW {rw} {area} pada jam sibuk pagi.",
    ],
    "kegiatan-positif": [
        "Mengikuti kerja bakti warga RW {rw} {area} membersihkan saluran air bersama {figure}.",
        "Mendampingi kegiatan olahraga pemuda RT {rt}/RW {rw} di {venue} untuk mencegah tawuran.",
    ],
    "koordinasi": [
        "Koordinasi tiga pilar dengan kepala desa dan Babinsa di {venue} membahas {topic} "
        "di RW {rw}.",
        "Rapat koordinasi di kantor desa tentang pengamanan {event}, bersama {figure} RW {rw}.",
    ],
    "mediasi": [
        "Memediasi perselisihan antarwarga RT {rt}/RW {rw} soal {dispute}; kedua pihak sepakat "
        "berdamai.",
        "Problem solving atas {dispute} di RW {rw} {area} bersama {figure}; disepakati "
        "musyawarah lanjutan.",
    ],
}
# The everyday duties come up more often than mediation or police services.
ACTIVITY_WEIGHTS = {
    "sambang-keluhan": 30,
    "silaturahmi": 18,
    "penyuluhan": 10,
    "sosialisasi": 10,
    "siskamling": 12,
    "pelayanan": 5,
    "kegiatan-positif": 6,
    "koordinasi": 6,
    "mediasi": 3,
}
SLOTS = {
    "topic": [
        "pencurian kendaraan bermotor",
        "balap liar malam hari",
        "pemuda mabuk di pinggir jalan",
        "parkir liar",
        "knalpot bising",
        "pencurian kotak amal",
        "penipuan daring",
        "saluran air yang tersumbat",
        "pembuangan sampah liar",
        "aksi geng motor",
    ],
    "figure": [
        "tokoh agama",
        "tokoh masyarakat",
        "tokoh pemuda",
        "ketua RW",
        "ketua RT",
        "pengurus DKM",
        "ketua karang taruna",
        "Babinsa",
    ],
    "venue": ["masjid", "musala", "balai warga", "warung kopi", "pos ronda", "lapangan", "sekolah"],
    "hazard": [
        "narkoba",
        "tawuran pelajar",
        "hoaks di media sosial",
        "minuman keras",
        "judi daring",
        "kenakalan remaja",
    ],
    "policy": [
        "larangan tawuran",
        "penerimaan anggota Polri",
        "pencegahan narkoba",
        "layanan darurat 110",
        "tertib berlalu lintas",
        "keamanan lingkungan menjelang akhir tahun",
    ],
    "lost": ["STNK", "KTP", "SIM", "BPKB", "dompet"],
    "event": [
        "HUT RI ke-77",
        "peringatan Maulid Nabi",
        "pertandingan sepak bola antarkampung",
        "pengajian akbar",
        "pemilihan ketua RW",
    ],
    "dispute": [
        "batas tanah",
        "utang piutang",
        "parkir kendaraan",
        "suara musik hajatan",
        "ternak yang merusak kebun",
        "aliran air sawah",
    ],
}
FOLLOW_UPS = [
    "Dilaporkan ke Kanit Binmas untuk patroli dialogis.",
    "Dijadwalkan kunjungan ulang bersama Babinsa.",
    "Diteruskan ke perangkat desa untuk ditindaklanjuti.",
]
WARNINGS = [
    (
        EarlyWarning.Field.SECURITY,
        "Informasi rencana tawuran pelajar dua sekolah di sekitar {area} sepulang sekolah.",
        "Patroli di titik kumpul pelajar dan koordinasi dengan pihak sekolah.",
    ),
    (
        EarlyWarning.Field.SECURITY,
        "Beredar ajakan balap liar di grup WhatsApp pemuda {area} untuk malam Minggu.",
        "Patroli gabungan dengan Sabhara pada malam Minggu.",
    ),
    (
        EarlyWarning.Field.SOCIO_CULTURAL,
        "Ketegangan antarkelompok pemuda {area} setelah saling ejek di media sosial.",
        "Mempertemukan tokoh pemuda kedua kelompok bersama tokoh agama.",
    ),
    (
        EarlyWarning.Field.ECONOMY,
        "Keluhan warga {area} atas rekrutmen tenaga kerja kawasan industri yang dinilai tertutup.",
        "Fasilitasi dialog warga dengan pengelola kawasan dan kepala desa.",
    ),
    (
        EarlyWarning.Field.POLITICS,
        "Persaingan calon ketua RW di {area} memanas; pendukung saling sindir di media sosial.",
        "Imbauan kepada para calon dan pendukung untuk menjaga kondusivitas.",
    ),
    (
        EarlyWarning.Field.SOCIO_CULTURAL,
        "Rencana unjuk rasa warga {area} menolak tempat pembuangan sampah baru.",
        "Koordinasi dengan kecamatan dan pengamanan terbuka bila aksi berlangsung.",
    ),
]
CASES = [
    (
        "Sengketa batas tanah antarwarga",
        "batas tanah pekarangan yang bergeser saat pembangunan pagar",
    ),
    ("Perselisihan parkir kendaraan", "kendaraan yang diparkir menutup akses jalan gang"),
    ("Keributan suara musik hajatan", "hajatan yang memutar musik keras hingga larut malam"),
    ("Utang piutang antartetangga", "pinjaman yang tidak dikembalikan sesuai janji"),
    ("Perselisihan pemuda dua RW", "saling ejek saat pertandingan sepak bola"),
    ("Ternak merusak kebun warga", "kambing yang lepas dan merusak tanaman"),
]
GIVEN_NAMES = [
    "Ahmad",
    "Asep",
    "Dedi",
    "Eka",
    "Fikri",
    "Hasan",
    "Iman",
    "Jaka",
    "Komar",
    "Lia",
    "Maya",
    "Nana",
    "Rohim",
    "Siti",
    "Tatang",
    "Udin",
    "Wawan",
    "Yayan",
]
FAMILY_NAMES = [
    "Saputra",
    "Hidayat",
    "Kurnia",
    "Rahman",
    "Setiadi",
    "Suryana",
    "Wijaya",
    "Mulyadi",
    "Nurhadi",
    "Sobari",
    "Fauzan",
    "Ramdani",
]


def _tz():
    return ZoneInfo(settings.TIME_ZONE)


def _person_name(rng):
    return f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"


def _narrative(rng, activity_code, area_name):
    """A narrative from one of the activity's templates, and the topic it speaks of."""
    template = rng.choice(TEMPLATES[activity_code])
    values = {slot: rng.choice(options) for slot, options in SLOTS.items()}
    text = template.format(
        area=area_name, rt=f"{rng.randint(1, 12):02d}", rw=f"{rng.randint(1, 8):02d}", **values
    )
    return text, values["topic"]


def visits_seed(*, officers):
    """Aug-Nov 2022: about 80% of each officer's scheduled visits happen on the planned day,
    plus 0-2 unplanned visits a month; narratives never repeat for an officer in a month."""
    activities = dict(Activity.objects.filter(code__in=ACTIVITY_WEIGHTS).values_list("code", "id"))
    codes = list(ACTIVITY_WEIGHTS)
    weights = list(ACTIVITY_WEIGHTS.values())
    planned = defaultdict(list)
    for officer_id, area_id, day in VisitSchedule.objects.filter(
        officer_id__in=[p.officer_id for p in officers]
    ).values_list("officer_id", "area_id", "planned_on"):
        planned[officer_id, area_id, day.year, day.month].append(day.day)
    visits = []
    for posting in officers:
        rng = random.Random(f"visits-{posting.nrp}")
        for year, month in VISIT_MONTHS:
            last_day = calendar.monthrange(year, month)[1]
            scheduled = sorted(planned[posting.officer_id, posting.area_id, year, month])
            kept = [day for day in scheduled if rng.random() < 0.8]
            extra = rng.sample(range(1, last_day + 1), rng.randint(0, 2))
            days = sorted(set(kept) | set(extra))
            seen = set()
            for n, day in enumerate(days, start=1):
                code = rng.choices(codes, weights=weights)[0]
                narrative, topic = _narrative(rng, code, posting.area_name)
                while narrative in seen:
                    narrative, topic = _narrative(rng, code, posting.area_name)
                seen.add(narrative)
                occurred = datetime.datetime(
                    year, month, day, rng.randint(8, 20), rng.randrange(60), tzinfo=_tz()
                )
                households = rng.randint(0, 30)
                follow_up_needed = rng.random() < 0.1
                visits.append(
                    Visit(
                        client_id=uuid.uuid5(
                            DEMO_NAMESPACE, f"visit|{posting.nrp}|{occurred.date()}|{n}"
                        ),
                        officer_id=posting.officer_id,
                        area_id=posting.area_id,
                        occurred_at=occurred,
                        activity_id=activities[code],
                        households_visited=households,
                        people_met=households + rng.randint(1, 15),
                        complaints=(
                            f"Warga mengeluhkan {topic}." if code == "sambang-keluhan" else ""
                        ),
                        narrative=narrative,
                        follow_up=rng.choice(FOLLOW_UPS) if follow_up_needed else "",
                        follow_up_needed=follow_up_needed,
                        status=_review_status(rng, month),
                        source=Visit.Source.FORM,
                    )
                )
    field_reports_import(reports=visits, ignore_conflicts=True)
    _recording_times()


# How long after a visit the officer recorded it, by the visit's id modulo 20: most the same
# day, some a week later, one in twenty after the month's reports were due (the completeness
# summary's timeliness needs both kinds; the service stamps the seeding moment otherwise).
RECORDED_AFTER = {range(0, 1): datetime.timedelta(days=40), range(1, 4): datetime.timedelta(days=7)}
RECORDED_SAME_DAY = datetime.timedelta(hours=3)


def _recording_times():
    """Set when the seeded visits were recorded: a few statements, not one per visit."""
    start, _end = month_bounds(datetime.date(*VISIT_MONTHS[0], 1))
    _start, end = month_bounds(datetime.date(*VISIT_MONTHS[-1], 1))
    seeded = Visit.objects.filter(
        source=Visit.Source.FORM, occurred_at__gte=start, occurred_at__lt=end
    ).annotate(bucket=Mod("id", 20))
    seeded.update(created_at=F("occurred_at") + RECORDED_SAME_DAY)
    for buckets, delay in RECORDED_AFTER.items():
        seeded.filter(bucket__in=list(buckets)).update(created_at=F("occurred_at") + delay)


def _review_status(rng, month):
    """Older reports are mostly reviewed; November's mostly await the Kapolsek."""
    pending = 0.5 if month == 11 else 0.05
    roll = rng.random()
    if roll < pending:
        return ReviewStatus.SUBMITTED
    if roll < pending + 0.04:
        return ReviewStatus.RETURNED
    return ReviewStatus.ACCEPTED


def _random_moment(rng):
    year, month = rng.choice(VISIT_MONTHS)
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    return datetime.datetime(year, month, day, rng.randint(7, 21), rng.randrange(60), tzinfo=_tz())


def early_warnings_seed(*, officers):
    """About one early-detection report per ten officers, keyed by officer and time."""
    rng = random.Random("early-warnings")
    chosen = rng.sample(officers, len(officers) // 10)
    existing = set(EarlyWarning.objects.values_list("officer_id", "reported_at"))
    warnings = []
    for posting in chosen:
        reported_at = _random_moment(rng)
        field, summary, recommendation = rng.choice(WARNINGS)
        reliability = rng.choices("ABC", weights=[2, 5, 3])[0]
        if (posting.officer_id, reported_at) in existing:
            continue  # every draw is made before this, so the sequence never shifts
        warnings.append(
            EarlyWarning(
                officer_id=posting.officer_id,
                area_id=posting.area_id,
                reported_at=reported_at,
                field=field,
                reliability=reliability,
                summary=summary.format(area=posting.area_name),
                recommendation=recommendation,
                state=EarlyWarning.State.CLOSED
                if reported_at.month < 11
                else EarlyWarning.State.OPEN,
                status=ReviewStatus.ACCEPTED if reported_at.month < 11 else ReviewStatus.SUBMITTED,
            )
        )
    field_reports_import(reports=warnings)


def problem_cases_seed(*, officers):
    """A couple of dozen mediation cases, keyed by officer, opening date and title."""
    rng = random.Random("problem-cases")
    chosen = rng.sample(officers, 24)
    existing = set(ProblemCase.objects.values_list("officer_id", "opened_on", "title"))
    cases = []
    for posting in chosen:
        opened_on = _random_moment(rng).date()
        title, description = rng.choice(CASES)
        state = rng.choices(
            [ProblemCase.State.RESOLVED, ProblemCase.State.OPEN, ProblemCase.State.REFERRED],
            weights=[6, 3, 1],
        )[0]
        closed_on = None
        outcome = ""
        if state != ProblemCase.State.OPEN:
            closed_on = opened_on + datetime.timedelta(days=rng.randint(1, 14))
            outcome = (
                "Kedua pihak sepakat berdamai dan menandatangani surat pernyataan."
                if state == ProblemCase.State.RESOLVED
                else "Salah satu pihak memilih jalur hukum; diteruskan ke Unit Reskrim."
            )
        parties = f"Sdr. {_person_name(rng)} dan Sdr. {_person_name(rng)}"
        method = rng.choices(
            [
                ProblemCase.Method.MEDIATION,
                ProblemCase.Method.CONSULTATION,
                ProblemCase.Method.NEGOTIATION,
            ],
            weights=[6, 2, 2],
        )[0]
        if (posting.officer_id, opened_on, title) in existing:
            continue  # every draw is made before this, so the sequence never shifts
        cases.append(
            ProblemCase(
                officer_id=posting.officer_id,
                area_id=posting.area_id,
                opened_on=opened_on,
                title=title,
                parties=parties,
                description=f"Perselisihan karena {description} di {posting.area_name}.",
                method=method,
                state=state,
                closed_on=closed_on,
                outcome=outcome,
                status=ReviewStatus.ACCEPTED,
            )
        )
    field_reports_import(reports=cases)


def schedule_seed(*, officers, units):
    """Aug-Nov 2022 planned by the schedule planner; areas without an officer go to a colleague."""
    from bhabin.schedules import schedule_plan_month

    for year, month in VISIT_MONTHS:
        for unit in units.values():
            schedule_plan_month(unit=unit, year=year, month=month)
    year, month = SCHEDULE_MONTH
    last_day = calendar.monthrange(year, month)[1]
    activities = list(Activity.objects.order_by("sort_order").values_list("id", flat=True))
    staffed = set(
        Assignment.objects.filter(role=Assignment.Role.PRIMARY, end_date__isnull=True).values_list(
            "area_id", flat=True
        )
    )
    by_unit = defaultdict(list)
    for posting in officers:
        by_unit[posting.unit_id].append(posting)
    unstaffed = (
        AssistedArea.objects.filter(unit__in=units.values())
        .exclude(id__in=staffed)
        .order_by("code")
        .values_list("id", "unit_id", "code")
    )
    plans = []
    for area_id, unit_id, code in unstaffed:
        rng = random.Random(f"schedule-{code}")
        colleague = rng.choice(by_unit[unit_id])
        day = rng.randint(1, last_day)
        while datetime.date(year, month, day).weekday() not in settings.FIELD_WORK_WEEKDAYS:
            day = rng.randint(1, last_day)
        plans.append(
            VisitSchedule(
                officer_id=colleague.officer_id,
                area_id=area_id,
                planned_on=datetime.date(year, month, day),
                activity_id=activities[0],
                note="Wilayah tanpa Bhabinkamtibmas; dikunjungi Bhabin desa tetangga.",
            )
        )
    VisitSchedule.objects.bulk_create(plans, ignore_conflicts=True)


def _nik(rng, birth_date):
    """A made-up 16-digit NIK in the Kabupaten Bekasi (3216) format."""
    return f"3216{rng.randint(1, 23):02d}{birth_date:%d%m%y}{rng.randint(1, 9999):04d}"


def involvements_seed(*, incidents):
    """A dozen made-up people; four of them in more than one incident of the same unit."""
    rng = random.Random("involvements")
    by_unit = defaultdict(list)
    for incident in sorted(incidents, key=lambda i: i.reference):
        by_unit[incident.unit_id].append(incident)
    busiest = sorted(by_unit, key=lambda unit_id: (-len(by_unit[unit_id]), unit_id))

    people, links = [], []
    for n in range(12):
        birth_date = datetime.date(rng.randint(1985, 2005), rng.randint(1, 12), rng.randint(1, 28))
        person = InvolvedPerson(
            name=_person_name(rng),
            nik=_nik(rng, birth_date),
            birth_date=birth_date,
            notes="Data fiktif untuk demo.",
        )
        people.append(person)
        if n < 4:  # a recidivist: two or three incidents in the same unit
            unit_incidents = by_unit[busiest[n]]
            chosen = rng.sample(unit_incidents, min(len(unit_incidents), rng.randint(2, 3)))
            roles = [Involvement.Role.PERPETRATOR, Involvement.Role.PROVOCATEUR]
        else:
            chosen = [rng.choice(incidents)]
            roles = list(Involvement.Role.values)
        links += [(person.nik, incident.id, rng.choice(roles)) for incident in chosen]
    InvolvedPerson.objects.bulk_create(people, ignore_conflicts=True)
    ids = dict(
        InvolvedPerson.objects.filter(nik__in=[p.nik for p in people]).values_list("nik", "id")
    )
    Involvement.objects.bulk_create(
        [
            Involvement(person_id=ids[nik], incident_id=incident_id, role=role)
            for nik, incident_id, role in links
        ],
        ignore_conflicts=True,
    )

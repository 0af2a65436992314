"""The nine Bhabinkamtibmas duties (Perkap 3/2015) and the seven MOTUL steps, as editable data."""

from django.db import migrations

ACTIVITIES = [
    ("sambang-keluhan", "Mendengarkan keluhan warga tentang kamtibmas dan memberi penjelasan serta penyelesaian"),
    ("silaturahmi", "Menjaga silaturahmi dan persaudaraan"),
    ("penyuluhan", "Membimbing dan menyuluh di bidang hukum dan kamtibmas"),
    ("sosialisasi", "Menyebarkan informasi kebijakan pimpinan Polri tentang harkamtibmas"),
    ("siskamling", "Mendorong pelaksanaan siskamling"),
    ("pelayanan", "Memberikan pelayanan kepolisian kepada warga yang membutuhkan"),
    ("kegiatan-positif", "Menggerakkan kegiatan masyarakat yang bersifat positif"),
    ("koordinasi", "Mengoordinasikan pembinaan kamtibmas dengan perangkat desa dan pihak terkait"),
    ("mediasi", "Konsultasi, mediasi, negosiasi, fasilitasi dan motivasi; pemecahan masalah sosial"),
]

MOTUL_STEPS = [
    (1, "Perencanaan", "Tujuan, sasaran dan data wilayah: penduduk, Kakerda, tokoh, riwayat konflik."),
    (2, "APP (Arahan, Pengecekan, Pemeriksaan)", "Arahan pimpinan dan pengecekan personel serta perlengkapan."),
    (3, "Persiapan", "Materi, alat peraga, undangan dan koordinasi dengan perangkat desa."),
    (4, "Pelaksanaan", "Pelaksanaan kegiatan di lapangan."),
    (5, "Pengawasan dan pengendalian", "Pengawasan oleh Kapolsek atau perwira pengendali."),
    (6, "Analisis dan evaluasi (anev)", "Apa yang berhasil, apa yang belum, dan mengapa."),
    (7, "Pelaporan", "Laporan hasil kegiatan kepada pimpinan."),
]


def load(apps, schema_editor):
    Activity = apps.get_model("bhabin", "Activity")
    MotulStep = apps.get_model("bhabin", "MotulStep")
    for order, (code, name) in enumerate(ACTIVITIES, start=1):
        Activity.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    for number, name, guidance in MOTUL_STEPS:
        MotulStep.objects.update_or_create(number=number, defaults={"name": name, "guidance": guidance})


class Migration(migrations.Migration):
    dependencies = [("bhabin", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Conflict categories as editable data: the study's two main kinds first."""

from django.db import migrations

CATEGORIES = [
    ("antar-kelompok", "Antar kelompok/warga"),
    ("tawuran-pelajar", "Tawuran pelajar"),
    ("antar-ormas", "Antar organisasi kemasyarakatan"),
    ("antar-kampung", "Perkelahian antar kampung"),
    ("sengketa-lahan", "Sengketa lahan"),
    ("lainnya", "Lainnya"),
]


def load(apps, schema_editor):
    ConflictCategory = apps.get_model("conflicts", "ConflictCategory")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        ConflictCategory.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("conflicts", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

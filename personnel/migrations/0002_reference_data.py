"""The course catalogue's first entries: Binmas/Polmas dikbangspes and the Binmas-Intel-IT training."""

from django.db import migrations

COURSES = [
    ("dikbangspes-binmas", "Dikbangspes Binmas/Polmas", "dikbangspes"),
    ("pelatihan-binmas-intel-ti", "Pelatihan fungsi Binmas, Intelijen dan TI", "training"),
]


def load(apps, schema_editor):
    Course = apps.get_model("personnel", "Course")
    for code, name, kind in COURSES:
        Course.objects.update_or_create(code=code, defaults={"name": name, "kind": kind})


class Migration(migrations.Migration):
    dependencies = [("personnel", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

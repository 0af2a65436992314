"""Facility types of the study's Table 3 and the Rp100,000 monthly allowance it reports."""

import datetime

from django.db import migrations

FACILITY_TYPES = [
    ("ranmor-r2", "Ranmor (R-2)", True),
    ("ht", "Handy Talky (HT)", True),
    ("megaphone", "Megaphone", False),
    ("tas", "Tas Bhabinkamtibmas", True),
    ("rompi", "Rompi", True),
    ("jas-hujan", "Jas Hujan", True),
    ("senter", "Senter", True),
]


def load(apps, schema_editor):
    FacilityType = apps.get_model("budget", "FacilityType")
    AllowanceRate = apps.get_model("budget", "AllowanceRate")
    for order, (code, name, one_per_officer) in enumerate(FACILITY_TYPES, start=1):
        FacilityType.objects.update_or_create(
            code=code, defaults={"name": name, "one_per_officer": one_per_officer, "sort_order": order}
        )
    AllowanceRate.objects.get_or_create(
        valid_from=datetime.date(2021, 1, 1), defaults={"monthly_amount": 100_000}
    )


class Migration(migrations.Migration):
    dependencies = [("budget", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

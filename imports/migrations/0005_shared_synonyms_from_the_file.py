"""The value words imports/synonyms.json shipped with (activities, facility types, conflict
categories) become shared synonyms, editable in the admin from now on."""

import json
import re
from pathlib import Path

from django.db import migrations

SECTIONS = {
    "visits": ("_activities", "activity"),
    "facilities": ("_types", "facility_type"),
    "incidents": ("_categories", "incident_category"),
}
PREFIXES = {"giat", "kegiatan", "keg", "polsek", "desa", "ds", "kel", "kelurahan", "kec", "kecamatan"}


def synonym_key(text):
    # imports.vocabulary.key as it was when this migration was written.
    words = re.findall(r"[a-z0-9]+", re.sub(r"\s+", " ", str(text)).strip().lower())
    while len(words) > 1 and words[0] in PREFIXES:
        words = words[1:]
    return "".join(words)


def load(apps, schema_editor):
    Synonym = apps.get_model("imports", "Synonym")
    path = Path(__file__).resolve().parents[1] / "synonyms.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    rows, seen = [], set()
    for kind, (section, column) in SECTIONS.items():
        for target, texts in data.get(kind, {}).get(section, {}).items():
            for text in texts:
                key = synonym_key(text)
                if key and (column, key) not in seen:
                    seen.add((column, key))
                    rows.append(Synonym(unit=None, column=column, text=text, key=key, target=target))
    Synonym.objects.bulk_create(rows)


def unload(apps, schema_editor):
    apps.get_model("imports", "Synonym").objects.filter(unit__isnull=True, created_by=None).delete()


class Migration(migrations.Migration):
    dependencies = [("imports", "0004_synonyms")]
    operations = [migrations.RunPython(load, unload)]

"""Every Polres sample sheet goes through the browser flow: upload, preview, confirm; then again.

The order is the one a Polres would follow on an empty Sigap: units, their areas, the roster,
then the recaps and the incident list. The second pass shows that re-importing changes nothing.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from bhabin.models import AssistedArea
from budget.models import BudgetLine, Facility
from conflicts.models import Incident, YearlyConflictCount
from imports.models import ImportBatch
from org.models import PoliceUnit
from personnel.models import CompetencyRecap, Officer, User
from tests.factories import PoliceUnitFactory, UserFactory

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SHEETS = [
    ("units", "samples/01_data_bhabinkamtibmas.xlsx", {}),
    ("areas", "demo/wilayah_binaan.csv", {}),
    ("roster", "samples/06_data_personil_bhabinkamtibmas.xlsx", {"as_of": "2022-01-01"}),
    ("competency", "samples/02_data_kompetensi_bhabinkamtibmas.xlsx", {}),
    ("facilities", "samples/03_data_sarpras_bhabinkamtibmas.xlsx", {}),
    ("dipa", "samples/04_dipa_satbinmas_2021.xlsx", {}),
    ("conflicts_per_year", "samples/05_data_konflik_sosial_2018_2022.xlsx", {}),
    ("incidents", "samples/07_rekap_konflik_sosial_2022.xlsx", {}),
]


@pytest.fixture
def operator(db):
    call_command("load_wilayah", verbosity=0)
    polda = PoliceUnitFactory(code="PMJ", name="Polda Metro Jaya", level="polda", parent=None)
    polres = PoliceUnitFactory(
        code="PMJ-BKS", name="Polres Metro Bekasi", level="polres", parent=polda
    )
    return UserFactory(username="operator_pmj", role=User.Role.OPERATOR, unit=polres)


def upload_and_confirm(client, kind, path, options, capture):
    data = (FIXTURES / path).read_bytes()
    form = {"kind": kind, "file": SimpleUploadedFile(Path(path).name, data), **options}
    preview = client.post(reverse("imports:list"), form, follow=True)
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == ImportBatch.Status.PREVIEWED, (path, batch.message, batch.report)
    assert preview.status_code == 200
    with capture(execute=True):
        client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED, (path, batch.message)
    assert batch.stored_file == ""
    return batch


def test_every_sample_imports_through_the_browser_and_a_second_pass_changes_nothing(
    client, operator, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    first = [
        upload_and_confirm(client, kind, path, options, django_capture_on_commit_callbacks)
        for kind, path, options in SHEETS
    ]
    assert all(batch.rows_new + batch.rows_updated > 0 for batch in first)
    counts = {
        "units": PoliceUnit.objects.count(),
        "areas": AssistedArea.objects.count(),
        "officers": Officer.objects.count(),
        "recaps": CompetencyRecap.objects.count(),
        "stock": Facility.objects.count(),
        "dipa": BudgetLine.objects.count(),
        "years": YearlyConflictCount.objects.count(),
        "incidents": Incident.objects.count(),
    }
    assert counts == {
        "units": 17,  # the Polda, the Polres and 15 Polsek
        "areas": 366,
        "officers": 364,
        "recaps": 16,
        "stock": 7,
        "dipa": 4,
        "years": 5,
        "incidents": 23,
    }

    second = [
        upload_and_confirm(client, kind, path, options, django_capture_on_commit_callbacks)
        for kind, path, options in SHEETS
    ]
    assert [(b.rows_new, b.rows_updated) for b in second] == [(0, 0)] * len(SHEETS)
    assert all(b.rows_unchanged > 0 for b in second)

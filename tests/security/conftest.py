"""The world of the access matrix: Polda -> Polres P (Polsek A, Polsek B) and Polres Q (Polsek C).

Each Polsek has one row of every unit-scoped model (tests/models/conftest.py `unit_rows`), plus an
import batch, a calendar feed with a known token, and a finished background job of its officer's
(with a result to download). A user of each role sits in Polsek A, except
the Kasat Binmas and leadership, who sit at Polres P. "Own" objects are Polsek A's (the officer's
own field work); "other" objects are Polsek B's for a Polsek user and Polsek C's for a Polres
user, so that the other unit is outside the user's subtree in both cases.
"""

import hashlib
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile

from imports.models import ImportBatch
from jobs import storage as job_storage
from jobs.models import Job
from org.models import PoliceUnit
from personnel.models import User
from tests.factories import (
    AssignmentFactory,
    AssistedAreaFactory,
    OfficerFactory,
    PoliceUnitFactory,
    UserFactory,
)
from tests.models.conftest import unit_rows

# The smallest valid JPEG is not needed: the photo view streams whatever file it holds.
PHOTO_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64 + b"\xff\xd9"


@dataclass
class UnitWorld:
    unit: PoliceUnit
    rows: dict
    batch: ImportBatch
    feed_token: str
    job: Job


def build_unit_world(unit, suffix):
    area = AssistedAreaFactory(unit=unit, name=f"Desa {suffix}1")
    officer = OfficerFactory(unit=unit, name=f"Bhabin {suffix}")
    AssignmentFactory(officer=officer, area=area)
    user = UserFactory(
        username=f"bhabin_{suffix.lower()}", role=User.Role.OFFICER, unit=unit, officer=officer
    )
    rows = unit_rows(user, area, suffix)
    rows["Visit"].photo.save(f"matrix-{suffix}.jpg", ContentFile(PHOTO_BYTES))
    batch = ImportBatch.objects.create(
        kind="competency",
        file_name=f"kompetensi-{suffix}.xlsx",
        sha256="0" * 64,
        size=1,
        unit=unit,
        created_by=user,
        status=ImportBatch.Status.PREVIEWED,
    )
    token = f"matrix-feed-token-{suffix}"
    feed = rows["CalendarFeed"]  # one active feed per officer: give it a token we know
    feed.token_hash = hashlib.sha256(token.encode()).hexdigest()
    feed.save()
    job = Job.objects.create(
        kind="test",
        title=f"Laporan {suffix}",
        created_by=user,
        task_path="imports.tasks.import_confirm",
        status=Job.Status.SUCCEEDED,
        progress=100,
        result_file=job_storage.store(b"%PDF-1.4 matrix"),
        result_name=f"laporan-{suffix}.pdf",
    )
    world = UnitWorld(unit=unit, rows=rows, batch=batch, feed_token=token, job=job)
    return world, user


@pytest.fixture
def matrix_world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JOBS_STORAGE_DIR = tmp_path / "jobs"
    polsek_a = PoliceUnitFactory(code="POLSEK-A", name="Polsek A")
    polsek_b = PoliceUnitFactory(code="POLSEK-B", name="Polsek B")
    polres_p = polsek_a.parent
    polres_q = PoliceUnitFactory(
        code="POLRES-Q", name="Polres Q", level=PoliceUnit.Level.POLRES, parent=polres_p.parent
    )
    polsek_c = PoliceUnitFactory(code="POLSEK-C", name="Polsek C", parent=polres_q)
    world_a, officer_a = build_unit_world(polsek_a, "A")
    world_b, _ = build_unit_world(polsek_b, "B")
    world_c, _ = build_unit_world(polsek_c, "C")
    users = {
        "officer": officer_a,
        "kapolsek": UserFactory(username="m_kapolsek", role=User.Role.KAPOLSEK, unit=polsek_a),
        "operator": UserFactory(username="m_operator", role=User.Role.OPERATOR, unit=polsek_a),
        "admin": UserFactory(username="m_admin", role=User.Role.ADMIN, unit=polsek_a),
        "kasat_binmas": UserFactory(username="m_kasat", role=User.Role.KASAT_BINMAS, unit=polres_p),
        "leadership": UserFactory(username="m_pimpinan", role=User.Role.LEADERSHIP, unit=polres_p),
    }
    other_of = {role: world_c if user.unit == polres_p else world_b for role, user in users.items()}
    return {"own": world_a, "other_of": other_of, "users": users}

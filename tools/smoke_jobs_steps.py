"""The steps of tools/smoke_jobs.sh, run in `manage.py shell` (run_name picks the step)."""

import os
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bhabin.models import Visit
from imports.models import ImportBatch
from jobs.models import Job
from personnel.models import User
from tests.factories import AssistedAreaFactory, OfficerFactory, PoliceUnitFactory, UserFactory
from tests.jobs.files import reference_data, visit_log

STEP = __name__


def client():
    browser = Client()
    browser.force_login(User.objects.get(username="smoke_operator"))
    return browser


def job_of(response):
    assert response.status_code == 302, response.status_code
    match = re.fullmatch(r"/tugas/([0-9a-f-]{36})/", response.url)
    assert match, f"expected a job page, got {response.url}"
    job = Job.objects.get(pk=match.group(1))
    print(f"smoke: {job.title}: {job.get_status_display()}")
    return job


if STEP == "upload":
    reference_data()
    unit = PoliceUnitFactory(code="SMOKE", name="Polsek Smoke")
    AssistedAreaFactory(unit=unit, name="Desa A1")
    OfficerFactory(unit=unit, nrp="80000001", name="Dodi")
    UserFactory(username="smoke_operator", role=User.Role.OPERATOR, unit=unit)
    data = visit_log(int(os.environ["SMOKE_ROWS"]))
    upload = SimpleUploadedFile("kunjungan.csv", data)
    job = job_of(client().post("/impor/", {"kind": "visits", "file": upload}))
    assert job.status == Job.Status.QUEUED

elif STEP == "confirm":
    preview = Job.objects.get(kind="import-preview")
    batch = ImportBatch.objects.get()
    print(f"smoke: {preview.title}: {preview.get_status_display()}, batch {batch.status}")
    assert (preview.status, batch.status) == (Job.Status.SUCCEEDED, "previewed"), preview.error
    assert Visit.objects.count() == 0
    job_of(client().post(f"/impor/{batch.pk}/konfirmasi/"))

elif STEP == "check":
    confirm = Job.objects.get(kind="import-confirm")
    rows = int(os.environ["SMOKE_ROWS"])
    visits = Visit.objects.count()
    print(f"smoke: {confirm.title}: {confirm.get_status_display()}; {visits} visits stored")
    assert confirm.status == Job.Status.SUCCEEDED, confirm.error
    assert (ImportBatch.objects.get().status, visits) == ("imported", rows)
    page = client().get(confirm.get_absolute_url())
    assert page.status_code == 200 and confirm.result_note.encode() in page.content

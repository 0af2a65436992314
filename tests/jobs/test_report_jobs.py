"""The optimisation PDF, a monthly report and the month-close as background jobs (run at once,
by the immediate backend): the file they make, their owner's rights asked again in the job, and
another unit refused before anything is queued."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from jobs.models import Job
from monthly import tasks as monthly_tasks
from tests.optimisation.conftest import AS_OF, incident, posted, visit


@pytest.fixture
def world(polsek_a, polsek_b, area_a1, area_b1):
    officer = posted(area_a1)
    visit(officer, area_a1, AS_OF - datetime.timedelta(days=5))
    incident(area_a1, AS_OF - datetime.timedelta(days=20))
    posted(area_b1)
    return polsek_a, polsek_b


def downloaded(client, job):
    response = client.get(reverse("jobs:download", kwargs={"pk": job.pk}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_optimisation_pdf_is_made_in_a_job_with_the_pages_question(
    immediate, client, world, kapolsek_a
):
    client.force_login(kapolsek_a)
    url = reverse("optimisation:job", args=[world[0].code])

    response = client.post(url, {"query": f"tanggal={AS_OF.isoformat()}&motor=1"})
    job = Job.objects.get()

    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.status, job.arguments["query"]) == ("succeeded", f"tanggal={AS_OF}&motor=1")
    assert job.result_name == f"optimasi-{world[0].code}-{AS_OF:%Y%m%d}.pdf"
    assert downloaded(client, job).startswith(b"%PDF")


def test_another_polsek_cannot_be_optimised_in_a_job(immediate, client, world, kapolsek_b):
    client.force_login(kapolsek_b)

    response = client.post(reverse("optimisation:job", args=[world[0].code]), {"query": ""})

    assert response.status_code == 404
    assert not Job.objects.exists()


def test_the_month_close_puts_every_units_report_in_one_archive(
    immediate, client, world, polres, kasat
):
    client.force_login(kasat)

    response = client.post(
        reverse("monthly:job"),
        {"tugas-unit": polres.pk, "tugas-period": "2022-11", "tugas-every_unit": "on"},
    )
    job = Job.objects.get()
    archive = zipfile.ZipFile(io.BytesIO(downloaded(client, job)))

    assert response.status_code == 302
    assert (job.kind, job.status, job.result_name) == (
        "month-close",
        "succeeded",
        f"tutup-bulan-{polres.code.lower()}-2022-11.zip",
    )
    expected = sorted(f"laporan-{unit.code.lower()}-2022-11.pdf" for unit in (polres, *world))
    assert sorted(archive.namelist()) == expected
    assert all(archive.read(name).startswith(b"%PDF") for name in expected)


def test_a_unit_outside_ones_own_is_refused_before_any_job(immediate, client, world, kapolsek_a):
    client.force_login(kapolsek_a)

    response = client.post(
        reverse("monthly:job"), {"tugas-unit": world[1].pk, "tugas-period": "2022-11"}
    )

    assert response.status_code == 400
    assert not Job.objects.exists()


def test_a_job_asks_again_whether_its_owner_may_read_the_unit(immediate, world, kapolsek_a):
    job = Job.objects.create(
        kind="monthly-report",
        title="Laporan",
        created_by=kapolsek_a,
        task_path="monthly.tasks.monthly_pdf",
    )
    kapolsek_a.unit = world[1]  # posted to Polsek B after queueing Polsek A's report
    kapolsek_a.save()

    monthly_tasks.monthly_pdf.call(job_id=str(job.pk), code=world[0].code, period="2022-11")
    job.refresh_from_db()

    assert (job.status, job.error) == ("failed", monthly_tasks.NOT_ALLOWED)
    assert not job.result_file

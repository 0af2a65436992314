"""A job's page: state, progress, the result for its owner only, the error in plain Indonesian,
and a retry. The tasks run at once (the immediate backend); tests/jobs/test_queue.py runs the
real queue."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs import progress as live
from jobs.models import Job
from jobs.services import UNEXPECTED, job_start
from tests.jobs import sample_tasks


def start(user, task, **arguments):
    return job_start(task=task, kind="test", title="Laporan uji", user=user, arguments=arguments)


def test_a_finished_job_offers_its_file_to_the_person_who_started_it(immediate, alice, login):
    job = start(alice, sample_tasks.make_report, text="isi laporan")
    client = login(alice)

    page = client.get(reverse("jobs:detail", kwargs={"pk": job.pk}))
    download = client.get(reverse("jobs:download", kwargs={"pk": job.pk}))

    assert (job.status, job.progress, job.attempts) == (Job.Status.SUCCEEDED, 100, 1)
    assert page.status_code == 200
    assert b"Laporan siap." in page.content
    assert b'http-equiv="refresh"' not in page.content  # nothing left to wait for
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"isi laporan"
    assert 'filename="laporan.txt"' in download["Content-Disposition"]


@pytest.mark.parametrize("view", ["detail", "status", "download"])
def test_nobody_else_sees_a_job_whatever_their_rank(immediate, alice, kasat, login, view):
    job = start(alice, sample_tasks.make_report, text="rahasia")
    kasat.is_superuser = True  # not even a superuser: a job is its owner's alone
    kasat.save()

    response = login(kasat).get(reverse(f"jobs:{view}", kwargs={"pk": job.pk}))

    assert response.status_code == 404


def test_the_list_shows_only_ones_own_jobs(immediate, alice, bob, login):
    start(alice, sample_tasks.make_report, text="a")
    start(bob, sample_tasks.make_report, text="b")
    own = Job.objects.get(created_by=alice)

    response = login(alice).get(reverse("jobs:list"))

    assert response.status_code == 200
    assert [job.pk for job in response.context["page"].object_list] == [own.pk]


def test_a_failure_is_shown_in_its_own_words_and_the_job_can_be_started_again(
    immediate, alice, login
):
    message = "Berkas unggahan tidak ditemukan lagi; unggah ulang."
    job = start(alice, sample_tasks.fail_first_time, message=message)
    client = login(alice)
    page = client.get(reverse("jobs:detail", kwargs={"pk": job.pk}))

    retried = client.post(reverse("jobs:retry", kwargs={"pk": job.pk}))
    job.refresh_from_db()

    assert page.status_code == 200
    assert message in page.content.decode()
    assert page.context["may_retry"] is True
    assert retried.status_code == 302
    assert (job.status, job.attempts, job.error) == (Job.Status.SUCCEEDED, 2, "")
    assert job.result_note == "Berhasil pada percobaan kedua."


def test_an_unexpected_error_says_so_plainly_without_the_traceback(immediate, alice, login):
    job = start(alice, sample_tasks.break_down)

    page = login(alice).get(reverse("jobs:detail", kwargs={"pk": job.pk}))

    assert job.status == Job.Status.FAILED
    assert job.error == UNEXPECTED
    assert "ZeroDivisionError" not in page.content.decode()
    assert "a bug&#x27;s own words" not in page.content.decode()


def test_a_succeeded_job_is_not_started_again(immediate, alice, login):
    job = start(alice, sample_tasks.make_report, text="sekali")

    response = login(alice).post(reverse("jobs:retry", kwargs={"pk": job.pk}))
    job.refresh_from_db()

    assert response.status_code == 302
    assert job.attempts == 1


def running_job(user, *, minutes_ago):
    started = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    job = Job.objects.create(
        kind="test",
        title="Impor besar",
        created_by=user,
        task_path="tests.jobs.sample_tasks.make_report",
        arguments={"text": "lagi"},
        status=Job.Status.RUNNING,
        started_at=started,
        attempts=1,
    )
    return job


def test_a_running_job_polls_with_and_without_javascript_and_shows_live_progress(alice, login):
    job = running_job(alice, minutes_ago=0)
    progress = live.Progress(job.pk)
    progress.stage("Menulis 20.000 baris dalam satu transaksi", 50, 100)
    progress.step(1, 2)  # written within WRITE_EVERY of the stage: kept back, not shown
    client = login(alice)

    page = client.get(reverse("jobs:detail", kwargs={"pk": job.pk}))
    state = client.get(reverse("jobs:status", kwargs={"pk": job.pk})).json()

    html = page.content.decode()
    assert page.status_code == 200
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert "js/job-progress.js" in html
    assert '<progress max="100" value="50"' in html
    assert state == {
        "status": "running",
        "status_label": "Running",
        "percent": 50,
        "note": "Menulis 20.000 baris dalam satu transaksi",
        "stale": False,
        "finished": False,
    }
    assert page.context["may_retry"] is False


def test_a_job_whose_worker_went_quiet_is_shown_stopped_and_may_be_started_again(
    immediate, alice, login, settings
):
    settings.JOBS_STALE_SECONDS = 60
    job = running_job(alice, minutes_ago=5)  # no heartbeat since it started
    client = login(alice)

    page = client.get(reverse("jobs:detail", kwargs={"pk": job.pk}))
    client.post(reverse("jobs:retry", kwargs={"pk": job.pk}))
    job.refresh_from_db()

    assert page.status_code == 200
    assert page.context["state"]["stale"] is True
    assert b'http-equiv="refresh"' not in page.content
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 2)


def test_an_anonymous_visitor_is_sent_to_the_login_page(immediate, alice, client):
    job = start(alice, sample_tasks.make_report, text="x")

    response = client.get(reverse("jobs:status", kwargs={"pk": job.pk}))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

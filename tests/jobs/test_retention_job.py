"""The retention purges as one job an administrator owns, queued from the command line."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jobs import storage
from jobs.models import Job
from personnel.models import User
from tests.factories import UserFactory


def finished_job(owner, *, days_ago):
    job = Job.objects.create(
        kind="test",
        title="Lama",
        created_by=owner,
        task_path="tests.jobs.sample_tasks.make_report",
        status=Job.Status.SUCCEEDED,
        progress=100,
        result_file=storage.store(b"isi"),
        result_name="lama.txt",
    )
    Job.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return job


def test_the_purge_job_deletes_old_finished_jobs_with_their_files_and_reports_it(
    immediate, polsek_a, settings
):
    settings.JOBS_KEEP_DAYS = 30
    admin = UserFactory(username="admin_a", role=User.Role.ADMIN, unit=polsek_a)
    old, recent = finished_job(admin, days_ago=31), finished_job(admin, days_ago=29)

    call_command("enqueue_retention_purge", user="admin_a", stdout=None)
    purge = Job.objects.get(kind="retention-purge")

    assert purge.status == Job.Status.SUCCEEDED, purge.error
    assert purge.created_by == admin
    assert "1 tugas lama dihapus" in purge.result_note
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, purge.pk}
    assert not storage.private_storage().exists(old.result_file)
    assert storage.private_storage().exists(recent.result_file)


def test_only_an_administrator_may_own_the_purge(immediate, alice):
    with pytest.raises(CommandError, match="may use the admin"):
        call_command("enqueue_retention_purge", user=alice.username)

    assert not Job.objects.exists()

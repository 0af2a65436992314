"""Tasks the job tests run: one that succeeds with a file, one that fails as told, one that
breaks. Module-level, as the queue finds a task by its dotted path."""

from django_tasks import task

from jobs.services import JobFailed, JobResult, job_body


@task()
@job_body
def make_report(job, progress, *, text):
    progress.stage("Menyusun laporan", 0, 100)
    progress.step(1, 2)
    return JobResult(data=text.encode(), name="laporan.txt", note="Laporan siap.")


@task()
@job_body
def fail_first_time(job, progress, *, message):
    """Fails with `message` on the first attempt, succeeds on the next."""
    if job.attempts == 1:
        raise JobFailed(message)
    return JobResult(note="Berhasil pada percobaan kedua.")


@task()
@job_body
def break_down(job, progress):
    raise ZeroDivisionError("a bug's own words, never shown to the person")

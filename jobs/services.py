"""Starting, running, finishing and retrying jobs: the only writers of jobs.Job.

A feature defines its job as a task whose body takes the Job and a jobs.progress.Progress:

    @task()
    @job_body
    def optimise_polda(job, progress, *, unit_id): ...  # returns a JobResult

and starts it with `job_start(task=optimise_polda, ...)`. The body raises JobFailed with a
message in plain Indonesian for a failure the person can act on; anything else is logged with
its traceback and shown as an unexpected error. Either way the job can be started again
(`job_retry`); a body must therefore be safe to run twice (an import checks its batch is still
waiting, under a row lock, before it writes).
"""

import datetime
import functools
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from jobs import progress as live
from jobs import storage
from jobs.models import Job

logger = logging.getLogger(__name__)
Status = Job.Status

UNEXPECTED = (
    "Terjadi kesalahan tak terduga; tidak ada yang tertulis setengah jalan. Coba jalankan "
    "ulang; bila gagal lagi, hubungi administrator (rinciannya ada di log pekerja)."
)
NOT_QUEUED = (
    "Tugas tidak dapat dimasukkan ke antrean (antrean tidak terhubung). Coba lagi sebentar "
    "lagi, atau hubungi administrator."
)


class JobFailed(Exception):
    """A failure the person can act on; its message (plain Indonesian) is shown on the page."""


@dataclass
class JobResult:
    """What a finished job hands back: a file to download, a page to open, a sentence."""

    data: bytes | None = None
    name: str = ""
    url: str = ""
    note: str = ""


def job_start(*, task, kind, title, user, arguments):
    """Record a job for `user` and put its task in the queue; returns the Job.

    With the immediate backend (tests) the task has run when this returns.
    """
    if not isinstance(task, Task):
        raise TypeError(f"{task!r} is not a task")
    job = Job.objects.create(
        kind=kind,
        title=title[:200],
        created_by=user,
        task_path=task.module_path,
        arguments=arguments,
    )
    _enqueue(job, task)
    job.refresh_from_db()
    return job


def job_retry(*, job):
    """Start a failed (or stopped) job again under the same id; returns the Job."""
    if not may_retry(job):
        return job
    task = import_string(job.task_path)
    if not isinstance(task, Task):
        raise TypeError(f"{job.task_path} is not a task")
    if job.result_file:
        transaction.on_commit(functools.partial(storage.delete, job.result_file))
    Job.objects.filter(pk=job.pk).update(
        status=Status.QUEUED,
        progress=0,
        progress_note="",
        error="",
        result_file="",
        result_name="",
        result_url="",
        result_note="",
        started_at=None,
        finished_at=None,
    )
    live.clear(job.pk)
    _enqueue(job, task)
    job.refresh_from_db()
    return job


def _enqueue(job, task):
    try:
        result = task.enqueue(job_id=str(job.pk), **job.arguments)
    except Exception:
        logger.exception("Job %s could not be queued", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=Status.FAILED, error=NOT_QUEUED, finished_at=timezone.now()
        )
        return
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])


def job_body(func):
    """Turn `func(job, progress, **arguments) -> JobResult` into a task function of `job_id`."""

    @functools.wraps(func)
    def run(job_id, **arguments):
        job = Job.objects.filter(pk=job_id).first()
        if job is None or job.status == Status.SUCCEEDED:
            return None  # deleted meanwhile, or a second delivery of a finished job
        now = timezone.now()
        Job.objects.filter(pk=job.pk).update(
            status=Status.RUNNING, started_at=now, attempts=job.attempts + 1, error=""
        )
        job.refresh_from_db()
        progress = live.Progress(job.pk, on_stage=functools.partial(_stage_reached, job.pk))
        try:
            result = func(job, progress, **arguments) or JobResult()
        except JobFailed as exc:
            _finish(job, Status.FAILED, error=str(exc) or UNEXPECTED)
            return None
        except Exception:
            _finish(job, Status.FAILED, error=UNEXPECTED)
            raise  # the backend records the traceback, and the worker logs it
        _finish(job, Status.SUCCEEDED, result=result)
        return None

    return run


def _stage_reached(job_id, percent, note):
    """Keep a stage in the job's row too, unless the body is inside a transaction (an import's
    write): a row written there would stay locked, and unseen, until it commits."""
    if not connection.in_atomic_block:
        Job.objects.filter(pk=job_id).update(progress=percent, progress_note=note[:200])


def _finish(job, status, *, error="", result=None):
    fields = {"status": status, "finished_at": timezone.now(), "error": error}
    if status == Status.SUCCEEDED:
        result = result or JobResult()
        token = storage.store(result.data) if result.data is not None else ""
        fields |= {
            "progress": 100,
            "progress_note": "",
            "result_file": token,
            "result_name": result.name[:255],
            "result_url": result.url[:255],
            "result_note": result.note,
        }
    Job.objects.filter(pk=job.pk).update(**fields)
    live.clear(job.pk)


def live_state(job):
    """(percent, note, stale) of a job as its page shows it: the live figure while it runs."""
    percent, note, stale = job.progress, job.progress_note, False
    if job.status == Status.RUNNING:
        seen = live.read(job.pk)
        beat_at = job.started_at
        if seen:
            percent, note = max(percent, seen["percent"]), seen["note"]
            beat_at = datetime.datetime.fromtimestamp(seen["at"], tz=datetime.UTC)
        quiet = timezone.now() - (beat_at or job.created_at)
        stale = quiet.total_seconds() > settings.JOBS_STALE_SECONDS
    return percent, note, stale


def may_retry(job):
    """A failed job may be started again, and so may one whose worker stopped giving news."""
    if job.status == Status.FAILED:
        return True
    return job.status == Status.RUNNING and live_state(job)[2]

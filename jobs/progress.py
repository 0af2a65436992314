"""Live progress of a running job, kept in the "jobs" cache rather than in the database.

A job that writes an import holds one transaction for the whole write, and the page that polls
must see progress during it: a row updated inside that transaction would stay invisible until
the end (and on SQLite a second writer would wait for it). So the worker writes its progress,
with the time, to the cache (a file cache on one machine, Redis where the jobs run on several:
JOBS_CACHE_URL), at most a few times a second; the database row gets it at each stage and at the
end. The time doubles as the worker's heartbeat: a running job whose heartbeat stops is shown as
stopped, and may be started again.
"""

import time

from django.core.cache import caches

# Written at most this often (seconds), except at a stage's start and end.
WRITE_EVERY = 0.25


def _cache():
    return caches["jobs"]


def _key(job_id):
    return f"job-progress:{job_id}"


def read(job_id):
    """{"percent", "note", "at"} last written for the job, or None."""
    return _cache().get(_key(job_id))


def clear(job_id):
    _cache().delete(_key(job_id))


class Progress:
    """What a job body reports through: stages (each a share of the bar) and steps within one."""

    def __init__(self, job_id, on_stage=None):
        self.job_id = job_id
        self.on_stage = on_stage
        self.low, self.high = 0, 100
        self.note = ""
        self.percent = 0
        self._written_at = 0.0

    def stage(self, note, low, high):
        """Start a stage that fills the bar from `low` to `high` percent."""
        self.note, self.low, self.high = str(note), low, high
        self._write(low, force=True)
        if self.on_stage is not None:
            self.on_stage(self.percent, self.note)

    def step(self, done, total):
        """`done` of `total` units of the current stage are done."""
        share = min(1.0, done / total) if total else 1.0
        self._write(self.low + (self.high - self.low) * share)

    def beat(self):
        """Still alive, no further on (a long statement, a solver)."""
        self._write(self.percent)

    def _write(self, percent, force=False):
        percent = max(self.percent, min(100, int(percent)))
        now = time.time()
        if not force and percent == self.percent and now - self._written_at < WRITE_EVERY * 8:
            return
        if not force and now - self._written_at < WRITE_EVERY:
            return
        self.percent = percent
        self._written_at = now
        _cache().set(
            _key(self.job_id), {"percent": percent, "note": self.note, "at": now}, timeout=86400
        )

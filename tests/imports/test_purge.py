"""manage.py purge_imports: previews never confirmed are cancelled and their files deleted."""

import datetime
import hashlib
import os

from django.core.management import call_command
from django.utils import timezone

from imports import storage
from imports.models import ImportBatch

Status = ImportBatch.Status


def batch_with_file(unit, *, status=Status.PREVIEWED, hours_old=0):
    data = b"sigap"
    batch = ImportBatch.objects.create(
        kind="units",
        file_name="rekap.xlsx",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        unit=unit,
        status=status,
        stored_file=storage.store(data),
    )
    age(batch.stored_file, hours_old)
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=hours_old)
    )
    return batch


def age(token, hours):
    moment = (timezone.now() - datetime.timedelta(hours=hours)).timestamp()
    os.utime(storage.private_storage().path(token), (moment, moment))


def purge(capsys, django_capture_on_commit_callbacks, *args):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_imports", *args)
    return capsys.readouterr().out


def test_it_cancels_previews_older_than_a_day_and_deletes_their_files(
    polsek_a, capsys, django_capture_on_commit_callbacks
):
    stale = batch_with_file(polsek_a, hours_old=25)
    fresh = batch_with_file(polsek_a, hours_old=1)

    out = purge(capsys, django_capture_on_commit_callbacks)

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert "1 pratinjau dibatalkan" in out
    assert stale.status == Status.CANCELLED
    assert stale.stored_file == ""
    assert "Kedaluwarsa" in stale.message
    assert fresh.status == Status.PREVIEWED
    assert storage.stored_names() == [fresh.stored_file]


def test_it_deletes_old_files_that_no_batch_waits_for_and_keeps_new_ones(
    polsek_a, capsys, django_capture_on_commit_callbacks
):
    orphan_old = storage.store(b"lost")
    age(orphan_old, 30)
    orphan_new = storage.store(b"being saved now")
    waiting = batch_with_file(polsek_a, hours_old=2)

    out = purge(capsys, django_capture_on_commit_callbacks)

    assert "1 berkas tanpa batch dihapus" in out
    assert set(storage.stored_names()) == {orphan_new, waiting.stored_file}


def test_the_age_is_configurable_and_other_batches_are_left_alone(
    polsek_a, capsys, django_capture_on_commit_callbacks
):
    previewed = batch_with_file(polsek_a, hours_old=3)
    imported = ImportBatch.objects.create(
        kind="units",
        file_name="x.xlsx",
        sha256="0" * 64,
        size=1,
        unit=polsek_a,
        status=Status.IMPORTED,
    )
    ImportBatch.objects.filter(pk=imported.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )

    purge(capsys, django_capture_on_commit_callbacks, "--older-than-hours", "2")

    previewed.refresh_from_db()
    imported.refresh_from_db()
    assert previewed.status == Status.CANCELLED
    assert imported.status == Status.IMPORTED
    assert storage.stored_names() == []


def test_it_runs_without_a_storage_folder(db, capsys, django_capture_on_commit_callbacks):
    assert "0 pratinjau dibatalkan, 0 berkas" in purge(capsys, django_capture_on_commit_callbacks)

"""A large import in a real browser: a 20,000-row visit log is checked and then written by the
background worker (the database queue's own worker, in a thread of the test), while the job's
page shows the progress bar moving to 100 % and then the result."""

import threading
import time

import pytest
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker

from bhabin.models import Visit
from imports.models import ImportBatch
from jobs.models import Job
from tests.browser.conftest import log_in, screenshot
from tests.factories import OfficerFactory
from tests.jobs.files import reference_data, visit_log

ROWS = 20_000


@pytest.fixture
def queue(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_STORAGE_DIR = tmp_path / "imports"
    settings.JOBS_STORAGE_DIR = tmp_path / "jobs"


class WorkerThread(threading.Thread):
    """`manage.py db_worker --batch` in a thread: runs what is queued, then ends."""

    def run(self):
        try:
            Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="browser-test",
                excluded_queue_names=[],
            ).run()
        finally:
            connections.close_all()


def watch(page, timeout=120):
    """Run the worker while the page polls; the percentages the bar showed, in order."""
    worker = WorkerThread(daemon=True)
    worker.start()
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = page.locator("[data-job-percent]").text_content() or ""
        percent = int(text.strip().rstrip("%").strip() or 0)
        if not seen or seen[-1] != percent:
            seen.append(percent)
        if page.locator(".actions a, .error").count():
            break  # the page reloaded on a finished job: its result or its error
        page.wait_for_timeout(150)
    worker.join(timeout=30)
    return seen


def test_a_20000_row_visit_log_is_imported_in_the_background_with_its_progress_shown(
    desktop, live_server, queue, polsek_a, area_a1, operator_a
):
    reference_data()
    OfficerFactory(unit=polsek_a, nrp="80000001", name="Dodi")
    log_in(desktop, live_server, "operator_a")
    desktop.goto(f"{live_server.url}/impor/")
    desktop.select_option("select[name=kind]", "visits")
    desktop.set_input_files(
        "input[name=file]",
        files=[{"name": "kunjungan.csv", "mimeType": "text/csv", "buffer": visit_log(ROWS)}],
    )
    desktop.click("form[enctype] button[type=submit]")
    desktop.wait_for_url("**/tugas/*/")

    checked = watch(desktop)
    preview = Job.objects.get(kind="import-preview")
    assert preview.status == Job.Status.SUCCEEDED, preview.error
    assert checked[-1] == 100

    desktop.click(".actions a")  # "Open the result": the batch waiting for confirmation
    desktop.wait_for_url("**/impor/*/")
    assert ImportBatch.objects.get().rows_new == ROWS
    desktop.click("form[action$='/konfirmasi/'] button[type=submit]")
    desktop.wait_for_url("**/tugas/*/")
    assert desktop.locator("progress").count() == 1

    written = watch(desktop)
    screenshot(desktop, "import-job-done")
    confirm = Job.objects.get(kind="import-confirm")

    print(f"\nprogress seen while checking: {checked}; while writing: {written}")
    assert confirm.status == Job.Status.SUCCEEDED, confirm.error
    assert written == sorted(written)  # never backwards
    assert written[-1] == 100
    assert desktop.locator("progress").get_attribute("value") == "100"
    assert "20.000 baris ditulis" in desktop.content()
    assert Visit.objects.count() == ROWS

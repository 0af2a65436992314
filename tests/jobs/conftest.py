"""Job tests run their tasks at once, in the request (Django's immediate backend), unless a test
runs the real queue (the database backend and its worker) itself."""

import pytest

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def job_files(settings, tmp_path):
    settings.JOBS_STORAGE_DIR = tmp_path / "jobs"
    settings.IMPORT_STORAGE_DIR = tmp_path / "imports"


@pytest.fixture
def immediate(settings):
    settings.TASKS = IMMEDIATE

"""Fixtures of the import tests: files kept in a private folder of the test's own, and a Polres."""

import pytest

from tests.factories import PoliceUnitFactory


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    """Previews wait in a temporary private folder, never in the configured one."""
    settings.IMPORT_STORAGE_DIR = tmp_path / "private" / "imports"
    return settings.IMPORT_STORAGE_DIR


@pytest.fixture
def polres_pmj(db):
    polda = PoliceUnitFactory(code="PMJ", name="Polda Metro Jaya", level="polda", parent=None)
    return PoliceUnitFactory(
        code="PMJ-BKS", name="Polres Metro Bekasi", level="polres", parent=polda
    )

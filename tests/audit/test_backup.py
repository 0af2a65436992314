"""backup_database / restore_database: a round trip on SQLite, and on PostgreSQL when it is there.

The PostgreSQL test runs only when the suite runs on PostgreSQL (DATABASE_URL); it dumps the test
database and restores it into a scratch database of its own, which it drops afterwards.
"""

import secrets
import sqlite3
import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from conflicts.models import InvolvedPerson
from personnel.models import Officer
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rows(polsek_a):
    OfficerFactory.create_batch(3, unit=polsek_a)
    InvolvedPerson.objects.create(name="Joko Provokator")
    return {"personnel_officer": Officer.objects.count(), "conflicts_involvedperson": 1}


def backup(path):
    out = StringIO()
    call_command("backup_database", "-o", str(path), stdout=out)
    return out.getvalue().strip()


def restore(path, into):
    call_command("restore_database", str(path), "--into", into, stdout=StringIO())


def sqlite_counts(path, tables):
    db = sqlite3.connect(path)
    try:
        query = 'SELECT COUNT(*) FROM "{}"'
        return {table: db.execute(query.format(table)).fetchone()[0] for table in tables}
    finally:
        db.close()


sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the suite runs on PostgreSQL"
)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the suite runs on SQLite (set DATABASE_URL)"
)


@sqlite_only
def test_an_sqlite_backup_restores_into_a_new_file_with_every_row(rows, tmp_path):
    archive = tmp_path / "sigap.sqlite3"

    assert backup(archive) == str(archive)
    restored = tmp_path / "restored" / "sigap.sqlite3"
    restore(archive, str(restored))

    assert sqlite_counts(archive, rows) == rows
    assert sqlite_counts(restored, rows) == rows
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(restored.stat().st_mode) == 0o600


@sqlite_only
def test_a_restore_never_overwrites_a_file(rows, tmp_path):
    archive = tmp_path / "sigap.sqlite3"
    backup(archive)
    existing = tmp_path / "in-use.sqlite3"
    existing.write_bytes(b"keep me")

    with pytest.raises(CommandError, match="exists"):
        restore(archive, str(existing))
    assert existing.read_bytes() == b"keep me"


@sqlite_only
def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"not a database at all" * 100)

    with pytest.raises(CommandError, match="not an SQLite database"):
        restore(bogus, str(tmp_path / "new.sqlite3"))
    assert not (tmp_path / "new.sqlite3").exists()


def test_a_backup_never_overwrites_a_file(db, tmp_path):
    existing = tmp_path / "old-backup"
    existing.write_bytes(b"yesterday")

    with pytest.raises(CommandError, match="exists"):
        backup(existing)
    assert existing.read_bytes() == b"yesterday"


@postgresql_only
def test_a_postgresql_dump_restores_into_a_fresh_database_with_every_row(rows, tmp_path):
    import psycopg

    archive = tmp_path / "sigap.dump"
    backup(archive)
    scratch = f"sigap_backup_{secrets.token_hex(4)}"
    params = connection.settings_dict
    conninfo = {
        "host": params.get("HOST") or None,
        "port": params.get("PORT") or None,
        "user": params.get("USER") or None,
        "password": params.get("PASSWORD") or None,
    }
    try:
        restore(archive, scratch)
        with psycopg.connect(dbname=scratch, **conninfo) as restored:
            counts = {
                table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                for table in rows
            }
        assert counts == rows
        assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


@postgresql_only
def test_postgresql_refuses_to_restore_over_the_database_in_use(rows, tmp_path):
    archive = tmp_path / "sigap.dump"
    backup(archive)

    with pytest.raises(CommandError, match="new database"):
        restore(archive, connection.settings_dict["NAME"])

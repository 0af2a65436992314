"""Database backups and restores: PostgreSQL with pg_dump/pg_restore, SQLite with its backup API.

A backup holds every record, people involved included: it is written readable by its owner only
and must be stored as carefully as the database. A restore never overwrites a database: it goes
into a new one (a new SQLite file, a new PostgreSQL database), which the server is then pointed
at (DATABASE_URL) once it has been checked. See docs/backup.md.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    pass


def default_backup_path(directory, using="default"):
    suffix = "sqlite3" if connections[using].vendor == "sqlite" else "dump"
    return Path(directory) / f"sigap-{timezone.localtime():%Y%m%d-%H%M%S}.{suffix}"


def database_backup(*, output, using="default"):
    """Writes a consistent copy of the database to `output` (mode 0600) and checks it."""
    connection = connections[using]
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} exists; a backup never overwrites a file.")
    output.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, output)
        elif connection.vendor == "postgresql":
            _pg_dump(connection.settings_dict, output)
        else:
            raise BackupError(f"No backup for the {connection.vendor} database.")
    except BaseException:
        output.unlink(missing_ok=True)
        raise
    return output


def database_restore(*, backup, into, using="default"):
    """Restores `backup` into a NEW database `into`: a file path (SQLite) or a database name
    on the same server (PostgreSQL)."""
    connection = connections[using]
    backup = Path(backup)
    if not backup.is_file():
        raise BackupError(f"{backup} is not a file.")
    if connection.vendor == "sqlite":
        _sqlite_restore(backup, Path(into))
    elif connection.vendor == "postgresql":
        _pg_restore(connection.settings_dict, backup, into)
    else:
        raise BackupError(f"No restore for the {connection.vendor} database.")


# SQLite: the online backup API copies a consistent snapshot while the site keeps running.


def _sqlite_backup(connection, output):
    connection.ensure_connection()
    target = sqlite3.connect(output)
    try:
        connection.connection.backup(target)
        _sqlite_check(target, output)
    finally:
        target.close()


def _sqlite_restore(backup, into):
    if into.exists():
        raise BackupError(f"{into} exists; restore into a new file.")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        _sqlite_check(source, backup)
        into.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(into, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        target = sqlite3.connect(into)
        try:
            source.backup(target)
            _sqlite_check(target, into)
        finally:
            target.close()
    finally:
        source.close()


def _sqlite_check(db, path):
    # The file's structure, not the data's rules: CHECK constraints call functions that only
    # Django's connections define (REGEXP, django_date_extract), so they are left out here.
    try:
        db.execute("PRAGMA ignore_check_constraints = ON")
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an SQLite database: {error}") from error
    if result != "ok":
        raise BackupError(f"{path} failed its integrity check: {result}")


# PostgreSQL: pg_dump's custom format (compressed, restored selectively by pg_restore).


def _pg_env(settings_dict):
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _run(command, env):
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result.stdout


def _pg_dump(settings_dict, output):
    env = _pg_env(settings_dict)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={output}", settings_dict["NAME"]], env
    )
    # The archive's table of contents reads back: the file is whole.
    _run(["pg_restore", "--list", str(output)], env)


def _pg_restore(settings_dict, backup, into):
    if not into or into.startswith("-") or into == settings_dict["NAME"]:
        raise BackupError("Restore into a new database, named, and not the one in use.")
    env = _pg_env(settings_dict)
    _run(["createdb", "--", into], env)
    try:
        _run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={into}", str(backup)], env)
    except BackupError:
        _run(["dropdb", "--if-exists", "--", into], env)
        raise

"""One archive with the whole installation: the database and every stored file.

`write_backup` makes a `tar.gz` holding `manifest.json`, the database snapshot and
`files/<name>` for each file of the default storage (disk or bucket).

- SQLite: the sqlite3 online-backup API copies the database in one step under a read
  lock, so the copy is consistent while gunicorn workers keep writing (WAL).
- PostgreSQL: `pg_dump --format=custom`. pg_dump reads everything in one
  REPEATABLE READ snapshot, streams large tables (millions of cases, the PDFs of
  published reports) without loading them into Python, and keeps sequences and
  constraints; `dumpdata` would materialise every row as Python objects and base64 the
  binary columns. pg_dump's major version must be at least the server's; the newest
  one installed under /usr/lib/postgresql is used when none is on PATH.

The database is copied first, then the files: files are written before the row that
names them commits and are never deleted, so every file the snapshot names is in the
archive (a file uploaded meanwhile may be there too, unreferenced and harmless).

`restore_backup` loads an archive into an empty installation only (see `emptiness`).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection, connections

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files/"
# Written by `migrate` itself, not by anyone using the installation.
MIGRATE_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "sqlite_sequence",
    "applications_replytemplate",  # default letter templates (data migration)
}
SKIPPED_PREFIXES = ("healthz/",)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def write_backup(output: Path) -> dict[str, Any]:
    """Write the archive to `output` (atomically) and return its manifest."""
    engine = _engine()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as work:
        database = (
            Path(work) / f"database.{'sqlite3' if engine == 'sqlite' else 'pgdump'}"
        )
        if engine == "sqlite":
            _sqlite_snapshot(database)
        else:
            _pg_dump(database)
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(database, arcname=database.name)
            names = 0
            for name in stored_files(default_storage):
                with default_storage.open(name, "rb") as handle:
                    info = tarfile.TarInfo(FILES + name)
                    info.size = default_storage.size(name)
                    info.mtime = int(datetime.now(UTC).timestamp())
                    archive.addfile(info, handle)
                names += 1
            manifest = {
                "format": FORMAT,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "engine": engine,
                "database": database.name,
                "files": names,
                "migrations": _latest_migrations(),
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        os.replace(partial, output)
    return manifest


def restore_backup(source: Path) -> dict[str, Any]:
    """Load the archive into this (empty) installation; return its manifest.

    Raises:
        BackupError: not an archive of this program, another database engine, or the
            installation is not empty.
    """
    try:
        archive = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{source}: not a gongkai backup ({exc})") from None
    with archive:
        manifest = _read_manifest(archive, source)
        engine = _engine()
        if manifest["engine"] != engine:
            raise BackupError(
                f"{source}: a {manifest['engine']} backup; this installation uses "
                f"{engine} (DATABASE_URL)"
            )
        problems = emptiness()
        if problems:
            raise BackupError(
                "the installation is not empty ("
                + "; ".join(problems)
                + "): restore into a new database and an empty file storage"
            )
        with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as work:
            member = archive.getmember(manifest["database"])
            archive.extract(member, work, filter="data")
            database = Path(work) / member.name
            if engine == "sqlite":
                _sqlite_replace(database)
            else:
                _pg_restore(database)
        for member in archive:
            if member.isfile() and member.name.startswith(FILES):
                _restore_file(archive, member)
    return manifest


def emptiness() -> list[str]:
    """Return what makes this installation non-empty (an empty list: it is empty)."""
    problems = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in MIGRATE_TABLES:
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT 1 FROM {quoted} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                problems.append(f"table {table} has rows")
    files = sum(1 for _name in stored_files(default_storage))
    if files:
        problems.append(f"{files} files in the storage")
    return problems


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Yield the name of every file in `storage`, depth first, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        path = f"{folder}{name}"
        if not path.startswith(SKIPPED_PREFIXES):
            yield path
    for name in sorted(folders):
        yield from stored_files(storage, f"{folder}{name}/")


def _engine() -> str:
    vendor: str = connection.vendor
    if vendor == "sqlite":
        return "sqlite"
    if vendor == "postgresql":
        return "postgresql"
    raise BackupError(f"database {vendor}: expected SQLite or PostgreSQL")


def _read_manifest(archive: tarfile.TarFile, source: Path) -> dict[str, Any]:
    try:
        handle = archive.extractfile(MANIFEST)
        manifest: dict[str, Any] = json.load(handle) if handle else {}
    except (KeyError, ValueError):
        manifest = {}
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: no {MANIFEST} of backup format {FORMAT}")
    return manifest


def _latest_migrations() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return dict(cursor.fetchall())


def _sqlite_name() -> str:
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError(f"SQLite database {name!r}: expected a file")
    return name


def _sqlite_snapshot(target: Path) -> None:
    source = sqlite3.connect(f"file:{_sqlite_name()}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)  # all pages in one step: one consistent state
    finally:
        copy.close()
        source.close()


def _sqlite_replace(snapshot: Path) -> None:
    check = sqlite3.connect(snapshot)
    try:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if verdict != "ok":
        raise BackupError(f"the database in the archive is damaged: {verdict}")
    name = Path(_sqlite_name())
    connections.close_all()
    staged = name.with_name(name.name + ".restoring")
    shutil.copyfile(snapshot, staged)
    for suffix in ("-wal", "-shm"):
        name.with_name(name.name + suffix).unlink(missing_ok=True)
    os.replace(staged, name)


def _restore_file(archive: tarfile.TarFile, member: tarfile.TarInfo) -> None:
    name = member.name.removeprefix(FILES)
    if name.startswith("/") or ".." in Path(name).parts:
        raise BackupError(f"archive member {member.name!r}: unsafe file name")
    handle = archive.extractfile(member)
    if handle is None:
        return
    saved = default_storage.save(name, File(handle, name=name))
    if saved != name:
        raise BackupError(
            f"file {name} was stored as {saved}: the storage is not empty"
        )


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise BackupError(f"{name} not found: install postgresql-client")
    return str(candidates[-1])


def _pg_environment() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    return env


def _run(command: list[str]) -> None:
    done = subprocess.run(
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit {done.returncode}"]
        raise BackupError(f"{Path(command[0]).name}: {lines[0]}")


def _pg_dump(target: Path) -> None:
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)])


def _pg_restore(dump: Path) -> None:
    # The tables `migrate` may have created hold no data (checked): drop them so the
    # archive's schema, of whatever version, is loaded as it was.
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if tables:
            quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
            cursor.execute(f"DROP TABLE {quoted} CASCADE")
    connections.close_all()
    _run(
        [
            _pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            _pg_environment()["PGDATABASE"],
            str(dump),
        ]
    )

"""``judging backup`` and ``judging restore``: the database and the uploaded files in one
archive, taken while the app runs and brought back into an empty installation.

The archive is a gzipped tar holding ``manifest.json`` (format, time, backend, every file with
its SHA-256), the database (``database.sqlite3`` from SQLite's online backup API, or
``database.pgdump`` from ``pg_dump --format=custom``) and ``files/`` (the pitch decks and
attachments under the data directory).

Consistency: the database copy is one snapshot (the backup API copies pages under a read
lock; ``pg_dump`` reads in one repeatable-read transaction). Files are copied after it, and
an upload is renamed into place before its row is written (see
:mod:`judging.submissions.storage`) and never changed afterwards, so every file a row of the
snapshot names is in the archive; a file uploaded meanwhile may come along unnamed, which
harms nothing.

Restoring refuses a database that holds rows already (``--replace`` overwrites it) and a
backup of the other backend; every file is checked against its digest before anything is
written.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import urlsplit

import msgspec

from judging.database import sqlite_path
from judging.submissions.storage import ATTACHMENTS_DIR, DECKS_DIR, TEMP_PREFIX

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
FILES = "files"
UPLOAD_DIRS = (DECKS_DIR, ATTACHMENTS_DIR)
Backend = Literal["sqlite", "postgresql"]


class BackupRefused(Exception):
    """A backup or restore that cannot be done, with what to do about it."""


class StoredFile(msgspec.Struct, frozen=True):
    path: str
    """Relative to the data directory, with ``/`` separators."""
    sha256: str
    size: int


class Manifest(msgspec.Struct, frozen=True):
    format: int
    created_at: datetime
    backend: Backend
    database: str
    """The archive member holding the database."""
    files: list[StoredFile]


def backend_of(database_url: str) -> Backend:
    return "sqlite" if urlsplit(database_url).scheme == "sqlite" else "postgresql"


def _digest(path: Path) -> str:
    found = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            found.update(chunk)
    return found.hexdigest()


def _uploads(data_dir: Path) -> Iterator[Path]:
    for name in UPLOAD_DIRS:
        root = data_dir / name
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.name.startswith(TEMP_PREFIX):
                    yield path


def _copy_sqlite(database_url: str, target: Path) -> None:
    source = sqlite3.connect(sqlite_path(database_url))
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()


async def _run(*command: str, stdin: bytes | None = None) -> None:
    process = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE if stdin is not None else None,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await process.communicate(stdin)
    if process.returncode != 0:
        raise BackupRefused(f"{command[0]} failed: {stderr.decode(errors='replace')[-2000:]}")


async def write_backup(database_url: str, data_dir: Path, archive: Path, now: datetime) -> Manifest:
    """Write the database and the uploads of ``data_dir`` into ``archive`` (a new file)."""
    backend = backend_of(database_url)
    if await asyncio.to_thread(archive.exists):
        raise BackupRefused(f"{archive} exists already; choose another name.")
    await asyncio.to_thread(archive.parent.mkdir, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="judging-backup-") as work:
        work_dir = Path(work)
        if backend == "sqlite":
            member = SQLITE_MEMBER
            await asyncio.to_thread(_copy_sqlite, database_url, work_dir / member)
        else:
            member = POSTGRES_MEMBER
            await _run(
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={work_dir / member}",
                f"--dbname={database_url}",
            )
        manifest = await asyncio.to_thread(
            _pack, archive, work_dir / member, member, backend, data_dir, now
        )
    return manifest


def _pack(
    archive: Path, database: Path, member: str, backend: Backend, data_dir: Path, now: datetime
) -> Manifest:
    files = [
        StoredFile(
            path=path.relative_to(data_dir).as_posix(),
            sha256=_digest(path),
            size=path.stat().st_size,
        )
        for path in _uploads(data_dir)
    ]
    manifest = Manifest(
        format=FORMAT, created_at=now, backend=backend, database=member, files=files
    )
    partial = archive.with_name(archive.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        encoded = msgspec.json.format(msgspec.json.encode(manifest))
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(encoded)
        info.mtime = int(now.timestamp())
        tar.addfile(info, io.BytesIO(encoded))
        tar.add(database, arcname=member)
        for stored in files:
            tar.add(data_dir / stored.path, arcname=f"{FILES}/{stored.path}")
    # Renamed once complete, so a file with the archive's name is always a whole backup.
    partial.rename(archive)
    return manifest


def read_manifest(archive: Path) -> Manifest:
    """The archive's manifest, refused when it is not a backup this version can restore."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = msgspec.json.decode(member.read(), type=Manifest)
    except (OSError, tarfile.TarError, KeyError, msgspec.DecodeError) as exc:
        raise BackupRefused(f"{archive} is not a judging backup: {exc}") from None
    if manifest.format != FORMAT:
        raise BackupRefused(
            f"{archive} has backup format {manifest.format}; this version reads {FORMAT}."
        )
    return manifest


async def restore_backup(
    database_url: str, data_dir: Path, archive: Path, *, replace: bool = False
) -> Manifest:
    """Bring ``archive`` back into the database of ``database_url`` and ``data_dir``.

    Refused (changing nothing) when the archive is of the other backend, a file in it does
    not match its digest, or the database holds rows and ``replace`` is not given.
    """
    manifest = read_manifest(archive)
    backend = backend_of(database_url)
    if manifest.backend != backend:
        raise BackupRefused(
            f"This backup is of a {manifest.backend} database; JUDGING_DATABASE_URL names a "
            f"{backend} one."
        )
    with tempfile.TemporaryDirectory(prefix="judging-restore-") as work:
        work_dir = Path(work)
        await asyncio.to_thread(_unpack, archive, manifest, work_dir)
        if not replace and await _holds_rows(database_url):
            raise BackupRefused(
                "The database holds data already; restore into an empty one, or pass "
                "--replace to overwrite it."
            )
        if backend == "sqlite":
            await asyncio.to_thread(_place_sqlite, work_dir / manifest.database, database_url)
        else:
            await _run(
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={database_url}",
                str(work_dir / manifest.database),
            )
        await asyncio.to_thread(_place_files, work_dir / FILES, manifest, data_dir)
    return manifest


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def _unpack(archive: Path, manifest: Manifest, work_dir: Path) -> None:
    """Extract the database and the listed files, each checked against the manifest."""
    wanted = {manifest.database: None} | {f"{FILES}/{f.path}": f for f in manifest.files}
    with tarfile.open(archive, "r:gz") as tar:
        for name, stored in wanted.items():
            if not _safe_member(name) or (
                stored is not None
                and not stored.path.startswith(tuple(f"{d}/" for d in UPLOAD_DIRS))
            ):
                raise BackupRefused(f"The backup names a file outside the uploads: {name}")
            try:
                source = tar.extractfile(name)
            except KeyError:
                source = None
            if source is None:
                raise BackupRefused(f"The backup is missing {name}.")
            target = work_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with source, target.open("wb") as written:
                shutil.copyfileobj(source, written)
            if stored is not None and _digest(target) != stored.sha256:
                raise BackupRefused(f"{name} in the backup does not match its digest.")


async def _holds_rows(database_url: str) -> bool:
    from judging.piccolo_app import TABLES

    names = [table._meta.tablename for table in TABLES]
    if backend_of(database_url) == "sqlite":
        return await asyncio.to_thread(_sqlite_holds_rows, sqlite_path(database_url), names)
    import asyncpg

    connection = await asyncpg.connect(database_url)
    try:
        present = {
            row["tablename"]
            for row in await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        }
        for name in names:
            if name in present and await connection.fetchval(
                f'SELECT EXISTS (SELECT 1 FROM "{name}")'
            ):
                return True
    finally:
        await connection.close()
    return False


def _sqlite_holds_rows(path: Path, names: list[str]) -> bool:
    if not path.exists():
        return False
    with sqlite3.connect(path) as connection:
        present = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        return any(
            connection.execute(f'SELECT EXISTS (SELECT 1 FROM "{name}")').fetchone()[0]
            for name in names
            if name in present
        )


def _place_sqlite(copy: Path, database_url: str) -> None:
    target = sqlite_path(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The old file's write-ahead log would be replayed over the restored pages.
    for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)
    staged = target.with_name(target.name + ".restoring")
    shutil.copyfile(copy, staged)
    staged.replace(target)


def _place_files(extracted: Path, manifest: Manifest, data_dir: Path) -> None:
    for stored in manifest.files:
        target = data_dir / stored.path
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(TEMP_PREFIX + target.name)
        shutil.copyfile(extracted / stored.path, staged)
        staged.replace(target)

"""Backups: ``judging backup`` copies the database and the uploads while the app runs;
``judging restore`` brings them back into an empty installation, every row and file equal."""

from __future__ import annotations

import io
import sqlite3
import tarfile
from pathlib import Path

import pytest

from judging.clock import utcnow
from judging.database import sqlite_path
from judging.operations.backups import BackupRefused, restore_backup, write_backup
from judging.submissions.storage import store_deck
from judging.submissions.tables import Submission
from tests.conftest import BACKEND, _admin_execute, _postgres_url
from tests.submissions.entrant_world import small_pdf


async def _uploads(data_dir: Path) -> list[str]:
    """Two decks on disk, one named by a project, as uploads leave them."""
    first = await store_deck(io.BytesIO(small_pdf(text="Deck one")), data_dir, 10**6)
    second = await store_deck(io.BytesIO(small_pdf(pages=2, text="Deck two")), data_dir, 10**6)
    project = await Submission.objects().first()
    await Submission.update({Submission.deck_sha256: first.sha256}).where(
        Submission.id == project.id
    )
    return [first.sha256, second.sha256]


def _files(data_dir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(data_dir).as_posix(): path.read_bytes()
        for name in ("decks", "attachments")
        if (data_dir / name).is_dir()
        for path in sorted((data_dir / name).rglob("*"))
        if path.is_file()
    }


def _sqlite_tables(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: connection.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            for name in sorted(names)
        }


async def _postgres_tables(url: str) -> dict[str, list[tuple]]:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        names = [
            row["tablename"]
            for row in await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            name: [
                tuple(row) for row in await connection.fetch(f'SELECT * FROM "{name}" ORDER BY 1')
            ]
            for name in names
        }
    finally:
        await connection.close()


@pytest.mark.skipif(BACKEND != "sqlite", reason="the SQLite pass")
async def test_a_sqlite_backup_restores_every_row_and_file(demo, settings, tmp_path):
    data_dir = Path(settings.data_dir)
    await _uploads(data_dir)
    archive = tmp_path / "backup.tar.gz"

    written = await write_backup(settings.resolved_database_url, data_dir, archive, utcnow())
    restored_url = f"sqlite:///{tmp_path / 'restored' / 'judging.sqlite3'}"
    restored_dir = tmp_path / "restored"
    await restore_backup(restored_url, restored_dir, archive)

    source = _sqlite_tables(sqlite_path(settings.resolved_database_url))
    copy = _sqlite_tables(sqlite_path(restored_url))
    assert copy == source
    assert len(source["submission"]) > 0
    assert len(source["migration"]) > 0  # the restored file is migrated as the source was
    assert _files(restored_dir) == _files(data_dir)
    assert len(written.files) == 2


@pytest.mark.postgres
async def test_a_postgres_backup_restores_every_row_and_file(demo, settings, tmp_path):
    data_dir = Path(settings.data_dir)
    await _uploads(data_dir)
    archive = tmp_path / "backup.tar.gz"
    await write_backup(settings.resolved_database_url, data_dir, archive, utcnow())
    name = f"judging_restore_{tmp_path.name[-12:].lower().replace('-', '_')}"
    await _admin_execute(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    restored_url = _postgres_url(name)
    try:
        await restore_backup(restored_url, tmp_path / "restored", archive)

        source = await _postgres_tables(settings.resolved_database_url)
        copy = await _postgres_tables(restored_url)
    finally:
        await _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert copy == source
    assert len(source["submission"]) > 0
    assert _files(tmp_path / "restored") == _files(data_dir)


async def test_a_restore_into_a_database_with_data_is_refused(demo, settings, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    await write_backup(settings.resolved_database_url, Path(settings.data_dir), archive, utcnow())

    with pytest.raises(BackupRefused, match="holds data already"):
        await restore_backup(settings.resolved_database_url, Path(settings.data_dir), archive)


async def test_a_backup_of_one_backend_is_refused_by_the_other(demo, settings, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    await write_backup(settings.resolved_database_url, Path(settings.data_dir), archive, utcnow())
    other = (
        "postgres://nobody@127.0.0.1:1/none"
        if BACKEND == "sqlite"
        else f"sqlite:///{tmp_path / 'x.sqlite3'}"
    )

    with pytest.raises(BackupRefused, match="JUDGING_DATABASE_URL names a"):
        await restore_backup(other, tmp_path / "elsewhere", archive)


@pytest.mark.skipif(BACKEND != "sqlite", reason="the SQLite pass")
async def test_a_tampered_backup_is_refused_before_anything_is_written(demo, settings, tmp_path):
    data_dir = Path(settings.data_dir)
    await _uploads(data_dir)
    archive = tmp_path / "backup.tar.gz"
    await write_backup(settings.resolved_database_url, data_dir, archive, utcnow())
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name.startswith("files/decks/"):
                content = content.replace(b"Deck", b"Fake")
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    restored = tmp_path / "restored"

    with pytest.raises(BackupRefused, match="does not match its digest"):
        await restore_backup(f"sqlite:///{restored / 'judging.sqlite3'}", restored, tampered)

    assert not (restored / "judging.sqlite3").exists()
    assert _files(restored) == {}


async def test_something_that_is_not_a_backup_is_refused(settings, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar at all")

    with pytest.raises(BackupRefused, match="not a judging backup"):
        await restore_backup(settings.resolved_database_url, tmp_path, junk)


@pytest.mark.skipif(BACKEND != "sqlite", reason="the SQLite pass")
def test_the_commands_back_up_and_restore_an_installation(tmp_path):
    import os
    import subprocess
    import sys

    def judging(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "JUDGING_DATA_DIR": str(data_dir)}
        env.pop("JUDGING_DATABASE_URL", None)
        return subprocess.run(
            [sys.executable, "-m", "judging.cli", *arguments],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    source, target, archive = tmp_path / "source", tmp_path / "target", tmp_path / "b.tar.gz"
    assert judging(source, "migrate").returncode == 0
    assert judging(source, "demo").returncode == 0
    backed_up = judging(source, "backup", "--output", str(archive))
    restored = judging(target, "restore", str(archive))
    again = judging(target, "restore", str(archive))

    assert backed_up.returncode == 0, backed_up.stderr
    assert "sqlite database" in backed_up.stdout
    assert restored.returncode == 0, restored.stderr
    assert _sqlite_tables(target / "judging.sqlite3") == _sqlite_tables(source / "judging.sqlite3")
    assert again.returncode != 0
    assert "--replace" in again.stderr

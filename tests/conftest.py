"""The test world: a real database (SQLite file or PostgreSQL), the app, and signed-in clients.

The suite runs once per backend: ``JUDGING_TEST_DATABASE=sqlite`` (default) runs everything;
``JUDGING_TEST_DATABASE=postgres`` runs the tests that touch the database against a fresh
PostgreSQL database. ``JUDGING_REQUIRE_SERVICES=1`` (CI) turns a missing PostgreSQL, Redis or
Chromium into a failure instead of a skip.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import re
import secrets
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.support import WebClient, unavailable

BACKEND = os.environ.get("JUDGING_TEST_DATABASE", "sqlite")
REQUIRE_SERVICES = os.environ.get("JUDGING_REQUIRE_SERVICES") == "1"
POSTGRES_ADMIN_DSN = os.environ.get(
    "JUDGING_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)
# Each pytest-xdist worker (gw0, gw1, ...) empties a Redis database of its own: 15, 14, ...
# (all of them share JUDGING_TEST_REDIS when it is set: run one worker then).
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
REDIS_URL = os.environ.get("JUDGING_TEST_REDIS", f"redis://127.0.0.1:6379/{15 - _WORKER}")
CHROMIUM = os.environ.get("JUDGING_TEST_CHROMIUM", "/usr/bin/chromium")

# In RAM where the machine has a RAM disk: the suite commits tens of thousands of times, and
# each SQLite commit on disk waits for an fsync (about 3 ms here, against 0.02 ms in RAM).
_RAM_DISK = Path("/dev/shm")
_SESSION_DIR = Path(
    tempfile.mkdtemp(prefix="judging-tests-", dir=_RAM_DISK if _RAM_DISK.is_dir() else None)
)
_POSTGRES_DB: str | None = None
_POSTGRES_PROBLEM: str | None = None


def _postgres_url(database: str) -> str:
    return re.sub(r"/[^/]*$", f"/{database}", POSTGRES_ADMIN_DSN)


async def _admin_execute(*statements: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=5)
    try:
        for sql in statements:
            await connection.execute(sql)
    finally:
        await connection.close()


def _prepare_database() -> None:
    """Point JUDGING_DATABASE_URL at a fresh database before any judging module is imported."""
    global _POSTGRES_DB, _POSTGRES_PROBLEM
    os.environ["JUDGING_ENV"] = "test"
    os.environ["JUDGING_DATA_DIR"] = str(_SESSION_DIR / "var")
    os.environ.pop("JUDGING_REDIS_URL", None)
    os.environ.pop("JUDGING_SMTP_URL", None)
    if BACKEND == "postgres":
        name = f"judging_test_{os.getpid()}_{secrets.token_hex(3)}"
        try:
            # A commit need not wait for its WAL flush here: a crashed test database is thrown
            # away anyway, and the suite commits thousands of times.
            asyncio.run(
                _admin_execute(
                    f'CREATE DATABASE "{name}"',
                    f'ALTER DATABASE "{name}" SET synchronous_commit = off',
                )
            )
        except Exception as exc:  # any failure to reach PostgreSQL means "not available here"
            _POSTGRES_PROBLEM = f"PostgreSQL at {POSTGRES_ADMIN_DSN} is not available: {exc}"
            os.environ["JUDGING_DATABASE_URL"] = f"sqlite:///{_SESSION_DIR / 'unused.sqlite3'}"
            return
        _POSTGRES_DB = name
        os.environ["JUDGING_DATABASE_URL"] = _postgres_url(name)
    else:
        os.environ["JUDGING_DATABASE_URL"] = f"sqlite:///{_SESSION_DIR / 'judging.sqlite3'}"


def pytest_configure(config: pytest.Config) -> None:
    _prepare_database()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _POSTGRES_DB:
        asyncio.run(_admin_execute(f'DROP DATABASE IF EXISTS "{_POSTGRES_DB}" WITH (FORCE)'))
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & {"db", "client", "live_server", "demo"}:
            item.add_marker(pytest.mark.db)
        if item.get_closest_marker("postgres") and BACKEND != "postgres":
            item.add_marker(
                pytest.mark.skip(
                    reason="runs in the PostgreSQL pass (JUDGING_TEST_DATABASE=postgres)"
                )
            )


@pytest.fixture(scope="session")
async def migrated() -> AsyncIterator[None]:
    """The committed migrations, applied once per session to the fresh database.

    The connection pool opens here, in the session's event loop, and serves the app under
    test as well as the tests' own queries (the app's lifespan is not run in-process).
    """
    if _POSTGRES_PROBLEM:
        unavailable(_POSTGRES_PROBLEM)
    from judging.database import close_engine, engine, open_engine
    from judging.migrations import apply_migrations

    await apply_migrations()
    await open_engine(engine())
    yield
    await close_engine(engine())


async def _reset_tables() -> None:
    from judging.database import engine
    from judging.piccolo_app import TABLES

    database = engine()
    names = [table._meta.tablename for table in TABLES]
    # Every table emptied in one round trip; referencing tables first.
    deletes = "; ".join(f'DELETE FROM "{name}"' for name in reversed(names))
    if BACKEND == "postgres":
        # With the id sequences restarted: what TRUNCATE ... RESTART IDENTITY does, at a
        # tenth of its cost on tables this small.
        restarts = ", ".join(
            f"setval(pg_get_serial_sequence('\"{name}\"', 'id'), 1, false)" for name in names
        )
        async with database.transaction() as transaction:
            await transaction.connection.execute(f"{deletes}; SELECT {restarts}")
        return
    connection = await database.get_connection()  # SQLite ids restart at max(id) + 1 anyway
    try:
        await connection.executescript(f"BEGIN IMMEDIATE; {deletes}; COMMIT;")
    finally:
        await connection.close()


@pytest.fixture
async def db(migrated: None) -> None:
    """Empty tables for this test."""
    from tests.support import mark_demo_audit

    await _reset_tables()
    mark_demo_audit(0)


@dataclasses.dataclass(frozen=True)
class _Snapshot:
    """Every non-empty table's rows, in id order, as read just after a seed."""

    taken_at: datetime
    # (table, columns, rows)
    tables: list[tuple[str, list[str], list[tuple]]]

    @property
    def last_audit_event(self) -> int:
        """The id of the last audit event the seed wrote (its setup goes through the services)."""
        for name, columns, rows in self.tables:
            if name == "audit_event":
                return max(row[columns.index("id")] for row in rows)
        return 0


async def _take_snapshot(taken_at: datetime) -> _Snapshot:
    from judging.database import engine
    from judging.piccolo_app import TABLES

    database = engine()
    tables = []
    for table in TABLES:
        name = table._meta.tablename
        rows = [dict(row) for row in await database.run_ddl(f'SELECT * FROM "{name}" ORDER BY id')]
        if rows:
            columns = list(rows[0])
            tables.append(
                (name, columns, [tuple(row[column] for column in columns) for row in rows])
            )
    return _Snapshot(taken_at, tables)


async def _restore_snapshot(snapshot: _Snapshot) -> None:
    """Write the snapshot's rows into the emptied tables, as a seed run now would have.

    Ids are kept (and PostgreSQL's sequences moved past them, as inserting them one by one
    would); every timestamp moves by the time since the snapshot, so "a day before judging
    opens" stays a day before now.
    """
    from judging.clock import utcnow
    from judging.database import engine

    shift = utcnow() - snapshot.taken_at
    database = engine()
    async with database.transaction() as transaction:
        for name, columns, rows in snapshot.tables:
            quoted = ", ".join(f'"{column}"' for column in columns)
            if BACKEND == "postgres":
                marks = ", ".join(f"${index}" for index in range(1, len(columns) + 1))
            else:
                marks = ", ".join("?" for _ in columns)
            shifted = [
                tuple(value + shift if isinstance(value, datetime) else value for value in row)
                for row in rows
            ]
            await transaction.connection.executemany(
                f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})', shifted
            )
        if BACKEND == "postgres":
            moves = ", ".join(
                f"setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                f'(SELECT max(id) FROM "{name}"))'
                for name, _, _ in snapshot.tables
            )
            await transaction.connection.execute(f"SELECT {moves}")


@pytest.fixture(scope="session")
async def demo_snapshot(migrated: None) -> _Snapshot:
    """The demo, seeded once per session through :func:`seed_demo` and read back."""
    from judging.clock import utcnow
    from judging.demo import seed_demo

    await _reset_tables()
    taken_at = utcnow()
    await seed_demo(if_empty=False)
    snapshot = await _take_snapshot(taken_at)
    await _reset_tables()
    return snapshot


@pytest.fixture
def settings():
    """The app's settings; its data directory is emptied for each test.

    One directory for every test keeps the settings equal, so each variant of them builds
    its app once (see :func:`tests.support.shared_app`).
    """
    from judging.settings import Settings

    data_dir = _SESSION_DIR / "app-var"
    shutil.rmtree(data_dir, ignore_errors=True)
    return Settings.from_env(
        {
            **os.environ,
            "JUDGING_ENV": "test",
            "JUDGING_DATA_DIR": str(data_dir),
            "JUDGING_BASE_URL": "http://testserver.local",
        }
    )


@pytest.fixture
async def app(db: None, settings):
    from tests.support import shared_app

    return await shared_app(settings)


@pytest.fixture
async def client(app) -> AsyncIterator[WebClient]:
    """An anonymous browser-like client of the app (cookies kept, CSRF token handled)."""
    from tests.support import app_client

    async with app_client(app) as web_client:
        yield web_client


@pytest.fixture
async def demo(db: None, demo_snapshot: _Snapshot):
    """The seeded demo competition; every demo account's password is DEMO_PASSWORD.

    Each test gets the rows a fresh :func:`seed_demo` writes (same ids, timestamps as of now),
    copied from the session's one seed.
    """
    await _restore_snapshot(demo_snapshot)
    from judging.competitions.tables import Competition
    from tests.support import mark_demo_audit

    mark_demo_audit(demo_snapshot.last_audit_event)

    return await Competition.objects().get(Competition.slug == "china-gate-master-2021")


@pytest.fixture
async def live_server(db: None, tmp_path: Path) -> AsyncIterator[str]:
    """``judging serve`` in its own process on 127.0.0.1, against the test database."""
    from tests.support import running_server

    async with running_server(tmp_path) as base_url:
        yield base_url


@pytest.fixture(scope="session")
async def _chromium() -> AsyncIterator[object]:
    """Debian's Chromium driven by Playwright, headless, launched once per session."""
    if not Path(CHROMIUM).exists():  # noqa: ASYNC240 - one stat before launching a browser
        unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def browser(_chromium) -> AsyncIterator[object]:
    """The session's Chromium; the contexts a test opens (its pages, cookies and storage) are
    closed after it, so the next test starts with none."""
    yield _chromium
    for context in list(_chromium.contexts):
        await context.close()


@pytest.fixture
def receiver():
    """A real HTTP server on 127.0.0.1 that records webhook deliveries (tests.support.Receiver)."""
    from tests.support import Receiver

    found = Receiver()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    yield found
    found.server.shutdown()
    found.server.server_close()

"""The database engine chosen from ``JUDGING_DATABASE_URL``, and its lifecycle."""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from piccolo.engine import engine_finder
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

# Seconds a writer waits for SQLite's lock before giving up; roadshow bursts need headroom.
SQLITE_BUSY_TIMEOUT = 30


def sqlite_path(url: str) -> Path:
    """The file of an ``sqlite:///relative`` or ``sqlite:////absolute`` URL."""
    return Path(url.removeprefix("sqlite:///"))


@cache
def engine_for(url: str) -> Engine:
    """One engine per database URL; SQLite for ``sqlite:///``, PostgreSQL for ``postgres://``."""
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        _enable_wal(path)
        return SQLiteEngine(path=str(path), timeout=SQLITE_BUSY_TIMEOUT)
    if scheme in {"postgres", "postgresql"}:
        return PostgresEngine(config={"dsn": url})
    raise ValueError(f"JUDGING_DATABASE_URL must start with sqlite:/// or postgres://, got {url!r}")


def _enable_wal(path: Path) -> None:
    # WAL lets judges read while another judge writes; the mode is stored in the file.
    with sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


async def open_engine(engine: Engine) -> None:
    """Open the connection pool (PostgreSQL); SQLite connects per query."""
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=10)


async def close_engine(engine: Engine) -> None:
    """Close what :func:`open_engine` opened."""
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()


async def database_answers(engine: Engine) -> bool:
    """True when a trivial query succeeds."""
    try:
        await engine.run_ddl("SELECT 1")
    except Exception:
        return False
    return True


def engine() -> Engine:
    """The engine the tables use (from piccolo_conf)."""
    found = engine_finder()
    if found is None:
        raise RuntimeError("piccolo_conf.DB is not configured")
    return found


def writing() -> Any:
    """A transaction for a unit of work that writes more than once.

    On SQLite it is ``BEGIN IMMEDIATE``, so concurrent writers queue on the busy timeout
    instead of failing when a read lock would have to be upgraded.
    """
    current = engine()
    if isinstance(current, SQLiteEngine):
        return current.transaction(transaction_type=TransactionType.immediate)
    return current.transaction()

"""The database engine chosen from ``JUDGING_DATABASE_URL``, and its lifecycle."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import weakref
from collections.abc import AsyncIterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiosqlite
from piccolo.engine import engine_finder
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType, dict_factory

# Seconds a writer waits for SQLite's lock before giving up; roadshow bursts need headroom.
SQLITE_BUSY_TIMEOUT = 30
# Idle SQLite connections kept open per process; more are opened under load and closed after.
SQLITE_IDLE_CONNECTIONS = 8
POSTGRES_POOL_SIZE = 10


def sqlite_path(url: str) -> Path:
    """The file of an ``sqlite:///relative`` or ``sqlite:////absolute`` URL."""
    return Path(url.removeprefix("sqlite:///"))


class _PooledConnection:
    """A pooled aiosqlite connection whose ``close()`` hands it back to the pool."""

    def __init__(self, engine: PooledSQLiteEngine, connection: aiosqlite.Connection) -> None:
        object.__setattr__(self, "_engine", engine)
        object.__setattr__(self, "_connection", connection)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._connection, name, value)

    async def close(self) -> None:
        await self._engine.release(self._connection)


class PooledSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine, reusing open connections.

    Piccolo opens a new connection (and aiosqlite a new thread) for every query on SQLite;
    on a judge's save that is most of the time spent. Here connections are kept open and
    handed out again, with foreign keys switched on once per connection.
    """

    def __init__(self, path: str, **connection_kwargs: Any) -> None:
        super().__init__(path=path, **connection_kwargs)
        self._idle: list[aiosqlite.Connection] = []

    async def _open(self) -> aiosqlite.Connection:
        pending = aiosqlite.connect(**self.connection_kwargs)
        # An idle pooled connection must not keep the process alive at exit.
        pending._thread.daemon = True
        connection = await pending
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await connection.execute("PRAGMA foreign_keys = 1")
        return connection

    async def acquire(self) -> aiosqlite.Connection:
        return self._idle.pop() if self._idle else await self._open()

    async def release(self, connection: aiosqlite.Connection) -> None:
        if connection.in_transaction:
            await connection.rollback()
        if len(self._idle) < SQLITE_IDLE_CONNECTIONS:
            self._idle.append(connection)
        else:
            await connection.close()

    async def close_idle(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.close()

    async def get_connection(self) -> Any:
        """A connection for a transaction or batch; closing it returns it to the pool."""
        return _PooledConnection(self, await self.acquire())

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> list[dict[str, Any]]:
        connection = await self.acquire()
        try:
            async with connection.execute(query, args or []) as cursor:
                await connection.commit()
                return await cursor.fetchall()
        finally:
            await self.release(connection)


@cache
def engine_for(url: str) -> Engine:
    """One engine per database URL; SQLite for ``sqlite:///``, PostgreSQL for ``postgres://``."""
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        _enable_wal(path)
        return PooledSQLiteEngine(path=str(path), timeout=SQLITE_BUSY_TIMEOUT)
    if scheme in {"postgres", "postgresql"}:
        return PostgresEngine(config={"dsn": url})
    raise ValueError(f"JUDGING_DATABASE_URL must start with sqlite:/// or postgres://, got {url!r}")


def _enable_wal(path: Path) -> None:
    # WAL lets judges read while another judge writes; the mode is stored in the file.
    with sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


async def open_engine(engine: Engine) -> None:
    """Open the connection pool (PostgreSQL); SQLite opens connections as they are needed."""
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=POSTGRES_POOL_SIZE)


async def close_engine(engine: Engine) -> None:
    """Close what the engine holds open."""
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()
    elif isinstance(engine, PooledSQLiteEngine):
        await engine.close_idle()


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


# SQLite lets one writer in at a time and makes the others retry after sleeps, which is
# unfair: an unlucky save can wait seconds. Writers of one process queue here in arrival
# order instead, so only writers of other processes meet SQLite's retry loop.
_SQLITE_WRITERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


@contextlib.asynccontextmanager
async def writing() -> AsyncIterator[None]:
    """A transaction for a unit of work that writes more than once (or must be atomic).

    On SQLite it is ``BEGIN IMMEDIATE``, so writers queue for the lock instead of failing
    when a read lock would have to be upgraded. Nested calls join the outer transaction.
    """
    current = engine()
    if not isinstance(current, SQLiteEngine):
        async with current.transaction():
            yield
        return
    if current.current_transaction.get() is not None:
        async with current.transaction():
            yield
        return
    lock = _SQLITE_WRITERS.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    async with lock, current.transaction(transaction_type=TransactionType.immediate):
        yield


def reading() -> Any:
    """One connection and one consistent view for a series of reads (takes no write lock)."""
    return engine().transaction()

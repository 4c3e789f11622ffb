"""What the server benchmarks share: a fresh database, the real server, a signed-in client.

Importing this module puts the repository root first on ``sys.path``. Python runs
``bench/<script>.py`` with ``bench/`` first on the path, and ``bench/`` holds ``judging.py``
and ``scoring.py``, which would then shadow the ``judging`` and ``scoring`` packages. With the
root ahead of it those names resolve to the packages, while ``bench/`` stays on the path
behind it, so the bench's own modules (``harness``, ``live_latency``) import by name. Each
script imports this module before anything imports ``judging`` or ``scoring``.

A run looks like::

    with harness.fresh_database(args.postgres, prefix="judging-bench-") as database:
        env = harness.server_env(database)
        os.environ.update(env)  # this process builds the world through the same tables
        asyncio.run(prepare())  # async with harness.connected(): await harness.seeded_demo() ...
        with harness.running_server(env, database.data_dir / "server.log") as base_url:
            asyncio.run(measure(base_url))  # await harness.signed_in_client(base_url, ...) ...

The PostgreSQL admin connection is ``JUDGING_BENCH_POSTGRES`` (default the local ``postgres``
database, trust auth); bench databases are named ``judging_bench_<pid>_<hex>``.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import numpy as np

if TYPE_CHECKING:
    from judging.competitions.tables import Competition

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if sys.path[:1] != [str(REPO)]:
    sys.path.insert(0, str(REPO))

POSTGRES_ADMIN_DSN = os.environ.get(
    "JUDGING_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)
HOST = "127.0.0.1"
STARTUP_SECONDS = 60


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def percentiles(values: Sequence[float], *percents: float) -> tuple[float, ...]:
    """The ``percents`` (0 to 100) percentiles of ``values``, linearly interpolated as
    ``numpy.percentile`` does (50 is the median, 100 the maximum); NaN each when empty."""
    if not values:
        return tuple(float("nan") for _ in percents)
    return tuple(float(value) for value in np.percentile(np.asarray(values), percents))


@dataclass(frozen=True)
class BenchDatabase:
    """The database of one bench run and the temporary data directory beside it."""

    data_dir: Path
    database_url: str
    backend: str  # "SQLite" or "PostgreSQL", as the printed figures name it


async def _admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def fresh_database(postgres: bool, prefix: str = "judging-bench-") -> Iterator[BenchDatabase]:
    """A temporary data directory named ``prefix...`` with an empty database: an SQLite file in
    it, or with ``postgres`` a new PostgreSQL database. Both are gone on exit (the PostgreSQL
    database dropped even while a server still holds connections to it)."""
    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    name = None
    try:
        if postgres:
            name = f"judging_bench_{os.getpid()}_{secrets.token_hex(3)}"
            asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
            url = re.sub(r"/[^/]*$", f"/{name}", POSTGRES_ADMIN_DSN)
            yield BenchDatabase(data_dir, url, "PostgreSQL")
        else:
            yield BenchDatabase(data_dir, f"sqlite:///{data_dir / 'judging.sqlite3'}", "SQLite")
    finally:
        try:
            if name:
                asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)


def server_env(database: BenchDatabase, **extra: str) -> dict[str, str]:
    """This process's environment without any ``JUDGING_*`` setting of the shell, pointed at
    ``database``, plus ``extra`` (e.g. ``JUDGING_REDIS_URL=...``). ``running_server`` adds
    each server's ``JUDGING_BASE_URL``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("JUDGING_")}
    env.update(
        JUDGING_DATA_DIR=str(database.data_dir),
        JUDGING_DATABASE_URL=database.database_url,
        **extra,
    )
    return env


@asynccontextmanager
async def connected() -> AsyncIterator[None]:
    """This process's engine on the database of ``JUDGING_DATABASE_URL``, open for the block.

    Like every import of ``judging`` here, call it after ``os.environ`` holds ``server_env``:
    Piccolo tables bind to the database named there when first imported."""
    from judging.database import close_engine, engine, open_engine

    database = engine()
    await open_engine(database)
    try:
        yield
    finally:
        await close_engine(database)


async def seeded_demo() -> Competition:
    """Migrate the database (of an open ``connected()``), seed the demo competition and its
    people, and return the demo ``Competition``."""
    from judging.competitions.tables import Competition
    from judging.demo import DEMO_SLUG, seed_demo
    from judging.migrations import apply_migrations

    await apply_migrations()
    await seed_demo(if_empty=False)
    return await Competition.objects().get(Competition.slug == DEMO_SLUG)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_server(env: dict[str, str], log_path: Path, *, workers: int = 1) -> Iterator[str]:
    """The real server (``python -m judging.cli serve``, as ``make run`` does) on a free port
    of 127.0.0.1 with ``workers`` processes, its output in ``log_path``; yields its base URL
    once ``/healthz`` answers, and stops it on exit."""
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    command = [sys.executable, "-m", "judging.cli", "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env={**env, "JUDGING_BASE_URL": base_url},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise SystemExit(f"server exited:\n{log_path.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise SystemExit(f"server did not become healthy within {STARTUP_SECONDS} s")
            try:
                if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        yield base_url
    finally:
        _stop(process)


async def signed_in_client(
    base_url: str, email: str, password: str, *, request_timeout: float = 60
) -> httpx.AsyncClient:
    """A client signed in through the sign-in form, as a browser is, that sends the CSRF header
    on every request (so it may also call the JSON API). The caller closes it."""
    client = httpx.AsyncClient(base_url=base_url, timeout=request_timeout)
    try:
        await client.get("/login")
        response = await client.post(
            "/login",
            data={"email": email, "password": password, "_csrf_token": client.cookies["csrftoken"]},
        )
        if response.status_code not in (302, 303):
            raise RuntimeError(f"sign-in of {email} failed: HTTP {response.status_code}")
        client.cookies.delete("csrftoken")
        # A fresh CSRF cookie for the new session; the answer proves the session works.
        response = await client.get("/api/v1/me")
        if response.status_code != 200:
            raise RuntimeError(f"session of {email} not accepted: HTTP {response.status_code}")
        client.headers["x-csrftoken"] = client.cookies["csrftoken"]
    except BaseException:
        await client.aclose()
        raise
    return client

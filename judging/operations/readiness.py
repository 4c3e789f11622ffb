"""``/readyz``: whether this process should get traffic now. Beside ``/livez`` (the process
answers) and ``/healthz`` (and its database does), readiness also asks Redis when one is
configured and whether the database has every migration this code expects, so a load balancer
holds traffic back from a process started before ``judging migrate`` ran."""

from __future__ import annotations

import asyncio

import msgspec
from litestar import Controller, Request, get
from litestar.response import Response
from piccolo.apps.migrations.commands.check import CheckMigrationManager

from judging.database import database_answers, engine

CHECK_TIMEOUT_SECONDS = 3.0


class Readiness(msgspec.Struct):
    ready: bool
    database: str
    redis: str
    migrations: str


async def _redis_state(request: Request) -> str:
    redis = request.app.state.get("redis")
    if redis is None:
        return "not configured"
    try:
        await asyncio.wait_for(redis.ping(), CHECK_TIMEOUT_SECONDS)
    except Exception as exc:  # any failure to answer means "not ready"
        return f"unavailable: {type(exc).__name__}"
    return "ok"


async def _migrations_state(request: Request) -> str:
    # Applied migrations stay applied: once all were there, this process never asks again.
    if request.app.state.get("migrations_checked"):
        return "ok"
    try:
        checked = await CheckMigrationManager(app_name="judging").get_migration_statuses()
    except Exception as exc:  # a database without the migrations table, for one
        return f"unknown: {type(exc).__name__}"
    missing = [status.migration_id for status in checked if not status.has_ran]
    if missing:
        return f"{len(missing)} not applied: run judging migrate"
    request.app.state.migrations_checked = True
    return "ok"


class ReadinessController(Controller):
    include_in_schema = False

    @get(
        "/readyz",
        name="readyz",
        opt={"skip_session": True, "exclude_from_auth": True},
        cache_control=None,
    )
    async def readyz(self, request: Request) -> Response[Readiness]:
        database = "ok" if await database_answers(engine()) else "unavailable"
        redis = await _redis_state(request)
        migrations = await _migrations_state(request) if database == "ok" else "unknown"
        ready = database == "ok" and redis in ("ok", "not configured") and migrations == "ok"
        state = Readiness(ready=ready, database=database, redis=redis, migrations=migrations)
        return Response(state, status_code=200 if ready else 503)

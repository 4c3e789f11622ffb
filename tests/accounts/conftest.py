"""The accounts' world: the app counting its limits in the database (the default) or in Redis."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable

import msgspec
import pytest

from tests.conftest import REDIS_URL
from tests.support import WebClient, app_client, redis_available, shared_app, unavailable


@pytest.fixture
def settings(settings):
    """Small sign-in limits: every failure below a limit costs a real password check."""
    return msgspec.structs.replace(settings, signin_max_failures=2)


@pytest.fixture
def counting() -> str:
    """Where the limits are counted; tests parametrize it with ``["database", "redis"]``."""
    return "database"


@pytest.fixture
async def limited_app(counting, db, settings):
    """The app with its sign-in and reset-mail limits counted in the database (the default)
    or in Redis."""
    if counting == "redis":
        settings = msgspec.structs.replace(settings, redis_url=await emptied_redis())
    return await shared_app(settings)


async def emptied_redis() -> str:
    """The test Redis database, emptied (or the test skipped when Redis is missing)."""
    if reason := await redis_available(REDIS_URL):
        unavailable(reason)
    import redis.asyncio as redis

    client = redis.from_url(REDIS_URL)
    await client.flushdb()
    await client.aclose()
    return REDIS_URL


@pytest.fixture
def client_from(limited_app) -> Callable[[str], contextlib.AbstractAsyncContextManager[WebClient]]:
    """A browser-like client of ``limited_app`` coming from the given network address."""

    @contextlib.asynccontextmanager
    async def opened(address: str) -> AsyncIterator[WebClient]:
        async with app_client(limited_app, address=address) as web_client:
            yield web_client

    return opened

"""The multi-process world: app processes sharing the test PostgreSQL and an emptied Redis."""

import pytest

from tests.conftest import REDIS_URL
from tests.support import redis_available, unavailable


@pytest.fixture
async def redis_url():
    if reason := await redis_available(REDIS_URL):
        unavailable(reason)
    import redis.asyncio as redis

    client = redis.from_url(REDIS_URL)
    await client.flushdb()
    await client.aclose()
    return REDIS_URL

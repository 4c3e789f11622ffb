"""The stores every app process shares (Litestar ``Store``s): in Redis when configured, else
in files under the data directory. Web processes and workers build them the same way."""

from __future__ import annotations

from pathlib import Path

from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.stores.redis import RedisStore
from redis.asyncio import Redis

from judging.settings import Settings

# Sessions, import progress, computed rankings.
STORE_NAMES = ("sessions", "imports", "rankings")


def build_stores(settings: Settings, redis: Redis | None) -> dict[str, Store]:
    """Sessions, import progress and cached rankings live in Redis when configured, else in
    files under var/.

    Either way, every app process sees the same data.
    """
    if redis is not None:
        root = RedisStore(redis, namespace="judging", handle_client_shutdown=True)
        return {name: root.with_namespace(name) for name in STORE_NAMES}
    base = Path(settings.data_dir)
    stores: dict[str, Store] = {}
    for name in STORE_NAMES:
        (base / name).mkdir(parents=True, exist_ok=True)
        stores[name] = FileStore(base / name)
    return stores

"""Helpers shared by tests: a browser-like client, account factories, service checks."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import shutil
import socket
import sys
import threading
from collections import deque
from collections.abc import AsyncIterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REQUIRE_SERVICES = os.environ.get("JUDGING_REQUIRE_SERVICES") == "1"


def unavailable(reason: str) -> None:
    """Skip with the reason, or fail when CI requires every service."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (JUDGING_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


_APPS: dict[object, object] = {}


async def shared_app(settings):
    """The app for ``settings``, built once per session and handed out again with its stores
    emptied.

    Building one costs most of a second (Litestar inspects every handler's signature); what an
    app keeps between requests is its stores (sessions, import progress, rankings), its
    database and its data directory, and tests start each of those empty.
    """
    from litestar.stores.file import FileStore

    from judging.app import create_app
    from judging.web.stores import STORE_NAMES

    app = _APPS.get(settings)
    if app is None:
        app = _APPS[settings] = create_app(settings)
        return app
    for name in STORE_NAMES:
        store = app.stores.get(name)
        if isinstance(store, FileStore):
            folder = Path(store.path)  # an anyio.Path
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - once per test, before it runs
        else:
            await store.delete_all()
    return app


# The demo is seeded through the services, so its setup is audited like real data; a test
# asks what it did itself (the ``demo`` fixture sets the mark, ``db`` resets it to 0).
_demo_audit_mark = 0


def mark_demo_audit(last_event_id: int) -> None:
    global _demo_audit_mark
    _demo_audit_mark = last_event_id


def demo_audit_mark() -> int:
    """The id of the last audit event the demo's setup wrote (0 without the demo)."""
    return _demo_audit_mark


async def history_since_demo(entity: str, entity_id: int) -> list:
    """An entity's audit history without what the demo's setup recorded."""
    from judging.audit.services import history

    return [event for event in await history(entity, entity_id) if event.id > _demo_audit_mark]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.asynccontextmanager
async def app_client(
    app, base_url: str = "http://testserver.local", address: str = "127.0.0.1"
) -> AsyncIterator[WebClient]:
    """A client talking ASGI to ``app`` in this event loop (the app's lifespan must be running),
    from the network ``address`` given.

    Same loop matters: a PostgreSQL pool opened by the app serves the test's own queries too.
    """
    import httpx

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(address, 50000))
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as http:
        yield WebClient(http)


class WebClient:
    """Wraps Litestar's test client with what a browser does: CSRF tokens, sign-in."""

    def __init__(self, test_client) -> None:
        # Like a test of a form: look at the redirect itself, not where it leads.
        test_client.follow_redirects = False
        self.http = test_client

    async def csrf_token(self) -> str:
        token = self.http.cookies.get("csrftoken")
        if not token:
            await self.http.get("/login")
            token = self.http.cookies.get("csrftoken")
        return token

    async def get(self, path: str, **kwargs):
        return await self.http.get(path, **kwargs)

    async def post_form(self, path: str, data: dict | None = None, csrf: bool = True, **kwargs):
        form = dict(data or {})
        if csrf:
            form["_csrf_token"] = await self.csrf_token()
        return await self.http.post(path, data=form, **kwargs)

    async def api(self, method: str, path: str, json=None, csrf: bool = True, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if csrf and method.upper() not in {"GET", "HEAD", "OPTIONS"}:
            headers["x-csrftoken"] = await self.csrf_token()
        return await self.http.request(method, path, json=json, headers=headers, **kwargs)

    async def sign_in(self, email: str, password: str) -> None:
        response = await self.post_form("/login", {"email": email, "password": password})
        assert response.status_code in (302, 303), response.text
        self.http.cookies.delete("csrftoken")  # a fresh token is fetched per session


async def make_account(
    email: str, *, name: str = "Test Person", organization: str = "", admin: bool = False
):
    """An account created directly (password is TEST_PASSWORD), skipping per-test hashing."""
    from judging.accounts.tables import Account

    account = Account(
        email=email,
        display_name=name,
        organization=organization,
        password_hash=_test_password_hash(),
        is_platform_admin=admin,
    )
    await account.save()
    return account


TEST_PASSWORD = "correct-horse-battery"
_HASH_CACHE: dict[str, str] = {}


def _test_password_hash() -> str:
    if "hash" not in _HASH_CACHE:
        from judging.accounts.passwords import hash_password_sync

        _HASH_CACHE["hash"] = hash_password_sync(TEST_PASSWORD)
    return _HASH_CACHE["hash"]


class ServerUrl(str):
    """The base URL of a server from :func:`running_server`; ``kill()`` stops it like a crash."""

    process: asyncio.subprocess.Process

    def kill(self) -> None:
        self.process.kill()


@contextlib.asynccontextmanager
async def running_server(
    data_dir: Path, extra_env: dict[str, str] | None = None, workers: int = 1
) -> AsyncIterator[ServerUrl]:
    """Start ``judging serve`` on a free port; yields its base URL and stops it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "JUDGING_DATA_DIR": str(data_dir),
        "JUDGING_BASE_URL": f"http://127.0.0.1:{port}",
        "JUDGING_ENV": "test",
        **(extra_env or {}),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "judging.cli",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    base_url = ServerUrl(f"http://127.0.0.1:{port}")
    base_url.process = process
    try:
        await _wait_until_healthy(base_url, process)
        yield base_url
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout=10)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _wait_until_healthy(base_url: str, process: asyncio.subprocess.Process) -> None:
    import httpx

    # A deadline, not a count of tries: on a loaded 2-core machine (two xdist workers, each
    # with its server and Chromium) an app process has been seen to need more than 15 s.
    deadline = asyncio.get_running_loop().time() + 60
    async with httpx.AsyncClient() as http:
        while asyncio.get_running_loop().time() < deadline:
            if process.returncode is not None:
                stderr = await process.stderr.read() if process.stderr else b""
                raise RuntimeError(f"server exited: {stderr.decode()[-2000:]}")
            try:
                if (await http.get(f"{base_url}/healthz", timeout=1)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError(f"server at {base_url} did not become healthy")


async def redis_available(url: str) -> str | None:
    """None when Redis at ``url`` answers PING, else the reason it does not."""
    import redis.asyncio as redis

    client = redis.from_url(url, socket_connect_timeout=2)
    try:
        await client.ping()
    except Exception as exc:  # any failure means "not available here"
        return f"Redis at {url} is not available: {exc}"
    finally:
        await client.aclose()
    return None


async def landing(client: WebClient, response, hops: int = 5):
    """The page a form's redirect leads to, following further redirects (home sends each role
    to its dashboard), as a browser would after the POST."""
    for _ in range(hops):
        if response.status_code not in (301, 302, 303, 307, 308):
            return response
        response = await client.get(response.headers["location"])
    raise AssertionError("too many redirects")


# A webhook receiver: a real HTTP server on 127.0.0.1 ------------------------------------


@dataclasses.dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """Answers each POST with the next of ``statuses`` (200 once they run out)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.statuses: deque[int] = deque()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.received.append(Received(self.path, dict(self.headers), body))
                    status = receiver.statuses.popleft() if receiver.statuses else 200
                payload = b'{"ok": true}' if status < 300 else b"receiver is down for maintenance"
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/judging"

    def answer(self, *statuses: int) -> None:
        self.statuses.extend(statuses)

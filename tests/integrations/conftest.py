"""The integrations' world: a real HTTP receiver on 127.0.0.1 that records what it is sent and
answers with the statuses a test asks for."""

from __future__ import annotations

import dataclasses
import threading
from collections import deque
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


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


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    yield found
    found.server.shutdown()
    found.server.server_close()

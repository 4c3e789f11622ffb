"""Logs a machine reads: one JSON object per line, each with the id of the request it belongs
to, which the response carries too (``X-Request-ID``), so a user's report of an error finds
its lines.

A request id a proxy sends (``X-Request-ID``, letters, digits, ``-`` and ``_``, at most 64) is
kept, so one id follows the request through the proxy's logs and ours; otherwise a new one is
made. ``JUDGING_LOG_FORMAT=json`` (the default in production) or ``text``.
"""

from __future__ import annotations

import copy
import logging
import re
import uuid
from contextvars import ContextVar

from litestar.datastructures import MutableScopeHeaders
from litestar.logging import LoggingConfig
from litestar.logging.config import default_handlers
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from pythonjsonlogger.core import RESERVED_ATTRS

REQUEST_ID_HEADER = "x-request-id"
_SANE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="")

JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
TEXT_FORMAT = "%(levelname)s - %(asctime)s - %(name)s - [%(request_id)s] %(message)s"


def current_request_id() -> str:
    return _REQUEST_ID.get()


class RequestIdFilter(logging.Filter):
    """Gives every record the id of the request being served (empty outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _REQUEST_ID.get()
        return True


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """The outermost middleware: the request's id, in the logs and in the response."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        sent = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = sent if _SANE_ID.match(sent) else uuid.uuid4().hex
        token = _REQUEST_ID.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            _REQUEST_ID.reset(token)

    return middleware


def logging_config(json_lines: bool) -> LoggingConfig:
    """Litestar's logging, every record through one queue handler that adds the request id;
    uvicorn's access lines propagate to it (see ``judging serve``)."""
    handlers = copy.deepcopy(default_handlers)
    for handler in handlers.values():
        handler["filters"] = ["request_id"]
    formatter = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            # uvicorn's copy of each message with terminal colours means nothing in a file.
            "reserved_attrs": [*RESERVED_ATTRS, "color_message"],
        }
        if json_lines
        else {"format": TEXT_FORMAT}
    )
    return LoggingConfig(
        root={"level": "INFO", "handlers": ["queue_listener"]},
        formatters={"standard": formatter},
        filters={"request_id": {"()": RequestIdFilter}},
        handlers=handlers,
        loggers={
            "litestar": {"level": "INFO", "handlers": ["queue_listener"], "propagate": False},
            # uvicorn's own loggers carry no handler of their own (judging serve passes no
            # log_config), so their lines come here, in the same format.
            "uvicorn": {"level": "INFO", "propagate": True},
            "uvicorn.access": {"level": "INFO", "propagate": True},
            # The job queue tells each job it starts and ends, every two seconds: only trouble.
            "saq": {"level": "WARNING", "propagate": True},
        },
        log_exceptions="debug",
    )

"""Security headers on every response: pages, API answers, errors, redirects, static files.

Set on the ``http.response.start`` message of every response the app sends (a Litestar
``before_send`` hook), not on handlers' responses only: error responses built by the
exception handlers and files from the static router pass here too.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
}


async def add_security_headers(message: Message, scope: Scope) -> None:
    """Add each security header the response does not set itself."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in SECURITY_HEADERS.items():
        if name not in headers:
            headers[name] = value

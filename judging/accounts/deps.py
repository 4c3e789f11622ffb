"""Dependencies the accounts controllers receive through ``Provide``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

from litestar import Request
from litestar.connection import ASGIConnection

from judging.accounts.throttle import (
    DEVICE_COOKIE,
    Counters,
    Requester,
    ResetMailThrottle,
    SignInThrottle,
)
from judging.settings import Settings
from judging.web.pages import client_address

RoleLookup = Callable[[int], Awaitable[Mapping[int, set[str]]]]
"""Given an account id: competition id -> the roles the account holds there.

Memberships belong to the competitions domain, above accounts: it gives the lookup to the app
when it is built (see judging.app.create_app), and accounts asks through it.
"""


def provide_role_lookup(request: ASGIConnection) -> RoleLookup:
    return request.app.state.role_lookup


def _counters(request: Request) -> Counters:
    # Built once with the app (see judging.app.create_app): Redis or the database.
    return request.app.state.counters


def provide_throttle(request: Request) -> SignInThrottle:
    settings: Settings = request.app.state.settings
    return SignInThrottle(
        _counters(request),
        secret=settings.secret_key,
        max_failures=settings.signin_max_failures,
        window_seconds=settings.signin_window_seconds,
    )


def provide_reset_throttle(request: Request) -> ResetMailThrottle:
    return ResetMailThrottle(_counters(request))


def provide_requester(request: Request) -> Requester:
    return Requester(
        address=client_address(request), device_cookie=request.cookies.get(DEVICE_COOKIE)
    )


def reset_ttl(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.password_reset_ttl_minutes)

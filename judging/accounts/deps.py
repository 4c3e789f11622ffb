"""Dependencies the accounts controllers receive through ``Provide``."""

from __future__ import annotations

from datetime import timedelta

from litestar import Request

from judging.accounts.throttle import SignInThrottle
from judging.settings import Settings


def provide_throttle(request: Request) -> SignInThrottle:
    settings: Settings = request.app.state.settings
    return SignInThrottle(
        request.app.stores.get("throttle"),
        max_failures=settings.signin_max_failures,
        window_seconds=settings.signin_window_seconds,
    )


def reset_ttl(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.password_reset_ttl_minutes)

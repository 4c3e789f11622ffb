"""What a signed-in session holds, and how it starts."""

from __future__ import annotations

import hashlib
from typing import TypeVar

from litestar import Request, Response

from judging.accounts.tables import Account
from judging.accounts.throttle import DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, SignInThrottle
from judging.settings import Settings
from judging.web.sessions import rotate_session_id

SESSION_ACCOUNT_KEY = "account_id"
SESSION_FINGERPRINT_KEY = "credential"
AnyResponse = TypeVar("AnyResponse", bound=Response)


def credential_fingerprint(account: Account) -> str:
    """Changes whenever the password changes, which signs out every other session."""
    return hashlib.sha256(account.password_hash.encode()).hexdigest()[:24]


def start_session(request: Request, account: Account) -> None:
    """Sign in: a fresh session id, holding the account and its credential fingerprint."""
    request.clear_session()
    rotate_session_id(request)
    request.set_session(
        {SESSION_ACCOUNT_KEY: account.id, SESSION_FINGERPRINT_KEY: credential_fingerprint(account)}
    )


def remember_device(
    response: AnyResponse, throttle: SignInThrottle, account: Account, settings: Settings
) -> AnyResponse:
    """Give the browser that just signed in its device cookie: its later attempts at this
    account are counted for it alone, so strangers' failures cannot lock it out."""
    response.set_cookie(
        DEVICE_COOKIE,
        throttle.device_cookie(account.email),
        max_age=DEVICE_COOKIE_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=settings.production,
    )
    return response

"""What a signed-in session holds, and how it starts."""

from __future__ import annotations

import hashlib

from litestar import Request

from judging.accounts.tables import Account
from judging.web.sessions import rotate_session_id

SESSION_ACCOUNT_KEY = "account_id"
SESSION_FINGERPRINT_KEY = "credential"


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

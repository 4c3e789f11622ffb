"""API tokens: what one lets its holder do, decided from the request alone.

A token is sent as ``Authorization: Bearer cgm_…`` to a route under ``/api/``. It acts as the
account that made it, so every guard of the route still applies (a judge's token never reaches
an organizer's route); its scopes narrow that further:

* ``read``: every ``GET`` the account may make. Each scope includes it.
* ``score``: a judge's own writes: scorecards, declaring and withdrawing conflicts. Those routes
  say so with ``opt={TOKEN_SCOPE: SCORE}``.
* ``organize``: the organizer's writes on the routes of one competition.

A token made for one competition (every ``organize`` token, and an organizer's competition
token) reaches only routes whose ``competition_id`` is that competition, and the account
routes that say ``opt={TOKEN_SCOPE: ACCOUNT}``. A write that fits no scope (signing in or out,
changing a password, making more tokens) needs the browser session.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any, Literal

import msgspec

from judging.i18n import N_

Scope = Literal["read", "score", "organize"]
READ: Scope = "read"
SCORE: Scope = "score"
ORGANIZE: Scope = "organize"
SCOPES: tuple[Scope, ...] = (READ, SCORE, ORGANIZE)

# A handler's ``opt`` key: SCORE for a judge's write, ACCOUNT for a read any token may make
# (who am I), SESSION_ONLY for a route no token may call.
TOKEN_SCOPE = "token_scope"
ACCOUNT = "account"
SESSION_ONLY = "session"

PREFIX = "cgm_"
# Shown in lists after the prefix so a holder can tell tokens apart; far too short to guess from.
SHOWN_CHARACTERS = 6
SAFE_METHODS = frozenset({"GET", "HEAD"})

SCOPE_REFUSED = N_("This API token does not allow this request: it needs the “%(scope)s” scope.")
ELSEWHERE_REFUSED = N_("This API token is for another competition.")
SESSION_REFUSED = N_("This request needs a signed-in browser session; API tokens cannot make it.")


class TokenGrant(msgspec.Struct, frozen=True):
    """What the token that authenticated a request allows (``request.auth``)."""

    token_id: int
    scopes: frozenset[str]
    competition_id: int | None


def new_token() -> str:
    """A fresh token: the prefix (so secret scanners recognise one) and 256 random bits."""
    return PREFIX + secrets.token_urlsafe(32)


def shown_part(token: str) -> str:
    return token[: len(PREFIX) + SHOWN_CHARACTERS]


def bearer_token(authorization: str) -> str | None:
    """The token of an ``Authorization`` header, or None when it is not a bearer token."""
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token.startswith(PREFIX) or len(token) > 100:
        return None
    return token


def scope_needed(method: str, route_scope: str | None, path_params: Mapping[str, Any]) -> str:
    """The scope a request needs: read for a read, the route's own word for a write, else
    organize for a write in a competition and the session for any other write."""
    if route_scope == SESSION_ONLY:
        return SESSION_ONLY
    if method in SAFE_METHODS:
        return ACCOUNT if route_scope == ACCOUNT else READ
    if route_scope is not None:
        return route_scope
    return ORGANIZE if "competition_id" in path_params else SESSION_ONLY


def refusal(
    grant: TokenGrant, method: str, route_scope: str | None, path_params: Mapping[str, Any]
) -> tuple[str, dict[str, str]] | None:
    """Why ``grant`` may not make this request (a message and its parameters), or None."""
    needed = scope_needed(method, route_scope, path_params)
    if needed == SESSION_ONLY:
        return SESSION_REFUSED, {}
    elsewhere = path_params.get("competition_id") != grant.competition_id
    if grant.competition_id is not None and needed != ACCOUNT and elsewhere:
        return ELSEWHERE_REFUSED, {}
    if needed in (READ, ACCOUNT) or needed in grant.scopes:
        return None
    return SCOPE_REFUSED, {"scope": needed}

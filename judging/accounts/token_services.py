"""Making, listing, revoking and checking API tokens (the rules are in
:mod:`judging.accounts.tokens`)."""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec

from judging.accounts.schemas import TokenMade, TokenOut, TokenRequest
from judging.accounts.services import token_digest
from judging.accounts.tables import Account, ApiToken
from judging.accounts.tokens import TokenGrant, new_token, shown_part
from judging.audit import services as audit
from judging.database import writing
from judging.errors import NotFound, SignInRequired, ValidationFailed
from judging.i18n import N_

# An account (or a competition) with more live tokens than this has lost track of them.
MAX_LIVE_TOKENS = 50
# Writing the time of every use would make each API call a write; this is precise enough to
# tell a token in use from a forgotten one.
LAST_USED_PRECISION = timedelta(minutes=5)

REQUIRED = N_("This field is required.")
NO_SCOPE = N_("Choose at least one scope.")
SCOPE_NOT_OFFERED = N_("This scope cannot be chosen here.")
TOO_MANY_TOKENS = N_("There are %(count)s live tokens already: revoke one first.")
# In the order a list of tokens offers them.
PERSONAL_SCOPES = ("read", "score")
COMPETITION_SCOPES = ("read", "organize")


class TokenRefused(SignInRequired):
    """The bearer token is unknown, expired or revoked (or its account is closed)."""

    default_message = N_("This API token is unknown, expired or revoked.")


def _live(now: datetime):
    return ApiToken.revoked_at.is_null() & (ApiToken.expires_at > now)


async def _tokens(where, now: datetime) -> list[TokenOut]:
    rows = (
        await ApiToken.select(
            ApiToken.all_columns(exclude=[ApiToken.token_hash, ApiToken.revoked_at]),
            ApiToken.account.display_name.as_alias("made_by"),
        )
        .where(where & _live(now))
        .order_by(ApiToken.id, ascending=False)
    )
    for row in rows:
        row["scopes"] = row["scopes"].split()
    return msgspec.convert(rows, list[TokenOut])


async def personal_tokens(account_id: int, now: datetime) -> list[TokenOut]:
    """The account's own live tokens, newest first."""
    return await _tokens((ApiToken.account == account_id) & ApiToken.competition_id.is_null(), now)


async def competition_tokens(competition_id: int, now: datetime) -> list[TokenOut]:
    """A competition's live tokens, whoever of its organizers made them, newest first."""
    return await _tokens(ApiToken.competition_id == competition_id, now)


def _chosen_scopes(request: TokenRequest, offered: tuple[str, ...]) -> list[str]:
    if not request.scopes:
        raise ValidationFailed.single("scopes", NO_SCOPE)
    if not set(request.scopes) <= set(offered):
        raise ValidationFailed.single("scopes", SCOPE_NOT_OFFERED)
    return [scope for scope in offered if scope in request.scopes]


async def make_token(
    actor: Account, request: TokenRequest, now: datetime, *, competition_id: int | None = None
) -> TokenMade:
    """A new token acting as ``actor``: personal (read, score), or for one competition (read,
    organize) when ``competition_id`` is given; the caller checked that the actor organizes
    it. The answer holds the token, which is never shown again."""
    offered = PERSONAL_SCOPES if competition_id is None else COMPETITION_SCOPES
    scopes = _chosen_scopes(request, offered)
    name = request.name.strip()
    if not name:
        raise ValidationFailed.single("name", REQUIRED)
    token = new_token()
    owned = (
        ApiToken.competition_id == competition_id
        if competition_id is not None
        else (ApiToken.account == actor.id) & ApiToken.competition_id.is_null()
    )
    async with writing():
        live = await ApiToken.count().where(owned & _live(now))
        if live >= MAX_LIVE_TOKENS:
            raise ValidationFailed.single("name", TOO_MANY_TOKENS, count=live)
        row = ApiToken(
            account=actor.id,
            name=name,
            token_hash=token_digest(token),
            shown_part=shown_part(token),
            scopes=" ".join(scopes),
            competition_id=competition_id,
            created_at=now,
            expires_at=now + timedelta(days=request.expires_in_days),
        )
        await row.save()
        await _record(actor.id, row, "api_token_made")
    made = TokenOut(
        id=row.id,
        name=row.name,
        shown_part=row.shown_part,
        scopes=scopes,
        competition_id=competition_id,
        created_at=row.created_at,
        expires_at=row.expires_at,
        last_used_at=None,
        made_by=actor.display_name,
    )
    return TokenMade(token=token, details=made)


async def _record(actor_id: int, row: ApiToken, action: str) -> None:
    # A competition token belongs to the competition's history, a personal one to the account's.
    entity, entity_id = (
        ("competition", row.competition_id)
        if row.competition_id is not None
        else ("account", row.account)
    )
    await audit.record(
        actor_id=actor_id,
        entity=entity,
        entity_id=entity_id,
        action=action,
        after={"token": row.name, "shown_part": row.shown_part, "scopes": row.scopes},
    )


async def revoke_token(
    actor_id: int, token_id: int, now: datetime, *, competition_id: int | None = None
) -> str:
    """Revoke one live token (its name is the answer): the actor's own personal token, or one of the competition's.
    Every app process refuses it from the next request on (tokens are checked against the
    database on each request)."""
    owned = (
        ApiToken.competition_id == competition_id
        if competition_id is not None
        else (ApiToken.account == actor_id) & ApiToken.competition_id.is_null()
    )
    async with writing():
        row = (
            await ApiToken.objects()
            .where((ApiToken.id == token_id) & owned & ApiToken.revoked_at.is_null())
            .first()
        )
        if row is None:
            raise NotFound()
        row.revoked_at = now
        await row.save([ApiToken.revoked_at])
        await _record(actor_id, row, "api_token_revoked")
    return row.name


async def authenticate_token(token: str, now: datetime) -> tuple[Account, TokenGrant]:
    """The account a bearer token acts as and what it allows; refused with 401 when the token
    is unknown, expired or revoked, or its account is closed."""
    row = (
        await ApiToken.objects(ApiToken.account)
        .where((ApiToken.token_hash == token_digest(token)) & _live(now))
        .first()
    )
    if row is None or not row.account.is_active:
        raise TokenRefused()
    if row.last_used_at is None or row.last_used_at < now - LAST_USED_PRECISION:
        await ApiToken.update({ApiToken.last_used_at: now}).where(ApiToken.id == row.id)
    grant = TokenGrant(
        token_id=row.id, scopes=frozenset(row.scopes.split()), competition_id=row.competition_id
    )
    return row.account, grant

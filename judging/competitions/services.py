"""What every domain asks of competitions: the competition, its tracks and rounds, who holds
which role there, and the locks that keep changes of a round or a competition apart.

Organizers' changes live in the setup modules (``competition_setup``, ``track_setup``,
``round_setup``, ``rubric``) and in ``invitations``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import msgspec
from piccolo.engine.postgres import PostgresEngine

from judging import permissions
from judging.accounts.tables import Account
from judging.audit import services as audit
from judging.competitions.schemas import CompetitionOut, CompetitionSummary, MemberOut, RoundView
from judging.competitions.tables import Competition, Membership, Round, Track
from judging.database import engine
from judging.errors import NotFound

# The role names, as the domains above read them from here.
from judging.permissions import JUDGE as JUDGE
from judging.permissions import ORGANIZER as ORGANIZER


async def lock_rounds(round_ids: Iterable[int], *, shared: bool = False) -> None:
    """Lock these rounds' rows until the transaction ends (PostgreSQL; call inside writing()).

    Changes that must not interleave within a round take the lock: exclusive to change what
    the round is judged by (its rubric, its assignments), shared to add a judge's scorecard,
    so that saves do not wait for each other. On SQLite writing() already lets one writer in
    at a time.
    """
    ids = sorted(set(round_ids))
    if ids and isinstance(engine(), PostgresEngine):
        await (
            Round.select(Round.id)
            .where(Round.id.is_in(ids))
            .lock_rows("SHARE" if shared else "UPDATE")
        )


async def lock_competition(competition_id: int) -> None:
    """Lock the competition's row until the transaction ends (PostgreSQL; inside writing()),
    for changes that read before they write, such as replacing a pending invitation."""
    if isinstance(engine(), PostgresEngine):
        await (
            Competition.select(Competition.id)
            .where(Competition.id == competition_id)
            .lock_rows("UPDATE")
        )


# --- Who holds which role -------------------------------------------------------------------
# What a role allows is decided by the rules of judging.permissions; these read the facts.


async def roles_of(account_id: int) -> dict[int, set[str]]:
    """Competition id -> roles the account holds there."""
    rows = await Membership.select(Membership.competition, Membership.role).where(
        Membership.account == account_id
    )
    roles: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        roles[row["competition"]].add(row["role"])
    return dict(roles)


async def roles_in(account_id: int, competition_id: int) -> set[str]:
    """The roles the account holds in the competition (as members, whatever else it is)."""
    rows = await Membership.select(Membership.role).where(
        (Membership.account == account_id) & (Membership.competition == competition_id)
    )
    return {row["role"] for row in rows}


async def add_membership(
    competition_id: int, account_id: int, role: str, actor_id: int | None
) -> None:
    """Give ``account_id`` the role; a no-op when it is already held."""
    exists = await Membership.exists().where(
        (Membership.competition == competition_id)
        & (Membership.account == account_id)
        & (Membership.role == role)
    )
    if exists:
        return
    membership = Membership(competition=competition_id, account=account_id, role=role)
    await membership.save()
    await audit.record(
        actor_id=actor_id,
        entity="membership",
        entity_id=membership.id,
        action="created",
        after={"competition_id": competition_id, "account_id": account_id, "role": role},
    )


async def members(competition_id: int) -> list[MemberOut]:
    """The competition's members, organizers first, each role a row of its own."""
    rows = (
        await Membership.select(
            Membership.id,
            Membership.role,
            Membership.account.id.as_alias("account_id"),
            Membership.account.display_name.as_alias("display_name"),
            Membership.account.email.as_alias("email"),
            Membership.account.organization.as_alias("organization"),
        )
        .where(Membership.competition == competition_id)
        .order_by(Membership.role)
        .order_by(Membership.id)
    )
    return msgspec.convert(rows, list[MemberOut])


# --- The competition ------------------------------------------------------------------------


async def get_competition(competition_id: int) -> Competition:
    competition = await Competition.objects().where(Competition.id == competition_id).first()
    if competition is None:
        raise NotFound()
    return competition


async def public_competition(slug: str) -> Competition:
    """The public competition at ``slug`` (else :class:`NotFound`)."""
    competition = (
        await Competition.objects()
        .where((Competition.slug == slug) & (Competition.is_public.eq(True)))
        .first()
    )
    if competition is None:
        raise NotFound()
    return competition


async def competitions_for(account: Account, role: str | None = None) -> list[CompetitionSummary]:
    """Competitions where the account counts as holding ``role`` (``None``: any role), by
    :func:`judging.permissions.holds_role`: all of them for a platform admin as organizer;
    each with the roles the account holds there."""
    roles = await roles_of(account.id)
    if permissions.admits_every_competition(account, role):
        rows = await Competition.select().order_by(Competition.id)
    else:
        wanted = [cid for cid, held in roles.items() if permissions.holds_role(account, held, role)]
        rows = (
            await Competition.select().where(Competition.id.is_in(wanted)).order_by(Competition.id)
            if wanted
            else []
        )
    return [
        msgspec.convert({**row, "roles": sorted(roles.get(row["id"], set()))}, CompetitionSummary)
        for row in rows
    ]


async def public_competitions() -> list[CompetitionOut]:
    """The public competitions, newest first."""
    rows = (
        await Competition.select()
        .where(Competition.is_public.eq(True))
        .order_by(Competition.id, ascending=False)
    )
    return msgspec.convert(rows, list[CompetitionOut])


# --- Its tracks and rounds ------------------------------------------------------------------


async def tracks(competition_id: int) -> list[dict[str, Any]]:
    """The competition's tracks in their order."""
    return (
        await Track.select()
        .where(Track.competition == competition_id)
        .order_by(Track.position)
        .order_by(Track.id)
    )


async def get_track(competition_id: int, track_id: int) -> Track:
    """The track, which must belong to the competition (else :class:`NotFound`)."""
    track = (
        await Track.objects()
        .where((Track.id == track_id) & (Track.competition == competition_id))
        .first()
    )
    if track is None:
        raise NotFound()
    return track


async def rounds(competition_id: int) -> list[RoundView]:
    """The competition's rounds in their order."""
    rows = (
        await Round.select(Round.all_columns(), Round.competition.as_alias("competition_id"))
        .where(Round.competition == competition_id)
        .order_by(Round.position)
        .order_by(Round.id)
    )
    return msgspec.convert(rows, list[RoundView])


async def get_round(competition_id: int, round_id: int) -> Round:
    """The round, which must belong to the competition (else :class:`NotFound`)."""
    found = (
        await Round.objects()
        .where((Round.id == round_id) & (Round.competition == competition_id))
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def sent_fields(patch: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH body actually sent."""
    return {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if value is not msgspec.UNSET
    }

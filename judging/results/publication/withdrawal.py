"""Withdrawing a published version from public view.

A version shown in public by mistake (a conflicted judge discovered later, the wrong rubric)
cannot be edited or deleted: snapshots are only ever inserted. Withdrawing it inserts one
:class:`PublicationWithdrawal` row with the reason (audited): the version is kept exactly as
published, its organizers still read it, and its public page and API say that it was
withdrawn, when and why, instead of showing the ranking; its public files are gone (404) and
entrants no longer see a result from it. A withdrawal is final; publishing again makes a new
version.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

import msgspec

from judging.accounts.tables import Account
from judging.audit import services as audit
from judging.database import writing
from judging.errors import Conflict
from judging.i18n import N_
from judging.results.publication.schemas import (
    PublicationDetail,
    PublicationSummary,
    WithdrawalOut,
    WithdrawalRequest,
)
from judging.results.publication.services import snapshot_row
from judging.results.publication.tables import PublicationWithdrawal

Version = TypeVar("Version", PublicationSummary, PublicationDetail)

ALREADY_WITHDRAWN = N_("Version %(version)s is already withdrawn.")


async def withdraw_version(
    competition_id: int,
    round_id: int,
    version: int,
    request: WithdrawalRequest,
    actor: Account,
    now: datetime,
) -> WithdrawalOut:
    """Withdraw the version from public view (see the module docstring); :class:`Conflict`
    when it already is, :class:`~judging.errors.NotFound` for an unknown version."""
    reason = request.reason.strip()
    async with writing():
        snapshot = await snapshot_row(competition_id, round_id, version)
        # The unique index on the snapshot keeps a second withdrawal out, even a simultaneous one.
        inserted = (
            await PublicationWithdrawal.insert(
                PublicationWithdrawal(
                    snapshot=snapshot["id"], reason=reason, withdrawn_by=actor.id, withdrawn_at=now
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(PublicationWithdrawal.id)
        )
        if not inserted:
            raise Conflict(ALREADY_WITHDRAWN, version=version)
        await audit.record(
            actor_id=actor.id,
            entity="round",
            entity_id=round_id,
            action="publication_withdrawn",
            after={
                "version": version,
                "snapshot_id": snapshot["id"],
                "content_hash": snapshot["content_hash"],
                "reason": reason,
            },
        )
    return WithdrawalOut(
        version=version, reason=reason, withdrawn_at=now, withdrawn_by=actor.display_name
    )


async def withdrawals(snapshot_ids: Iterable[int]) -> dict[int, WithdrawalOut]:
    """The withdrawals of these snapshots, by snapshot id."""
    wanted = sorted(set(snapshot_ids))
    if not wanted:
        return {}
    rows = await PublicationWithdrawal.select(
        PublicationWithdrawal.snapshot,
        PublicationWithdrawal.snapshot.version.as_alias("version"),
        PublicationWithdrawal.reason,
        PublicationWithdrawal.withdrawn_at,
        PublicationWithdrawal.withdrawn_by.display_name.as_alias("withdrawn_by_name"),
    ).where(PublicationWithdrawal.snapshot.is_in(wanted))
    return {
        row["snapshot"]: WithdrawalOut(
            version=row["version"],
            reason=row["reason"],
            withdrawn_at=row["withdrawn_at"],
            withdrawn_by=row["withdrawn_by_name"] or "",
        )
        for row in rows
    }


async def withdrawal_of(snapshot_id: int) -> WithdrawalOut | None:
    """The snapshot's withdrawal, if it was withdrawn."""
    return (await withdrawals([snapshot_id])).get(snapshot_id)


async def round_withdrawals(round_id: int) -> dict[int, WithdrawalOut]:
    """The withdrawn versions of the round, by version number."""
    rows = await PublicationWithdrawal.select(PublicationWithdrawal.snapshot).where(
        PublicationWithdrawal.snapshot.round == round_id
    )
    found = await withdrawals(row["snapshot"] for row in rows)
    return {withdrawal.version: withdrawal for withdrawal in found.values()}


async def marked(round_id: int, versions: list[Version]) -> list[Version]:
    """The round's published versions, each with its withdrawal when it was withdrawn."""
    withdrawn = await round_withdrawals(round_id)
    return [
        msgspec.structs.replace(version, withdrawn=withdrawn.get(version.version))
        for version in versions
    ]

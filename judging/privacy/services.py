"""The rules of erasure requests: a person asks, an organizer of a competition they take part
in confirms (which erases, see :mod:`judging.privacy.erasure`) or declines with a reason.

A person who takes part in no competition (an entrant who never entered a project) has
nothing an organizer must weigh: their request erases at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from judging.accounts.tables import Account
from judging.assignments.tables import JudgeProfile
from judging.audit import services as audit
from judging.competitions.tables import Membership
from judging.database import writing
from judging.errors import Conflict, NotFound, ValidationFailed
from judging.i18n import N_
from judging.privacy.erasure import erase_account
from judging.privacy.schemas import ErasureAsk, ErasureDecision, ErasureRequestOut
from judging.privacy.tables import ErasureRequest
from judging.submissions.tables import Submission, TeamMember

PENDING, ERASED, DECLINED = "pending", "erased", "declined"

ALREADY_ASKED = N_("You asked already; the organizers are considering it.")
NOT_CONFIRMED = N_("Tick the box to confirm that you want your personal data erased.")
NOT_PENDING = N_("This request was decided already.")
OWN_REQUEST = N_("Another organizer decides on your own request.")
NOTE_NEEDED = N_("Say why, for the person who asked.")


def _taking_part() -> tuple[tuple[Any, Any, Any], ...]:
    """(table, its account column, its competition column) of each way to take part: a role,
    a judge profile, an owned project, a seat on a project's team."""
    return (
        (Membership, Membership.account, Membership.competition),
        (JudgeProfile, JudgeProfile.account, JudgeProfile.competition),
        (Submission, Submission.owner, Submission.competition),
        (TeamMember, TeamMember.account, TeamMember.submission.competition),
    )


async def competitions_of(account_id: int) -> set[int]:
    """The competitions the account takes part in."""
    found: set[int] = set()
    for table, account, competition in _taking_part():
        rows = await table.select(competition.as_alias("id")).where(account == account_id)
        found |= {row["id"] for row in rows}
    return found


async def people_of(competition_id: int) -> set[int]:
    """The accounts that take part in the competition."""
    found: set[int] = set()
    for table, account, competition in _taking_part():
        rows = await table.select(account.as_alias("id")).where(
            (competition == competition_id) & account.is_not_null()
        )
        found |= {row["id"] for row in rows}
    return found


async def ask_for_erasure(account: Account, ask: ErasureAsk, now: datetime) -> ErasureRequestOut:
    """Record the person's request; erased at once when no competition holds them."""
    if not ask.confirm:
        raise ValidationFailed.single("confirm", NOT_CONFIRMED)
    async with writing():
        if await ErasureRequest.exists().where(
            (ErasureRequest.account == account.id) & (ErasureRequest.status == PENDING)
        ):
            raise Conflict(ALREADY_ASKED)
        row = ErasureRequest(account=account.id, reason=ask.reason.strip(), requested_at=now)
        await row.save()
        await audit.record(
            actor_id=account.id, entity="account", entity_id=account.id, action="erasure_requested"
        )
        if not await competitions_of(account.id):
            await erase_account(account.id, now)
            row.status, row.decided_at = ERASED, now
            await row.save([ErasureRequest.status, ErasureRequest.decided_at])
    return await _request_out(row.id)


async def requests_of(account_id: int) -> list[ErasureRequestOut]:
    rows = (
        await _selected()
        .where(ErasureRequest.account == account_id)
        .order_by(ErasureRequest.id, ascending=False)
    )
    return msgspec.convert(rows, list[ErasureRequestOut])


def _selected():
    return ErasureRequest.select(
        ErasureRequest.all_columns(),
        ErasureRequest.account.display_name.as_alias("name"),
        ErasureRequest.account.email.as_alias("email"),
        ErasureRequest.decided_by.display_name.as_alias("decided_by_name"),
    )


async def _request_out(request_id: int) -> ErasureRequestOut:
    row = await _selected().where(ErasureRequest.id == request_id).first()
    return msgspec.convert(row, ErasureRequestOut)


async def competition_requests(competition_id: int) -> list[ErasureRequestOut]:
    """The requests of the people who take part in the competition, pending first."""
    people = await people_of(competition_id)
    if not people:
        return []
    mine = (
        await _selected()
        .where(ErasureRequest.account.is_in(sorted(people)))
        .order_by(ErasureRequest.id, ascending=False)
    )
    mine.sort(key=lambda row: row["status"] != PENDING)
    return msgspec.convert(mine, list[ErasureRequestOut])


async def _pending_in(competition_id: int, request_id: int, actor_id: int) -> ErasureRequest:
    row = await ErasureRequest.objects().where(ErasureRequest.id == request_id).first()
    if row is None or row.account not in await people_of(competition_id):
        raise NotFound()
    if row.status != PENDING:
        raise Conflict(NOT_PENDING)
    if row.account == actor_id:
        raise Conflict(OWN_REQUEST)
    return row


async def confirm_erasure(
    competition_id: int, request_id: int, actor_id: int, now: datetime
) -> ErasureRequestOut:
    """Erase the person of a pending request of this competition's people."""
    async with writing():
        row = await _pending_in(competition_id, request_id, actor_id)
        await erase_account(row.account, now)
        row.status, row.decided_by, row.decided_at = ERASED, actor_id, now
        await row.save(
            [ErasureRequest.status, ErasureRequest.decided_by, ErasureRequest.decided_at]
        )
        await audit.record(
            actor_id=actor_id,
            entity="competition",
            entity_id=competition_id,
            action="erasure_confirmed",
            after={"request_id": row.id},
        )
    return await _request_out(row.id)


async def decline_erasure(
    competition_id: int, request_id: int, decision: ErasureDecision, actor_id: int, now: datetime
) -> ErasureRequestOut:
    """Decline a pending request, saying why (the person reads it on their data page)."""
    note = decision.note.strip()
    if not note:
        raise ValidationFailed.single("note", NOTE_NEEDED)
    async with writing():
        row = await _pending_in(competition_id, request_id, actor_id)
        row.status, row.decided_by, row.decided_at, row.decision_note = (
            DECLINED,
            actor_id,
            now,
            note,
        )
        await row.save(
            [
                ErasureRequest.status,
                ErasureRequest.decided_by,
                ErasureRequest.decided_at,
                ErasureRequest.decision_note,
            ]
        )
        await audit.record(
            actor_id=actor_id,
            entity="competition",
            entity_id=competition_id,
            action="erasure_declined",
            after={"request_id": row.id, "note": note},
        )
    return await _request_out(row.id)

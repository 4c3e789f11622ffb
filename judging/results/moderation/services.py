"""Organizers moderate scorecards: leave one out of the ranking (and count it again), or send it
back to its judge for re-scoring. Each change is a compare-and-set on the card's version in
one transaction with its audit event; a reason is always given and shown in the project's
breakdown.

Moderation goes on after a ranking is published: published snapshots never change, and a
new publication takes the moderated cards as they are then.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from judging import events
from judging.audit import services as audit
from judging.database import writing
from judging.errors import Conflict, NotFound, ValidationFailed
from judging.i18n import N_
from judging.outbox.services import queue_mail
from judging.results.moderation.schemas import (
    ModeratedCard,
    ScorecardInclusion,
    ScorecardModeration,
    ScorecardStateOut,
)
from judging.results.ranking.services import round_of
from judging.reviews.tables import Scorecard, ScorecardStatus

RETURNED_MAIL = "scorecard_returned"
ALREADY_EXCLUDED = N_("This scorecard is already left out of the ranking.")
NOT_EXCLUDED = N_("This scorecard already counts in the ranking.")
NOT_SUBMITTED = N_("Only a submitted scorecard can be sent back; this one is still with its judge.")
_STATE_COLUMNS = ("status", "excluded", "excluded_reason", "version")


def _reason(text: str) -> str:
    reason = text.strip()
    if len(reason) < 3:
        raise ValidationFailed.single("reason", N_("Enter at least %(n)s characters."), n=3)
    return reason


async def card_of(competition_id: int, round_id: int, scorecard_id: int) -> ModeratedCard:
    """The scorecard, which must belong to the round of the competition (else NotFound)."""
    await round_of(competition_id, round_id)
    card = (
        await Scorecard.select()
        .where((Scorecard.id == scorecard_id) & (Scorecard.round == round_id))
        .first()
    )
    if card is None:
        raise NotFound()
    return msgspec.convert(card, ModeratedCard)


# The audit trail's before/after: a JSON payload.
def _state(card: ModeratedCard) -> dict[str, Any]:
    return {name: getattr(card, name) for name in _STATE_COLUMNS}


async def _change(
    card: ModeratedCard, version: int, changes: dict[str, Any], now: datetime
) -> ModeratedCard:
    """Apply ``changes`` if the card is still at ``version`` (else :class:`Conflict`)."""
    if card.version != version:
        raise Conflict()
    values = {**changes, "version": version + 1, "updated_at": now}
    updated = (
        await Scorecard.update({getattr(Scorecard, name): value for name, value in values.items()})
        .where((Scorecard.id == card.id) & (Scorecard.version == version))
        .returning(*Scorecard.all_columns())
    )
    if not updated:
        raise Conflict()
    return msgspec.convert(updated[0], ModeratedCard)


def _out(card: ModeratedCard) -> ScorecardStateOut:
    return msgspec.convert(card, ScorecardStateOut, from_attributes=True)


async def exclude_scorecard(
    competition_id: int,
    round_id: int,
    scorecard_id: int,
    request: ScorecardModeration,
    actor_id: int,
    now: datetime,
) -> ScorecardStateOut:
    """Leave the card out of the ranking with a reason (3 to 1000 characters); audited."""
    reason = _reason(request.reason)
    async with writing():
        card = await card_of(competition_id, round_id, scorecard_id)
        if card.excluded:
            raise Conflict(ALREADY_EXCLUDED)
        saved = await _change(
            card, request.version, {"excluded": True, "excluded_reason": reason}, now
        )
        await audit.record(
            actor_id=actor_id,
            entity="scorecard",
            entity_id=scorecard_id,
            action="excluded",
            before=_state(card),
            after={**_state(saved), "reason": reason},
        )
    # Live leaderboards show the counted cards: announce the change once committed.
    await events.announce(events.ROUND_CHANGED, round_id=round_id)
    return _out(saved)


async def include_scorecard(
    competition_id: int,
    round_id: int,
    scorecard_id: int,
    request: ScorecardInclusion,
    actor_id: int,
    now: datetime,
) -> ScorecardStateOut:
    """Count an excluded card again (the reason is optional); audited."""
    reason = request.reason.strip()
    async with writing():
        card = await card_of(competition_id, round_id, scorecard_id)
        if not card.excluded:
            raise Conflict(NOT_EXCLUDED)
        saved = await _change(
            card, request.version, {"excluded": False, "excluded_reason": ""}, now
        )
        await audit.record(
            actor_id=actor_id,
            entity="scorecard",
            entity_id=scorecard_id,
            action="included",
            before=_state(card),
            after={**_state(saved), "reason": reason},
        )
    # Live leaderboards show the counted cards: announce the change once committed.
    await events.announce(events.ROUND_CHANGED, round_id=round_id)
    return _out(saved)


async def return_scorecard(
    competition_id: int,
    round_id: int,
    scorecard_id: int,
    request: ScorecardModeration,
    actor_id: int,
    base_url: str,
    now: datetime,
) -> ScorecardStateOut:
    """Send a submitted card back to its judge for re-scoring, with a reason; audited (action
    "returned", the reason in ``after.reason``, which the judge's page shows) and mailed to
    the judge. Until the judge submits again the card does not count."""
    reason = _reason(request.reason)
    async with writing():
        card = await card_of(competition_id, round_id, scorecard_id)
        if card.status != ScorecardStatus.SUBMITTED:
            raise Conflict(NOT_SUBMITTED)
        saved = await _change(card, request.version, {"status": ScorecardStatus.RETURNED}, now)
        await audit.record(
            actor_id=actor_id,
            entity="scorecard",
            entity_id=scorecard_id,
            action="returned",
            before=_state(card),
            after={
                **_state(saved),
                "reason": reason,
                "round_id": round_id,
                "submission_id": card.submission,
            },
        )
        await _mail_judge(card, reason, base_url)
    # Live leaderboards show the counted cards: announce the change once committed.
    await events.announce(events.ROUND_CHANGED, round_id=round_id)
    return _out(saved)


async def _mail_judge(card: ModeratedCard, reason: str, base_url: str) -> None:
    row = (
        await Scorecard.select(
            Scorecard.judge.email.as_alias("email"),
            Scorecard.judge.display_name.as_alias("name"),
            Scorecard.submission.title.as_alias("title"),
            Scorecard.round.name_en.as_alias("round_en"),
            Scorecard.round.name_zh.as_alias("round_zh"),
            Scorecard.round.is_blind.as_alias("is_blind"),
            Scorecard.round.competition.name_en.as_alias("competition_en"),
            Scorecard.round.competition.name_zh.as_alias("competition_zh"),
            Scorecard.round.competition.id.as_alias("competition_id"),
        )
        .where(Scorecard.id == card.id)
        .first()
    )
    assert row is not None
    await queue_mail(
        row["email"],
        RETURNED_MAIL,
        competition_id=row["competition_id"],
        name=row["name"],
        # In blind rounds a mail names no project: mailboxes are shared and forwarded.
        project=None if row["is_blind"] else row["title"],
        reason=reason,
        competition_en=row["competition_en"],
        competition_zh=row["competition_zh"],
        round_en=row["round_en"],
        round_zh=row["round_zh"],
        link=f"{base_url.rstrip('/')}/judge/rounds/{card.round}/projects/{card.submission}",
    )

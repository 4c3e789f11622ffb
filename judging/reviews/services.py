"""The rules of judging: which assigned project a judge may score and when, and saving and
reopening scorecards (what the judge sees is in :mod:`judging.reviews.judge_views`, the
organizers' progress view and reminders in :mod:`judging.reviews.progress`).

A judge reaches a project in a round only through an :class:`Assignment` for exactly that
round and project, and only without a conflict of interest (the rule of
:mod:`judging.assignments.access`);
anything else is :class:`NotFound`, so ids reveal nothing. A card is saved with a
compare-and-set on its ``version`` in one transaction together with its audit event.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import msgspec

from judging import events, permissions
from judging.accounts.tables import Account
from judging.assignments.access import is_conflicted
from judging.assignments.tables import Assignment
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.competitions.rubric import FULL_WEIGHT_BP, round_rubric
from judging.competitions.tables import Competition, Round
from judging.database import reading, writing
from judging.errors import Conflict, DomainError, Forbidden, NotFound
from judging.i18n import N_, Moment
from judging.reviews.schemas import (
    JudgingRound,
    QueueStatus,
    ScorecardOut,
    ScorecardSave,
    StoredCard,
)
from judging.reviews.score_checks import card_total, check_scores
from judging.reviews.tables import Scorecard, ScorecardStatus
from judging.submissions.tables import Submission, SubmissionStatus

# Only projects in this state are judged; withdrawn and disqualified ones are not.
SCORABLE_PROJECT = SubmissionStatus.SUBMITTED

STALE_CARD = N_(
    "These scores were changed in another tab or window after you opened this page. "
    "Reload the page to see what is saved, then make your change again."
)
JUDGING_NOT_SCHEDULED = N_("Judging of this round has not been scheduled yet. Nothing was saved.")
JUDGING_NOT_OPEN_YET = N_("Judging of this round opens on %(moment)s. Nothing was saved.")
JUDGING_CLOSED = N_(
    "Judging of this round closed on %(moment)s. Scores can no longer change; nothing was saved."
)
PROJECT_NOT_SCORABLE = N_(
    "This project was withdrawn or disqualified, so it is not scored. Nothing was saved."
)
RUBRIC_NOT_READY = N_(
    "The rubric of this round is not finished yet, so it cannot be scored. Nothing was saved."
)
RUBRIC_CHANGED = N_(
    "The organizers changed this round's rubric while you were scoring. Reload the page to "
    "score with the new criteria. Nothing was saved."
)
SUBMITTED_NOT_DRAFTED = N_(
    "These scores are submitted, and saving them as a draft would withdraw them. Submit your "
    "changes instead, or reopen the scores as a draft first. Nothing was saved."
)
NOT_SUBMITTED = N_(
    "Only submitted scores can be reopened; these are not submitted. Nothing changed."
)

_CARD_COLUMNS = (
    "status",
    "scores",
    "total",
    "comment_to_entrant",
    "note_to_organizers",
    "version",
)


# ---------------------------------------------------------------- the judging window


def judging_is_open(opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> bool:
    """Open from ``opens_at`` (which must be set) until just before ``closes_at`` (if set)."""
    return opens_at is not None and opens_at <= now and (closes_at is None or now < closes_at)


def window_refusal(
    opens_at: datetime | None, closes_at: datetime | None, timezone: str, now: datetime
) -> Forbidden | None:
    """Why scores cannot change at ``now`` (an error to raise or show), or None."""
    if judging_is_open(opens_at, closes_at, now):
        return None
    if opens_at is None:
        return Forbidden(JUDGING_NOT_SCHEDULED)
    if now < opens_at:
        return Forbidden(JUDGING_NOT_OPEN_YET, moment=Moment(opens_at, timezone))
    assert closes_at is not None
    return Forbidden(JUDGING_CLOSED, moment=Moment(closes_at, timezone))


def judging_round_of(row: Mapping[str, Any], now: datetime) -> JudgingRound:
    """A round row with its competition's names and time zone (see ``ROUND_COLUMNS``)."""
    is_open = judging_is_open(row["judging_opens_at"], row["judging_closes_at"], now)
    return msgspec.convert(
        {**row, "competition_id": row["competition"], "is_open": is_open}, JudgingRound
    )


_OWN_ROUND_COLUMNS = (
    Round.id,
    Round.competition,
    Round.name_en,
    Round.name_zh,
    Round.is_blind,
    Round.is_screening,
    Round.judging_opens_at,
    Round.judging_closes_at,
)
ROUND_COLUMNS = (
    *_OWN_ROUND_COLUMNS,
    Round.competition.name_en.as_alias("competition_name_en"),
    Round.competition.name_zh.as_alias("competition_name_zh"),
    Round.competition.timezone.as_alias("timezone"),
)


async def judging_round(round_id: int, now: datetime) -> JudgingRound | None:
    """The round with its competition's names and time zone, and whether judging is open."""
    row = await Round.select(*ROUND_COLUMNS).where(Round.id == round_id).first()
    return None if row is None else judging_round_of(row, now)


# ---------------------------------------------------------------- what a judge may open


class AssignedRound(msgspec.Struct, kw_only=True):
    """A round's own columns, as a judge's save needs them (no competition names)."""

    id: int
    competition: int
    name_en: str
    name_zh: str
    is_blind: bool
    is_screening: bool
    judging_opens_at: datetime | None
    judging_closes_at: datetime | None


class _Assigned(msgspec.Struct):
    """A project a judge may open in a round, with what every page and save needs.

    ``round`` holds the round's own columns; its competition's names and time zone are read
    only where they are shown (saving needs them only to explain a refusal).
    """

    round: AssignedRound
    submission: Submission
    rubric: list[dict[str, Any]]
    # The judge's own card as it was read, or None before their first save.
    card: StoredCard | None


async def assigned_project(judge: Account, round_id: int, submission_id: int) -> _Assigned:
    """The round and project if ``judge`` is assigned to it there, still judges the
    competition and has no conflict with it; else :class:`NotFound`.

    Saves run this on every request, so it reads with a few plain queries (Piccolo's joins
    cost more to build than to run) over one connection.
    """
    async with reading():
        assigned = await Assignment.exists().where(
            (Assignment.round == round_id)
            & (Assignment.submission == submission_id)
            & (Assignment.judge == judge.id)
        )
        if not assigned:
            raise NotFound()
        row = await Round.select(*_OWN_ROUND_COLUMNS).where(Round.id == round_id).first()
        submission = await Submission.objects().where(Submission.id == submission_id).first()
        if (
            row is None
            or submission is None
            or submission.competition != row["competition"]
            # The rule of judge_may_see, with the assignment in this very round.
            or not permissions.can_judge_project(
                await competitions.roles_in(judge.id, row["competition"]),
                assigned=assigned,
                conflicted=await is_conflicted(judge, submission),
            )
        ):
            raise NotFound()
        return _Assigned(
            msgspec.convert(row, AssignedRound),
            submission,
            await round_rubric(round_id),
            await own_card(judge.id, round_id, submission_id),
        )


async def judging_of(found: _Assigned, now: datetime) -> JudgingRound:
    competition = (
        await Competition.select(Competition.name_en, Competition.name_zh, Competition.timezone)
        .where(Competition.id == found.round.competition)
        .first()
    )
    assert competition is not None
    return judging_round_of(
        {
            **msgspec.structs.asdict(found.round),
            "competition_name_en": competition["name_en"],
            "competition_name_zh": competition["name_zh"],
            "timezone": competition["timezone"],
        },
        now,
    )


def rubric_is_ready(rows: list[dict[str, Any]]) -> bool:
    """A round can be scored once its criteria's weights total exactly 100%."""
    return bool(rows) and sum(row["weight_bp"] for row in rows) == FULL_WEIGHT_BP


async def scoring_refusal(found: _Assigned, now: datetime) -> DomainError | None:
    """Why the judge cannot save scores for this project now, or None."""
    if found.submission.status != SCORABLE_PROJECT:
        return Conflict(PROJECT_NOT_SCORABLE)
    opens_at, closes_at = found.round.judging_opens_at, found.round.judging_closes_at
    if not judging_is_open(opens_at, closes_at, now):
        judging = await judging_of(found, now)
        return window_refusal(opens_at, closes_at, judging.timezone, now)
    if not rubric_is_ready(found.rubric):
        return Conflict(RUBRIC_NOT_READY)
    return None


# ---------------------------------------------------------------- views for the judge


def _loaded(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, str | bytes) else value


def stored_card(row: Mapping[str, Any]) -> StoredCard:
    """A scorecard row (every column; ``scores`` as stored or loaded) as a Struct."""
    return msgspec.convert({**row, "scores": _loaded(row["scores"]) or {}}, StoredCard)


def scorecard_out(card: StoredCard) -> ScorecardOut:
    return ScorecardOut(
        id=card.id,
        round_id=card.round,
        submission_id=card.submission,
        status=card.status,
        scores=card.scores,
        total=card.total,
        comment_to_entrant=card.comment_to_entrant,
        note_to_organizers=card.note_to_organizers,
        version=card.version,
        updated_at=card.updated_at,
        submitted_at=card.submitted_at,
        reopened_at=card.reopened_at,
    )


def queue_status(card: Mapping[str, Any] | None) -> QueueStatus:
    """How the queue shows a card: not started, draft, reopened, submitted or returned."""
    if card is None:
        return QueueStatus.NOT_STARTED
    if card["status"] == ScorecardStatus.DRAFT and card["reopened_at"] is not None:
        return QueueStatus.REOPENED
    return QueueStatus(card["status"])


async def own_card(judge_id: int, round_id: int, submission_id: int) -> StoredCard | None:
    """The judge's card of the project in the round, or None before their first save."""
    row = (
        await Scorecard.select()
        .where(
            (Scorecard.round == round_id)
            & (Scorecard.submission == submission_id)
            & (Scorecard.judge == judge_id)
        )
        .first()
    )
    return None if row is None else stored_card(row)


def _card_state(card: StoredCard | None) -> dict[str, Any] | None:
    # What the audit trail keeps of a card before and after a change.
    if card is None:
        return None
    return {name: getattr(card, name) for name in _CARD_COLUMNS}


async def save_scorecard(
    judge: Account, round_id: int, submission_id: int, data: ScorecardSave, now: datetime
) -> ScorecardOut:
    """Save the judge's card for the project as a draft or submit it; returns the saved card.

    Refused with :class:`NotFound` (not assigned, conflicted), :class:`Forbidden` (outside
    the judging window), :class:`Conflict` (project not judged, rubric unfinished, the card
    changed since ``data.version`` was loaded, or a draft over a submitted card: only
    :func:`reopen_scorecard` withdraws a submission) or :class:`ValidationFailed`. The write
    and its audit event are one transaction; nothing changes when any check fails.
    """
    found = await assigned_project(judge, round_id, submission_id)
    refusal = await scoring_refusal(found, now)
    if refusal is not None:
        raise refusal
    submit = data.action == "submit"
    current = found.card
    if current is not None and current.status == ScorecardStatus.SUBMITTED and not submit:
        # A stale save is told to reload first; the compare-and-set below proves the card is
        # still the submitted one that was read.
        raise Conflict(STALE_CARD if current.version != data.version else SUBMITTED_NOT_DRAFTED)
    values = check_scores(found.rubric, data.scores, complete=submit)
    values = {row["key"]: values[row["key"]] for row in found.rubric if row["key"] in values}
    after = {
        "status": ScorecardStatus.SUBMITTED if submit else ScorecardStatus.DRAFT,
        "scores": values,
        "total": card_total(found.rubric, values),
        "comment_to_entrant": data.comment_to_entrant,
        "note_to_organizers": data.note_to_organizers,
        "version": data.version + 1,
    }
    changes = {
        Scorecard.status: after["status"],
        Scorecard.scores: values,
        Scorecard.total: after["total"],
        Scorecard.comment_to_entrant: data.comment_to_entrant,
        Scorecard.note_to_organizers: data.note_to_organizers,
        Scorecard.version: data.version + 1,
        Scorecard.updated_at: now,
        Scorecard.submitted_at: now if submit else None,
        # The deck these scores were given against (see judging.submissions.locking).
        Scorecard.deck_sha256: found.submission.deck_sha256,
    }
    if submit:
        # Submitted again: no longer a reopened draft. A draft save keeps the mark.
        changes[Scorecard.reopened_at] = None
    # The card was read before the write lock; the compare-and-set below proves it is still
    # the card that was read, so ``current`` is exactly what this save replaces.
    async with writing():
        if current is None:
            # A first card may be the round's first, which freezes the rubric: the rubric it
            # was checked against must still be the round's (see rubric.replace_rubric).
            await competitions.lock_rounds([round_id], shared=True)
            if await round_rubric(round_id) != found.rubric:
                raise Conflict(RUBRIC_CHANGED)
            saved = await _insert_card(judge, round_id, submission_id, data.version, changes, now)
        else:
            saved = await _update_card(current, data.version, changes)
        await audit.record(
            actor_id=judge.id,
            entity="scorecard",
            entity_id=saved.id,
            action="submitted" if submit else "draft_saved",
            before=_card_state(current),
            after={**after, "round_id": round_id, "submission_id": submission_id},
        )
    # Committed: the round's live leaderboards hear of it (see judging.results.live).
    await events.announce(
        events.SCORECARD_SAVED,
        round_id=round_id,
        submission_id=submission_id,
        status_before=current.status if current else None,
        status_after=after["status"],
    )
    return scorecard_out(saved)


async def reopen_scorecard(
    judge: Account, round_id: int, submission_id: int, version: int, now: datetime
) -> ScorecardOut:
    """Withdraw the judge's submitted card: it becomes a draft again (marked reopened), its
    scores and comments kept, and no longer counts until it is submitted again.

    The same round rules as saving apply (:class:`Forbidden` outside the judging window,
    :class:`Conflict` for a project no longer judged); a card that is not submitted, or that
    changed since ``version`` was loaded, is :class:`Conflict`. Audited as "reopened".
    """
    found = await assigned_project(judge, round_id, submission_id)
    refusal = await scoring_refusal(found, now)
    if refusal is not None:
        raise refusal
    current = found.card
    if current is None or current.status != ScorecardStatus.SUBMITTED:
        raise Conflict(NOT_SUBMITTED)
    changes = {
        Scorecard.status: ScorecardStatus.DRAFT,
        Scorecard.version: version + 1,
        Scorecard.updated_at: now,
        Scorecard.submitted_at: None,
        Scorecard.reopened_at: now,
    }
    async with writing():
        saved = await _update_card(current, version, changes)
        await audit.record(
            actor_id=judge.id,
            entity="scorecard",
            entity_id=saved.id,
            action="reopened",
            before=_card_state(current),
            after={
                **_card_state(saved),
                "round_id": round_id,
                "submission_id": submission_id,
            },
        )
    await events.announce(
        events.SCORECARD_SAVED,
        round_id=round_id,
        submission_id=submission_id,
        status_before=ScorecardStatus.SUBMITTED,
        status_after=ScorecardStatus.DRAFT,
    )
    return scorecard_out(saved)


async def _insert_card(
    judge: Account,
    round_id: int,
    submission_id: int,
    version: int,
    changes: dict[Any, Any],
    now: datetime,
) -> StoredCard:
    # The first save creates the card; of two racing first saves the unique index lets one
    # in and the other inserts nothing, which is the same "changed elsewhere" as a stale save.
    if version != 0:
        raise Conflict(STALE_CARD)
    card = Scorecard(
        round=round_id,
        submission=submission_id,
        judge=judge.id,
        created_at=now,
        **{column._meta.name: value for column, value in changes.items()},
    )
    inserted = (
        await Scorecard.insert(card)
        .on_conflict(action="DO NOTHING")
        .returning(*Scorecard.all_columns())
    )
    if not inserted:
        raise Conflict(STALE_CARD)
    return stored_card(inserted[0])


async def _update_card(current: StoredCard, version: int, changes: dict[Any, Any]) -> StoredCard:
    # Compare-and-set: the row changes only if it is still at the version the judge loaded.
    if current.version != version:
        raise Conflict(STALE_CARD)
    updated = (
        await Scorecard.update(changes)
        .where((Scorecard.id == current.id) & (Scorecard.version == version))
        .returning(*Scorecard.all_columns())
    )
    if not updated:
        raise Conflict(STALE_CARD)
    return stored_card(updated[0])

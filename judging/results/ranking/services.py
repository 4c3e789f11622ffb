"""What organizers read about a round's results: the ranking (and another policy's ranking
beside it), one project's scores in full, and the judges' calibration; and adopting a
previewed policy.

Every function checks that the round belongs to the competition (else :class:`NotFound`);
who may call them is decided by the controllers' guards (organizers of the competition).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import msgspec
from litestar.stores.base import Store

from judging import events
from judging.accounts.tables import Account
from judging.audit import services as audit
from judging.audit.schemas import AuditEntry
from judging.competitions import services as competitions
from judging.competitions.rubric import FULL_WEIGHT_BP, round_rubric
from judging.competitions.tables import Round
from judging.database import writing
from judging.errors import Conflict, NotFound
from judging.i18n import N_
from judging.results.publication.tables import RankingSnapshot
from judging.results.ranking.board import (
    DisplayRow,
    compare_rankings,
    criteria_out,
    display_rows,
    preview_policy,
    ranking_board,
)
from judging.results.ranking.calibration import with_names
from judging.results.ranking.computed import ComputedRound, computed_round
from judging.results.ranking.schemas import (
    AuditEventOut,
    Calibration,
    CardBreakdown,
    PolicyFields,
    PolicyOut,
    PolicyQuery,
    ProjectBreakdown,
    RankingOut,
)
from judging.results.sheets.round_ranking import rank_sheet
from judging.results.sheets.score_sheet import round_sheet
from judging.reviews.services import judging_is_open
from judging.reviews.tables import Scorecard, ScorecardStatus
from judging.submissions.tables import Submission

RUBRIC_NOT_READY = N_("The rubric of this round is not finished yet, so there is no ranking.")
POLICY_FROZEN = N_(
    "A ranking of this round has been published, so its scoring policy can no longer change "
    "here. Nothing was saved."
)
POLICY_FIELDS = ("normalize", "aggregate", "trim", "min_judges", "disagreement")


async def round_of(competition_id: int, round_id: int) -> Round:
    """The round, which must belong to the competition (else :class:`NotFound`)."""
    return await competitions.get_round(competition_id, round_id)


async def rankable_round(competition_id: int, round_id: int) -> Round:
    """The round, refused with :class:`Conflict` while its rubric's weights do not total 100%."""
    row = await round_of(competition_id, round_id)
    criteria = await round_rubric(round_id)
    if not criteria or sum(criterion["weight_bp"] for criterion in criteria) != FULL_WEIGHT_BP:
        raise Conflict(RUBRIC_NOT_READY)
    return row


async def is_published(round_id: int) -> bool:
    """True once any ranking snapshot of the round has been published."""
    return await RankingSnapshot.exists().where(RankingSnapshot.round == round_id)


async def computed(competition_id: int, round_id: int, store: Store | None) -> ComputedRound:
    """The round's computed results with its own policy (from ``store`` when still valid)."""
    return await computed_round(await rankable_round(competition_id, round_id), store)


# ---------------------------------------------------------------- ranking and preview


async def ranking(
    competition_id: int,
    round_id: int,
    store: Store | None,
    query: PolicyQuery | None = None,
) -> RankingOut:
    """The round's ranking; with a non-empty ``query`` also the same sheet ranked with that
    policy and the moves between the two. Previewing saves nothing."""
    return (await ranking_and_rows(competition_id, round_id, store, query))[0]


async def ranking_and_rows(
    competition_id: int,
    round_id: int,
    store: Store | None,
    query: PolicyQuery | None = None,
) -> tuple[RankingOut, list[DisplayRow]]:
    """:func:`ranking` and the current ranking's rows as the page prints them."""
    if query is None or query.is_empty():
        result = await computed(competition_id, round_id, store)
        out = RankingOut(ranking=result.board, published=await is_published(round_id))
        return out, result.rows
    await rankable_round(competition_id, round_id)
    sheet = await round_sheet(round_id)
    criteria_rows = await round_rubric(round_id)
    track_rows = await competitions.tracks(competition_id)
    policy = preview_policy(sheet.policy, query)

    def rank_both_ways() -> tuple[RankingOut, list[DisplayRow]]:
        current = rank_sheet(sheet)
        preview = rank_sheet(sheet, policy)
        board = ranking_board(current, competition_id, criteria_rows, track_rows)
        preview_board = ranking_board(preview, competition_id, criteria_rows, track_rows)
        comparison = compare_rankings(board, preview_board)
        out = RankingOut(ranking=board, published=False, comparison=comparison)
        return out, display_rows(board)

    out, rows = await asyncio.to_thread(rank_both_ways)
    return msgspec.structs.replace(out, published=await is_published(round_id)), rows


async def adopt_policy(
    competition_id: int, round_id: int, fields: PolicyFields, actor_id: int
) -> PolicyOut:
    """Make ``fields`` the round's scoring policy (audited); refused with :class:`Conflict`
    once a ranking of the round has been published."""
    after = msgspec.structs.asdict(fields)
    async with writing():
        row = await round_of(competition_id, round_id)
        if await is_published(round_id):
            raise Conflict(POLICY_FROZEN)
        before = {name: getattr(row, name) for name in POLICY_FIELDS}
        if before != after:
            await Round.update(after).where(Round.id == round_id)
            await audit.record(
                actor_id=actor_id,
                entity="round",
                entity_id=round_id,
                action="policy_adopted",
                before=before,
                after=after,
            )
    if before != after:
        await events.announce(events.ROUND_CHANGED, round_id=round_id)
    return PolicyOut(**after)


# ---------------------------------------------------------------- one project


def _history(rows: list[AuditEntry]) -> list[AuditEventOut]:
    return [
        AuditEventOut(
            id=row.id,
            at=row.at,
            actor_name=row.actor_name,
            action=row.action,
            before=row.before,
            after=row.after,
        )
        for row in rows
    ]


def _scores(value: Any) -> dict[str, float]:
    loaded = msgspec.json.decode(value) if isinstance(value, str | bytes) else value
    return dict(loaded or {})


async def project_breakdown(
    competition_id: int, round_id: int, submission_id: int, store: Store | None, now: datetime
) -> ProjectBreakdown:
    """Every scorecard of the project in the round, whatever its state, with raw and
    normalized scores, comments, notes and each card's audit history; and the project's
    score, ranks and disagreement flag. :class:`NotFound` for a project of another
    competition, or one neither taking part in the round nor scored in it."""
    round_row = await rankable_round(competition_id, round_id)
    project = (
        await Submission.select(
            Submission.id,
            Submission.competition,
            Submission.title,
            Submission.organization,
            Submission.status,
            Submission.track.key.as_alias("track"),
            Submission.track.name_en.as_alias("track_name_en"),
            Submission.track.name_zh.as_alias("track_name_zh"),
        )
        .where(Submission.id == submission_id)
        .first()
    )
    if project is None or project["competition"] != competition_id:
        raise NotFound()
    cards = (
        await Scorecard.select(
            *Scorecard.all_columns(),
            Scorecard.judge.display_name.as_alias("judge_name"),
            Scorecard.judge.email.as_alias("judge_email"),
        )
        .where((Scorecard.round == round_id) & (Scorecard.submission == submission_id))
        .order_by(Scorecard.id)
    )
    result = await computed_round(round_row, store)
    row = next(
        (item for item in result.board.projects if item.submission_id == submission_id), None
    )
    taking_part = row is not None or any(
        item.submission_id == submission_id for item in result.board.unscored
    )
    if not taking_part and not cards:
        raise NotFound()
    normalized = result.cards.of_project(submission_id)
    breakdown_cards = []
    for card in cards:
        counted = (
            taking_part and card["status"] == ScorecardStatus.SUBMITTED and not card["excluded"]
        )
        ranked = normalized.get(card["judge"]) if counted else None
        # The stored total equals the scoring module's judge score bit for bit (one formula).
        total = card["total"] if card["total"] is not None or ranked is None else ranked[0]
        breakdown_cards.append(
            CardBreakdown(
                id=card["id"],
                judge_id=card["judge"],
                judge_name=card["judge_name"],
                judge_email=card["judge_email"],
                status=card["status"],
                counted=counted,
                excluded=card["excluded"],
                excluded_reason=card["excluded_reason"],
                total=total,
                normalized=ranked[1] if ranked else None,
                scores=_scores(card["scores"]),
                comment_to_entrant=card["comment_to_entrant"],
                note_to_organizers=card["note_to_organizers"],
                version=card["version"],
                updated_at=card["updated_at"],
                submitted_at=card["submitted_at"],
                history=_history(await audit.history("scorecard", card["id"])),
            )
        )
    return ProjectBreakdown(
        competition_id=competition_id,
        round_id=round_id,
        submission_id=submission_id,
        title=project["title"],
        organization=project["organization"],
        project_status=project["status"],
        track=project["track"],
        track_name_en=project["track_name_en"],
        track_name_zh=project["track_name_zh"],
        taking_part=taking_part,
        score=row.score if row else None,
        rank=row.rank if row else None,
        track_rank=row.track_rank if row else None,
        n_judges=row.n_judges if row else 0,
        flagged=row.flagged if row else False,
        score_std=row.score_std if row else None,
        disagreement=float(round_row.disagreement),
        min_judges=round_row.min_judges,
        judging_open=judging_is_open(round_row.judging_opens_at, round_row.judging_closes_at, now),
        criteria=criteria_out(await round_rubric(round_id)),
        cards=breakdown_cards,
    )


# ---------------------------------------------------------------- calibration


async def calibration(competition_id: int, round_id: int, store: Store | None) -> Calibration:
    """The round's judge calibration, judges by name."""
    numbers = (await computed(competition_id, round_id, store)).calibration
    ids = [judge.judge_id for judge in numbers.judges]
    names = (
        {
            row["id"]: row["display_name"]
            for row in await Account.select(Account.id, Account.display_name).where(
                Account.id.is_in(ids)
            )
        }
        if ids
        else {}
    )
    return with_names(numbers, names)

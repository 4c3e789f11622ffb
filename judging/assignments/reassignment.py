"""Drop-outs and conflicts: take projects away from a judge, then refill them with the solver.

Rules:

* "Scored" means a submitted scorecard: scored pairs are never removed by a drop-out; a
  conflict removes the judge anyway and leaves their submitted card out of the ranking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from judging.assignments import planning
from judging.assignments.planning import Pair, Shortfall
from judging.assignments.rounds import (
    insert_pairs,
    mail_judges,
    open_rounds,
    read_state,
    scorecard,
    solve,
)
from judging.assignments.scorecards import scorecards
from judging.assignments.solver.model import AssignmentInfeasible
from judging.assignments.tables import Assignment
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.competitions.tables import Round
from judging.database import writing

CONFLICT_EXCLUSION = "conflict of interest declared"
DROP_OUT = "judge dropped out"


@dataclass
class ReassignmentOutcome:
    """What a drop-out or a declared conflict changed, round by round.

    Pairs are (round id, submission id, judge id). ``shortfalls`` say which projects could not
    get their judges back; the removals happen regardless.
    """

    removed: list[tuple[int, int, int]] = field(default_factory=list)
    added: list[tuple[int, int, int]] = field(default_factory=list)
    kept_scored: list[tuple[int, int, int]] = field(default_factory=list)
    excluded_scorecards: list[int] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    conflict_id: int | None = None

    def merge(self, other: ReassignmentOutcome) -> None:
        self.removed += other.removed
        self.added += other.added
        self.kept_scored += other.kept_scored
        self.excluded_scorecards += other.excluded_scorecards
        self.shortfalls += other.shortfalls

    @property
    def changed(self) -> bool:
        return bool(self.removed or self.added or self.excluded_scorecards)


async def remove_pairs(
    found: Round,
    pairs: Iterable[Pair],
    *,
    exclude_submitted: bool,
    reason: str,
    actor_id: int | None,
    outcome: ReassignmentOutcome,
) -> list[Pair]:
    """Delete these assignments (audited) and the judges' unsubmitted scorecards with them.

    A submitted scorecard is kept with its assignment unless ``exclude_submitted``; then the
    assignment goes and the card stays, excluded from the ranking.
    """
    removed: list[Pair] = []
    for submission_id, judge_id in pairs:
        row = (
            await Assignment.select(Assignment.id)
            .where(
                (Assignment.round == found.id)
                & (Assignment.submission == submission_id)
                & (Assignment.judge == judge_id)
            )
            .first()
        )
        if row is None:
            continue
        card = await scorecard(found.id, submission_id, judge_id)
        if card is not None and card.scored:
            if not exclude_submitted:
                outcome.kept_scored.append((found.id, submission_id, judge_id))
                continue
            await scorecards().exclude(card, excluded_reason=CONFLICT_EXCLUSION, actor_id=actor_id)
            outcome.excluded_scorecards.append(card.id)
        elif card is not None:
            # Audited with the whole card: a deleted draft must still be readable in the trail.
            await scorecards().delete(
                found.id, submission_id, judge_id, card, reason=reason, actor_id=actor_id
            )
        await Assignment.delete().where(Assignment.id == row["id"])
        await audit.record(
            actor_id=actor_id,
            entity="assignment",
            entity_id=row["id"],
            action="deleted",
            before={"round_id": found.id, "submission_id": submission_id, "judge_id": judge_id},
            after={"reason": reason},
        )
        outcome.removed.append((found.id, submission_id, judge_id))
        removed.append((submission_id, judge_id))
    return removed


async def _refill(
    found: Round,
    targets: set[int],
    *,
    unavailable: set[int],
    actor_id: int | None,
    outcome: ReassignmentOutcome,
) -> None:
    """Give ``targets`` back their K judges with the solver, everything else kept.

    When no assignment of all targets exists, the reasons are reported and each target is
    then filled on its own where possible, so one hard project does not hold up the rest.
    """
    state = await read_state(found)
    problem = planning.build_problem(state, refill=targets, unavailable=unavailable)
    if problem.dropped:
        # Conflicted pairs on these projects go too: a conflict is never kept.
        removed = await remove_pairs(
            found,
            problem.dropped,
            exclude_submitted=True,
            reason=CONFLICT_EXCLUSION,
            actor_id=actor_id,
            outcome=outcome,
        )
        gone = set(removed)
        state.assignments = [pair for pair in state.assignments if pair not in gone]
        problem = planning.build_problem(state, refill=targets, unavailable=unavailable)
    if not problem.targets:
        return
    try:
        added = await solve(problem)
    except AssignmentInfeasible as infeasible:
        outcome.shortfalls += planning.explain(infeasible.report, state)
        added = []
        for submission_id in problem.targets:
            single = planning.build_problem(state, refill={submission_id}, unavailable=unavailable)
            try:
                pairs = await solve(single)
            except AssignmentInfeasible:
                continue
            added += pairs
            state.assignments += pairs
    if not added:
        return
    await insert_pairs(found.id, added, actor_id)
    await audit.record(
        actor_id=actor_id,
        entity="round",
        entity_id=found.id,
        action="assignments_reassigned",
        after={"pairs": [[sid, jid] for sid, jid in added]},
    )
    outcome.added += [(found.id, sid, jid) for sid, jid in added]


async def reassign_after_drop_out(
    *,
    competition_id: int,
    judge_id: int,
    actor_id: int | None,
    now: datetime,
    base_url: str | None = None,
) -> ReassignmentOutcome:
    """Take a dropped-out judge's unscored projects away in every open round and refill them.

    Scored projects (a submitted scorecard) stay with the judge; drafts go with the
    assignment. The judge gets nothing new. When some projects cannot be refilled, the
    outcome says why, and the removal stands: a dropped judge keeps no unscored project.
    """
    outcome = ReassignmentOutcome()
    async with writing():
        rounds = await open_rounds(competition_id, now)
        await competitions.lock_rounds(found.id for found in rounds)
        for found in rounds:
            rows = await Assignment.select(Assignment.submission).where(
                (Assignment.round == found.id) & (Assignment.judge == judge_id)
            )
            removed = await remove_pairs(
                found,
                [(row["submission"], judge_id) for row in rows],
                exclude_submitted=False,
                reason=DROP_OUT,
                actor_id=actor_id,
                outcome=outcome,
            )
            if removed:
                await _refill(
                    found,
                    {sid for sid, _ in removed},
                    unavailable={judge_id},
                    actor_id=actor_id,
                    outcome=outcome,
                )
        await mail_judges(competition_id, outcome.added, base_url)
    return outcome


async def resolve_conflicts(
    competition_id: int,
    judge_id: int,
    *,
    actor_id: int | None,
    now: datetime,
    base_url: str | None,
) -> ReassignmentOutcome:
    """Remove the judge from every project they now conflict with (open rounds) and refill."""
    outcome = ReassignmentOutcome()
    async with writing():
        rounds = await open_rounds(competition_id, now)
        await competitions.lock_rounds(found.id for found in rounds)
        for found in rounds:
            state = await read_state(found)
            conflicted = [
                pair
                for pair in state.assignments
                if pair[1] == judge_id and pair[0] in state.project_by_id and state.conflicted(pair)
            ]
            removed = await remove_pairs(
                found,
                conflicted,
                exclude_submitted=True,
                reason=CONFLICT_EXCLUSION,
                actor_id=actor_id,
                outcome=outcome,
            )
            if removed:
                await _refill(
                    found,
                    {sid for sid, _ in removed},
                    unavailable=set(),
                    actor_id=actor_id,
                    outcome=outcome,
                )
        await mail_judges(competition_id, outcome.added, base_url)
    return outcome

"""The assignment of a round: preview and commit the solver's plan, add or remove one pair by hand.

Rules (docs/assignment.md has the solver's):

* A judge never gets a project they have a conflict of interest with, by the one rule of
  :mod:`judging.assignments.conflicts` (their own, their team's, their organization's, or
  covered by a conflict row).

What the other modules of the package hold, and their layers, is in its docstring.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from judging.assignments import planning
from judging.assignments.planning import Pair, RoundState, Shortfall
from judging.assignments.reassignment import CONFLICT_EXCLUSION, ReassignmentOutcome, remove_pairs
from judging.assignments.rounds import (
    insert_pairs,
    mail_judges,
    read_state,
    round_state,
    scorecard,
    solve,
)
from judging.assignments.schemas import AssignmentAdd, JudgeLoadOut
from judging.assignments.solver.model import AssignmentInfeasible
from judging.assignments.tables import Assignment
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.competitions.tables import Round
from judging.database import writing
from judging.errors import Conflict as ConflictError
from judging.errors import FieldError, NotFound, ValidationFailed
from judging.i18n import N_


class StalePreview(ConflictError):
    """The plan changed between the preview and the commit; nothing was written.

    ``preview`` is the plan as it is now, to show instead.
    """

    default_message = N_(
        "The assignment changed since your preview. Check the new preview, then commit it."
    )

    def __init__(self, preview: Preview) -> None:
        super().__init__()
        self.preview = preview


class NothingToCommit(StalePreview):
    """No assignment exists (``preview`` says why), so there is nothing to commit."""

    default_message = N_(
        "No assignment satisfies the rules, so there is nothing to commit. See the reasons "
        "in the preview."
    )


@dataclass
class Preview:
    """A proposed assignment of a round (or why none exists); nothing is written."""

    round: Round
    state: RoundState
    problem: planning.Problem
    new_pairs: list[Pair]
    digest: str
    shortfalls: list[Shortfall] = field(default_factory=list)
    # The message saying why no assignment exists, and its placeholders (they vary per message).
    headline: tuple[str, dict[str, Any]] | None = None

    @property
    def feasible(self) -> bool:
        return self.headline is None

    @property
    def removed_pairs(self) -> list[Pair]:
        return self.problem.dropped

    def loads(self) -> list[JudgeLoadOut]:
        """Per judge: kept, new and total projects, for every judge who has or may get one."""
        return load_table(self.state, self.problem.kept, self.new_pairs)

    def expertise(self) -> tuple[int, int]:
        return planning.expertise_matches(self.state, [*self.problem.kept, *self.new_pairs])


@dataclass
class Commit:
    round_id: int
    added: list[Pair]
    removed: list[Pair]
    mailed_judges: int


def load_table(
    state: RoundState, kept: Iterable[Pair], new: Iterable[Pair] = ()
) -> list[JudgeLoadOut]:
    kept_count: dict[int, int] = defaultdict(int)
    new_count: dict[int, int] = defaultdict(int)
    for _, judge_id in kept:
        kept_count[judge_id] += 1
    for _, judge_id in new:
        new_count[judge_id] += 1
    rows = []
    for judge in sorted(state.judges, key=lambda j: (j.display_name.casefold(), j.id)):
        if not judge.available and not kept_count[judge.id]:
            continue
        rows.append(
            JudgeLoadOut(
                judge_id=judge.id,
                display_name=judge.display_name,
                kept=kept_count[judge.id],
                new=new_count[judge.id],
                total=kept_count[judge.id] + new_count[judge.id],
                max_load=judge.max_load,
                active=judge.available,
            )
        )
    return rows


async def _preview(found: Round, state: RoundState) -> Preview:
    problem = planning.build_problem(state)
    try:
        new_pairs = await solve(problem)
    except AssignmentInfeasible as infeasible:
        return Preview(
            round=found,
            state=state,
            problem=problem,
            new_pairs=[],
            digest="",
            shortfalls=planning.explain(infeasible.report, state),
            headline=planning.headline(infeasible.report),
        )
    return Preview(
        round=found,
        state=state,
        problem=problem,
        new_pairs=new_pairs,
        digest=planning.plan_digest(problem, new_pairs),
    )


async def preview_round(competition_id: int, round_id: int) -> Preview:
    """The exact optimal assignment of the round, keeping every existing pair that is not
    conflicted; nothing is written."""
    found, state = await round_state(competition_id, round_id)
    return await _preview(found, state)


async def commit_round(
    competition_id: int,
    round_id: int,
    digest: str,
    *,
    actor_id: int,
    now: datetime,
    base_url: str | None = None,
) -> Commit:
    """Write the previewed plan: add its new pairs, remove conflicted ones, mail the judges.

    The plan is computed again; when it is not the one previewed (``digest``),
    :class:`StalePreview` carries the new preview and nothing is written.
    """
    preview = await preview_round(competition_id, round_id)
    if not preview.feasible:
        raise NothingToCommit(preview)
    if preview.digest != digest:
        raise StalePreview(preview)
    async with writing():
        await competitions.lock_rounds([round_id])
        found = await competitions.get_round(competition_id, round_id)
        state = await read_state(found)
        if planning.build_problem(state).fingerprint() != preview.problem.fingerprint():
            raise StalePreview(await _preview(found, state))
        outcome = ReassignmentOutcome()
        await remove_pairs(
            found,
            preview.removed_pairs,
            exclude_submitted=True,
            reason=CONFLICT_EXCLUSION,
            actor_id=actor_id,
            outcome=outcome,
        )
        await insert_pairs(round_id, preview.new_pairs, actor_id)
        await audit.record(
            actor_id=actor_id,
            entity="round",
            entity_id=round_id,
            action="assignments_committed",
            after={
                "pairs": [[sid, jid] for sid, jid in preview.new_pairs],
                "removed": [[sid, jid] for sid, jid in preview.removed_pairs],
                "digest": digest,
            },
        )
        mailed = await mail_judges(
            competition_id, [(round_id, sid, jid) for sid, jid in preview.new_pairs], base_url
        )
    return Commit(
        round_id=round_id,
        added=preview.new_pairs,
        removed=preview.removed_pairs,
        mailed_judges=mailed,
    )


async def add_assignment(
    competition_id: int,
    round_id: int,
    form: AssignmentAdd,
    *,
    actor_id: int,
    now: datetime,
    base_url: str | None = None,
) -> int:
    """Assign one judge to one project, under the solver's rules; returns the assignment id."""
    async with writing():
        await competitions.lock_rounds([round_id])
        _, state = await round_state(competition_id, round_id)
        errors = []
        if form.submission_id not in state.project_by_id:
            errors.append(FieldError("submission_id", N_("Choose a project of this round.")))
        judge = state.judge_by_id.get(form.judge_id)
        if judge is None or not judge.available:
            errors.append(FieldError("judge_id", N_("Choose an active judge of this competition.")))
        if errors:
            raise ValidationFailed(errors)
        refusals = planning.pair_errors(state, form.submission_id, form.judge_id)
        if refusals:
            raise ValidationFailed(refusals)
        assignment = Assignment(
            round=round_id, submission=form.submission_id, judge=form.judge_id, created_by=actor_id
        )
        await assignment.save()
        await audit.record(
            actor_id=actor_id,
            entity="assignment",
            entity_id=assignment.id,
            action="created",
            after={
                "round_id": round_id,
                "submission_id": form.submission_id,
                "judge_id": form.judge_id,
                "by": "organizer",
            },
        )
        await mail_judges(competition_id, [(round_id, form.submission_id, form.judge_id)], base_url)
    return assignment.id


async def remove_assignment(
    competition_id: int, round_id: int, assignment_id: int, *, actor_id: int
) -> None:
    """Remove one assignment; refused once the judge submitted a scorecard for it."""
    async with writing():
        found = await competitions.get_round(competition_id, round_id)
        row = (
            await Assignment.select(Assignment.submission, Assignment.judge)
            .where((Assignment.id == assignment_id) & (Assignment.round == round_id))
            .first()
        )
        if row is None:
            raise NotFound()
        card = await scorecard(round_id, row["submission"], row["judge"])
        if card is not None and card.scored:
            raise ConflictError(
                N_(
                    "This judge has already scored this project, so the assignment stays. "
                    "Send the scorecard back first if it must go."
                )
            )
        outcome = ReassignmentOutcome()
        await remove_pairs(
            found,
            [(row["submission"], row["judge"])],
            exclude_submitted=False,
            reason="removed by an organizer",
            actor_id=actor_id,
            outcome=outcome,
        )

"""A round's assignment as stored: its state for the solver and the pages, and the writes
every change of it shares (insert pairs, mail the judges who got them).

Rules:

* The projects of a round are the competition's submitted projects; a round after the first
  takes only those an :class:`Advancement` admits.
* "Scored" means a submitted scorecard (``PairCard.scored``). Scorecards belong to reviews,
  above: they are read through the lookups of :mod:`judging.assignments.scorecards`.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import datetime

import msgspec

from judging.accounts.tables import Account
from judging.assignments import planning
from judging.assignments.access import party_rows, project_info
from judging.assignments.conflicts import ConflictIndex
from judging.assignments.judges import INSERT_CHUNK, judge_infos
from judging.assignments.planning import JudgeInfo, Pair, ProjectInfo, RoundState
from judging.assignments.schemas import RoundAssignment
from judging.assignments.scorecards import PairCard, scorecards
from judging.assignments.tables import Assignment, Conflict
from judging.competitions import services as competitions
from judging.competitions.tables import Round
from judging.outbox.services import queue_mails
from judging.settings import Settings
from judging.submissions.participation import round_project_ids
from judging.submissions.tables import Submission


async def round_projects(found: Round) -> list[ProjectInfo]:
    """The projects taking part in the round (see :mod:`judging.submissions.participation`), with
    who stands behind each (owner, team and contact emails, the entrant's organization)."""
    rows = await party_rows(
        await round_project_ids(found.id),
        Submission.title,
        Submission.track.key.as_alias("track_key"),
    )
    rows.sort(key=lambda row: row["id"])
    return [project_info(row, title=row["title"], track=row["track_key"] or "") for row in rows]


async def read_state(found: Round) -> RoundState:
    """Everything the solver and the rules need about ``found``, as it is in the database now."""
    projects = await round_projects(found)
    judges = await judge_infos(found.competition)
    conflict_rows = await Conflict.select(
        Conflict.judge, Conflict.submission, Conflict.organization
    ).where((Conflict.competition == found.competition) & Conflict.in_force())
    assignments = await Assignment.select(Assignment.submission, Assignment.judge).where(
        Assignment.round == found.id
    )
    scored = await scorecards().scored_pairs(found.id)
    pairs = [(row["submission"], row["judge"]) for row in assignments]
    known = {judge.id for judge in judges}
    strangers = sorted({judge_id for _, judge_id in pairs} - known)
    if strangers:
        # Assigned once, no longer judges here: they keep what they have and get nothing new.
        for row in await Account.select(
            Account.id, Account.display_name, Account.email, Account.organization
        ).where(Account.id.is_in(strangers)):
            judges.append(
                JudgeInfo(
                    id=row["id"],
                    profile_id=None,
                    display_name=row["display_name"],
                    email=row["email"],
                    organization=row["organization"],
                    tracks=(),
                    max_load=None,
                    available=False,
                    account_email=row["email"],
                    account_organization=row["organization"],
                )
            )
    return RoundState(
        round_id=found.id,
        per_submission=found.judges_per_submission,
        projects=projects,
        judges=judges,
        conflicts=ConflictIndex(conflict_rows),
        assignments=pairs,
        scored=scored,
    )


async def round_state(competition_id: int, round_id: int) -> tuple[Round, RoundState]:
    """The round of the competition (else :class:`NotFound`) and its state."""
    found = await competitions.get_round(competition_id, round_id)
    return found, await read_state(found)


async def round_assignments(competition_id: int, round_id: int) -> list[RoundAssignment]:
    """The round's assignment rows with judge names, project titles and whether scored."""
    await competitions.get_round(competition_id, round_id)
    rows = (
        await Assignment.select(
            Assignment.id,
            Assignment.submission,
            Assignment.judge,
            Assignment.submission.title.as_alias("title"),
        )
        .where(Assignment.round == round_id)
        .order_by(Assignment.id)
    )
    scored = await scorecards().scored_pairs(round_id)
    return [
        msgspec.convert(
            {**row, "scored": (row["submission"], row["judge"]) in scored}, RoundAssignment
        )
        for row in rows
    ]


async def scorecard(round_id: int, submission_id: int, judge_id: int) -> PairCard | None:
    """The judge's scorecard of the project in the round (any status), or None."""
    return await scorecards().card(round_id, submission_id, judge_id)


def _open(found: Round, now: datetime) -> bool:
    return found.judging_closes_at is None or found.judging_closes_at > now


async def open_rounds(competition_id: int, now: datetime) -> list[Round]:
    """The competition's rounds whose judging has not closed at ``now``, oldest first."""
    rows = await Round.objects().where(Round.competition == competition_id).order_by(Round.id)
    return [row for row in rows if _open(row, now)]


# --- Writes that commit, manual changes and reassignment share ----------------------------------


async def solve(problem: planning.Problem) -> list[Pair]:
    """The solver's new pairs for ``problem``; raises the solver's ``AssignmentInfeasible``."""
    # Large rounds take seconds in OR-Tools: keep the event loop serving other requests.
    return await asyncio.to_thread(planning.solve_problem, problem)


async def insert_pairs(round_id: int, pairs: list[Pair], actor_id: int | None) -> None:
    """Store new assignments of the round; the caller audits them."""
    rows = [
        Assignment(round=round_id, submission=sid, judge=jid, created_by=actor_id)
        for sid, jid in pairs
    ]
    for start in range(0, len(rows), INSERT_CHUNK):
        await Assignment.insert(*rows[start : start + INSERT_CHUNK])


def _default_base_url(base_url: str | None) -> str:
    # Callers outside a request (scripts, other services) may leave the mail links' base out.
    return base_url if base_url is not None else Settings.from_env().base_url


async def mail_judges(
    competition_id: int, added: list[tuple[int, int, int]], base_url: str | None
) -> int:
    """One mail per judge who got new projects, naming the rounds and how many."""
    if not added:
        return 0
    competition = await competitions.get_competition(competition_id)
    per_judge: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for round_id, _, judge_id in added:
        per_judge[judge_id][round_id] += 1
    rounds = {
        row["id"]: row
        for row in await Round.select(Round.id, Round.name_en, Round.name_zh).where(
            Round.id.is_in(sorted({round_id for round_id, _, _ in added}))
        )
    }
    emails = {
        row["id"]: row["email"]
        for row in await Account.select(Account.id, Account.email).where(
            Account.id.is_in(sorted(per_judge))
        )
    }
    link = f"{_default_base_url(base_url).rstrip('/')}/judge"
    queued = await queue_mails(
        (
            (
                emails[judge_id],
                "assignment_added",
                {
                    "competition_en": competition.name_en,
                    "competition_zh": competition.name_zh,
                    "rounds": [
                        {
                            "name_en": rounds[round_id]["name_en"],
                            "name_zh": rounds[round_id]["name_zh"],
                            "count": count,
                        }
                        for round_id, count in sorted(counts.items())
                    ],
                    "link": link,
                },
            )
            for judge_id, counts in sorted(per_judge.items())
        ),
        competition_id=competition_id,
    )
    return len(queued)

"""What a judge may see: projects assigned to them that they have no conflict of interest with;
and who may read a project's deck. The rules are :mod:`judging.permissions`; this module reads
their facts.

The conflict rule itself is :class:`judging.assignments.conflicts.ConflictIndex`; this module
reads what it compares (who stands behind each project, who the judge is, the conflicts in
force) for the judge's pages, queue, deck and scorecards. The solver's input reads the same
through :func:`judging.assignments.rounds.read_state`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import msgspec

from judging import permissions
from judging.accounts.tables import Account
from judging.assignments.conflicts import ConflictIndex, JudgeIdentity, team_emails
from judging.assignments.planning import ProjectInfo
from judging.assignments.tables import Assignment, Conflict, JudgeProfile
from judging.competitions import services as competitions
from judging.competitions.tables import Round
from judging.submissions import team
from judging.submissions.tables import Submission

# Submissions per query: well below the bind-parameter limits of SQLite and PostgreSQL.
_CHUNK = 900

# What :func:`project_info` needs of a submission row.
PARTY_COLUMNS = (
    Submission.organization,
    Submission.owner,
    Submission.owner.organization.as_alias("owner_organization"),
    Submission.team,
    Submission.contact_email,
)


async def party_rows(ids: Sequence[int], *columns: Any) -> list[dict[str, Any]]:
    """The submissions' rows with their id, ``columns`` and :data:`PARTY_COLUMNS` (JSON
    loaded), each with ``member_emails`` (its team's accounts besides the owner, see
    :func:`judging.submissions.team.member_emails`): what :func:`project_info` reads."""
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        found = (
            await Submission.select(Submission.id, *columns, *PARTY_COLUMNS)
            .where(Submission.id.is_in(chunk))
            .output(load_json=True)
        )
        members = await team.member_emails(chunk)
        for row in found:
            row["member_emails"] = members.get(row["id"], [])
        rows += found
    return rows


def project_info(row: Mapping[str, Any], *, title: str = "", track: str = "") -> ProjectInfo:
    """The project of a row of :func:`party_rows`: who stands behind it, with ``title`` and
    ``track`` as given."""
    return ProjectInfo(
        id=row["id"],
        title=title,
        track=track,
        organization=row["organization"] or "",
        owner_id=row["owner"],
        owner_organization=row["owner_organization"] or "",
        emails=(
            *team_emails(row["team"]),
            row["contact_email"] or "",
            *row["member_emails"],
        ),
    )


async def conflicted_projects(judge: Account, submission_ids: Iterable[int]) -> set[int]:
    """Which of these projects ``judge`` may not see or score, in a few queries.

    The rule of :class:`ConflictIndex`, with the judge as they are in each project's
    competition: their account and judge profile (emails and organizations of both).
    """
    rows = await party_rows(sorted(set(submission_ids)), Submission.competition)
    if not rows:
        return set()
    competition_ids = sorted({row["competition"] for row in rows})
    profiles = {
        row["competition"]: row
        for row in await JudgeProfile.select(
            JudgeProfile.competition, JudgeProfile.email, JudgeProfile.organization
        ).where(
            (JudgeProfile.account == judge.id) & JudgeProfile.competition.is_in(competition_ids)
        )
    }
    conflict_rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in await Conflict.select(
        Conflict.competition, Conflict.judge, Conflict.submission, Conflict.organization
    ).where(
        (Conflict.judge == judge.id)
        & Conflict.competition.is_in(competition_ids)
        & Conflict.in_force()
    ):
        conflict_rows[row["competition"]].append(row)
    conflicted = set()
    for competition_id in competition_ids:
        profile = profiles.get(competition_id, {})
        identity = JudgeIdentity.of(
            judge.id,
            emails=(judge.email, profile.get("email")),
            organizations=(judge.organization, profile.get("organization")),
        )
        index = ConflictIndex(conflict_rows[competition_id])
        for row in rows:
            if row["competition"] != competition_id:
                continue
            if index.conflicted(project_info(row).parties, identity):
                conflicted.add(row["id"])
    return conflicted


async def is_conflicted(judge: Account, submission: Submission) -> bool:
    """``judge`` may not see or score ``submission`` (see :func:`conflicted_projects`)."""
    return submission.id in await conflicted_projects(judge, [submission.id])


class _JudgingFacts(msgspec.Struct, frozen=True):
    # What the rules of a judge and a project read: the account's roles in the project's
    # competition, whether it is assigned to the project (in any round), whether conflicted.
    roles: set[str]
    assigned: bool
    conflicted: bool


async def _judging_facts(account: Account, submission: Submission) -> _JudgingFacts:
    return _JudgingFacts(
        roles=await competitions.roles_in(account.id, submission.competition),
        assigned=await Assignment.exists().where(
            (Assignment.judge == account.id) & (Assignment.submission == submission.id)
        ),
        conflicted=await is_conflicted(account, submission),
    )


async def judge_may_see(judge: Account, submission: Submission) -> bool:
    """True when ``judge`` is assigned to ``submission`` (in any round), still judges its
    competition, and is not conflicted with it (:func:`judging.permissions.can_judge_project`)."""
    facts = await _judging_facts(judge, submission)
    return permissions.can_judge_project(
        facts.roles, assigned=facts.assigned, conflicted=facts.conflicted
    )


async def may_read_deck(viewer: Account, submission: Submission) -> bool:
    """The owner, organizers of its competition, and assigned judges without a conflict
    (:func:`judging.permissions.can_read_deck`). Submissions asks it through the lookup the
    app gives (:data:`judging.submissions.decks.DeckAccess`)."""
    facts = await _judging_facts(viewer, submission)
    return permissions.can_read_deck(
        viewer,
        facts.roles,
        owns=await team.is_on_team(viewer.id, submission.id),
        assigned=facts.assigned,
        conflicted=facts.conflicted,
    )


async def is_assigned_judge(round_id: int, submission_id: int, judge_id: int) -> bool:
    """The judge is assigned to the project in the round and still judges its competition
    (:func:`judging.permissions.is_assigned_judge`); False for a round that does not exist."""
    found = await Round.select(Round.competition).where(Round.id == round_id).first()
    if found is None:
        return False
    assigned = await Assignment.exists().where(
        (Assignment.round == round_id)
        & (Assignment.submission == submission_id)
        & (Assignment.judge == judge_id)
    )
    roles = await competitions.roles_in(judge_id, found["competition"])
    return permissions.is_assigned_judge(roles, assigned=assigned)


async def may_read_attachment(viewer: Account, submission: Submission, visibility: str) -> bool:
    """The owner, organizers of its competition, and assigned judges without a conflict when
    the slot's visibility lets a judge read it in one of the rounds they judge the project in
    (:func:`judging.permissions.can_read_attachment`). Submissions asks it through the lookup
    the app gives (:data:`judging.submissions.attachments.AttachmentAccess`)."""
    facts = await _judging_facts(viewer, submission)
    blind_rounds = [
        bool(row["blind"])
        for row in await Assignment.select(Assignment.round.is_blind.as_alias("blind")).where(
            (Assignment.judge == viewer.id) & (Assignment.submission == submission.id)
        )
    ]
    return permissions.can_read_attachment(
        viewer,
        facts.roles,
        owns=await team.is_on_team(viewer.id, submission.id),
        assigned=facts.assigned,
        conflicted=facts.conflicted,
        visible_to_judge=any(
            permissions.judge_may_read_answer(visibility, blind=blind) for blind in blind_rounds
        ),
    )

"""What a judge may see: projects assigned to them that they have no conflict of interest with."""

from __future__ import annotations

from judging.accounts.tables import Account
from judging.assignments.conflicts import ConflictIndex, judge_organization
from judging.assignments.tables import Assignment, Conflict, JudgeProfile
from judging.competitions import services as competitions
from judging.submissions.tables import Submission


async def is_conflicted(judge: Account, submission: Submission) -> bool:
    """A conflict declared or set for this project, for its organization, or by affiliation.

    The judge's organization is their judge profile's in this competition, else their
    account's (the same rule the assignment solver applies); organization conflicts are
    matched case-insensitively within the project's competition.
    """
    profile = (
        await JudgeProfile.select(JudgeProfile.organization)
        .where(
            (JudgeProfile.competition == submission.competition)
            & (JudgeProfile.account == judge.id)
        )
        .first()
    )
    organization = judge_organization(
        profile["organization"] if profile else "", judge.organization
    )
    rows = await Conflict.select(Conflict.judge, Conflict.submission, Conflict.organization).where(
        (Conflict.judge == judge.id)
        & (
            (Conflict.competition == submission.competition)
            | (Conflict.submission == submission.id)
        )
    )
    return ConflictIndex(rows).conflicted(
        submission.id, judge.id, submission.organization, organization
    )


async def judge_may_see(judge: Account, submission: Submission) -> bool:
    """True when ``judge`` is assigned to ``submission`` (in any round), still judges its
    competition, and is not conflicted with it."""
    assigned = await Assignment.exists().where(
        (Assignment.judge == judge.id) & (Assignment.submission == submission.id)
    )
    return (
        assigned
        and await competitions.has_role(judge, submission.competition, competitions.JUDGE)
        and not await is_conflicted(judge, submission)
    )

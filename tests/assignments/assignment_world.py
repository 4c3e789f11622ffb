"""Shared pieces of the judge pool, conflict and assignment tests, on the seeded demo.

The demo has 6 judges (judge1..judge6, all of different organizations), 10 submitted
projects in 4 tracks and a preliminary round asking for 3 judges per project.
"""

from __future__ import annotations

from typing import Any

from judging.accounts.tables import Account
from judging.assignments import judges
from judging.assignments.schemas import PoolJudge
from judging.assignments.tables import Assignment, JudgeProfile
from judging.audit.tables import AuditEvent
from judging.competitions.tables import Round
from judging.demo import DEMO_PASSWORD, demo_email
from judging.outbox.tables import OutboxMessage
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.support import WebClient, demo_audit_mark

JUDGES = [f"judge{number}" for number in range(1, 7)]


async def account(handle: str) -> Account:
    return await Account.objects().get(Account.email == demo_email(handle))


async def preliminary(competition_id: int) -> Round:
    return await Round.objects().get(Round.competition == competition_id)


async def sign_in(client: WebClient, handle: str) -> WebClient:
    await client.sign_in(demo_email(handle), DEMO_PASSWORD)
    return client


async def profile(competition_id: int, handle: str) -> PoolJudge:
    judge = await account(handle)
    return await judges.own_profile(competition_id, judge.id)


async def set_profile(competition_id: int, handle: str, **values: Any) -> None:
    """Change a judge's profile columns directly (the organizer pages are tested elsewhere)."""
    judge = await account(handle)
    await judges.ensure_profiles(competition_id)
    await JudgeProfile.update({getattr(JudgeProfile, k): v for k, v in values.items()}).where(
        (JudgeProfile.competition == competition_id) & (JudgeProfile.account == judge.id)
    )


async def submitted_projects(competition_id: int) -> list[dict[str, Any]]:
    return (
        await Submission.select(Submission.id, Submission.title, Submission.organization)
        .where((Submission.competition == competition_id) & (Submission.status == "submitted"))
        .order_by(Submission.id)
    )


async def project_of(handle: str) -> Submission:
    """The first submitted project of an entrant."""
    return (
        await Submission.objects()
        .where((Submission.owner.email == demo_email(handle)) & (Submission.status == "submitted"))
        .order_by(Submission.id)
        .first()
    )


async def pairs(round_id: int) -> set[tuple[int, int]]:
    rows = await Assignment.select(Assignment.submission, Assignment.judge).where(
        Assignment.round == round_id
    )
    return {(row["submission"], row["judge"]) for row in rows}


async def assign(round_id: int, *assigned: tuple[int, int]) -> None:
    for submission_id, judge_id in assigned:
        await Assignment(round=round_id, submission=submission_id, judge=judge_id).save()


async def scorecard(round_id: int, submission_id: int, judge_id: int, status: str) -> Scorecard:
    card = Scorecard(
        round=round_id,
        submission=submission_id,
        judge=judge_id,
        status=status,
        scores={"innovation": 8},
        total=80.0 if status == "submitted" else None,
    )
    await card.save()
    return card


async def audit_actions(entity: str, entity_id: int | None = None) -> list[str]:
    query = AuditEvent.select(AuditEvent.action).where(
        (AuditEvent.entity == entity) & (AuditEvent.id > demo_audit_mark())
    )
    if entity_id is not None:
        query = query.where(AuditEvent.entity_id == entity_id)
    return [row["action"] for row in await query.order_by(AuditEvent.id)]


async def mails(kind: str) -> list[dict[str, Any]]:
    return await OutboxMessage.select().where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)


async def preview_digest(client: WebClient, competition_id: int, round_id: int) -> dict[str, Any]:
    response = await client.api(
        "POST", f"/api/v1/competitions/{competition_id}/rounds/{round_id}/assignments/preview"
    )
    assert response.status_code == 200, response.text
    return response.json()

"""Organizers disqualify a project, or reinstate it, always with a reason on the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from judging.audit import services as audit
from judging.database import writing
from judging.errors import Conflict, NotFound, ValidationFailed
from judging.i18n import N_
from judging.submissions.tables import Submission, SubmissionStatus

Reason = Annotated[str, msgspec.Meta(min_length=3, max_length=1000)]
DISQUALIFIABLE = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED})


class ModerationRequest(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """Why the organizer acts; ``version`` (from the page) refuses acting on a stale view."""

    reason: Reason
    version: int | None = None


class SubmissionStatusOut(msgspec.Struct, kw_only=True):
    id: int
    status: SubmissionStatus
    status_reason: str
    version: int


def clean_reason(request: ModerationRequest) -> ModerationRequest:
    """The request with its reason stripped; fewer than 3 characters left is refused."""
    reason = request.reason.strip()
    if len(reason) < 3:
        raise ValidationFailed.single("reason", N_("Enter at least %(n)s characters."), n=3)
    return msgspec.structs.replace(request, reason=reason)


async def _current(competition_id: int, submission_id: int, version: int | None) -> Submission:
    project = (
        await Submission.objects()
        .where((Submission.id == submission_id) & (Submission.competition == competition_id))
        .first()
    )
    if project is None:
        raise NotFound()
    if version is not None and version != project.version:
        raise Conflict()
    return project


async def _set_status(
    project: Submission,
    *,
    status: SubmissionStatus,
    status_reason: str,
    reason: str,
    action: str,
    actor_id: int,
    now: datetime,
) -> SubmissionStatusOut:
    # Compare-and-set on the version: of two concurrent changes, the later one is refused.
    changed = (
        await Submission.update(
            {
                Submission.status: status,
                Submission.status_reason: status_reason,
                Submission.version: project.version + 1,
                Submission.updated_at: now,
            }
        )
        .where((Submission.id == project.id) & (Submission.version == project.version))
        .returning(Submission.id)
    )
    if not changed:
        raise Conflict()
    await audit.record(
        actor_id=actor_id,
        entity="submission",
        entity_id=project.id,
        action=action,
        before={
            "status": project.status,
            "status_reason": project.status_reason,
            "version": project.version,
        },
        after={
            "status": status,
            "status_reason": status_reason,
            "reason": reason,
            "version": project.version + 1,
        },
    )
    return SubmissionStatusOut(
        id=project.id, status=status, status_reason=status_reason, version=project.version + 1
    )


async def disqualify(
    *,
    competition_id: int,
    submission_id: int,
    request: ModerationRequest,
    actor_id: int,
    now: datetime,
) -> SubmissionStatusOut:
    """Disqualify a draft or submitted project; the reason is kept on the project and audited."""
    request = clean_reason(request)
    async with writing():
        project = await _current(competition_id, submission_id, request.version)
        if project.status not in DISQUALIFIABLE:
            raise Conflict(N_("Only draft or submitted projects can be disqualified."))
        return await _set_status(
            project,
            status=SubmissionStatus.DISQUALIFIED,
            status_reason=request.reason,
            reason=request.reason,
            action="disqualified",
            actor_id=actor_id,
            now=now,
        )


async def reinstate(
    *,
    competition_id: int,
    submission_id: int,
    request: ModerationRequest,
    actor_id: int,
    now: datetime,
) -> SubmissionStatusOut:
    """Undo a disqualification: back to submitted if it had been submitted, else to draft."""
    request = clean_reason(request)
    async with writing():
        project = await _current(competition_id, submission_id, request.version)
        if project.status != SubmissionStatus.DISQUALIFIED:
            raise Conflict(N_("Only disqualified projects can be reinstated."))
        return await _set_status(
            project,
            status=SubmissionStatus.SUBMITTED if project.submitted_at else SubmissionStatus.DRAFT,
            status_reason="",
            reason=request.reason,
            action="reinstated",
            actor_id=actor_id,
            now=now,
        )

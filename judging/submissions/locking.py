"""The judging lock: once judging has opened for a project, its entrant cannot change what
the judges assess.

The rule (one place; the entrant's services, pages and API all ask :func:`judging_began`):
judging has opened for a project at ``now`` when

- any scorecard exists for it, in any round and in any state (a judge has started to assess
  it: even a draft was written against what the project said then), or
- it is assigned in a round whose ``judging_opens_at`` is set and not after ``now`` (its
  judges may open it from that moment; a round whose judging is not scheduled, or opens
  later, does not lock it yet).

The lock does not end when judging closes, nor with publication or advancement: those
stand on what was judged. While locked, the entrant can change neither the project's fields
nor its pitch deck (withdrawing stays possible). An organizer may unlock one project with a
reason, which also lifts the submission deadline for it (the point of unlocking is to let
the entrant correct something after judging began), and relock it; both are audited and
bump the project's version, so a form opened before either is refused as stale.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from judging.audit import services as audit
from judging.database import writing
from judging.errors import Conflict, NotFound
from judging.i18n import N_
from judging.submissions import references
from judging.submissions.moderation import ModerationRequest, clean_reason
from judging.submissions.tables import Submission

JUDGING_LOCKED = N_(
    "Judging of this project has begun, so what the judges assess (its details and pitch "
    "deck) can no longer change. Ask the organizers if something must be corrected."
)
NOT_LOCKED = N_("Judging of this project has not begun, so there is nothing to unlock.")
ALREADY_UNLOCKED = N_("This project is already unlocked.")
NOT_UNLOCKED = N_("This project is not unlocked.")


class LockOut(msgspec.Struct, kw_only=True):
    """A project's judging lock as organizers see it."""

    id: int
    # Judging has opened for the project (the rule above), whether or not it is unlocked.
    judging_began: bool
    # The entrant cannot change it now: judging began and no organizer unlocked it.
    locked: bool
    unlocked_at: datetime | None
    unlock_reason: str
    version: int


async def judging_began(submission_id: int, now: datetime) -> bool:
    """Whether judging has opened for the project at ``now`` (see the module's rule)."""
    # Scorecards and assignments belong to the domains above: asked through their foreign keys.
    if await references.has_scorecards(submission_id):
        return True
    return await references.assigned_in_opened_round(submission_id, now)


def is_unlocked(project: Any) -> bool:
    """An organizer lifted the lock (``project`` a row mapping or a :class:`Submission`)."""
    value = project["unlocked_at"] if isinstance(project, dict) else project.unlocked_at
    return value is not None


async def lock_refusal(project: dict[str, Any], now: datetime) -> Conflict | None:
    """Why the entrant cannot change the project's fields or deck because of judging, or None."""
    if is_unlocked(project) or not await judging_began(project["id"], now):
        return None
    return Conflict(JUDGING_LOCKED)


def _out(project: Submission, began: bool) -> LockOut:
    return LockOut(
        id=project.id,
        judging_began=began,
        locked=began and project.unlocked_at is None,
        unlocked_at=project.unlocked_at,
        unlock_reason=project.unlock_reason,
        version=project.version,
    )


async def lock_state(competition_id: int, submission_id: int, now: datetime) -> LockOut:
    """The project's lock, else :class:`NotFound` (not a project of the competition)."""
    project = await _project(competition_id, submission_id, None)
    return _out(project, await judging_began(submission_id, now))


async def _project(competition_id: int, submission_id: int, version: int | None) -> Submission:
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


async def _set_unlock(
    project: Submission,
    *,
    unlocked: bool,
    reason: str,
    actor_id: int,
    now: datetime,
) -> Submission:
    values = {
        Submission.unlocked_at: now if unlocked else None,
        Submission.unlocked_by: actor_id if unlocked else None,
        Submission.unlock_reason: reason if unlocked else "",
        Submission.version: project.version + 1,
        Submission.updated_at: now,
    }
    # Compare-and-set on the version: of two concurrent changes, the later one is refused.
    changed = (
        await Submission.update(values)
        .where((Submission.id == project.id) & (Submission.version == project.version))
        .returning(Submission.id)
    )
    if not changed:
        raise Conflict()
    await audit.record(
        actor_id=actor_id,
        entity="submission",
        entity_id=project.id,
        action="unlocked" if unlocked else "relocked",
        before={
            "unlocked_at": project.unlocked_at,
            "unlock_reason": project.unlock_reason,
            "version": project.version,
        },
        after={
            "unlocked_at": now if unlocked else None,
            "unlock_reason": reason if unlocked else "",
            "reason": reason,
            "version": project.version + 1,
        },
    )
    return await Submission.objects().get(Submission.id == project.id)


async def unlock(
    *,
    competition_id: int,
    submission_id: int,
    request: ModerationRequest,
    actor_id: int,
    now: datetime,
) -> LockOut:
    """Let the entrant change a project judging has begun on, until relocked (audited)."""
    request = clean_reason(request)
    async with writing():
        project = await _project(competition_id, submission_id, request.version)
        if project.unlocked_at is not None:
            raise Conflict(ALREADY_UNLOCKED)
        if not await judging_began(submission_id, now):
            raise Conflict(NOT_LOCKED)
        saved = await _set_unlock(
            project, unlocked=True, reason=request.reason, actor_id=actor_id, now=now
        )
    return _out(saved, True)


async def relock(
    *,
    competition_id: int,
    submission_id: int,
    request: ModerationRequest,
    actor_id: int,
    now: datetime,
) -> LockOut:
    """Undo an unlock: the rule applies again (audited)."""
    request = clean_reason(request)
    async with writing():
        project = await _project(competition_id, submission_id, request.version)
        if project.unlocked_at is None:
            raise Conflict(NOT_UNLOCKED)
        saved = await _set_unlock(
            project, unlocked=False, reason=request.reason, actor_id=actor_id, now=now
        )
        began = await judging_began(submission_id, now)
    return _out(saved, began)

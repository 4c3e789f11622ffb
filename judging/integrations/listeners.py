"""What the platform's events become for the organizers' endpoints (see
:mod:`judging.events`); importing this module subscribes them.

Each listener runs after the change it reports is committed and queues the deliveries in one
insert; sending happens later (:func:`judging.integrations.services.deliver_due`). The bodies
name ids and what an organizer of the competition may see anyway; no scores leave with them.
"""

from __future__ import annotations

from litestar.events import listener

from judging import events
from judging.clock import utcnow
from judging.competitions.tables import Round
from judging.integrations import signing
from judging.integrations.services import queue_event
from judging.submissions.tables import Submission

SUBMITTED_CARD = "submitted"


@listener(events.PROJECT_SUBMITTED)
async def project_submitted(competition_id: int, submission_id: int) -> None:
    project = (
        await Submission.select(
            Submission.title,
            Submission.submitted_at,
            Submission.track.key.as_alias("track"),
        )
        .where(Submission.id == submission_id)
        .first()
    )
    if project is None:
        return
    data = {
        "submission_id": submission_id,
        "title": project["title"],
        "track": project["track"],
        "submitted_at": project["submitted_at"],
    }
    await queue_event(competition_id, signing.PROJECT_SUBMITTED, data, utcnow())


@listener(events.SCORECARD_SAVED)
async def scorecard_saved(
    round_id: int, submission_id: int, status_before: str | None, status_after: str
) -> None:
    """Only a card being submitted is news to an integration; drafts stay the judge's."""
    if status_after != SUBMITTED_CARD:
        return
    found = await Round.select(Round.competition).where(Round.id == round_id).first()
    if found is not None:
        await queue_event(
            found["competition"],
            signing.SCORECARD_SUBMITTED,
            {"round_id": round_id, "submission_id": submission_id},
            utcnow(),
        )


@listener(events.ROUND_PUBLISHED)
async def round_published(competition_id: int, round_id: int, version: int) -> None:
    await queue_event(
        competition_id,
        signing.ROUND_PUBLISHED,
        {"round_id": round_id, "version": version},
        utcnow(),
    )


@listener(events.PROJECTS_ADVANCED)
async def projects_advanced(
    competition_id: int, from_round_id: int, round_id: int, submission_ids: list[int]
) -> None:
    await queue_event(
        competition_id,
        signing.PROJECT_ADVANCED,
        {"from_round_id": from_round_id, "round_id": round_id, "submission_ids": submission_ids},
        utcnow(),
    )


events.subscribe(project_submitted, scorecard_saved, round_published, projects_advanced)

"""Projects an organizer enters for a team, as the import does one row: no deck asked, no mail.

A competition that received its projects outside the platform (by mail, on paper) enters them
already submitted; the project is still checked as :class:`ProjectFields` and audited.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from judging.applications import services as applications
from judging.applications.answers import answers_for_track, written_answers
from judging.audit import services as audit
from judging.competitions.tables import Track
from judging.database import writing
from judging.errors import ValidationFailed
from judging.i18n import N_
from judging.submissions.schemas import ProjectFields, check_project_fields
from judging.submissions.search import search_text_for
from judging.submissions.tables import Submission, SubmissionStatus


async def enter_project(
    competition_id: int,
    fields: ProjectFields,
    *,
    owner_id: int | None,
    submitted_at: datetime | None,
    actor_id: int,
    now: datetime,
) -> int:
    """Enter a project of ``competition_id``; submitted at ``submitted_at``, else a draft.

    Returns its id. Raises :class:`ValidationFailed` for invalid fields or a track of another
    competition.
    """
    fields = check_project_fields(fields)
    values = msgspec.to_builtins(fields)
    values["track"] = values.pop("track_id")
    status = SubmissionStatus.DRAFT if submitted_at is None else SubmissionStatus.SUBMITTED
    async with writing():
        if not await Track.exists().where(
            (Track.id == fields.track_id) & (Track.competition == competition_id)
        ):
            raise ValidationFailed.single("track_id", N_("Choose one of the offered values."))
        # Checked as the form asks, but a required answer the team never gave may stay blank:
        # the organizer enters what was received.
        form = await applications.questions(competition_id)
        values["answers"] = answers_for_track(form, fields.track_id, fields.answers)
        submission = Submission(
            competition=competition_id,
            owner=owner_id,
            status=status,
            search_text=search_text_for(
                fields.title,
                fields.organization,
                values["team"],
                written_answers(form, values["answers"]),
            ),
            submitted_at=submitted_at,
            created_at=now,
            updated_at=now,
            version=1,
            **values,
        )
        await submission.save()
        await audit.record(
            actor_id=actor_id,
            entity="submission",
            entity_id=submission.id,
            action="entered",
            after={**values, "competition": competition_id, "owner": owner_id, "status": status},
        )
    return submission.id

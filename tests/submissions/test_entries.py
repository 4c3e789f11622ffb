"""Organizers enter projects received outside the platform: checked, audited, no deck asked."""

import pytest

from judging.accounts.services import account_by_email
from judging.audit.tables import AuditEvent
from judging.clock import utcnow
from judging.competitions.tables import Competition, Track
from judging.demo import demo_email
from judging.errors import ValidationFailed
from judging.submissions.entries import enter_project
from judging.submissions.schemas import ProjectFields
from judging.submissions.tables import Submission, SubmissionStatus


async def _organizer_and_track(demo: Competition) -> tuple[int, Track]:
    organizer = await account_by_email(demo_email("organizer"))
    assert organizer is not None
    track = await Track.objects().where(Track.competition == demo.id).first()
    return organizer.id, track


async def test_entered_project_is_submitted_without_deck_and_audited(demo: Competition) -> None:
    organizer_id, track = await _organizer_and_track(demo)
    now = utcnow()
    fields = ProjectFields(track_id=track.id, title="Paper entry", country="de")

    project_id = await enter_project(
        demo.id, fields, owner_id=None, submitted_at=now, actor_id=organizer_id, now=now
    )

    project = await Submission.objects().get(Submission.id == project_id)
    assert (project.status, project.country, project.deck_sha256) == (
        SubmissionStatus.SUBMITTED,
        "DE",
        "",
    )
    assert project.search_text == "paper entry"
    event = (
        await AuditEvent.objects()
        .where((AuditEvent.entity == "submission") & (AuditEvent.entity_id == project_id))
        .first()
    )
    assert (event.actor, event.action) == (organizer_id, "entered")


async def test_entered_project_without_submission_time_is_a_draft(demo: Competition) -> None:
    organizer_id, track = await _organizer_and_track(demo)
    now = utcnow()
    fields = ProjectFields(track_id=track.id, title="Still a draft")

    project_id = await enter_project(
        demo.id, fields, owner_id=None, submitted_at=None, actor_id=organizer_id, now=now
    )

    project = await Submission.objects().get(Submission.id == project_id)
    assert (project.status, project.submitted_at) == (SubmissionStatus.DRAFT, None)


async def test_entered_project_refuses_a_track_of_another_competition(demo: Competition) -> None:
    organizer_id, _ = await _organizer_and_track(demo)
    other = Competition(slug="other", name_en="Other", name_zh="其他")
    await other.save()
    foreign = Track(competition=other.id, key="ai", name_en="AI", name_zh="人工智能")
    await foreign.save()
    now = utcnow()

    with pytest.raises(ValidationFailed) as refused:
        await enter_project(
            demo.id,
            ProjectFields(track_id=foreign.id, title="Wrong track"),
            owner_id=None,
            submitted_at=now,
            actor_id=organizer_id,
            now=now,
        )

    assert set(refused.value.by_field()) == {"track_id"}

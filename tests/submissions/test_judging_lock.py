"""Once judging has opened for a project, its entrant cannot change what judges assess; an
organizer may unlock one project with a reason (audited), and lock it again."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from judging.assignments.tables import Assignment
from judging.audit.tables import AuditEvent
from judging.clock import utcnow
from judging.competitions.tables import Round
from judging.errors import Conflict
from judging.reviews.tables import Scorecard
from judging.submissions import locking, services
from judging.submissions.tables import Submission
from tests.submissions.entrant_world import (
    account,
    close_window,
    first_project,
    signed_in,
    small_pdf,
    upload,
)
from tests.support import demo_audit_mark

REASON = "The team sent the wrong deck by mistake."
NEW_DECK = small_pdf(pages=3)


async def _preliminary(competition_id: int) -> Round:
    return await Round.objects().get((Round.competition == competition_id) & (Round.position == 1))


async def _assign(project: Submission, handle: str = "judge2") -> Round:
    preliminary = await _preliminary(project.competition)
    judge = await account(handle)
    await Assignment(round=preliminary.id, submission=project.id, judge=judge.id).save()
    return preliminary


@pytest.fixture
async def assigned(demo) -> Submission:
    """entrant1's submitted project, assigned in the preliminary, whose judging opened."""
    project = await first_project("entrant1", "submitted")
    await _assign(project)
    return project


async def _reload(project: Submission) -> Submission:
    return await Submission.objects().get(Submission.id == project.id)


async def _rename(client, project: Submission, title: str):
    return await client.api(
        "PATCH", f"/api/v1/projects/{project.id}", json={"title": title, "version": project.version}
    )


async def test_entrant_cannot_rename_a_project_assigned_in_a_round_whose_judging_opened(
    app, assigned
):
    async with signed_in(app, "entrant1") as client:
        response = await _rename(client, assigned, "Renamed after judging")
    assert response.status_code == 409
    assert "Judging of this project has begun" in response.json()["detail"]
    assert (await _reload(assigned)).title == assigned.title


async def test_entrant_cannot_replace_the_deck_once_judging_opened(app, assigned):
    async with signed_in(app, "entrant1") as client:
        response = await upload(client, assigned.id, NEW_DECK)
    assert response.status_code == 409
    assert (await _reload(assigned)).deck_sha256 == assigned.deck_sha256


async def test_a_scorecard_locks_the_project_even_without_an_open_round(demo):
    project = await first_project("entrant1", "submitted")
    preliminary = await _preliminary(demo.id)
    await Round.update({Round.judging_opens_at: None}).where(Round.id == preliminary.id)
    judge = await account("judge2")
    await Scorecard(round=preliminary.id, submission=project.id, judge=judge.id).save()
    assert await locking.judging_began(project.id, utcnow())


async def test_an_assignment_in_a_round_whose_judging_opens_later_does_not_lock(app, demo):
    project = await first_project("entrant1", "submitted")
    preliminary = await _assign(project)
    await Round.update({Round.judging_opens_at: utcnow() + timedelta(days=3)}).where(
        Round.id == preliminary.id
    )
    async with signed_in(app, "entrant1") as client:
        response = await _rename(client, project, "Still open to changes")
    assert response.status_code == 200
    assert response.json()["judging_locked"] is False


async def test_the_api_says_the_project_is_locked(app, assigned):
    async with signed_in(app, "entrant1") as client:
        response = await client.get(f"/api/v1/projects/{assigned.id}")
    assert (response.json()["editable"], response.json()["judging_locked"]) == (False, True)


async def test_the_project_page_shows_the_lock_and_why_and_offers_no_edit(app, assigned):
    async with signed_in(app, "entrant1") as client:
        page = await client.get(f"/projects/{assigned.id}")
    assert 'id="project-lock"' in page.text
    assert "Judging of this project has begun" in page.text
    assert f'href="/projects/{assigned.id}/edit"' not in page.text
    assert f'action="/projects/{assigned.id}/deck"' not in page.text


async def test_the_edit_form_is_refused_with_the_lock_message(app, assigned):
    async with signed_in(app, "entrant1") as client:
        response = await client.post_form(
            f"/projects/{assigned.id}/edit",
            {"version": str(assigned.version), "track_id": str(assigned.track), "title": "New"},
        )
    assert response.status_code == 409
    assert "Judging of this project has begun" in response.text
    assert (await _reload(assigned)).title == assigned.title


async def test_the_lock_message_is_translated(app, assigned):
    async with signed_in(app, "entrant1") as client:
        client.http.cookies.set("lang", "zh_CN")
        page = await client.get(f"/projects/{assigned.id}")
    assert "Judging of this project has begun" not in page.text


async def _unlock(client, competition_id: int, project: Submission, action: str = "unlock"):
    return await client.api(
        "POST",
        f"/api/v1/competitions/{competition_id}/submissions/{project.id}/{action}",
        json={"reason": REASON},
    )


async def test_an_unlocked_project_can_be_changed_even_after_the_deadline(app, demo, assigned):
    await close_window(demo.id)
    async with signed_in(app, "organizer") as client:
        unlocked = await _unlock(client, demo.id, assigned)
    assert unlocked.status_code == 200
    assert (unlocked.json()["locked"], unlocked.json()["unlock_reason"]) == (False, REASON)
    async with signed_in(app, "entrant1") as client:
        renamed = await _rename(client, await _reload(assigned), "Corrected title")
        replaced = await upload(client, assigned.id, NEW_DECK)
    assert (renamed.status_code, replaced.status_code) == (200, 200)
    assert (await _reload(assigned)).title == "Corrected title"


async def test_unlocking_and_relocking_are_audited_with_the_reason(app, demo, assigned):
    async with signed_in(app, "organizer") as client:
        await _unlock(client, demo.id, assigned)
        relocked = await _unlock(client, demo.id, assigned, "relock")
    assert relocked.status_code == 200
    assert relocked.json()["locked"] is True
    events = (
        await AuditEvent.select(AuditEvent.action, AuditEvent.after)
        .where(
            (AuditEvent.entity == "submission")
            & (AuditEvent.entity_id == assigned.id)
            & (AuditEvent.id > demo_audit_mark())
        )
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    assert [(event["action"], event["after"]["reason"]) for event in events] == [
        ("unlocked", REASON),
        ("relocked", REASON),
    ]


async def test_a_relocked_project_refuses_changes_again(app, demo, assigned):
    async with signed_in(app, "organizer") as client:
        await _unlock(client, demo.id, assigned)
        await _unlock(client, demo.id, assigned, "relock")
    async with signed_in(app, "entrant1") as client:
        response = await _rename(client, await _reload(assigned), "Too late")
    assert response.status_code == 409


async def test_unlocking_a_project_judging_has_not_begun_on_is_409(app, demo):
    project = await first_project("entrant1", "submitted")
    async with signed_in(app, "organizer") as client:
        response = await _unlock(client, demo.id, project)
    assert response.status_code == 409
    assert (await _reload(project)).unlocked_at is None


async def test_unlocking_needs_a_reason(app, demo, assigned):
    async with signed_in(app, "organizer") as client:
        response = await client.api(
            "POST",
            f"/api/v1/competitions/{demo.id}/submissions/{assigned.id}/unlock",
            json={"reason": " "},
        )
    assert response.status_code == 400
    assert (await _reload(assigned)).unlocked_at is None


async def test_the_organizers_page_shows_the_lock_and_unlocks_with_a_reason(app, demo, assigned):
    async with signed_in(app, "organizer") as client:
        page = await client.get(f"/organize/{demo.id}/submissions/{assigned.id}")
        assert f'action="/organize/{demo.id}/submissions/{assigned.id}/unlock"' in page.text
        response = await client.post_form(
            f"/organize/{demo.id}/submissions/{assigned.id}/unlock",
            {"reason": REASON, "version": str(assigned.version)},
        )
        assert response.status_code == 303
        after = await client.get(f"/organize/{demo.id}/submissions/{assigned.id}")
    assert f'action="/organize/{demo.id}/submissions/{assigned.id}/relock"' in after.text
    assert REASON in after.text


async def test_the_entrant_page_says_who_unlocked_it_and_why(app, demo, assigned):
    async with signed_in(app, "organizer") as client:
        await _unlock(client, demo.id, assigned)
    async with signed_in(app, "entrant1") as client:
        page = await client.get(f"/projects/{assigned.id}")
    assert 'id="project-unlocked"' in page.text
    assert REASON in page.text


async def test_the_service_refuses_a_deck_with_conflict(demo, assigned, settings):
    with pytest.raises(Conflict):
        await services.attach_deck(
            await account("entrant1"),
            assigned.id,
            io.BytesIO(NEW_DECK),
            data_dir=settings.data_dir,
            max_bytes=10**7,
            now=utcnow(),
        )

"""Entrants create, edit, submit and withdraw their projects, through pages and the API."""

from __future__ import annotations

import asyncio
import json

from judging.audit.tables import AuditEvent
from judging.clock import utcnow
from judging.errors import Conflict
from judging.outbox.tables import OutboxMessage
from judging.submissions import services
from judging.submissions.schemas import ProjectFields
from judging.submissions.tables import Submission
from tests.submissions.entrant_world import (
    account,
    first_project,
    project_form,
    project_json,
    signed_in,
    small_pdf,
    track,
    upload,
)


async def _audit(submission_id: int, action: str | None = None) -> list[dict]:
    query = AuditEvent.select().where(
        (AuditEvent.entity == "submission") & (AuditEvent.entity_id == submission_id)
    )
    if action:
        query = query.where(AuditEvent.action == action)
    return await query.order_by(AuditEvent.id).output(load_json=True)


async def test_entrant_creates_a_draft_through_the_page(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        form = await client.get(f"/projects/new?competition={demo.id}")
        assert form.status_code == 200
        response = await client.post_form(
            "/projects/new", {**project_form(ai.id), "competition_id": str(demo.id)}
        )
        shown = await client.get(response.headers["location"])
    assert response.status_code == 303
    project = await Submission.objects().order_by(Submission.id, ascending=False).first()
    assert response.headers["location"] == f"/projects/{project.id}"
    assert 'id="project-notice"' in shown.text
    assert "Your draft is saved. Upload the pitch deck, then submit the project." in shown.text
    owner = await account("entrant3")
    assert (project.owner, project.status, project.track, project.competition) == (
        owner.id,
        "draft",
        ai.id,
        demo.id,
    )
    assert json.loads(project.team) == [
        {"name": "Wang Lei", "role": "CEO", "email": "wang@example.com"}
    ]
    assert project.search_text == "solar-powered cold chain coldbox ltd wang lei"


async def test_creating_a_project_is_audited_with_its_fields(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        created = await client.api("POST", "/api/v1/projects", json=project_json(ai.id))
    events = await _audit(created.json()["id"], "created")
    assert len(events) == 1
    assert events[0]["actor"] == (await account("entrant3")).id
    assert events[0]["after"]["title"] == "Solar-powered cold chain"
    assert events[0]["after"]["status"] == "draft"


async def test_choosing_a_competition_lists_only_open_ones_with_their_tracks(app, demo):
    async with signed_in(app, "entrant3") as client:
        page = await client.get("/projects/new")
    assert page.status_code == 200
    assert f"/projects/new?competition={demo.id}" in page.text
    assert "Biomedicine" in page.text


async def test_blank_team_rows_are_ignored_and_a_bad_row_is_named(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        response = await client.post_form(
            "/projects/new",
            {
                **project_form(ai.id),
                "competition_id": str(demo.id),
                "team-1-name": "",
                "team-2-name": "Anna",
                "team-2-email": "not-an-address",
            },
        )
    assert response.status_code == 400
    assert 'id="team-2-email-error"' in response.text
    assert "Enter a valid email address." in response.text
    assert 'value="Anna"' in response.text
    assert await Submission.count().where(Submission.title == "Solar-powered cold chain") == 0


async def test_website_must_be_a_web_address_on_the_page_and_in_the_api(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        page = await client.post_form(
            "/projects/new",
            {**project_form(ai.id, website="javascript:alert(1)"), "competition_id": str(demo.id)},
        )
        api = await client.api(
            "POST", "/api/v1/projects", json=project_json(ai.id, video_url="ftp://x.example/v")
        )
    assert page.status_code == 400
    assert 'id="website-error"' in page.text
    assert api.status_code == 400
    assert api.json()["errors"] == [
        {
            "field": "video_url",
            "message": "Enter a web address starting with https:// or http://, "
            "such as https://example.org.",
        }
    ]


async def test_api_creates_reads_and_lists_own_projects(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        created = await client.api("POST", "/api/v1/projects", json=project_json(ai.id))
        assert created.status_code == 201
        body = created.json()
        read = await client.api("GET", f"/api/v1/projects/{body['id']}")
        listed = await client.api("GET", "/api/v1/projects")
    assert body["status"] == "draft"
    assert body["version"] == 1
    assert body["deck"] is None
    assert body["editable"] is True
    assert read.json() == body
    entrant3 = await account("entrant3")
    owned = await Submission.count().where(Submission.owner == entrant3.id)
    assert len(listed.json()) == owned
    assert body["id"] in {project["id"] for project in listed.json()}


async def test_entrant_edits_a_project_and_the_version_grows(app, demo):
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        edit = await client.get(f"/projects/{project.id}/edit")
        assert f'name="version" value="{project.version}"' in edit.text
        response = await client.post_form(
            f"/projects/{project.id}/edit",
            {**project_form(project.track, title="Renamed"), "version": str(project.version)},
        )
    assert response.status_code == 303
    saved = await Submission.objects().get(Submission.id == project.id)
    assert (saved.title, saved.version, saved.status) == (
        "Renamed",
        project.version + 1,
        "submitted",
    )
    assert saved.search_text.startswith("renamed ")


async def test_an_edit_is_audited_with_only_the_changed_fields(app, demo):
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        await client.api(
            "PATCH",
            f"/api/v1/projects/{project.id}",
            json={"version": project.version, "title": "Renamed"},
        )
    [event] = await _audit(project.id, "updated")
    assert event["actor"] == (await account("entrant1")).id
    assert event["before"]["title"] == project.title
    assert event["after"]["title"] == "Renamed"
    assert "summary" not in event["after"]
    assert (event["before"]["version"], event["after"]["version"]) == (1, 2)


async def test_second_save_with_the_same_version_is_told_to_reload(app, demo):
    project = await first_project("entrant1")
    form = {**project_form(project.track), "version": str(project.version)}
    async with signed_in(app, "entrant1") as client:
        first = await client.post_form(
            f"/projects/{project.id}/edit", {**form, "title": "First tab"}
        )
        second = await client.post_form(
            f"/projects/{project.id}/edit", {**form, "title": "Second tab"}
        )
    assert first.status_code == 303
    assert second.status_code == 409
    assert "Reload the page" in second.text
    # The form shows the stored project again, not what the second tab typed.
    assert 'value="First tab"' in second.text
    assert "Second tab" not in second.text
    saved = await Submission.objects().get(Submission.id == project.id)
    assert (saved.title, saved.version) == ("First tab", project.version + 1)


async def test_api_patch_with_a_stale_version_gets_409_and_changes_nothing(app, demo):
    project = await first_project("entrant1")
    path = f"/api/v1/projects/{project.id}"
    async with signed_in(app, "entrant1") as client:
        first = await client.api("PATCH", path, json={"version": 1, "title": "First"})
        second = await client.api("PATCH", path, json={"version": 1, "title": "Second"})
    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert second.status_code == 409
    saved = await Submission.objects().get(Submission.id == project.id)
    assert saved.title == "First"


async def test_api_patch_changes_only_the_fields_sent(app, demo):
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        response = await client.api(
            "PATCH", f"/api/v1/projects/{project.id}", json={"version": 1, "country": "de"}
        )
    assert response.status_code == 200
    saved = await Submission.objects().get(Submission.id == project.id)
    assert (saved.country, saved.title, saved.summary) == ("DE", project.title, project.summary)


async def test_track_must_belong_to_the_projects_competition(app, demo):
    from judging.competitions.tables import Competition, Track

    other = Competition(slug="elsewhere", name_en="Elsewhere", name_zh="别处")
    await other.save()
    foreign = Track(competition=other.id, key="x", name_en="X", name_zh="X")
    await foreign.save()
    project = await first_project("entrant1")
    async with signed_in(app, "entrant1") as client:
        response = await client.api(
            "PATCH", f"/api/v1/projects/{project.id}", json={"version": 1, "track_id": foreign.id}
        )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "track_id"


async def test_submitting_needs_a_summary_and_a_deck(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        created = await client.api("POST", "/api/v1/projects", json=project_json(ai.id, summary=""))
        project_id = created.json()["id"]
        response = await client.post_form(f"/projects/{project_id}/submit", {"version": "1"})
    assert response.status_code == 400
    assert "Write a one-paragraph summary before submitting." in response.text
    assert "Upload a pitch deck (PDF) before submitting." in response.text
    saved = await Submission.objects().get(Submission.id == project_id)
    assert saved.status == "draft"


async def test_submitting_marks_the_project_and_mails_a_bilingual_confirmation(app, demo):
    ai = await track(demo.id)
    async with signed_in(app, "entrant3") as client:
        created = await client.api("POST", "/api/v1/projects", json=project_json(ai.id))
        project_id = created.json()["id"]
        await upload(client, project_id, small_pdf())
        response = await client.post_form(f"/projects/{project_id}/submit", {"version": "2"})
        page = await client.get(response.headers["location"])
    assert response.status_code == 303
    assert response.headers["location"] == f"/projects/{project_id}"
    assert "Your project is submitted. A confirmation is on its way to your mailbox." in page.text
    saved = await Submission.objects().get(Submission.id == project_id)
    assert saved.status == "submitted"
    assert saved.submitted_at is not None
    mail = await OutboxMessage.objects().get(OutboxMessage.kind == "submission_received")
    assert mail.to_address == "entrant3@demo.chinagate.local"
    assert "Solar-powered cold chain" in mail.subject
    assert "China Gate Master 2021" in mail.body
    assert "2021“中国门”大师创新创业大赛" in mail.body
    assert f"http://testserver.local/projects/{project_id}" in mail.body
    assert [event["action"] for event in await _audit(project_id)] == [
        "created",
        "deck_uploaded",
        "submitted",
    ]
    assert 'id="project-status">Submitted' in page.text


async def test_submitting_twice_is_refused(app, demo):
    project = await first_project("entrant1", status="submitted")
    async with signed_in(app, "entrant1") as client:
        response = await client.api(
            "POST", f"/api/v1/projects/{project.id}/submit", json={"version": project.version}
        )
    assert response.status_code == 409
    assert response.json()["detail"] == "This project is already submitted."


async def test_entrant_withdraws_a_submitted_project(app, demo):
    project = await first_project("entrant1", status="submitted")
    async with signed_in(app, "entrant1") as client:
        response = await client.post_form(
            f"/projects/{project.id}/withdraw", {"version": str(project.version)}
        )
    assert response.status_code == 303
    saved = await Submission.objects().get(Submission.id == project.id)
    assert (saved.status, saved.version) == ("withdrawn", project.version + 1)
    [event] = await _audit(project.id, "withdrawn")
    assert (event["before"]["status"], event["after"]["status"]) == ("submitted", "withdrawn")


async def test_a_disqualified_project_cannot_be_withdrawn_or_edited(app, demo):
    project = await first_project("entrant1", status="submitted")
    await Submission.update({Submission.status: "disqualified"}).where(Submission.id == project.id)
    async with signed_in(app, "entrant1") as client:
        withdraw = await client.api(
            "POST", f"/api/v1/projects/{project.id}/withdraw", json={"version": project.version}
        )
        edit = await client.api(
            "PATCH", f"/api/v1/projects/{project.id}", json={"version": 1, "title": "x"}
        )
    assert withdraw.status_code == 409
    assert edit.status_code == 409
    saved = await Submission.objects().get(Submission.id == project.id)
    assert (saved.status, saved.title) == ("disqualified", project.title)


async def test_project_page_renders_the_description_safely(app, demo):
    project = await first_project("entrant1")
    await Submission.update(
        {
            Submission.description: (
                "**Bold** <script>alert(1)</script> [x](javascript:alert(2)) "
                '<img src=x onerror="alert(3)">'
            )
        }
    ).where(Submission.id == project.id)
    async with signed_in(app, "entrant1") as client:
        page = await client.get(f"/projects/{project.id}")
    assert page.status_code == 200
    assert "<strong>Bold</strong>" in page.text
    assert "<script>alert(1)" not in page.text
    assert 'href="javascript' not in page.text
    assert "<img" not in page.text


async def test_dashboard_lists_only_the_entrants_own_projects(app, demo):
    async with signed_in(app, "entrant1") as client:
        page = await client.get("/projects")
    assert "Low-dose CT lung nodule screening" in page.text
    assert "Pathology slide triage" in page.text
    assert "Self-calibrating welding robot" not in page.text
    assert 'href="/projects/new"' in page.text


async def test_two_simultaneous_saves_of_one_version_let_exactly_one_through(demo):
    entrant = await account("entrant1")
    project = await first_project("entrant1")
    fields = [
        ProjectFields(track_id=project.track, title=title) for title in ("Tab one", "Tab two")
    ]
    outcomes = await asyncio.gather(
        *(
            services.update_project(entrant, project.id, project.version, each, utcnow())
            for each in fields
        ),
        return_exceptions=True,
    )
    refused = [outcome for outcome in outcomes if isinstance(outcome, Conflict)]
    assert len(refused) == 1
    assert outcomes.count(None) == 1
    saved = await Submission.objects().get(Submission.id == project.id)
    assert saved.version == project.version + 1
    assert saved.title == ("Tab one" if outcomes[0] is None else "Tab two")
    assert len(await _audit(project.id, "updated")) == 1

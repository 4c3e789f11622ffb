"""Organizers disqualify or reinstate a project with a reason; every change is audited."""

from judging.audit.tables import AuditEvent
from judging.competitions.tables import Competition, Track
from judging.submissions.tables import Submission
from tests.submissions.organizer_world import add_project, sign_in_organizer
from tests.support import demo_audit_mark

REASON = "The deck copies another team's slides."


async def _page_action(client, competition, project, action: str, **form):
    return await client.post_form(
        f"/organize/{competition.id}/submissions/{project.id}/{action}", form
    )


async def _api_action(client, competition, project, action: str, body: dict):
    return await client.api(
        "POST",
        f"/api/v1/competitions/{competition.id}/submissions/{project.id}/{action}",
        json=body,
    )


async def _reload(project: Submission) -> Submission:
    return await Submission.objects().get(Submission.id == project.id)


async def test_disqualifying_without_a_reason_is_refused_beside_the_field(client, demo):
    await sign_in_organizer(client)
    project = await add_project(demo, "Reasonless")
    response = await _page_action(client, demo, project, "disqualify", reason="  ")
    assert response.status_code == 400
    assert 'id="reason-error"' in response.text
    assert (await _reload(project)).status == "submitted"
    assert not await AuditEvent.exists().where(
        (AuditEvent.entity == "submission") & (AuditEvent.id > demo_audit_mark())
    )


async def test_api_disqualify_needs_a_reason_of_at_least_three_characters(client, demo):
    await sign_in_organizer(client)
    project = await add_project(demo, "Short reason")
    response = await _api_action(client, demo, project, "disqualify", {"reason": "no"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["reason"]
    assert (await _reload(project)).status == "submitted"


async def test_disqualifying_keeps_the_reason_audits_it_and_bumps_the_version(client, demo):
    await sign_in_organizer(client)
    project = await add_project(demo, "Copied deck")
    response = await _page_action(
        client, demo, project, "disqualify", reason=REASON, version=str(project.version)
    )
    assert response.status_code == 303
    changed = await _reload(project)
    assert (changed.status, changed.status_reason) == ("disqualified", REASON)
    assert changed.version == project.version + 1
    event = (
        await AuditEvent.select()
        .where(
            (AuditEvent.entity == "submission")
            & (AuditEvent.entity_id == project.id)
            & (AuditEvent.id > demo_audit_mark())
        )
        .output(load_json=True)
        .first()
    )
    assert event["action"] == "disqualified"
    assert event["before"]["status"] == "submitted"
    assert event["after"]["status"] == "disqualified"
    assert event["after"]["reason"] == REASON
    assert event["actor"] is not None


async def test_reinstating_returns_a_submitted_project_to_submitted(client, demo):
    await sign_in_organizer(client)
    project = await add_project(demo, "Back in the race")
    await _api_action(client, demo, project, "disqualify", {"reason": REASON})
    response = await _api_action(
        client, demo, project, "reinstate", {"reason": "The slides were licensed."}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    changed = await _reload(project)
    assert (changed.status, changed.status_reason, changed.version) == ("submitted", "", 3)
    actions = await AuditEvent.select(AuditEvent.action).where(
        (AuditEvent.entity == "submission")
        & (AuditEvent.entity_id == project.id)
        & (AuditEvent.id > demo_audit_mark())
    )
    assert [row["action"] for row in actions] == ["disqualified", "reinstated"]


async def test_reinstating_a_never_submitted_project_returns_it_to_draft(client, demo):
    await sign_in_organizer(client)
    project = await add_project(demo, "Only a draft", status="draft")
    await _api_action(client, demo, project, "disqualify", {"reason": REASON})
    response = await _page_action(client, demo, project, "reinstate", reason="Mistaken identity")
    assert response.status_code == 303
    assert (await _reload(project)).status == "draft"


async def test_withdrawn_project_cannot_be_disqualified(client, demo):
    await sign_in_organizer(client)
    project = await add_project(demo, "Withdrawn one", status="withdrawn")
    response = await _api_action(client, demo, project, "disqualify", {"reason": REASON})
    assert response.status_code == 409
    assert (await _reload(project)).status == "withdrawn"


async def test_only_disqualified_projects_can_be_reinstated(client, demo):
    await sign_in_organizer(client)
    project = await add_project(demo, "Never disqualified")
    response = await _api_action(client, demo, project, "reinstate", {"reason": REASON})
    assert response.status_code == 409
    assert (await _reload(project)).version == project.version


async def test_disqualifying_from_a_stale_page_is_refused(client, demo):
    await sign_in_organizer(client)
    project = await add_project(demo, "Edited meanwhile")
    await Submission.update({Submission.version: 5}).where(Submission.id == project.id)
    response = await _page_action(client, demo, project, "disqualify", reason=REASON, version="1")
    assert response.status_code == 409
    assert (await _reload(project)).status == "submitted"


async def test_project_of_another_competition_is_not_found_here(client, demo):
    await sign_in_organizer(client)
    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    track = Track(competition=other.id, key="ai", name_en="AI", name_zh="人工智能")
    await track.save()
    project = await add_project(other, "Elsewhere")
    response = await _api_action(client, demo, project, "disqualify", {"reason": REASON})
    assert response.status_code == 404
    assert (await client.get(f"/organize/{demo.id}/submissions/{project.id}")).status_code == 404
    assert (await _reload(project)).status == "submitted"


async def test_detail_page_shows_team_deck_link_reason_and_history(client, demo):
    await sign_in_organizer(client)
    project = await add_project(demo, "Full picture", team=["Ada Lovelace", "张衡"])
    await Submission.update({Submission.deck_sha256: "b" * 64}).where(Submission.id == project.id)
    await _api_action(client, demo, project, "disqualify", {"reason": REASON})
    page = await client.get(f"/organize/{demo.id}/submissions/{project.id}")
    assert page.status_code == 200
    assert "Ada Lovelace" in page.text
    assert "张衡" in page.text
    assert f'href="/submissions/{project.id}/deck"' in page.text
    assert "The deck copies another team&#39;s slides." in page.text
    assert f"/submissions/{project.id}/reinstate" in page.text
    assert f"/submissions/{project.id}/disqualify" not in page.text

"""A submitted scorecard is withdrawn only on purpose: a draft save cannot do it; reopening is
its own action, confirmed on the page, audited, version-checked, and shown in the queue."""

from judging.audit.tables import AuditEvent
from tests.reviews.judging_world import (
    api_path,
    card_json,
    cards,
    close_judging,
    form_data,
    page_path,
    scores,
    signed_in,
)


async def _submitted(judge1, world, project: int) -> dict:
    response = await judge1.api(
        "PUT",
        f"{api_path(world, project)}/scorecard",
        json=card_json(scores(), action="submit", comment_to_entrant="Well argued."),
    )
    assert response.status_code == 200, response.text
    return response.json()


async def _scorecard_events() -> list[str]:
    rows = await AuditEvent.select(AuditEvent.action).where(AuditEvent.entity == "scorecard")
    return [row["action"] for row in rows]


async def test_a_draft_save_over_a_submitted_card_is_refused_by_the_api(judge1, world):
    project = world.projects[0]
    await _submitted(judge1, world, project)
    response = await judge1.api(
        "PUT", f"{api_path(world, project)}/scorecard", json=card_json(scores(team=2), version=1)
    )
    assert response.status_code == 409
    assert "reopen" in response.json()["detail"]
    [card] = await cards(world.round_id)
    assert (card["status"], card["version"], card["scores"]["team"]) == ("submitted", 1, 7)
    assert await _scorecard_events() == ["submitted"]


async def test_the_form_refuses_a_draft_save_over_a_submitted_card_and_keeps_the_typing(
    judge1, world
):
    project = world.projects[0]
    await _submitted(judge1, world, project)
    response = await judge1.post_form(
        page_path(world, project), form_data(scores(team=3), version=1, action="draft")
    )
    assert response.status_code == 409
    assert "Draft saved" not in response.text
    assert "saving them as a draft would withdraw them" in response.text
    # What was typed is still in the form, ready to be submitted instead.
    assert 'name="scores.team" inputmode="decimal" autocomplete="off" value="3"' in (response.text)
    [card] = await cards(world.round_id)
    assert (card["status"], card["scores"]["team"]) == ("submitted", 7)


async def test_a_submitted_card_offers_submit_and_reopen_but_no_draft_save(judge1, world):
    project = world.projects[0]
    await _submitted(judge1, world, project)
    page = (await judge1.get(page_path(world, project))).text
    assert 'value="draft"' not in page
    assert 'value="submit"' in page
    assert f'href="{page_path(world, project)}/reopen"' in page


async def test_the_reopen_page_says_what_reopening_does_and_asks(judge1, world):
    project = world.projects[0]
    await _submitted(judge1, world, project)
    page = await judge1.get(f"{page_path(world, project)}/reopen")
    assert page.status_code == 200
    assert "no longer count" in page.text
    assert f'action="{page_path(world, project)}/reopen"' in page.text
    assert 'name="version" value="1"' in page.text
    # Opening the page changes nothing.
    [card] = await cards(world.round_id)
    assert card["status"] == "submitted"


async def test_reopening_on_the_page_makes_the_card_a_draft_and_says_so(judge1, world):
    project = world.projects[0]
    await _submitted(judge1, world, project)
    response = await judge1.post_form(f"{page_path(world, project)}/reopen", {"version": "1"})
    assert response.status_code == 303
    assert response.headers["location"] == page_path(world, project)
    page = (await judge1.get(response.headers["location"])).text
    assert "do not count until you submit them again" in page
    assert "Reopened" in page
    [card] = await cards(world.round_id)
    assert (card["status"], card["version"], card["submitted_at"]) == ("draft", 2, None)
    assert card["scores"] == scores()
    assert card["comment_to_entrant"] == "Well argued."


async def test_reopening_is_audited_with_before_and_after(judge1, world):
    project = world.projects[0]
    saved = await _submitted(judge1, world, project)
    response = await judge1.api(
        "POST", f"{api_path(world, project)}/scorecard/reopen", json={"version": 1}
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "draft"
    assert response.json()["reopened_at"] is not None
    [event] = (
        await AuditEvent.select()
        .where((AuditEvent.entity == "scorecard") & (AuditEvent.action == "reopened"))
        .output(load_json=True)
    )
    assert event["entity_id"] == saved["id"]
    assert event["actor"] == world.judge1.id
    assert (event["before"]["status"], event["after"]["status"]) == ("submitted", "draft")
    assert event["after"]["version"] == 2


async def test_reopening_a_stale_version_is_refused(judge1, world):
    project = world.projects[0]
    await _submitted(judge1, world, project)
    await judge1.api(
        "PUT",
        f"{api_path(world, project)}/scorecard",
        json=card_json(scores(team=9), version=1, action="submit"),
    )
    response = await judge1.api(
        "POST", f"{api_path(world, project)}/scorecard/reopen", json={"version": 1}
    )
    assert response.status_code == 409
    assert "Reload the page" in response.json()["detail"]
    [card] = await cards(world.round_id)
    assert (card["status"], card["version"]) == ("submitted", 2)


async def test_only_a_submitted_card_can_be_reopened(judge1, world):
    project = world.projects[0]
    await judge1.api(
        "PUT", f"{api_path(world, project)}/scorecard", json=card_json({"innovation": 5})
    )
    response = await judge1.api(
        "POST", f"{api_path(world, project)}/scorecard/reopen", json={"version": 1}
    )
    assert response.status_code == 409
    assert "not submitted" in response.json()["detail"]
    missing = await judge1.api(
        "POST", f"{api_path(world, world.projects[1])}/scorecard/reopen", json={"version": 0}
    )
    assert missing.status_code == 409
    assert await _scorecard_events() == ["draft_saved"]


async def test_a_card_cannot_be_reopened_after_judging_closes(judge1, world):
    project = world.projects[0]
    await _submitted(judge1, world, project)
    await close_judging(world.round_id)
    response = await judge1.api(
        "POST", f"{api_path(world, project)}/scorecard/reopen", json={"version": 1}
    )
    assert response.status_code == 403
    assert "closed on" in response.json()["detail"]
    [card] = await cards(world.round_id)
    assert card["status"] == "submitted"
    page = await judge1.get(page_path(world, project))
    assert f'href="{page_path(world, project)}/reopen"' not in page.text


async def test_the_queue_tells_reopened_cards_from_drafts_and_submitted_ones(judge1, world):
    first, second, third = world.projects
    await _submitted(judge1, world, first)
    await _submitted(judge1, world, second)
    await judge1.api("PUT", f"{api_path(world, third)}/scorecard", json=card_json({"team": 4}))
    await judge1.api("POST", f"{api_path(world, first)}/scorecard/reopen", json={"version": 1})
    [queue] = (await judge1.get("/api/v1/judge/queue")).json()
    states = {item["submission_id"]: item["card_status"] for item in queue["left"] + queue["done"]}
    assert states == {first: "reopened", second: "submitted", third: "draft"}
    assert (queue["scored"], queue["drafts"]) == (1, 2)
    page = (await judge1.get("/judge")).text
    assert "Reopened" in page


async def test_a_draft_save_keeps_a_reopened_card_reopened_until_it_is_submitted(judge1, world):
    project = world.projects[0]
    await _submitted(judge1, world, project)
    path = f"{api_path(world, project)}/scorecard"
    await judge1.api("POST", f"{path}/reopen", json={"version": 1})
    draft = await judge1.api("PUT", path, json=card_json(scores(team=5), version=2))
    assert draft.status_code == 200, draft.text
    assert draft.json()["reopened_at"] is not None
    again = await judge1.api(
        "PUT", path, json=card_json(scores(team=5), version=3, action="submit")
    )
    assert again.json()["status"] == "submitted"
    assert again.json()["reopened_at"] is None
    [queue] = (await judge1.get("/api/v1/judge/queue")).json()
    assert [item["card_status"] for item in queue["done"]] == ["submitted"]


async def test_the_organizers_project_history_names_the_reopening(judge1, world, app):
    from tests.support import app_client

    project = world.projects[0]
    await _submitted(judge1, world, project)
    await judge1.api("POST", f"{api_path(world, project)}/scorecard/reopen", json={"version": 1})
    async with app_client(app) as organizer:
        await signed_in(organizer, "organizer")
        page = await organizer.get(
            f"/organize/{world.competition_id}/rounds/{world.round_id}/ranking/projects/{project}"
        )
    assert page.status_code == 200
    assert "Reopened by the judge" in page.text

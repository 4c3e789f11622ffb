"""Saving scorecards: drafts, submitting, the scale, the judging window, versions, the audit."""

from datetime import timedelta

import pytest

import scoring
from judging.audit import services as audit
from judging.audit.tables import AuditEvent
from judging.clock import utcnow
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.reviews.judging_world import (
    api_path,
    card_json,
    cards,
    close_judging,
    form_data,
    page_path,
    scores,
    scoring_rubric,
    set_window,
)


async def test_a_draft_keeps_the_criteria_scored_so_far(judge1, world):
    project = world.projects[0]
    response = await judge1.api(
        "PUT",
        f"{api_path(world, project)}/scorecard",
        json=card_json({"innovation": 8, "market": 6.5}, comment_to_entrant="Promising."),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "draft"
    assert body["scores"] == {"innovation": 8, "market": 6.5}
    assert body["total"] is None
    assert body["version"] == 1
    [card] = await cards(world.round_id)
    assert card["scores"] == {"innovation": 8, "market": 6.5}
    assert card["comment_to_entrant"] == "Promising."
    assert card["judge"] == world.judge1.id


async def test_submitting_needs_every_criterion_and_the_form_says_which(judge1, world):
    project = world.projects[0]
    response = await judge1.post_form(
        page_path(world, project), form_data({"innovation": 8, "market": 6}, action="submit")
    )
    assert response.status_code == 400
    for missing in ("team", "business", "feasibility"):
        assert f'id="score-{missing}-error"' in response.text
    assert 'id="score-innovation-error"' not in response.text
    # What the judge typed is still in the form.
    assert 'name="scores.innovation" inputmode="decimal"' in response.text
    assert 'value="8"' in response.text
    assert await cards(world.round_id) == []


async def test_a_score_outside_the_scale_is_refused_by_field(judge1, world):
    response = await judge1.api(
        "PUT",
        f"{api_path(world, world.projects[0])}/scorecard",
        json=card_json(scores(innovation=11, market=-1, team=7.25), action="submit"),
    )
    assert response.status_code == 400
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert errors == {
        "scores.innovation": "Enter a score from 0 to 10.",
        "scores.market": "Enter a score from 0 to 10.",
        "scores.team": "Use at most one decimal place, such as 7.5.",
    }
    assert await cards(world.round_id) == []


async def test_an_unknown_criterion_is_refused(judge1, world):
    response = await judge1.api(
        "PUT",
        f"{api_path(world, world.projects[0])}/scorecard",
        json=card_json({"charisma": 5}),
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "scores.charisma"


async def test_text_that_is_not_a_number_is_reported_beside_its_field(judge1, world):
    response = await judge1.post_form(
        page_path(world, world.projects[0]), form_data({"innovation": "seven"})
    )
    assert response.status_code == 400
    assert 'id="score-innovation-error"' in response.text
    assert "Enter a number." in response.text


async def test_the_stored_total_is_exactly_the_scoring_total(judge1, world):
    given = scores(innovation=8.5, market=6, team=9, business=3.5, feasibility=7)
    response = await judge1.api(
        "PUT",
        f"{api_path(world, world.projects[0])}/scorecard",
        json=card_json(given, action="submit"),
    )
    assert response.status_code == 200, response.text
    expected = scoring.scorecard_total(await scoring_rubric(world.round_id), given)
    [card] = await cards(world.round_id)
    assert card["status"] == "submitted"
    assert card["submitted_at"] is not None
    assert card["total"] == expected
    assert response.json()["total"] == expected


async def test_the_form_saves_a_draft_and_comes_back_with_a_notice(judge1, world):
    project = world.projects[0]
    response = await judge1.post_form(
        page_path(world, project),
        form_data({"innovation": 9}, note_to_organizers="Check their patent."),
    )
    assert response.status_code == 303
    assert response.headers["location"] == page_path(world, project)
    page = await judge1.get(response.headers["location"])
    assert "Draft saved" in page.text
    assert 'value="9"' in page.text
    assert "Check their patent." in page.text
    assert 'name="version" value="1"' in page.text


async def test_a_complete_card_shows_its_total_on_the_page(judge1, world):
    project = world.projects[0]
    await judge1.post_form(page_path(world, project), form_data(scores(), action="submit"))
    page = await judge1.get(page_path(world, project))
    assert '<output id="live-total" aria-live="polite">70</output>' in page.text


async def test_a_submitted_card_stays_editable_by_submitting_again(judge1, world):
    # Withdrawing it is another action (see test_reopening.py), never a draft save.
    path = f"{api_path(world, world.projects[0])}/scorecard"
    first = await judge1.api("PUT", path, json=card_json(scores(), action="submit"))
    again = await judge1.api(
        "PUT", path, json=card_json(scores(team=9), version=1, action="submit")
    )
    assert again.status_code == 200
    assert again.json()["status"] == "submitted"
    assert again.json()["total"] > first.json()["total"]


async def test_nothing_is_saved_after_judging_closes(judge1, world):
    await close_judging(world.round_id)
    response = await judge1.api(
        "PUT", f"{api_path(world, world.projects[0])}/scorecard", json=card_json(scores())
    )
    assert response.status_code == 403
    assert "closed on" in response.json()["detail"]
    assert await cards(world.round_id) == []
    page = await judge1.get(page_path(world, world.projects[0]))
    assert 'id="scoring-refusal"' in page.text
    assert "data-scorecard" not in page.text


async def test_nothing_is_saved_before_judging_opens(judge1, world):
    now = utcnow()
    await set_window(world.round_id, now + timedelta(days=1), now + timedelta(days=5))
    response = await judge1.post_form(page_path(world, world.projects[0]), form_data(scores()))
    assert response.status_code == 403
    assert "opens on" in response.text
    assert await cards(world.round_id) == []


async def test_a_withdrawn_project_cannot_be_scored(judge1, world):
    project = world.projects[0]
    await Submission.update({Submission.status: "withdrawn"}).where(Submission.id == project)
    response = await judge1.api(
        "PUT", f"{api_path(world, project)}/scorecard", json=card_json(scores())
    )
    assert response.status_code == 409
    assert await cards(world.round_id) == []


async def test_a_stale_version_is_refused_with_reload_and_the_first_save_survives(judge1, world):
    path = f"{api_path(world, world.projects[0])}/scorecard"
    await judge1.api("PUT", path, json=card_json(scores(), action="submit"))
    # Two tabs loaded version 1; the first one saves.
    first_tab = await judge1.api(
        "PUT", path, json=card_json(scores(team=10), version=1, action="submit")
    )
    second_tab = await judge1.api(
        "PUT", path, json=card_json(scores(team=1), version=1, action="submit")
    )
    assert first_tab.status_code == 200
    assert second_tab.status_code == 409
    assert "Reload the page" in second_tab.json()["detail"]
    [card] = await cards(world.round_id)
    assert card["scores"]["team"] == 10
    assert card["version"] == 2


async def test_a_stale_form_save_shows_the_saved_scores_and_the_reload_message(judge1, world):
    path = page_path(world, world.projects[0])
    await judge1.post_form(path, form_data(scores(team=10)))
    response = await judge1.post_form(path, form_data(scores(team=1), version=0))
    assert response.status_code == 409
    assert "Reload the page" in response.text
    assert 'name="version" value="1"' in response.text
    [card] = await cards(world.round_id)
    assert card["scores"]["team"] == 10


async def test_every_save_is_audited_with_before_and_after(judge1, world):
    path = f"{api_path(world, world.projects[0])}/scorecard"
    await judge1.api("PUT", path, json=card_json({"innovation": 4}))
    await judge1.api("PUT", path, json=card_json(scores(), version=1, action="submit"))
    events = (
        await AuditEvent.select()
        .where(AuditEvent.entity == "scorecard")
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    assert [event["action"] for event in events] == ["draft_saved", "submitted"]
    assert all(event["actor"] == world.judge1.id for event in events)
    assert events[0]["before"] is None
    assert events[0]["after"]["scores"] == {"innovation": 4}
    assert events[1]["before"]["scores"] == {"innovation": 4}
    assert events[1]["before"]["status"] == "draft"
    assert events[1]["after"]["status"] == "submitted"
    assert events[1]["after"]["scores"] == scores()
    assert events[1]["after"]["version"] == 2


async def test_a_refused_save_writes_no_audit_event(judge1, world):
    await judge1.api(
        "PUT",
        f"{api_path(world, world.projects[0])}/scorecard",
        json=card_json(scores(innovation=12)),
    )
    assert await AuditEvent.count().where(AuditEvent.entity == "scorecard") == 0


@pytest.mark.parametrize("field", ["comment_to_entrant", "note_to_organizers"])
async def test_a_comment_over_4000_characters_is_refused(judge1, world, field):
    response = await judge1.api(
        "PUT",
        f"{api_path(world, world.projects[0])}/scorecard",
        json=card_json({}, **{field: "x" * 4001}),
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


async def test_the_scoring_form_speaks_the_judges_language(judge1, world):
    page = await judge1.get(
        page_path(world, world.projects[0]), headers={"accept-language": "zh-CN"}
    )
    assert '<html lang="zh-CN">' in page.text
    assert '<label for="score-innovation">创新性</label>' in page.text
    assert "技术或商业模式的新颖程度如何？" in page.text
    # The guidance follows the scoring rule as Chinese is written: no space after "。".
    assert "分值 0–10。技术或商业模式的新颖程度如何？" in page.text


async def test_the_scoring_form_loads_the_live_total_script_from_this_site(judge1, world):
    page = await judge1.get(page_path(world, world.projects[0]))
    assert '<script src="/static/js/scoring.js?v=' in page.text
    assert 'data-weight-bp="2500" data-min="0" data-max="10"' in page.text
    script = await judge1.get("/static/js/scoring.js")
    assert script.status_code == 200


async def test_a_card_sent_back_is_editable_and_shows_the_organizers_reason(judge1, world):
    path = f"{api_path(world, world.projects[0])}/scorecard"
    saved = (await judge1.api("PUT", path, json=card_json(scores(), action="submit"))).json()
    await Scorecard.update({Scorecard.status: "returned"}).where(Scorecard.id == saved["id"])
    await audit.record(
        actor_id=None,
        entity="scorecard",
        entity_id=saved["id"],
        action="returned",
        after={"reason": "Market score far from the panel; please check."},
    )
    page = await judge1.get(page_path(world, world.projects[0]))
    assert 'id="scorecard-returned"' in page.text
    assert "Market score far from the panel; please check." in page.text
    assert "data-scorecard" in page.text
    again = await judge1.api("PUT", path, json=card_json(scores(), version=1, action="submit"))
    assert again.json()["status"] == "submitted"

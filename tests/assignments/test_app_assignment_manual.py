"""Organizers add and remove single assignments by hand, under the solver's rules."""

from judging.assignments.tables import Assignment, Conflict
from judging.competitions.tables import Round
from judging.reviews.tables import Scorecard
from tests.assignments.assignment_world import (
    account,
    assign,
    audit_actions,
    mails,
    pairs,
    preliminary,
    project_of,
    scorecard,
    set_profile,
    sign_in,
)


def _url(competition_id: int, round_id: int) -> str:
    return f"/organize/{competition_id}/rounds/{round_id}/assignments"


async def _add(client, demo, project_id: int, judge_id: int):
    round_ = await preliminary(demo.id)
    return await client.post_form(
        _url(demo.id, round_.id), {"submission_id": str(project_id), "judge_id": str(judge_id)}
    )


async def test_organizer_assigns_a_judge_by_hand_and_the_judge_is_mailed(client, demo):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant1")
    judge2 = await account("judge2")
    await sign_in(client, "organizer")
    response = await _add(client, demo, project.id, judge2.id)
    assert response.status_code == 303
    assert await pairs(round_.id) == {(project.id, judge2.id)}
    assert [(m["to_address"], m["competition_id"]) for m in await mails("assignment_added")] == [
        (judge2.email, demo.id)
    ]
    added = await Assignment.objects().get(Assignment.round == round_.id)
    assert await audit_actions("assignment", added.id) == ["created"]


async def test_manual_add_is_refused_for_a_conflict(client, demo):
    project = await project_of("entrant1")
    judge2 = await account("judge2")
    await Conflict(competition=demo.id, judge=judge2.id, submission=project.id).save()
    await sign_in(client, "organizer")
    response = await _add(client, demo, project.id, judge2.id)
    assert response.status_code == 400
    assert "This judge has a conflict of interest with this project." in response.text
    assert 'id="judge_id-error"' in response.text
    assert await Assignment.count() == 0


async def test_manual_add_is_refused_for_the_same_organization(client, demo):
    project = await project_of("entrant1")
    await set_profile(demo.id, "judge2", organization="DEEPVISION medical")
    judge2 = await account("judge2")
    await sign_in(client, "organizer")
    response = await _add(client, demo, project.id, judge2.id)
    assert response.status_code == 400
    assert "This judge is from the project's organization." in response.text
    assert await Assignment.count() == 0


async def test_manual_add_is_refused_above_the_judges_maximum_load(client, demo):
    round_ = await preliminary(demo.id)
    first, second = await project_of("entrant1"), await project_of("entrant2")
    judge2 = await account("judge2")
    await set_profile(demo.id, "judge2", max_load=1)
    await assign(round_.id, (first.id, judge2.id))
    await sign_in(client, "organizer")
    response = await _add(client, demo, second.id, judge2.id)
    assert response.status_code == 400
    assert "This judge already has 1 projects in this round, their maximum load." in response.text
    assert await pairs(round_.id) == {(first.id, judge2.id)}


async def test_manual_add_is_refused_for_a_project_with_all_its_judges(client, demo):
    round_ = await preliminary(demo.id)
    await Round.update({Round.judges_per_submission: 1}).where(Round.id == round_.id)
    project = await project_of("entrant1")
    judge2, judge3 = await account("judge2"), await account("judge3")
    await assign(round_.id, (project.id, judge2.id))
    await sign_in(client, "organizer")
    response = await _add(client, demo, project.id, judge3.id)
    assert response.status_code == 400
    assert 'id="submission_id-error"' in response.text
    assert "This project already has 1 judges; the round needs 1." in response.text


async def test_manual_add_is_refused_for_a_pair_that_exists(client, demo):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant1")
    judge2 = await account("judge2")
    await assign(round_.id, (project.id, judge2.id))
    await sign_in(client, "organizer")
    response = await client.api(
        "POST",
        f"/api/v1/competitions/{demo.id}/rounds/{round_.id}/assignments",
        json={"submission_id": project.id, "judge_id": judge2.id},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "judge_id", "message": "This judge is already assigned to this project."}
    ]


async def test_manual_add_is_refused_for_a_dropped_out_judge(client, demo):
    project = await project_of("entrant1")
    await set_profile(demo.id, "judge2", active=False)
    judge2 = await account("judge2")
    await sign_in(client, "organizer")
    response = await _add(client, demo, project.id, judge2.id)
    assert response.status_code == 400
    assert "Choose an active judge of this competition." in response.text


async def test_removing_an_assignment_deletes_the_draft_with_it(client, demo):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant1")
    judge2 = await account("judge2")
    await assign(round_.id, (project.id, judge2.id))
    draft = await scorecard(round_.id, project.id, judge2.id, "draft")
    assignment = await Assignment.objects().get(Assignment.round == round_.id)
    await sign_in(client, "organizer")
    response = await client.post_form(f"{_url(demo.id, round_.id)}/{assignment.id}/delete")
    assert response.status_code == 303
    assert await pairs(round_.id) == set()
    assert not await Scorecard.exists().where(Scorecard.id == draft.id)
    assert await audit_actions("assignment", assignment.id) == ["deleted"]
    assert await audit_actions("scorecard", draft.id) == ["deleted"]


async def test_removing_a_scored_assignment_is_refused(client, demo):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant1")
    judge2 = await account("judge2")
    await assign(round_.id, (project.id, judge2.id))
    await scorecard(round_.id, project.id, judge2.id, "submitted")
    assignment = await Assignment.objects().get(Assignment.round == round_.id)
    await sign_in(client, "organizer")
    response = await client.post_form(f"{_url(demo.id, round_.id)}/{assignment.id}/delete")
    assert response.status_code == 409
    assert "This judge has already scored this project" in response.text
    api = await client.api(
        "DELETE",
        f"/api/v1/competitions/{demo.id}/rounds/{round_.id}/assignments/{assignment.id}",
    )
    assert api.status_code == 409
    assert await pairs(round_.id) == {(project.id, judge2.id)}

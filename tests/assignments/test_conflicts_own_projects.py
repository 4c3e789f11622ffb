"""A judge never judges a project they stand behind: one they entered, one whose team lists
their email, or one whose entrant's account names their organization.

Each tie is a conflict of interest everywhere: the solver's input and the preview, a manual
assignment, a reassignment, the judge's queue, the project page and API, the deck and the
scorecard.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from judging.accounts.tables import Account
from judging.assignments import planning, rounds
from judging.assignments.tables import Assignment, JudgeProfile
from judging.competitions.tables import Round
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.assignments.assignment_world import (
    account,
    assign,
    preliminary,
    preview_digest,
    project_of,
    set_profile,
    sign_in,
)
from tests.reviews.judging_world import (
    api_path,
    attach_deck,
    build_world,
    card_json,
    page_path,
    scores,
)


async def owns(submission_id: int, judge: Account) -> None:
    """The judge entered the project (any account may, judges included)."""
    await Submission.update({Submission.owner: judge.id}).where(Submission.id == submission_id)


async def on_team(submission_id: int, judge: Account) -> None:
    """The project's team lists the judge's email (in other case and with spaces)."""
    member = {"name": "Co-founder", "role": "Advisor", "email": f" {judge.email.upper()} "}
    await Submission.update({Submission.team: [member]}).where(Submission.id == submission_id)


async def shares_entrant_organization(submission_id: int, judge: Account) -> None:
    """The entrant's account names the judge's organization; the project's own field does not."""
    project = await Submission.objects().get(Submission.id == submission_id)
    assert project.organization.casefold() != judge.organization.casefold()
    await Account.update({Account.organization: judge.organization.lower()}).where(
        Account.id == project.owner
    )


Tie = Callable[[int, Account], Awaitable[None]]
TIES = pytest.mark.parametrize(
    "tie",
    [owns, on_team, shares_entrant_organization],
    ids=["owner", "team_member", "entrant_organization"],
)


def _assignments(competition_id: int, round_id: int) -> str:
    return f"/api/v1/competitions/{competition_id}/rounds/{round_id}/assignments"


@TIES
async def test_the_solver_is_told_a_tied_judge_may_not_judge_the_project(demo, tie: Tie):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant1")
    judge2 = await account("judge2")
    await tie(project.id, judge2)
    _, state = await rounds.round_state(demo.id, round_.id)
    problem = planning.build_problem(state)
    assert (str(project.id), str(judge2.id)) in problem.conflicts
    assert state.conflicted((project.id, judge2.id))


@TIES
async def test_the_preview_never_pairs_a_tied_judge_with_the_project(client, demo, tie: Tie):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant1")
    judge2 = await account("judge2")
    # judge2 is the only expert of the project's track, so the solver would prefer them.
    track = await Submission.select(Submission.track.key).where(Submission.id == project.id)
    await set_profile(demo.id, "judge2", tracks=[track[0]["track.key"]])
    await tie(project.id, judge2)
    await sign_in(client, "organizer")
    preview = await preview_digest(client, demo.id, round_.id)
    assert preview["feasible"] is True
    proposed = {(pair["submission_id"], pair["judge_id"]) for pair in preview["new_pairs"]}
    assert (project.id, judge2.id) not in proposed
    assert sum(1 for sid, _ in proposed if sid == project.id) == 3


async def test_a_round_needing_every_judge_reports_the_owner_missing(client, demo):
    round_ = await preliminary(demo.id)
    await Round.update({Round.judges_per_submission: 6}).where(Round.id == round_.id)
    project = await project_of("entrant1")
    await owns(project.id, await account("judge2"))
    await sign_in(client, "organizer")
    preview = await preview_digest(client, demo.id, round_.id)
    assert preview["feasible"] is False
    [reason] = [r for r in preview["reasons"] if project.id in r["submission_ids"]]
    assert reason["missing"] == 1


@TIES
async def test_assigning_a_tied_judge_by_hand_is_refused(client, demo, tie: Tie):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant1")
    judge2 = await account("judge2")
    await tie(project.id, judge2)
    await sign_in(client, "organizer")
    response = await client.api(
        "POST",
        _assignments(demo.id, round_.id),
        json={"submission_id": project.id, "judge_id": judge2.id},
    )
    # The API's answer for every refused field (the same as a declared conflict's).
    assert response.status_code == 400, response.text
    assert [error["field"] for error in response.json()["errors"]] == ["judge_id"]
    assert await Assignment.count() == 0


async def test_the_refusal_says_the_judge_entered_the_project(client, demo):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant1")
    judge2 = await account("judge2")
    await owns(project.id, judge2)
    await sign_in(client, "organizer")
    response = await client.post_form(
        f"/organize/{demo.id}/rounds/{round_.id}/assignments",
        {"submission_id": str(project.id), "judge_id": str(judge2.id)},
    )
    assert response.status_code == 400
    assert "This judge entered this project." in response.text


async def test_the_refusal_says_the_judge_is_on_the_team(client, demo):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant1")
    judge2 = await account("judge2")
    await on_team(project.id, judge2)
    await sign_in(client, "organizer")
    response = await client.post_form(
        f"/organize/{demo.id}/rounds/{round_.id}/assignments",
        {"submission_id": str(project.id), "judge_id": str(judge2.id)},
    )
    assert response.status_code == 400
    assert "This judge is on this project's team." in response.text


@TIES
async def test_an_existing_assignment_of_a_tied_judge_is_removed_by_the_next_commit(
    client, demo, tie: Tie
):
    round_ = await preliminary(demo.id)
    project = await project_of("entrant1")
    judge2 = await account("judge2")
    await assign(round_.id, (project.id, judge2.id))
    await tie(project.id, judge2)
    await sign_in(client, "organizer")
    preview = await preview_digest(client, demo.id, round_.id)
    removed = {(pair["submission_id"], pair["judge_id"]) for pair in preview["removed_pairs"]}
    assert removed == {(project.id, judge2.id)}
    response = await client.api(
        "POST", _assignments(demo.id, round_.id) + "/commit", json={"digest": preview["digest"]}
    )
    assert response.status_code == 200, response.text
    assert not await Assignment.exists().where(
        (Assignment.submission == project.id) & (Assignment.judge == judge2.id)
    )


@TIES
async def test_a_tied_judge_neither_sees_opens_downloads_nor_scores_the_project(
    client, demo, settings, tie: Tie
):
    world = await build_world(demo.id)
    project = world.projects[0]
    await attach_deck(project, settings.data_dir)
    await tie(project, world.judge1)
    await sign_in(client, "judge1")
    [queue] = (await client.get("/api/v1/judge/queue")).json()
    assert project not in [item["submission_id"] for item in queue["left"] + queue["done"]]
    urls = [page_path(world, project), api_path(world, project)]
    if tie is not owns:
        # An owner reads their own deck as its entrant; as a judge nothing else opens.
        urls.append(f"/submissions/{project}/deck")
    for url in urls:
        assert (await client.get(url)).status_code == 404, url
    response = await client.api(
        "PUT",
        f"{api_path(world, project)}/scorecard",
        json=card_json(scores(), action="submit"),
    )
    assert response.status_code == 404
    assert await Scorecard.count() == 0


@pytest.mark.parametrize("where", ["account", "profile"])
async def test_the_queue_and_the_project_page_agree_on_the_judges_organization(
    client, demo, where: str
):
    world = await build_world(demo.id)
    project = await Submission.objects().get(Submission.id == world.projects[0])
    await set_profile(demo.id, "judge1", organization="Munich Ventures")
    if where == "account":
        # The profile kept another organization; the account names the project's.
        await Account.update({Account.organization: project.organization}).where(
            Account.id == world.judge1.id
        )
    else:
        await JudgeProfile.update({JudgeProfile.organization: project.organization.upper()}).where(
            JudgeProfile.account == world.judge1.id
        )
    await sign_in(client, "judge1")
    [queue] = (await client.get("/api/v1/judge/queue")).json()
    listed = project.id in [item["submission_id"] for item in queue["left"]]
    opens = (await client.get(page_path(world, project.id))).status_code == 200
    assert (listed, opens) == (False, False)

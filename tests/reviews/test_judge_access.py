"""What a judge may see: only assigned projects without a conflict, only their own card, and
in blind rounds nothing that names the team."""

import pytest

from judging.accounts.tables import Account
from judging.assignments.tables import Conflict
from judging.competitions.tables import Round
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.reviews.judging_world import (
    SECRET_TEAM,
    api_path,
    assign,
    attach_deck,
    card_json,
    declare_conflict,
    judge,
    make_blind,
    page_path,
    scores,
    signed_in,
)
from tests.support import app_client

OTHER_COMMENT = "Judge two thinks the market is tiny"
OTHER_NOTE = "Judge two private note to organizers"


def _urls(world, submission_id: int) -> list[str]:
    return [
        page_path(world, submission_id),
        api_path(world, submission_id),
        f"/submissions/{submission_id}/deck",
    ]


async def test_an_assigned_judge_opens_the_page_the_api_and_the_deck(judge1, world, settings):
    project = world.projects[0]
    await attach_deck(project, settings.data_dir)
    for url in _urls(world, project):
        response = await judge1.get(url)
        assert response.status_code == 200, url
    deck = await judge1.get(f"/submissions/{project}/deck?download=1")
    assert deck.headers["content-disposition"].startswith("attachment")
    assert f'filename="project-{project}.pdf"' in deck.headers["content-disposition"]


async def test_an_unassigned_judge_gets_404_everywhere(judge1, world, settings):
    await attach_deck(world.unassigned, settings.data_dir)
    for url in _urls(world, world.unassigned):
        assert (await judge1.get(url)).status_code == 404, url
    response = await judge1.api(
        "PUT", f"{api_path(world, world.unassigned)}/scorecard", json=card_json(scores())
    )
    assert response.status_code == 404
    assert await Scorecard.count() == 0


async def test_an_assignment_in_one_round_opens_nothing_in_another(judge1, world):
    later = Round(competition=world.competition_id, name_en="Final", name_zh="决赛", position=2)
    await later.save()
    response = await judge1.get(f"/judge/rounds/{later.id}/projects/{world.projects[0]}")
    assert response.status_code == 404


async def test_a_conflicted_judge_gets_404_and_the_project_leaves_their_queue(
    judge1, world, settings
):
    project = world.projects[0]
    await attach_deck(project, settings.data_dir)
    await declare_conflict(world.competition_id, world.judge1.id, project)
    for url in _urls(world, project):
        assert (await judge1.get(url)).status_code == 404, url
    response = await judge1.api(
        "PUT", f"{api_path(world, project)}/scorecard", json=card_json(scores())
    )
    assert response.status_code == 404
    [queue] = (await judge1.get("/api/v1/judge/queue")).json()
    assert project not in [item["submission_id"] for item in queue["left"] + queue["done"]]
    assert queue["assigned"] == 2


async def test_a_judge_of_the_same_organization_is_conflicted(app, world):
    project = world.projects[0]
    own = await Submission.objects().get(Submission.id == project)
    await Account.update({Account.organization: own.organization.upper()}).where(
        Account.id == world.judge1.id
    )
    async with app_client(app) as client:
        await signed_in(client, "judge1")
        assert (await client.get(page_path(world, project))).status_code == 404


async def test_a_judge_never_sees_another_judges_card(app, world):
    project = world.projects[0]
    async with app_client(app) as other:
        await signed_in(other, "judge2")
        response = await other.api(
            "PUT",
            f"{api_path(world, project)}/scorecard",
            json=card_json(
                scores(market=2),
                action="submit",
                comment_to_entrant=OTHER_COMMENT,
                note_to_organizers=OTHER_NOTE,
            ),
        )
        assert response.status_code == 200
    async with app_client(app) as client:
        await signed_in(client, "judge1")
        bodies = [
            (await client.get(page_path(world, project))).text,
            (await client.get(api_path(world, project))).text,
            (await client.get("/api/v1/judge/queue")).text,
            (await client.get("/judge")).text,
        ]
        detail = (await client.get(api_path(world, project))).json()
        [queue] = (await client.get("/api/v1/judge/queue")).json()
    for body in bodies:
        assert OTHER_COMMENT not in body
        assert OTHER_NOTE not in body
    assert detail["scorecard"] is None
    assert queue["scored"] == 0


@pytest.mark.parametrize("where", ["page", "api"])
async def test_a_blind_round_shows_no_team_organization_contact_or_links(judge1, world, where):
    project = world.projects[0]
    await make_blind(world.round_id, project)
    url = page_path(world, project) if where == "page" else api_path(world, project)
    response = await judge1.get(url)
    assert response.status_code == 200
    secrets = [
        SECRET_TEAM["team"][0]["name"],
        SECRET_TEAM["team"][0]["email"],
        SECRET_TEAM["organization"],
        SECRET_TEAM["contact_name"],
        SECRET_TEAM["contact_email"],
        SECRET_TEAM["contact_phone"],
        SECRET_TEAM["website"],
        SECRET_TEAM["video_url"],
        "Liu Yang",  # the demo owner of the project
        "entrant1@",
        "DeepVision Medical",
    ]
    for secret in secrets:
        assert secret not in response.text, secret
    if where == "api":
        shown = response.json()["project"]
        assert {"team", "organization", "country", "website", "video_url"}.isdisjoint(shown)


async def test_a_blind_round_keeps_the_deck_under_a_generic_name(judge1, world, settings):
    project = world.projects[0]
    await make_blind(world.round_id, project)
    await attach_deck(project, settings.data_dir)
    page = await judge1.get(page_path(world, project))
    assert f'data="/submissions/{project}/deck"' in page.text
    deck = await judge1.get(f"/submissions/{project}/deck?download=1")
    assert f'filename="project-{project}.pdf"' in deck.headers["content-disposition"]


async def test_an_open_round_shows_team_and_organization_but_never_contacts(judge1, world):
    project = world.projects[0]
    await make_blind(world.round_id, project)
    await Round.update({Round.is_blind: False}).where(Round.id == world.round_id)
    page = (await judge1.get(page_path(world, project))).text
    api = (await judge1.get(api_path(world, project))).text
    for body in (page, api):
        assert SECRET_TEAM["team"][0]["name"] in body
        assert SECRET_TEAM["organization"] in body
        for contact in (
            SECRET_TEAM["contact_email"],
            SECRET_TEAM["contact_phone"],
            SECRET_TEAM["contact_name"],
            SECRET_TEAM["team"][0]["email"],
        ):
            assert contact not in body, contact


async def test_the_queue_lists_only_the_judges_assignments(judge1, world):
    other = await judge("judge3")
    await assign(world.round_id, world.unassigned, other.id)
    [queue] = (await judge1.get("/api/v1/judge/queue")).json()
    listed = {item["submission_id"] for item in queue["left"]}
    assert listed == set(world.projects)


async def test_an_organization_conflict_takes_its_projects_out_of_the_queue(judge1, world):
    project = await Submission.objects().get(Submission.id == world.projects[0])
    await Conflict(
        competition=world.competition_id,
        judge=world.judge1.id,
        organization=f"  {project.organization.upper()} ",
        reason="Former employer",
    ).save()
    same_organization = {
        row["id"]
        for row in await Submission.select(Submission.id).where(
            Submission.organization == project.organization
        )
    }
    [queue] = (await judge1.get("/api/v1/judge/queue")).json()
    listed = {item["submission_id"] for item in queue["left"]}
    assert listed == set(world.projects) - same_organization
    assert queue["assigned"] == len(listed)
    assert (await judge1.get(page_path(world, project.id))).status_code == 404

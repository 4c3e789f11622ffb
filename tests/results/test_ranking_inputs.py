"""The organizer's ranking always reflects its inputs: whatever a ranking is computed from,
changing it through the app changes the ranking page and the API at once, exactly as a
ranking computed afresh shows it (never a stored ranking of earlier inputs)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from judging.accounts.tables import Account
from judging.assignments.tables import Assignment
from judging.competitions.tables import Criterion, Round
from judging.demo import DEMO_PASSWORD, demo_email
from judging.results.ranking.computed import STORE_NAME
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.support import app_client

# Per-request values of a page (CSRF tokens, CSP nonces), left out when comparing pages.
PER_REQUEST = re.compile(r'(name="_csrf_token" value|nonce|content)="[^"]*"')


@dataclass
class World:
    app: object
    organizer: object
    demo: object
    round_id: int


def _path(world: World) -> str:
    return f"/organize/{world.demo.id}/rounds/{world.round_id}/ranking"


def _api(world: World) -> str:
    return f"/api/v1/competitions/{world.demo.id}/rounds/{world.round_id}/ranking"


async def _shown(world: World) -> tuple[str, dict]:
    page = await world.organizer.get(_path(world))
    assert page.status_code == 200, page.text
    api = await world.organizer.get(_api(world))
    assert api.status_code == 200, api.text
    return PER_REQUEST.sub("", page.text), api.json()


async def _computed_afresh(world: World) -> tuple[str, dict]:
    await world.app.stores.get(STORE_NAME).delete_all()
    return await _shown(world)


async def _card(world: World, handle: str = "judge1") -> Scorecard:
    judge = await Account.objects().get(Account.email == demo_email(handle))
    return (
        await Scorecard.objects()
        .where((Scorecard.round == world.round_id) & (Scorecard.judge == judge.id))
        .order_by(Scorecard.id)
        .first()
    )


async def _ok(response, status: int = 200) -> None:
    assert response.status_code in {status, 200, 201}, response.text


# ---------------------------------------------------------------- each input, changed


async def conflict_with_a_scored_project(world: World) -> None:
    card = await _card(world)
    await _ok(
        await world.organizer.api(
            "POST",
            f"/api/v1/competitions/{world.demo.id}/conflicts",
            json={"judge_id": card.judge, "submission_id": card.submission, "reason": "Advisor"},
        )
    )


async def conflict_with_an_organization(world: World) -> None:
    card = await _card(world, "judge2")
    project = await Submission.objects().get(Submission.id == card.submission)
    await _ok(
        await world.organizer.api(
            "POST",
            f"/api/v1/competitions/{world.demo.id}/conflicts",
            json={
                "judge_id": card.judge,
                "organization": project.organization,
                "reason": "Former employer",
            },
        )
    )


async def moderation_excludes_a_card(world: World) -> None:
    card = await _card(world)
    await _ok(
        await world.organizer.api(
            "POST",
            f"{_api(world).removesuffix('/ranking')}/scorecards/{card.id}/exclude",
            json={"reason": "Scored the wrong deck", "version": card.version},
        )
    )


async def a_card_is_sent_back_to_its_judge(world: World) -> None:
    card = await _card(world)
    await _ok(
        await world.organizer.api(
            "POST",
            f"{_api(world).removesuffix('/ranking')}/scorecards/{card.id}/return",
            json={"reason": "Please score again", "version": card.version},
        )
    )


async def a_judge_submits_a_card(world: World) -> None:
    card = await _card(world)
    await Scorecard.update({Scorecard.status: "draft"}).where(Scorecard.id == card.id)
    keys = [row["key"] for row in await Criterion.select().where(Criterion.round == world.round_id)]
    async with app_client(world.app) as judge:
        await judge.sign_in(demo_email("judge1"), DEMO_PASSWORD)
        await _ok(
            await judge.api(
                "PUT",
                f"/api/v1/judge/rounds/{world.round_id}/projects/{card.submission}/scorecard",
                json={
                    "scores": dict.fromkeys(keys, 10),
                    "version": card.version,
                    "action": "submit",
                },
            )
        )


async def the_policy_is_adopted(world: World) -> None:
    await _ok(
        await world.organizer.api(
            "POST",
            f"{_api(world)}/policy",
            json={"normalize": "none", "aggregate": "median", "trim": 0, "min_judges": 1,
                  "disagreement": 10},
        )
    )  # fmt: skip


async def the_rubric_is_edited(world: World) -> None:
    url = f"/api/v1/competitions/{world.demo.id}/rounds/{world.round_id}/rubric"
    rubric = (await world.organizer.get(url)).json()
    criteria = rubric["criteria"] if isinstance(rubric, dict) else rubric
    criteria[0]["label_en"] = "Market pull"
    await _ok(await world.organizer.api("PUT", url, json={"criteria": criteria}))


async def a_project_is_disqualified(world: World) -> None:
    card = await _card(world)
    await _ok(
        await world.organizer.api(
            "POST",
            f"/api/v1/competitions/{world.demo.id}/submissions/{card.submission}/disqualify",
            json={"reason": "Plagiarised deck"},
        )
    )


async def a_project_is_withdrawn(world: World) -> None:
    card = await _card(world)
    project = await Submission.objects().get(Submission.id == card.submission)
    owner = await Account.objects().get(Account.id == project.owner)
    async with app_client(world.app) as entrant:
        await entrant.sign_in(owner.email, DEMO_PASSWORD)
        await _ok(
            await entrant.api(
                "POST",
                f"/api/v1/projects/{project.id}/withdraw",
                json={"version": project.version},
            )
        )


async def projects_advance_into_the_round(world: World) -> None:
    first = await Round.objects().get(
        (Round.competition == world.demo.id) & (Round.id != world.round_id)
    )
    await _ok(
        await world.organizer.api(
            "POST",
            f"/api/v1/competitions/{world.demo.id}/rounds/{first.id}/advancement",
            json={
                "target_round_id": world.round_id,
                "top_n": 1,
                "advance_all_tied": True,
                "confirm": True,
            },
        )
    )


Change = Callable[[World], Awaitable[None]]


async def _final_with_the_rubric(demo, first: Round) -> int:
    """A second round of the competition, with the first round's rubric and no cards."""
    final = Round(competition=demo.id, name_en="Final", name_zh="决赛", position=2)
    await final.save()
    for row in await Criterion.select().where(Criterion.round == first.id):
        del row["id"]
        await Criterion(**{**row, "round": final.id}).save()
    return final.id


@pytest.mark.parametrize(
    ("change", "round_of"),
    [
        (conflict_with_a_scored_project, "scored"),
        (conflict_with_an_organization, "scored"),
        (moderation_excludes_a_card, "scored"),
        (a_card_is_sent_back_to_its_judge, "scored"),
        (a_judge_submits_a_card, "scored"),
        (the_policy_is_adopted, "scored"),
        (a_project_is_disqualified, "scored"),
        (a_project_is_withdrawn, "scored"),
        (the_rubric_is_edited, "unscored"),
        (projects_advance_into_the_round, "final"),
    ],
    ids=lambda value: value.__name__ if callable(value) else None,
)
async def test_every_input_of_a_ranking_changes_the_page_and_the_api_at_once(
    app, organizer, demo, scored_round, change: Change, round_of: str
):
    round_id = scored_round.id
    # Each card came from an assignment, as through the judging pages.
    cards = await Scorecard.select().where(Scorecard.round == round_id)
    await Assignment.insert(
        *(Assignment(round=round_id, submission=c["submission"], judge=c["judge"]) for c in cards)
    )
    if round_of == "unscored":
        # A rubric can change only before anyone scores with it.
        await Scorecard.delete().where(Scorecard.round == round_id)
    if round_of == "final":
        round_id = await _final_with_the_rubric(demo, scored_round)
    world = World(app=app, organizer=organizer, demo=demo, round_id=round_id)
    before_page, before_api = await _shown(world)  # computed and stored
    await change(world)
    page, api = await _shown(world)
    assert api != before_api
    assert page != before_page
    assert (page, api) == await _computed_afresh(world)

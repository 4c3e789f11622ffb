"""Saves of one card that race each other: exactly one wins, the others are told to reload."""

import asyncio

import pytest

from judging.accounts.tables import Account
from judging.audit.tables import AuditEvent
from judging.clock import utcnow
from judging.competitions import rubric
from judging.competitions.rubric import round_rubric
from judging.competitions.schemas import CriterionFields, RubricFields
from judging.demo import DEMO_PASSWORD, demo_email
from judging.errors import Conflict, ValidationFailed
from judging.reviews import services
from judging.reviews.schemas import ScorecardSave
from judging.reviews.tables import Scorecard
from tests.reviews.judging_world import api_path, card_json, cards, scores
from tests.support import app_client


async def _race(world, saves: list[ScorecardSave]) -> list[object]:
    return await asyncio.gather(
        *(
            services.save_scorecard(world.judge1, world.round_id, world.projects[0], save, utcnow())
            for save in saves
        ),
        return_exceptions=True,
    )


def _outcome(results: list[object]) -> tuple[list[object], list[object]]:
    won = [result for result in results if not isinstance(result, BaseException)]
    lost = [result for result in results if isinstance(result, BaseException)]
    assert all(isinstance(result, Conflict) for result in lost), lost
    return won, lost


async def test_two_racing_first_saves_create_one_card(world):
    results = await _race(
        world,
        [
            ScorecardSave(scores={"innovation": 3}, version=0),
            ScorecardSave(scores={"innovation": 9}, version=0),
        ],
    )
    won, lost = _outcome(results)
    assert len(won) == 1
    assert len(lost) == 1
    [card] = await cards(world.round_id)
    assert card["scores"] == won[0].scores
    assert card["version"] == 1


async def test_two_racing_saves_of_one_version_keep_exactly_the_winner(world):
    await services.save_scorecard(
        world.judge1, world.round_id, world.projects[0], ScorecardSave(version=0), utcnow()
    )
    results = await _race(
        world,
        [
            ScorecardSave(scores=scores(team=1), version=1, action="submit"),
            ScorecardSave(scores=scores(team=10), version=1, action="submit"),
        ],
    )
    won, lost = _outcome(results)
    assert (len(won), len(lost)) == (1, 1)
    [card] = await cards(world.round_id)
    assert card["scores"] == won[0].scores
    assert card["version"] == 2


@pytest.mark.postgres
async def test_racing_http_saves_on_postgresql_lose_no_update(app, world):
    """Eight tabs save the same loaded version at once, then each reloads and saves again
    until it gets through: every save is either acknowledged or refused, and the card's
    version counts exactly the acknowledged ones (no update lost, none applied twice)."""
    path = f"{api_path(world, world.projects[0])}/scorecard"

    async def tab(value: int, signed_in: asyncio.Event, start: asyncio.Event) -> int:
        acknowledged = 0
        async with app_client(app) as client:
            try:
                await client.sign_in(world.judge1.email, DEMO_PASSWORD)
            finally:
                signed_in.set()
            await start.wait()
            version = 0
            for _ in range(30):
                response = await client.api(
                    "PUT", path, json=card_json({"innovation": value}, version=version)
                )
                if response.status_code == 200:
                    acknowledged += 1
                    return acknowledged
                assert response.status_code == 409, response.text
                reload = await client.get(api_path(world, world.projects[0]))
                version = (reload.json()["scorecard"] or {"version": 0})["version"]
        return acknowledged

    # The tabs sign in one after another (parallel sign-ins of one account from one address
    # are throttled as a guessing attack would be), then all save at once.
    start = asyncio.Event()
    tabs = []
    for value in range(1, 9):
        signed_in = asyncio.Event()
        tabs.append(asyncio.create_task(tab(value, signed_in, start)))
        await signed_in.wait()
    start.set()
    acknowledged = await asyncio.gather(*tabs)
    assert sum(acknowledged) == 8
    [card] = await cards(world.round_id)
    assert card["version"] == 8
    assert await AuditEvent.count().where(AuditEvent.entity == "scorecard") == 8


def _rubric_with(key: str) -> RubricFields:
    """A complete two-criterion rubric whose first criterion is ``key``."""
    return RubricFields(
        criteria=[
            CriterionFields(key=key, label_en="New", label_zh="新", weight_percent=60),
            CriterionFields(key="team", label_en="Team", label_zh="团队", weight_percent=40),
        ]
    )


async def test_a_rubric_edit_racing_a_first_save_never_leaves_a_card_on_another_rubric(world):
    """The organizer replaces the rubric while a judge saves the round's first card, twenty
    times over. Exactly one of the two gets through: the edit (the save is told the rubric
    changed, or its criteria no longer exist) or the save (the edit is refused: the rubric is
    frozen). A card never holds criteria that the round's rubric does not have."""
    organizer = await Account.objects().get(Account.email == demo_email("organizer"))
    for attempt in range(20):
        await Scorecard.delete(force=True)
        before = {row["key"] for row in await round_rubric(world.round_id)}
        save = ScorecardSave(scores=dict.fromkeys(before, 5), version=0)
        new_key = f"idea{attempt}"
        edit, saved = await asyncio.gather(
            rubric.replace_rubric(
                world.competition_id, world.round_id, _rubric_with(new_key), organizer.id
            ),
            services.save_scorecard(
                world.judge1, world.round_id, world.projects[0], save, utcnow()
            ),
            return_exceptions=True,
        )
        edit_refused = isinstance(edit, Conflict)
        save_refused = isinstance(saved, Conflict | ValidationFailed)
        for outcome, refused in ((edit, edit_refused), (saved, save_refused)):
            assert refused or not isinstance(outcome, BaseException), outcome
        assert edit_refused != save_refused, (edit, saved)
        after = {row["key"] for row in await round_rubric(world.round_id)}
        stored = await cards(world.round_id)
        if save_refused:
            assert (stored, new_key in after) == ([], True)
        else:
            assert after == before
            assert [set(card["scores"]) for card in stored] == [before]

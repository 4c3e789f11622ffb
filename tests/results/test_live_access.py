"""Who may watch a round's live board (page, stream and JSON alike), and what it shows before
and after the organizers reveal the totals."""

import msgspec
import pytest

from judging.clock import utcnow
from judging.competitions.tables import Competition, Round
from judging.reviews import services as reviews
from judging.reviews.schemas import ScorecardSave
from tests.reviews.judging_world import build_world, judge, scores, signed_in
from tests.support import app_client

SECRET_NOTE = "Note only organizers read"
SECRET_COMMENT = "Comment for the entrant only"


def board_paths(round_id: int) -> list[str]:
    return [
        f"/live/rounds/{round_id}",
        f"/live/rounds/{round_id}/events",
        f"/api/v1/live/rounds/{round_id}",
    ]


def sse_states(text: str) -> list[dict]:
    """The JSON of each ``state`` event of a server-sent event stream."""
    states = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = block.split("\n")
        if "event: state" in lines:
            data = "\n".join(line[len("data: ") :] for line in lines if line.startswith("data: "))
            states.append(msgspec.json.decode(data))
    return states


@pytest.fixture
async def world(demo):
    return await build_world(demo.id)


async def submit(world, handle: str, submission_id: int, **given: float) -> None:
    """A judge submits a complete card through the judging service."""
    card = ScorecardSave(
        scores=scores(**given),
        version=0,
        action="submit",
        comment_to_entrant=SECRET_COMMENT,
        note_to_organizers=SECRET_NOTE,
    )
    await reviews.save_scorecard(await judge(handle), world.round_id, submission_id, card, utcnow())


async def set_board(round_id: int, **values: bool) -> None:
    await Round.update({getattr(Round, name): value for name, value in values.items()}).where(
        Round.id == round_id
    )


async def test_private_board_is_not_found_for_anonymous_visitors(client, world):
    for path in board_paths(world.round_id):
        assert (await client.get(path)).status_code == 404, path


async def test_private_board_is_not_found_for_the_rounds_judges(client, world):
    await signed_in(client, "judge1")
    for path in board_paths(world.round_id):
        assert (await client.get(path)).status_code == 404, path


async def test_organizers_watch_a_private_board(client, world):
    await signed_in(client, "organizer")
    for path in board_paths(world.round_id):
        assert (await client.get(path)).status_code == 200, path


async def test_public_board_is_open_to_anonymous_visitors(client, world):
    await set_board(world.round_id, leaderboard_public=True)
    for path in board_paths(world.round_id):
        assert (await client.get(path)).status_code == 200, path


async def test_public_board_of_a_private_competition_stays_hidden(client, world):
    await set_board(world.round_id, leaderboard_public=True)
    await Competition.update({Competition.is_public: False}).where(
        Competition.id == world.competition_id
    )
    for path in board_paths(world.round_id):
        assert (await client.get(path)).status_code == 404, path


async def test_unknown_round_is_not_found_even_for_admins(client, world):
    await signed_in(client, "admin")
    for path in board_paths(987654):
        assert (await client.get(path)).status_code == 404, path


async def test_before_reveal_page_stream_and_json_show_progress_but_no_totals(client, world):
    await set_board(world.round_id, leaderboard_public=True)
    await submit(world, "judge1", world.projects[0], innovation=9)
    page = await client.get(f"/live/rounds/{world.round_id}")
    stream = await client.get(f"/live/rounds/{world.round_id}/events")
    api = await client.get(f"/api/v1/live/rounds/{world.round_id}")

    assert 'data-revealed="false"' in page.text
    assert "live-score" in page.text
    assert "75.00" not in page.text
    for state in (sse_states(stream.text)[0], api.json()):
        assert not state["revealed"]
        assert (state["cards_in"], state["cards_expected"]) == (1, 6)
        assert all(item["rank"] is None and item["score"] is None for item in state["projects"])


async def test_after_reveal_page_stream_and_json_show_totals(client, world):
    await set_board(world.round_id, leaderboard_public=True, reveal_totals=True)
    await Round.update({Round.min_judges: 1}).where(Round.id == world.round_id)
    await submit(world, "judge1", world.projects[0], innovation=9)  # a total of 75
    page = await client.get(f"/live/rounds/{world.round_id}")
    stream = await client.get(f"/live/rounds/{world.round_id}/events")
    api = await client.get(f"/api/v1/live/rounds/{world.round_id}")

    assert 'data-revealed="true"' in page.text
    assert "75.00" in page.text
    for state in (sse_states(stream.text)[0], api.json()):
        assert state["revealed"]
        first = state["projects"][0]
        assert (first["submission_id"], first["rank"], first["score"]) == (
            world.projects[0],
            1,
            75.0,
        )


async def test_board_never_carries_judges_notes_or_comments(client, world):
    await set_board(world.round_id, leaderboard_public=True, reveal_totals=True)
    await submit(world, "judge1", world.projects[0])
    judge1 = await judge("judge1")
    for path in board_paths(world.round_id):
        text = (await client.get(path)).text
        for secret in (SECRET_NOTE, SECRET_COMMENT, judge1.display_name, judge1.email):
            assert secret not in text, (path, secret)


async def test_blind_round_board_shows_no_organization(client, world):
    await set_board(world.round_id, leaderboard_public=True, is_blind=True)
    state = (await client.get(f"/api/v1/live/rounds/{world.round_id}")).json()
    assert all(item["organization"] is None for item in state["projects"])


async def test_stream_is_one_json_state_event_with_a_retry_interval(client, world):
    await set_board(world.round_id, leaderboard_public=True)
    response = await client.get(f"/live/rounds/{world.round_id}/events")
    assert response.headers["content-type"].startswith("text/event-stream")
    assert "retry: 2000" in response.text
    assert len(sse_states(response.text)) == 1


async def test_page_speaks_the_visitors_language(app, world):
    await set_board(world.round_id, leaderboard_public=True)
    async with app_client(app) as chinese:
        page = await chinese.get(
            f"/live/rounds/{world.round_id}", headers={"accept-language": "zh-CN"}
        )
    assert 'lang="zh-CN"' in page.text
    assert "初赛" in page.text

"""Two app processes behind one PostgreSQL and Redis: a scorecard saved through process A
reaches a live leaderboard connected to process B within a second."""

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import msgspec
import pytest

from judging.competitions.tables import Round
from judging.demo import DEMO_PASSWORD, demo_email
from tests.conftest import REDIS_URL
from tests.reviews.judging_world import build_world, card_json, scores
from tests.support import redis_available, running_server, unavailable

pytestmark = pytest.mark.postgres


@pytest.fixture
async def redis_url():
    if reason := await redis_available(REDIS_URL):
        unavailable(reason)
    return REDIS_URL


async def next_state(lines: AsyncIterator[str]) -> dict:
    """The data of the next ``state`` event of a server-sent event stream."""
    event = ""
    async for line in lines:
        if line.startswith("event: "):
            event = line[len("event: ") :]
        elif line.startswith("data: ") and event == "state":
            return msgspec.json.decode(line[len("data: ") :])
        elif line == "":
            event = ""
    raise AssertionError("the stream ended")


async def signed_in_judge(http: httpx.AsyncClient, base: str) -> None:
    await http.get(f"{base}/login")
    response = await http.post(
        f"{base}/api/v1/session",
        json={"email": demo_email("judge1"), "password": DEMO_PASSWORD},
        headers={"x-csrftoken": http.cookies["csrftoken"]},
    )
    assert response.status_code == 201
    await http.get(f"{base}/api/v1/me")  # a fresh CSRF cookie for the new session


async def test_a_scorecard_saved_on_one_process_reaches_a_board_on_the_other_within_1_s(
    demo, redis_url, tmp_path
):
    world = await build_world(demo.id)
    await Round.update({Round.leaderboard_public: True}).where(Round.id == world.round_id)
    env = {"JUDGING_REDIS_URL": redis_url}
    project = world.projects[0]
    async with (
        running_server(tmp_path / "a", env) as server_a,
        running_server(tmp_path / "b", env) as server_b,
        httpx.AsyncClient(timeout=10) as judge_http,
        httpx.AsyncClient(timeout=10) as screen,
    ):
        await signed_in_judge(judge_http, server_a)
        stream_url = f"{server_b}/live/rounds/{world.round_id}/events"
        async with screen.stream("GET", stream_url) as board:
            assert board.status_code == 200
            lines = board.aiter_lines()
            assert (await next_state(lines))["cards_in"] == 0

            saved = await judge_http.put(
                f"{server_a}/api/v1/judge/rounds/{world.round_id}/projects/{project}/scorecard",
                json=card_json(scores(), action="submit"),
                headers={"x-csrftoken": judge_http.cookies["csrftoken"]},
            )
            answered = time.perf_counter()
            assert saved.status_code == 200, saved.text
            state = await asyncio.wait_for(next_state(lines), timeout=1.0)
            latency = time.perf_counter() - answered

    assert state["cards_in"] == 1
    assert [item["cards_in"] for item in state["projects"] if item["submission_id"] == project] == [
        1
    ]
    assert latency < 1.0

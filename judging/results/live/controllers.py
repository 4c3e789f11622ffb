"""The live leaderboard: the big-screen page, its event stream and JSON, and the organizers'
control panel (make the board public, reveal totals)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, ServerSentEvent, Template
from litestar.response.sse import ServerSentEventMessage

from judging.competitions import services as competitions
from judging.competitions.guards import is_organizer
from judging.errors import ValidationFailed
from judging.results.live.access import audience
from judging.results.live.channels import LiveChannels, watch
from judging.results.live.options import live_options, set_live_options, toggle_patch
from judging.results.live.schemas import LiveOptions, LiveOptionsPatch, LiveState, LiveToggle
from judging.results.live.state import round_state
from judging.settings import Settings
from judging.web.forms import parse_form
from judging.web.pages import problem_context, render, see_other

# How soon a browser reconnects after losing the stream (EventSource's ``retry``).
RETRY_MILLISECONDS = 2000
NOTICES = (
    "leaderboard_public_on",
    "leaderboard_public_off",
    "reveal_totals_on",
    "reveal_totals_off",
)


def board_path(round_id: int) -> str:
    return f"/live/rounds/{round_id}"


async def _messages(
    states: AsyncIterator[LiveState | None],
) -> AsyncIterator[ServerSentEventMessage]:
    """Each state as one ``state`` event of JSON; a comment line when nothing changed."""
    async with contextlib.aclosing(states):
        async for state in states:
            if state is None:
                yield ServerSentEventMessage(data=None, comment="keepalive")
            else:
                yield ServerSentEventMessage(
                    data=msgspec.json.encode(state).decode(),
                    event="state",
                    retry=RETRY_MILLISECONDS,
                )


class LivePages(Controller):
    """The big screen: public while the organizer makes it so, else for organizers only."""

    path = "/live/rounds/{round_id:int}"
    include_in_schema = False

    @get("/", name="live_board")
    async def board(self, request: Request, round_id: FromPath[int]) -> Template:
        viewer = await audience(request.user, round_id)
        return render(
            "results/live.html",
            state=await round_state(round_id),
            viewer=viewer,
            events_url=f"{board_path(round_id)}/events",
        )

    @get("/events", name="live_events")
    async def events(
        self, request: Request, round_id: FromPath[int], channels: NamedDependency[LiveChannels]
    ) -> ServerSentEvent:
        viewer = await audience(request.user, round_id)
        return ServerSentEvent(_messages(watch(channels, viewer, round_id)))


class LiveApi(Controller):
    """The live leaderboard as JSON, with the same access as the big screen."""

    path = "/api/v1/live/rounds/{round_id:int}"
    tags = ["live leaderboard"]

    @get(
        "/",
        summary="A round's live leaderboard: scorecards in per project, ranks and totals once "
        "revealed",
        description=(
            "Public while the organizers make the board public (and the competition is "
            "public), else for the competition's organizers only; 404 otherwise. Before the "
            "totals are revealed, `rank` and `score` are null and projects are in pitch order. "
            "The same state streams as server-sent `state` events from "
            "`/live/rounds/{round_id}/events`."
        ),
    )
    async def show(self, request: Request, round_id: FromPath[int]) -> LiveState:
        await audience(request.user, round_id)
        return await round_state(round_id)


class LiveControlPages(Controller):
    """Organizers run the live final: make the board public, reveal the totals."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}/live"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="live_control")
    async def show(
        self,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        settings: NamedDependency[Settings],
        notice: FromQuery[str] = "",
    ) -> Template:
        return await self._page(
            competition_id, round_id, settings, notice=notice if notice in NOTICES else ""
        )

    @post("/")
    async def toggle(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        try:
            toggle = parse_form(await request.form(), LiveToggle)
        except ValidationFailed as failed:
            return await self._page(competition_id, round_id, settings, problem=failed)
        await set_live_options(competition_id, round_id, toggle_patch(toggle), request.user.id)
        notice = f"{toggle.setting}_{'on' if toggle.value else 'off'}"
        return see_other(f"/organize/{competition_id}/rounds/{round_id}/live?notice={notice}")

    @staticmethod
    async def _page(
        competition_id: int,
        round_id: int,
        settings: Settings,
        *,
        notice: str = "",
        problem: ValidationFailed | None = None,
    ) -> Template:
        options = await live_options(competition_id, round_id)
        return render(
            "results/live_control.html",
            status_code=problem.status_code if problem else 200,
            competition=await competitions.get_competition(competition_id),
            options=options,
            state=await round_state(round_id),
            board_url=f"{settings.base_url.rstrip('/')}{board_path(round_id)}",
            board_path=board_path(round_id),
            notice=notice,
            **problem_context(problem),
        )


class LiveControlApi(Controller):
    """The live leaderboard's options of a round, for its organizers."""

    path = "/api/v1/competitions/{competition_id:int}/rounds/{round_id:int}/live"
    tags = ["live leaderboard"]
    guards = [is_organizer]

    @get("/", summary="Whether a round's live leaderboard is public and its totals revealed")
    async def show(self, competition_id: FromPath[int], round_id: FromPath[int]) -> LiveOptions:
        return await live_options(competition_id, round_id)

    @patch(
        "/",
        summary="Make a round's live leaderboard public or private, reveal or hide its totals",
        description="Only the fields sent change; each change is audited and reaches every "
        "connected screen within a second.",
    )
    async def change(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[LiveOptionsPatch],
    ) -> LiveOptions:
        return await set_live_options(competition_id, round_id, data, request.user.id)

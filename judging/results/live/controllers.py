"""The live leaderboard: the big-screen page, its event stream and JSON, and the organizers'
control panel (make the board public, reveal totals)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, ServerSentEvent, Template
from litestar.response.sse import ServerSentEventMessage

from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition
from judging.errors import ValidationFailed
from judging.i18n import N_
from judging.results.live.access import audience
from judging.results.live.channels import LiveChannels, watch
from judging.results.live.options import live_options, set_live_options, toggle_patch
from judging.results.live.schemas import LiveOptions, LiveOptionsPatch, LiveState, LiveToggle
from judging.results.live.state import round_state
from judging.web.context import Context
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import problem_context, redirect_to, render
from judging.web.redisplay import form_page

# How soon a browser reconnects after losing the stream (EventSource's ``retry``).
RETRY_MILLISECONDS = 2000
# What the control panel says after a toggle: (setting, value) -> its notice.
TOGGLED = {
    ("leaderboard_public", True): N_(
        "The leaderboard is public now: anyone with the link can watch it."
    ),
    ("leaderboard_public", False): N_(
        "The leaderboard is private now: only organizers can watch it."
    ),
    ("reveal_totals", True): N_("The totals are revealed on every screen."),
    ("reveal_totals", False): N_("The totals are hidden again on every screen."),
}
LIVE_NOTICE = "live-notice"


async def control_page(
    request: Request,
    competition: Competition,
    round_id: int,
    failed: ValidationFailed | None = None,
) -> Template:
    """The control panel of a round's live leaderboard (with ``failed``: a refused toggle)."""
    options = await live_options(competition.id, round_id)
    board_path = request.app.route_reverse("live_board", round_id=round_id)
    base_url = request.app.state.settings.base_url
    return render(
        "results/live_control.html",
        status_code=failed.status_code if failed else 200,
        competition=competition,
        options=options,
        state=await round_state(round_id),
        board_url=f"{base_url.rstrip('/')}{board_path}",
        board_path=board_path,
        **problem_context(failed),
    )


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
    async def board(self, request: Request, round_id: FromPath[int], context: Context) -> Template:
        viewer = await audience(context.actor, round_id)
        return render(
            "results/live.html",
            state=await round_state(round_id),
            viewer=viewer,
            events_url=request.app.route_reverse("live_events", round_id=round_id),
        )

    @get("/events", name="live_events")
    async def events(
        self, round_id: FromPath[int], channels: NamedDependency[LiveChannels], context: Context
    ) -> ServerSentEvent:
        viewer = await audience(context.actor, round_id)
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
    async def show(self, round_id: FromPath[int], context: Context) -> LiveState:
        await audience(context.actor, round_id)
        return await round_state(round_id)


class LiveControlPages(Controller):
    """Organizers run the live final: make the board public, reveal the totals."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}/live"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="live_control")
    async def show(
        self, request: Request, competition: PathCompetition, round_id: FromPath[int]
    ) -> Template:
        return await control_page(request, competition, round_id)

    @post("/", name="live_control_toggle", opt=form_page(control_page))
    async def toggle(
        self,
        request: Request,
        competition: PathCompetition,
        round_id: FromPath[int],
        context: Context,
    ) -> Redirect:
        toggle = parse_form(await request.form(), LiveToggle)
        await set_live_options(competition.id, round_id, toggle_patch(toggle), context.actor_id)
        notify(request, TOGGLED[(toggle.setting, toggle.value)], anchor=LIVE_NOTICE)
        return redirect_to(
            request, "live_control", competition_id=competition.id, round_id=round_id
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
        context: Context,
    ) -> LiveOptions:
        return await set_live_options(competition_id, round_id, data, context.actor_id)

"""A competition's tracks: the organizers' pages and API for adding, renaming, ordering and
deleting them."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.competitions import forms, services, track_setup, usage
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import TrackFields, TrackOut, TrackPatch
from judging.competitions.tables import Competition
from judging.errors import Conflict, ValidationFailed
from judging.i18n import N_
from judging.web.context import Context
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import redirect_to, render_form
from judging.web.redisplay import form_page

TRACK_ADDED = N_("The track is added.")
TRACK_SAVED = N_("The track is saved.")
TRACKS_ORDERED = N_("The order of the tracks is saved.")
TRACK_DELETED = N_("The track is deleted.")


async def tracks_page(
    competition: Competition,
    values: Any = None,
    failed: ValidationFailed | None = None,
) -> Template:
    rows = await services.tracks(competition.id)
    return render_form(
        "competitions/tracks.html",
        values=values,
        failed=failed,
        competition=competition,
        tracks=rows,
        counts=await usage.projects_per_track(row["id"] for row in rows),
    )


async def track_page(
    competition: Competition,
    track_id: int,
    values: Any = None,
    failed: ValidationFailed | None = None,
    refusal: Conflict | None = None,
) -> Template:
    track = await services.get_track(competition.id, track_id)
    return render_form(
        "competitions/track_form.html",
        values=forms.track_form_values(track) if values is None else values,
        failed=failed,
        competition=competition,
        track=track,
        projects=await usage.projects_in_track(track_id),
        refusal=refusal,
    )


class TrackPages(Controller):
    path = "/organize/{competition_id:int}/tracks"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="competition_tracks")
    async def tracks(self, competition: PathCompetition) -> Template:
        return await tracks_page(competition)

    @post("/", name="competition_track_add", opt=form_page(tracks_page))
    async def add_track(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Redirect:
        fields = parse_form(await request.form(), TrackFields)
        await track_setup.add_track(competition.id, fields, context.actor_id)
        notify(request, TRACK_ADDED, anchor="tracks-notice")
        return redirect_to(request, "competition_tracks", competition_id=competition.id)

    @post("/order", name="competition_tracks_order", opt=form_page(tracks_page))
    async def reorder_tracks(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Redirect:
        positions = forms.track_positions(await request.form())
        await track_setup.reorder_tracks(competition.id, positions, context.actor_id)
        notify(request, TRACKS_ORDERED, anchor="tracks-notice")
        return redirect_to(request, "competition_tracks", competition_id=competition.id)

    @get("/{track_id:int}", name="competition_track")
    async def track_form(self, competition: PathCompetition, track_id: FromPath[int]) -> Template:
        return await track_page(competition, track_id)

    @post("/{track_id:int}", name="competition_track_save", opt=form_page(track_page))
    async def save_track(
        self,
        request: Request,
        competition: PathCompetition,
        track_id: FromPath[int],
        context: Context,
    ) -> Redirect:
        fields = parse_form(await request.form(), TrackFields)
        await track_setup.update_track(competition.id, track_id, fields, context.actor_id)
        notify(request, TRACK_SAVED, anchor="tracks-notice")
        return redirect_to(request, "competition_tracks", competition_id=competition.id)

    @post("/{track_id:int}/delete", name="competition_track_delete")
    async def delete_track(
        self,
        request: Request,
        competition: PathCompetition,
        track_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        try:
            await track_setup.delete_track(competition.id, track_id, context.actor_id)
        except Conflict as refused:
            page = await track_page(competition, track_id, refusal=refused)
            page.status_code = refused.status_code
            return page
        notify(request, TRACK_DELETED, anchor="tracks-notice")
        return redirect_to(request, "competition_tracks", competition_id=competition.id)


class TrackApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}/tracks"
    tags = ["competitions"]
    guards = [is_organizer]

    @get("/", summary="Tracks of a competition, in order")
    async def list_tracks(self, competition: PathCompetition) -> list[TrackOut]:
        return [track_setup.track_out(row) for row in await services.tracks(competition.id)]

    @post("/", summary="Add a track (last unless a position is given)")
    async def add_track(
        self, request: Request, competition_id: FromPath[int], data: JSONBody[TrackFields]
    ) -> TrackOut:
        track = await track_setup.add_track(competition_id, data, request.user.id)
        return track_setup.track_out(track)

    @patch("/{track_id:int}", summary="Rename or move a track (its key is fixed)")
    async def update_track(
        self,
        request: Request,
        competition_id: FromPath[int],
        track_id: FromPath[int],
        data: JSONBody[TrackPatch],
    ) -> TrackOut:
        track = await track_setup.patch_track(competition_id, track_id, data, request.user.id)
        return track_setup.track_out(track)

    @delete(
        "/{track_id:int}",
        summary="Delete a track without projects (409 when it holds any)",
        raises=[Conflict],
    )
    async def delete_track(
        self, request: Request, competition_id: FromPath[int], track_id: FromPath[int]
    ) -> None:
        await track_setup.delete_track(competition_id, track_id, request.user.id)

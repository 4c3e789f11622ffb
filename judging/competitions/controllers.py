"""Competition pages and API for organizers, invitees and the public."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, Request, delete, get, patch, post, put
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.accounts.guards import is_platform_admin, is_signed_in
from judging.accounts.session import start_session
from judging.clock import utcnow
from judging.competitions import (
    competition_setup,
    invitations,
    round_setup,
    rubric,
    services,
    track_setup,
    usage,
)
from judging.competitions.guards import is_organizer
from judging.competitions.schemas import (
    MAX_CRITERIA,
    CompetitionFields,
    CompetitionOut,
    CompetitionPatch,
    CompetitionSummary,
    CriterionFields,
    InvitationAcceptance,
    InvitationCreate,
    InvitationOut,
    RoundFields,
    RoundOut,
    RoundPatch,
    RubricFields,
    RubricOut,
    TrackFields,
    TrackOut,
    TrackPatch,
)
from judging.competitions.tables import Competition
from judging.errors import Conflict, FieldError, ValidationFailed
from judging.i18n import N_
from judging.settings import Settings
from judging.web.forms import parse_form
from judging.web.pages import render, render_form, see_other


def invitation_ttl(settings: Settings) -> timedelta:
    return timedelta(hours=settings.invitation_ttl_hours)


class OrganizerPages(Controller):
    path = "/organize"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="organizer_dashboard")
    async def dashboard(self, request: Request) -> Template:
        competitions = await services.competitions_for(request.user, services.ORGANIZER)
        return render("competitions/organizer_dashboard.html", competitions=competitions)

    @get("/{competition_id:int}", name="organizer_competition")
    async def competition(self, competition_id: FromPath[int]) -> Template:
        competition = await services.get_competition(competition_id)
        return render(
            "competitions/overview.html",
            competition=competition,
            tracks=await services.tracks(competition_id),
            rounds=await services.rounds(competition_id),
        )

    @get("/{competition_id:int}/people", name="organizer_people")
    async def people(
        self,
        competition_id: FromPath[int],
        invited: FromQuery[str] = "",
        resent: FromQuery[bool] = False,
        revoked: FromQuery[str] = "",
    ) -> Template:
        return await self._people_page(
            competition_id, invited=invited, resent=resent, revoked=revoked
        )

    @post("/{competition_id:int}/people/invitations")
    async def invite(
        self, request: Request, competition_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            sent = await invitations.create_invitation(
                competition_id=competition_id,
                form=parse_form(form, InvitationCreate),
                inviter=request.user,
                base_url=settings.base_url,
                now=utcnow(),
                ttl=invitation_ttl(settings),
            )
        except ValidationFailed as failed:
            return await self._people_page(competition_id, values=form, failed=failed)
        notice = {"invited": sent.invitation.email} | ({"resent": "true"} if sent.resent else {})
        return see_other(f"/organize/{competition_id}/people?{urlencode(notice)}")

    @post("/{competition_id:int}/people/invitations/{invitation_id:int}/revoke")
    async def revoke(
        self, request: Request, competition_id: FromPath[int], invitation_id: FromPath[int]
    ) -> Redirect:
        await invitations.revoke_invitation(competition_id, invitation_id, request.user, utcnow())
        return see_other(
            f"/organize/{competition_id}/people?{urlencode({'revoked': invitation_id})}"
        )

    async def _people_page(
        self,
        competition_id: FromPath[int],
        values=None,
        failed: ValidationFailed | None = None,
        invited: str = "",
        resent: bool = False,
        revoked: str = "",
    ) -> Template:
        competition = await services.get_competition(competition_id)
        return render_form(
            "competitions/people.html",
            values=values,
            failed=failed,
            competition=competition,
            members=await services.members(competition_id),
            invitations=await invitations.invitations(competition_id, utcnow()),
            invited=invited,
            resent=resent,
            revoked=revoked,
        )


class InvitationPages(Controller):
    path = "/invitations"
    include_in_schema = False

    @get("/{token:str}", name="invitation")
    async def show(self, request: Request, token: FromPath[str]) -> Template:
        invitation = await invitations.valid_invitation(token, utcnow())
        competition = await services.get_competition(invitation.competition)
        return render_form(
            "competitions/invitation.html",
            invitation=invitation,
            competition=competition,
            token=token,
        )

    @post("/{token:str}")
    async def accept(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        form = await request.form()
        now = utcnow()
        try:
            acceptance = None if request.user else parse_form(form, InvitationAcceptance)
            account = await invitations.accept_invitation(token, now, request.user, acceptance)
        except ValidationFailed as failed:
            invitation = await invitations.valid_invitation(token, now)
            competition = await services.get_competition(invitation.competition)
            return render_form(
                "competitions/invitation.html",
                values=form,
                failed=failed,
                invitation=invitation,
                competition=competition,
                token=token,
            )
        if request.user is None:
            start_session(request, account)
        return see_other("/")


class CompetitionApi(Controller):
    path = "/api/v1/competitions"
    tags = ["competitions"]

    @get("/", summary="Competitions the signed-in account holds a role in", guards=[is_signed_in])
    async def mine(self, request: Request) -> list[CompetitionSummary]:
        rows = await services.competitions_for(request.user)
        return [
            CompetitionSummary(
                id=row["id"],
                slug=row["slug"],
                name_en=row["name_en"],
                name_zh=row["name_zh"],
                timezone=row["timezone"],
                is_public=row["is_public"],
                roles=row["roles"],
            )
            for row in rows
        ]

    @post("/", summary="Create a competition (platform admins)", guards=[is_platform_admin])
    async def create(self, request: Request, data: JSONBody[CompetitionFields]) -> CompetitionOut:
        competition = await competition_setup.create_competition(data, request.user.id)
        return competition_setup.competition_out(competition)

    @get(
        "/{competition_id:int}/invitations",
        summary="Invitations of a competition",
        guards=[is_organizer],
    )
    async def list_invitations(self, competition_id: FromPath[int]) -> list[InvitationOut]:
        await services.get_competition(competition_id)
        return [
            InvitationOut(
                id=row["id"],
                email=row["email"],
                role=row["role"],
                expires_at=row["expires_at"].isoformat(),
                used=row["status"] != "pending",
                status=row["status"],
            )
            for row in await invitations.invitations(competition_id, utcnow())
        ]

    @post(
        "/{competition_id:int}/invitations",
        summary="Invite an organizer or judge (the link is mailed through the outbox)",
        guards=[is_organizer],
    )
    async def create_invitation(
        self,
        request: Request,
        competition_id: FromPath[int],
        data: JSONBody[InvitationCreate],
        settings: NamedDependency[Settings],
    ) -> InvitationOut:
        sent = await invitations.create_invitation(
            competition_id=competition_id,
            form=data,
            inviter=request.user,
            base_url=settings.base_url,
            now=utcnow(),
            ttl=invitation_ttl(settings),
        )
        return InvitationOut(
            id=sent.invitation.id,
            email=sent.invitation.email,
            role=data.role,
            expires_at=sent.invitation.expires_at.isoformat(),
            used=False,
            link=sent.link,
        )

    @delete(
        "/{competition_id:int}/invitations/{invitation_id:int}",
        status_code=204,
        summary="Revoke a pending invitation (its link stops working)",
        guards=[is_organizer],
        raises=[Conflict],
    )
    async def revoke_invitation(
        self, request: Request, competition_id: FromPath[int], invitation_id: FromPath[int]
    ) -> None:
        await invitations.revoke_invitation(competition_id, invitation_id, request.user, utcnow())


# --- Setting up a competition: pages for admins and organizers, and the JSON API -------------

# Offered first in the time zone field; any IANA zone may be typed.
COMMON_TIME_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Asia/Jerusalem",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Moscow",
    "Africa/Johannesburg",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "UTC",
)
# Blank rubric rows offered below the existing criteria.
BLANK_CRITERIA = 3
_CRITERION_INPUT = re.compile(r"^criteria\[(\d{1,3})\]\.(\w+)$")
_POSITION_INPUT = re.compile(r"^position-(\d{1,12})$")


def local_input(value: datetime | None, timezone: str) -> str:
    """A stored UTC time as ``<input type="datetime-local">`` shows it in the competition's zone."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%dT%H:%M")


def competition_form_values(competition: Competition) -> dict[str, Any]:
    values = competition_setup.competition_fields(competition)
    return {
        "slug": values.slug,
        "name_en": values.name_en,
        "name_zh": values.name_zh,
        "description_en": values.description_en,
        "description_zh": values.description_zh,
        "timezone": values.timezone,
        "is_public": "true" if values.is_public else "",
    }


def round_form_values(fields: RoundFields, timezone: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name_en": fields.name_en,
        "name_zh": fields.name_zh,
        "position": "" if fields.position is None else fields.position,
        "judges_per_submission": fields.judges_per_submission,
        "is_blind": "true" if fields.is_blind else "",
        "normalize": fields.normalize,
        "aggregate": fields.aggregate,
        "trim": fields.trim,
        "min_judges": fields.min_judges,
        "disagreement": f"{fields.disagreement:g}",
    }
    for name in round_setup.ROUND_WINDOWS:
        values[name] = local_input(getattr(fields, name), timezone)
    return values


def rubric_form_values(rows: list[dict[str, Any]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for index, row in enumerate(rows):
        for name in CriterionFields.__struct_fields__:
            # The editor shows weights as the percentages organizers type, e.g. 33.33.
            value = rubric.percent_text(row["weight_bp"]) if name == "weight_percent" else row[name]
            values[f"criteria[{index}].{name}"] = "" if value is None else str(value)
    return values


def rubric_form_rows(form: FormMultiDict) -> list[dict[str, str]]:
    """The filled rows of the rubric editor, in the order shown; blank rows are left out."""
    rows: dict[int, dict[str, str]] = defaultdict(dict)
    for name, value in form.items():
        match = _CRITERION_INPUT.match(name)
        if match and match.group(2) in CriterionFields.__struct_fields__:
            rows[int(match.group(1))][match.group(2)] = str(value).strip()
    return [rows[index] for index in sorted(rows) if any(rows[index].values())]


def parse_rubric_rows(rows: list[dict[str, str]]) -> RubricFields:
    """Each row read like a form of its own; errors name ``criteria[i].<field>``."""
    if len(rows) > MAX_CRITERIA:
        raise ValidationFailed.single(
            "criteria", N_("A rubric has at most %(n)s criteria."), n=MAX_CRITERIA
        )
    criteria: list[CriterionFields] = []
    errors: list[FieldError] = []
    for index, row in enumerate(rows):
        try:
            criteria.append(parse_form(FormMultiDict(row), CriterionFields))
        except ValidationFailed as failed:
            errors.extend(
                FieldError(f"criteria[{index}].{error.field}", error.message, **error.params)
                for error in failed.errors
            )
    if errors:
        raise ValidationFailed(errors)
    return RubricFields(criteria=criteria)


def _track_positions(form: FormMultiDict) -> dict[int, int]:
    positions: dict[int, int] = {}
    errors: list[FieldError] = []
    for name, value in form.items():
        match = _POSITION_INPUT.match(name)
        if not match:
            continue
        text = str(value).strip()
        if not text.isdigit() or int(text) > 1000:
            errors.append(FieldError(name, N_("Enter a whole number from 0 to 1000.")))
            continue
        positions[int(match.group(1))] = int(text)
    if errors:
        raise ValidationFailed(errors)
    return positions


def _competition_form_page(
    template_values: dict[str, Any] | None = None,
    failed: ValidationFailed | None = None,
    **context: Any,
) -> Template:
    return render_form(
        "competitions/competition_form.html",
        values=template_values,
        failed=failed,
        time_zones=COMMON_TIME_ZONES,
        **context,
    )


class AdminCompetitionPages(Controller):
    """Platform admins create competitions; organizers then set them up."""

    path = "/admin/competitions"
    include_in_schema = False
    guards = [is_platform_admin]

    @get("/new", name="competition_new")
    async def new_form(self) -> Template:
        return _competition_form_page(
            {"timezone": "Asia/Shanghai", "is_public": "true"}, competition=None
        )

    @post("/new")
    async def create(self, request: Request) -> Template | Redirect:
        form = await request.form()
        try:
            fields = parse_form(form, CompetitionFields)
            competition = await competition_setup.create_competition(fields, request.user.id)
        except ValidationFailed as failed:
            return _competition_form_page(form, failed, competition=None)
        return see_other(f"/organize/{competition.id}")


class CompetitionSetupPages(Controller):
    """An organizer's pages for the competition's settings, tracks, rounds and rubrics."""

    path = "/organize/{competition_id:int}"
    include_in_schema = False
    guards = [is_organizer]

    @get("/settings", name="competition_settings")
    async def settings_form(
        self, competition_id: FromPath[int], saved: FromQuery[bool] = False
    ) -> Template:
        competition = await services.get_competition(competition_id)
        return _competition_form_page(
            competition_form_values(competition), competition=competition, saved=saved
        )

    @post("/settings")
    async def save_settings(
        self, request: Request, competition_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        competition = await services.get_competition(competition_id)
        try:
            fields = parse_form(form, CompetitionFields)
            await competition_setup.update_competition(competition_id, fields, request.user.id)
        except ValidationFailed as failed:
            return _competition_form_page(form, failed, competition=competition)
        return see_other(f"/organize/{competition_id}/settings?saved=true")

    # Tracks

    @get("/tracks", name="competition_tracks")
    async def tracks(self, competition_id: FromPath[int]) -> Template:
        return await self._tracks_page(competition_id)

    @post("/tracks")
    async def add_track(
        self, request: Request, competition_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await track_setup.add_track(
                competition_id, parse_form(form, TrackFields), request.user.id
            )
        except ValidationFailed as failed:
            return await self._tracks_page(competition_id, values=form, failed=failed)
        return see_other(f"/organize/{competition_id}/tracks")

    @post("/tracks/order")
    async def reorder_tracks(
        self, request: Request, competition_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await track_setup.reorder_tracks(
                competition_id, _track_positions(form), request.user.id
            )
        except ValidationFailed as failed:
            return await self._tracks_page(competition_id, values=form, failed=failed)
        return see_other(f"/organize/{competition_id}/tracks")

    @get("/tracks/{track_id:int}", name="competition_track")
    async def track_form(self, competition_id: FromPath[int], track_id: FromPath[int]) -> Template:
        return await self._track_page(competition_id, track_id)

    @post("/tracks/{track_id:int}")
    async def save_track(
        self, request: Request, competition_id: FromPath[int], track_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await track_setup.update_track(
                competition_id, track_id, parse_form(form, TrackFields), request.user.id
            )
        except ValidationFailed as failed:
            return await self._track_page(competition_id, track_id, values=form, failed=failed)
        return see_other(f"/organize/{competition_id}/tracks")

    @post("/tracks/{track_id:int}/delete")
    async def delete_track(
        self, request: Request, competition_id: FromPath[int], track_id: FromPath[int]
    ) -> Template | Redirect:
        try:
            await track_setup.delete_track(competition_id, track_id, request.user.id)
        except Conflict as refused:
            page = await self._track_page(competition_id, track_id, refusal=refused)
            page.status_code = refused.status_code
            return page
        return see_other(f"/organize/{competition_id}/tracks")

    async def _tracks_page(
        self, competition_id: int, values: Any = None, failed: ValidationFailed | None = None
    ) -> Template:
        competition = await services.get_competition(competition_id)
        rows = await services.tracks(competition_id)
        return render_form(
            "competitions/tracks.html",
            values=values,
            failed=failed,
            competition=competition,
            tracks=rows,
            counts=await usage.projects_per_track(row["id"] for row in rows),
        )

    async def _track_page(
        self,
        competition_id: int,
        track_id: int,
        values: Any = None,
        failed: ValidationFailed | None = None,
        refusal: Conflict | None = None,
    ) -> Template:
        competition = await services.get_competition(competition_id)
        track = await services.get_track(competition_id, track_id)
        if values is None:
            values = msgspec.structs.asdict(track_setup.track_fields(track))
        return render_form(
            "competitions/track_form.html",
            values=values,
            failed=failed,
            competition=competition,
            track=track,
            projects=await usage.projects_in_track(track_id),
            refusal=refusal,
        )

    # Rounds

    @get("/rounds", name="competition_rounds")
    async def rounds(self, competition_id: FromPath[int]) -> Template:
        competition = await services.get_competition(competition_id)
        rows = await services.rounds(competition_id)
        ids = [row["id"] for row in rows]
        return render(
            "competitions/rounds.html",
            competition=competition,
            rounds=rows,
            totals=await rubric.rubric_totals(ids),
            frozen=await rubric.frozen_rounds(ids),
        )

    @get("/rounds/new", name="competition_round_new")
    async def new_round_form(self, competition_id: FromPath[int]) -> Template:
        competition = await services.get_competition(competition_id)
        defaults = RoundFields(name_en="", name_zh="")
        return self._round_page(
            competition, None, round_form_values(defaults, competition.timezone)
        )

    @post("/rounds/new")
    async def create_round(
        self, request: Request, competition_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        competition = await services.get_competition(competition_id)
        try:
            created = await round_setup.create_round(
                competition_id, self._parse_round(form), request.user.id
            )
        except ValidationFailed as failed:
            return self._round_page(competition, None, form, failed)
        return see_other(f"/organize/{competition_id}/rounds/{created.id}/rubric")

    @get("/rounds/{round_id:int}", name="competition_round")
    async def round_form(self, competition_id: FromPath[int], round_id: FromPath[int]) -> Template:
        competition = await services.get_competition(competition_id)
        found = await services.get_round(competition_id, round_id)
        values = round_form_values(round_setup.round_fields(found), competition.timezone)
        return self._round_page(competition, found, values)

    @post("/rounds/{round_id:int}")
    async def save_round(
        self, request: Request, competition_id: FromPath[int], round_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        competition = await services.get_competition(competition_id)
        found = await services.get_round(competition_id, round_id)
        try:
            await round_setup.update_round(
                competition_id, round_id, self._parse_round(form), request.user.id
            )
        except ValidationFailed as failed:
            return self._round_page(competition, found, form, failed)
        return see_other(f"/organize/{competition_id}/rounds")

    @staticmethod
    def _parse_round(form: FormMultiDict) -> RoundFields:
        return parse_form(
            form,
            RoundFields,
        )

    @staticmethod
    def _round_page(
        competition: Competition,
        found: Any,
        values: Any,
        failed: ValidationFailed | None = None,
    ) -> Template:
        return render_form(
            "competitions/round_form.html",
            values=values,
            failed=failed,
            competition=competition,
            round=found,
        )

    # Rubric

    @get("/rounds/{round_id:int}/rubric", name="competition_rubric")
    async def rubric_form(
        self, competition_id: FromPath[int], round_id: FromPath[int], saved: FromQuery[bool] = False
    ) -> Template:
        rows = await self._rubric_rows(competition_id, round_id)
        return await self._rubric_page(
            competition_id, round_id, rubric_form_values(rows), len(rows), saved=saved
        )

    @post("/rounds/{round_id:int}/rubric")
    async def save_rubric(
        self, request: Request, competition_id: FromPath[int], round_id: FromPath[int]
    ) -> Template | Redirect:
        await services.get_round(competition_id, round_id)
        rows = rubric_form_rows(await request.form())
        typed = {
            f"criteria[{index}].{name}": value
            for index, row in enumerate(rows)
            for name, value in row.items()
        }
        try:
            await rubric.replace_rubric(
                competition_id, round_id, parse_rubric_rows(rows), request.user.id
            )
        except ValidationFailed as failed:
            return await self._rubric_page(competition_id, round_id, typed, len(rows), failed)
        except Conflict as refused:
            saved_rows = await rubric.round_rubric(round_id)
            page = await self._rubric_page(
                competition_id,
                round_id,
                rubric_form_values(saved_rows),
                len(saved_rows),
                refusal=refused,
            )
            page.status_code = refused.status_code
            return page
        return see_other(f"/organize/{competition_id}/rounds/{round_id}/rubric?saved=true")

    @staticmethod
    async def _rubric_rows(competition_id: int, round_id: int) -> list[dict[str, Any]]:
        await services.get_round(competition_id, round_id)
        return await rubric.round_rubric(round_id)

    @staticmethod
    async def _rubric_page(
        competition_id: int,
        round_id: int,
        values: dict[str, Any],
        filled: int,
        failed: ValidationFailed | None = None,
        refusal: Conflict | None = None,
        saved: bool = False,
    ) -> Template:
        competition = await services.get_competition(competition_id)
        found = await services.get_round(competition_id, round_id)
        rows = await rubric.round_rubric(round_id)
        return render_form(
            "competitions/rubric.html",
            values=values,
            failed=failed,
            competition=competition,
            round=found,
            criteria=rows,
            total=rubric.percent_text(sum(row["weight_bp"] for row in rows)),
            frozen=await rubric.is_rubric_frozen(round_id),
            frozen_message=rubric.FROZEN_MESSAGE,
            refusal=refusal,
            saved=saved,
            row_count=filled + BLANK_CRITERIA,
        )


class CompetitionSetupApi(Controller):
    """A competition's settings, tracks, rounds and rubrics, for its organizers."""

    path = "/api/v1/competitions/{competition_id:int}"
    tags = ["competitions"]
    guards = [is_organizer]

    @get("/", summary="A competition's settings")
    async def show(self, competition_id: FromPath[int]) -> CompetitionOut:
        return competition_setup.competition_out(await services.get_competition(competition_id))

    @patch("/", summary="Change a competition's settings (only the fields sent)")
    async def update(
        self, request: Request, competition_id: FromPath[int], data: JSONBody[CompetitionPatch]
    ) -> CompetitionOut:
        competition = await competition_setup.patch_competition(
            competition_id, data, request.user.id
        )
        return competition_setup.competition_out(competition)

    @get("/tracks", summary="Tracks of a competition, in order")
    async def list_tracks(self, competition_id: FromPath[int]) -> list[TrackOut]:
        await services.get_competition(competition_id)
        return [track_setup.track_out(row) for row in await services.tracks(competition_id)]

    @post("/tracks", summary="Add a track (last unless a position is given)")
    async def add_track(
        self, request: Request, competition_id: FromPath[int], data: JSONBody[TrackFields]
    ) -> TrackOut:
        return track_setup.track_out(
            await track_setup.add_track(competition_id, data, request.user.id)
        )

    @patch("/tracks/{track_id:int}", summary="Rename or move a track (its key is fixed)")
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
        "/tracks/{track_id:int}",
        summary="Delete a track without projects (409 when it holds any)",
        raises=[Conflict],
    )
    async def delete_track(
        self, request: Request, competition_id: FromPath[int], track_id: FromPath[int]
    ) -> None:
        await track_setup.delete_track(competition_id, track_id, request.user.id)

    @get("/rounds", summary="Rounds of a competition, in order (times in its time zone)")
    async def list_rounds(self, competition_id: FromPath[int]) -> list[RoundOut]:
        competition = await services.get_competition(competition_id)
        rows = await services.rounds(competition_id)
        frozen = await rubric.frozen_rounds(row["id"] for row in rows)
        return [
            round_setup.round_out(row, competition.timezone, row["id"] in frozen) for row in rows
        ]

    @post(
        "/rounds",
        summary="Add a round (times without an offset are in the competition's time zone)",
    )
    async def create_round(
        self, request: Request, competition_id: FromPath[int], data: JSONBody[RoundFields]
    ) -> RoundOut:
        competition = await services.get_competition(competition_id)
        created = await round_setup.create_round(competition_id, data, request.user.id)
        return round_setup.round_out(created, competition.timezone, False)

    @get("/rounds/{round_id:int}", summary="A round (times in the competition's time zone)")
    async def show_round(self, competition_id: FromPath[int], round_id: FromPath[int]) -> RoundOut:
        competition = await services.get_competition(competition_id)
        found = await services.get_round(competition_id, round_id)
        return round_setup.round_out(
            found, competition.timezone, await rubric.is_rubric_frozen(round_id)
        )

    @patch("/rounds/{round_id:int}", summary="Change a round (only the fields sent)")
    async def update_round(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[RoundPatch],
    ) -> RoundOut:
        competition = await services.get_competition(competition_id)
        found = await round_setup.patch_round(competition_id, round_id, data, request.user.id)
        return round_setup.round_out(
            found, competition.timezone, await rubric.is_rubric_frozen(round_id)
        )

    @get("/rounds/{round_id:int}/rubric", summary="A round's rubric (weights in percent)")
    async def show_rubric(
        self, competition_id: FromPath[int], round_id: FromPath[int]
    ) -> RubricOut:
        await services.get_round(competition_id, round_id)
        return rubric.rubric_out(
            round_id, await rubric.round_rubric(round_id), await rubric.is_rubric_frozen(round_id)
        )

    @put(
        "/rounds/{round_id:int}/rubric",
        summary="Replace a round's rubric (weights total 100%; 409 once any score exists)",
        raises=[Conflict],
    )
    async def replace_rubric(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[RubricFields],
    ) -> RubricOut:
        rows = await rubric.replace_rubric(competition_id, round_id, data, request.user.id)
        return rubric.rubric_out(round_id, rows, False)

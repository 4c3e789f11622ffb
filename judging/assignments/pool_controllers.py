"""Pages and API of the judge pool: the organizers' list of judges, invitations and each
judge's profile, and a judge's own profile."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.assignments import judges, outcome_notice, profile_edits, views
from judging.assignments.schemas import (
    JudgeFields,
    JudgeInvitation,
    JudgeOut,
    JudgePatch,
    JudgeSavedOut,
    OwnProfileFields,
)
from judging.clock import utcnow
from judging.competitions import services as competitions
from judging.competitions.guards import is_judge, is_organizer
from judging.errors import ValidationFailed
from judging.settings import Settings
from judging.web.forms import parse_form
from judging.web.pages import render_form, see_other
from judging.web.templating import locale_of


def _with_checkbox(form: FormMultiDict, name: str) -> FormMultiDict:
    """An unticked checkbox is not sent at all: make it an explicit false."""
    items = [(key, value) for key, value in form.multi_items() if key != name]
    items.append((name, "true" if form.get(name) else "false"))
    return FormMultiDict(items)


def _chosen_tracks(form: FormMultiDict | None, profile: Mapping[str, Any]) -> list[str]:
    return [str(value) for value in form.getall("tracks", [])] if form else list(profile["tracks"])


def _invitation_ttl(settings: Settings) -> timedelta:
    return timedelta(hours=settings.invitation_ttl_hours)


class JudgePoolPages(Controller):
    """The competition's judges (expertise, load limit, organization, status), for organizers."""

    path = "/organize/{competition_id:int}"
    include_in_schema = False
    guards = [is_organizer]

    @get("/judges", name="organizer_judges")
    async def judges(
        self, request: Request, competition_id: FromPath[int], invited: FromQuery[str] = ""
    ) -> Template:
        return await self._pool_page(request, competition_id, invited=invited)

    @post("/judges/invitations")
    async def invite(
        self, request: Request, competition_id: FromPath[int], settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            invitation = parse_form(form, JudgeInvitation)
            await judges.invite_judge(
                competition_id=competition_id,
                email=invitation.email,
                inviter=request.user,
                base_url=settings.base_url,
                now=utcnow(),
                ttl=_invitation_ttl(settings),
            )
        except ValidationFailed as failed:
            return await self._pool_page(request, competition_id, values=form, failed=failed)
        return see_other(f"/organize/{competition_id}/judges?invited={invitation.email}")

    @get("/judges/{profile_id:int}", name="organizer_judge")
    async def judge(
        self, request: Request, competition_id: FromPath[int], profile_id: FromPath[int]
    ) -> Template:
        profile = await judges.get_profile(competition_id, profile_id)
        return await self._judge_page(competition_id, profile, views.judge_form_values(profile))

    @post("/judges/{profile_id:int}")
    async def save_judge(
        self,
        request: Request,
        competition_id: FromPath[int],
        profile_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = _with_checkbox(await request.form(), "active")
        try:
            saved = await profile_edits.update_judge(
                competition_id,
                profile_id,
                parse_form(form, JudgeFields),
                actor_id=request.user.id,
                now=utcnow(),
                base_url=settings.base_url,
            )
        except ValidationFailed as failed:
            profile = await judges.get_profile(competition_id, profile_id)
            return await self._judge_page(competition_id, profile, form, failed, form)
        outcome_notice.keep(request, saved.outcome)
        return see_other(f"/organize/{competition_id}/judges?saved={profile_id}")

    async def _pool_page(
        self,
        request: Request,
        competition_id: int,
        *,
        values: Any = None,
        failed: ValidationFailed | None = None,
        invited: str = "",
    ) -> Template:
        competition = await competitions.get_competition(competition_id)
        saved = request.query_params.get("saved", "")
        return render_form(
            "assignments/judges.html",
            values=values,
            failed=failed,
            competition=competition,
            judges=await judges.judge_pool(competition_id),
            tracks={row["key"]: row for row in await competitions.tracks(competition_id)},
            invited=invited,
            saved=saved.isdigit(),
            outcome=outcome_notice.take(request),
        )

    async def _judge_page(
        self,
        competition_id: int,
        profile: dict[str, Any],
        values: Any,
        failed: ValidationFailed | None = None,
        form: FormMultiDict | None = None,
    ) -> Template:
        return render_form(
            "assignments/judge_form.html",
            values=values,
            failed=failed,
            competition=await competitions.get_competition(competition_id),
            profile=profile,
            tracks=await competitions.tracks(competition_id),
            chosen=_chosen_tracks(form, profile),
            active=(form.get("active") == "true") if form else profile["active"],
        )


class JudgeProfilePages(Controller):
    """A judge's own profile in a competition: name, organization, tracks of expertise."""

    path = "/judge"
    include_in_schema = False
    guards = [is_judge]

    @get("/competitions/{competition_id:int}/profile", name="judge_profile")
    async def profile(
        self, request: Request, competition_id: FromPath[int], saved: FromQuery[bool] = False
    ) -> Template:
        profile = await judges.own_profile(competition_id, request.user.id)
        values = views.own_profile_values(profile)
        return await self._profile_page(competition_id, profile, values, saved=saved)

    @post("/competitions/{competition_id:int}/profile")
    async def save_profile(
        self,
        request: Request,
        competition_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await profile_edits.update_own_profile(
                competition_id,
                request.user.id,
                parse_form(form, OwnProfileFields),
                now=utcnow(),
                base_url=settings.base_url,
            )
        except ValidationFailed as failed:
            profile = await judges.own_profile(competition_id, request.user.id)
            return await self._profile_page(competition_id, profile, form, failed, form)
        return see_other(f"/judge/competitions/{competition_id}/profile?saved=true")

    async def _profile_page(
        self,
        competition_id: int,
        profile: dict[str, Any],
        values: Any,
        failed: ValidationFailed | None = None,
        form: FormMultiDict | None = None,
        saved: bool = False,
    ) -> Template:
        return render_form(
            "assignments/own_profile.html",
            values=values,
            failed=failed,
            competition=await competitions.get_competition(competition_id),
            profile=profile,
            tracks=await competitions.tracks(competition_id),
            chosen=_chosen_tracks(form, profile),
            saved=saved,
        )


class JudgePoolApi(Controller):
    """A competition's judges, for its organizers."""

    path = "/api/v1/competitions/{competition_id:int}"
    tags = ["judges and conflicts"]
    guards = [is_organizer]

    @get("/judges", summary="Judges of a competition (joined or invited), by name")
    async def list_judges(self, competition_id: FromPath[int]) -> list[JudgeOut]:
        return [views.judge_out(row) for row in await judges.judge_pool(competition_id)]

    @patch(
        "/judges/{profile_id:int}",
        summary=(
            "Change a judge's name, organization, tracks, max_load or active status (only the "
            "fields sent); active false is a drop-out and reassigns their unscored projects"
        ),
    )
    async def update_judge(
        self,
        request: Request,
        competition_id: FromPath[int],
        profile_id: FromPath[int],
        data: JSONBody[JudgePatch],
        settings: NamedDependency[Settings],
    ) -> JudgeSavedOut:
        saved = await profile_edits.patch_judge(
            competition_id,
            profile_id,
            data,
            actor_id=request.user.id,
            now=utcnow(),
            base_url=settings.base_url,
        )
        locale = locale_of(request)
        return JudgeSavedOut(
            judge=views.judge_out(saved.profile),
            reassignment=views.outcome_out(locale, saved.outcome) if saved.outcome else None,
        )

"""Pages and API of the judge pool: the organizers' list of judges, invitations and each
judge's profile, and a judge's own profile."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.assignments import judges, outcome_notice, profile_edits, views
from judging.assignments.schemas import (
    JudgeFields,
    JudgeInvitation,
    JudgeOut,
    JudgePatch,
    JudgeSavedOut,
    OwnProfileFields,
    PoolJudge,
)
from judging.competitions import services as competitions
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_judge, is_organizer
from judging.competitions.tables import Competition
from judging.errors import ValidationFailed
from judging.i18n import N_
from judging.settings import Settings
from judging.web.context import Context
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import redirect_to, render_form
from judging.web.redisplay import form_page
from judging.web.templating import locale_of


def _with_checkbox(form: FormMultiDict, name: str) -> FormMultiDict:
    """An unticked checkbox is not sent at all: make it an explicit false."""
    items = [(key, value) for key, value in form.multi_items() if key != name]
    items.append((name, "true" if form.get(name) else "false"))
    return FormMultiDict(items)


def _chosen_tracks(form: FormMultiDict | None, profile: PoolJudge) -> list[str]:
    return [str(value) for value in form.getall("tracks", [])] if form else list(profile.tracks)


def _invitation_ttl(settings: Settings) -> timedelta:
    return timedelta(hours=settings.invitation_ttl_hours)


async def pool_page(
    request: Request,
    competition: Competition,
    values: Any = None,
    failed: ValidationFailed | None = None,
) -> Template:
    """The competition's judges, with the invitation form and what the last edit changed."""
    return render_form(
        "assignments/judges.html",
        values=values,
        failed=failed,
        competition=competition,
        judges=await judges.judge_pool(competition.id),
        tracks={row["key"]: row for row in await competitions.tracks(competition.id)},
        outcome=outcome_notice.take(request),
    )


async def judge_page(
    competition: Competition,
    profile_id: int,
    values: FormMultiDict | None = None,
    failed: ValidationFailed | None = None,
) -> Template:
    """A judge's settings form: the stored profile, or the form as sent after a failure."""
    profile = await judges.get_profile(competition.id, profile_id)
    form = _with_checkbox(values, "active") if values is not None else None
    return render_form(
        "assignments/judge_form.html",
        values=form if form is not None else views.judge_form_values(profile),
        failed=failed,
        competition=competition,
        profile=profile,
        tracks=await competitions.tracks(competition.id),
        chosen=_chosen_tracks(form, profile),
        active=(form.get("active") == "true") if form else profile.active,
    )


async def own_profile_page(
    request: Request,
    competition: Competition,
    values: FormMultiDict | None = None,
    failed: ValidationFailed | None = None,
) -> Template:
    """A judge's own profile form: the stored profile, or the form as sent after a failure."""
    profile = await judges.own_profile(competition.id, request.user.id)
    return render_form(
        "assignments/own_profile.html",
        values=values if values is not None else views.own_profile_values(profile),
        failed=failed,
        competition=competition,
        profile=profile,
        tracks=await competitions.tracks(competition.id),
        chosen=_chosen_tracks(values, profile),
    )


class JudgePoolPages(Controller):
    """The competition's judges (expertise, load limit, organization, status), for organizers."""

    path = "/organize/{competition_id:int}"
    include_in_schema = False
    guards = [is_organizer]

    @get("/judges", name="organizer_judges")
    async def judges(self, request: Request, competition: PathCompetition) -> Template:
        return await pool_page(request, competition)

    @post("/judges/invitations", name="organizer_judge_invite", opt=form_page(pool_page))
    async def invite(
        self,
        request: Request,
        competition: PathCompetition,
        context: Context,
        settings: NamedDependency[Settings],
    ) -> Redirect:
        invitation = parse_form(await request.form(), JudgeInvitation)
        await judges.invite_judge(
            competition_id=competition.id,
            email=invitation.email,
            inviter=context.actor,
            base_url=context.base_url,
            now=context.now,
            ttl=_invitation_ttl(settings),
        )
        notify(
            request,
            N_("An invitation to %(email)s is in the outbox."),
            anchor="judges-notice",
            email=invitation.email,
        )
        return redirect_to(request, "organizer_judges", competition_id=competition.id)

    @get("/judges/{profile_id:int}", name="organizer_judge")
    async def judge(self, competition: PathCompetition, profile_id: FromPath[int]) -> Template:
        return await judge_page(competition, profile_id)

    @post("/judges/{profile_id:int}", opt=form_page(judge_page))
    async def save_judge(
        self,
        request: Request,
        competition: PathCompetition,
        profile_id: FromPath[int],
        context: Context,
    ) -> Redirect:
        form = _with_checkbox(await request.form(), "active")
        saved = await profile_edits.update_judge(
            competition.id,
            profile_id,
            parse_form(form, JudgeFields),
            actor_id=context.actor_id,
            now=context.now,
            base_url=context.base_url,
        )
        outcome_notice.keep(request, saved.outcome)
        notify(request, N_("The judge's settings are saved."), anchor="judges-notice")
        return redirect_to(request, "organizer_judges", competition_id=competition.id)


class JudgeProfilePages(Controller):
    """A judge's own profile in a competition: name, organization, tracks of expertise."""

    path = "/judge"
    include_in_schema = False
    guards = [is_judge]

    @get("/competitions/{competition_id:int}/profile", name="judge_profile")
    async def profile(self, request: Request, competition: PathCompetition) -> Template:
        return await own_profile_page(request, competition)

    @post("/competitions/{competition_id:int}/profile", opt=form_page(own_profile_page))
    async def save_profile(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Redirect:
        await profile_edits.update_own_profile(
            competition.id,
            context.actor_id,
            parse_form(await request.form(), OwnProfileFields),
            now=context.now,
            base_url=context.base_url,
        )
        notify(request, N_("Your profile is saved."), anchor="profile-notice")
        return redirect_to(request, "judge_profile", competition_id=competition.id)


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
        context: Context,
    ) -> JudgeSavedOut:
        saved = await profile_edits.patch_judge(
            competition_id,
            profile_id,
            data,
            actor_id=context.actor_id,
            now=context.now,
            base_url=context.base_url,
        )
        locale = locale_of(request)
        return JudgeSavedOut(
            judge=views.judge_out(saved.profile),
            reassignment=views.outcome_out(locale, saved.outcome) if saved.outcome else None,
        )

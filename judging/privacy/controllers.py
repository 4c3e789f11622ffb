"""A person's data page (download, erasure request) and the organizers' requests page, with
their API twins."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Response, Template

from judging.accounts.guards import is_signed_in
from judging.accounts.tokens import SESSION_ONLY, TOKEN_SCOPE
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition
from judging.errors import Conflict, ValidationFailed
from judging.i18n import N_
from judging.privacy import export, services
from judging.privacy.schemas import ErasureAsk, ErasureDecision, ErasureRequestOut
from judging.settings import Settings
from judging.web.context import Context, RequestContext
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import attachment, redirect_to, render_form
from judging.web.redisplay import form_page

ASKED = N_("Your request is recorded. The organizers of your competitions decide on it.")
ERASED_NOW = N_("Your personal data is erased. This account no longer exists.")
CONFIRMED = N_("The person's personal data is erased.")
DECLINED = N_("The request is declined; the person reads your reason on their data page.")
# Erasing is for an organizer in a browser, never for a script's token.
BY_SESSION = {TOKEN_SCOPE: SESSION_ONLY}


async def personal_data_page(
    context: RequestContext, values: Any = None, failed: ValidationFailed | None = None
) -> Template:
    assert context.actor is not None  # the controller's guard
    requests = await services.requests_of(context.actor.id)
    return render_form(
        "privacy/personal_data.html",
        values=values,
        failed=failed,
        requests=requests,
        pending=any(found.status == services.PENDING for found in requests),
    )


class PersonalDataPages(Controller):
    path = "/account/data"
    include_in_schema = False
    guards = [is_signed_in]

    @get("/", name="account_data")
    async def page(self, context: Context) -> Template:
        return await personal_data_page(context)

    @get("/download", name="account_data_download")
    async def download(
        self, context: Context, settings: NamedDependency[Settings]
    ) -> Response[bytes]:
        archive = await export.personal_archive(context.actor.id, settings.data_dir, context.now)
        return attachment(archive, "application/zip", f"personal-data-{context.now:%Y%m%d}.zip")

    @post("/erasure", name="account_erasure_request", opt=form_page(personal_data_page))
    async def ask(self, request: Request, context: Context) -> Redirect:
        try:
            asked = await services.ask_for_erasure(
                context.actor, parse_form(await request.form(), ErasureAsk), context.now
            )
        except Conflict as refused:
            notify(request, refused.message, anchor="data-notice", category="error")
            return redirect_to(request, "account_data")
        if asked.status == services.ERASED:
            # Signed out, in a fresh session that carries only the notice.
            request.clear_session()
            request.set_session({})
            notify(request, ERASED_NOW, anchor="data-notice")
            return redirect_to(request, "home")
        notify(request, ASKED, anchor="data-notice")
        return redirect_to(request, "account_data")


class PersonalDataApi(Controller):
    path = "/api/v1/account/data"
    tags = ["accounts"]
    guards = [is_signed_in]

    @get("/", summary="Everything the platform holds about you (files: the data page's ZIP)")
    async def data(self, context: Context) -> dict[str, Any]:
        return await export.personal_data(context.actor.id, context.now)

    @post(
        "/erasure",
        status_code=201,
        summary="Ask for your personal data to be erased",
        raises=[Conflict],
    )
    async def ask(self, data: JSONBody[ErasureAsk], context: Context) -> ErasureRequestOut:
        return await services.ask_for_erasure(context.actor, data, context.now)


async def requests_page(
    competition: Competition, values: Any = None, failed: ValidationFailed | None = None
) -> Template:
    return render_form(
        "privacy/requests.html",
        values=values,
        failed=failed,
        competition=competition,
        requests=await services.competition_requests(competition.id),
    )


class ErasureRequestPages(Controller):
    path = "/organize/{competition_id:int}/data-requests"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="organizer_data_requests")
    async def page(self, competition: PathCompetition) -> Template:
        return await requests_page(competition)

    @post("/{request_id:int}/erase", name="organizer_data_request_erase")
    async def erase(
        self,
        request: Request,
        competition_id: FromPath[int],
        request_id: FromPath[int],
        context: Context,
    ) -> Redirect:
        try:
            await services.confirm_erasure(
                competition_id, request_id, context.actor.id, context.now
            )
        except Conflict as refused:
            notify(request, refused.message, anchor="requests-notice", category="error")
        else:
            notify(request, CONFIRMED, anchor="requests-notice")
        return redirect_to(request, "organizer_data_requests", competition_id=competition_id)

    @post(
        "/{request_id:int}/decline",
        name="organizer_data_request_decline",
        opt=form_page(requests_page),
    )
    async def decline(
        self,
        request: Request,
        competition_id: FromPath[int],
        request_id: FromPath[int],
        context: Context,
    ) -> Redirect:
        decision = parse_form(await request.form(), ErasureDecision)
        try:
            await services.decline_erasure(
                competition_id, request_id, decision, context.actor.id, context.now
            )
        except Conflict as refused:
            notify(request, refused.message, anchor="requests-notice", category="error")
        else:
            notify(request, DECLINED, anchor="requests-notice")
        return redirect_to(request, "organizer_data_requests", competition_id=competition_id)


class ErasureRequestApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}/data-requests"
    tags = ["competitions"]
    guards = [is_organizer]

    @get("/", summary="Erasure requests of the competition's people, pending first")
    async def list_requests(self, competition: PathCompetition) -> list[ErasureRequestOut]:
        return await services.competition_requests(competition.id)

    @post(
        "/{request_id:int}/erase",
        status_code=200,
        summary="Confirm a request: erase the person's personal data",
        raises=[Conflict],
        opt=BY_SESSION,
    )
    async def erase(
        self, competition_id: FromPath[int], request_id: FromPath[int], context: Context
    ) -> ErasureRequestOut:
        return await services.confirm_erasure(
            competition_id, request_id, context.actor.id, context.now
        )

    @post(
        "/{request_id:int}/decline",
        status_code=200,
        summary="Decline a request, saying why",
        raises=[Conflict],
    )
    async def decline(
        self,
        data: JSONBody[ErasureDecision],
        competition_id: FromPath[int],
        request_id: FromPath[int],
        context: Context,
    ) -> ErasureRequestOut:
        return await services.decline_erasure(
            competition_id, request_id, data, context.actor.id, context.now
        )

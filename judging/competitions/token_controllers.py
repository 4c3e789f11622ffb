"""A competition's API tokens, for the organizers' integrations (registration systems, CRMs):
made, listed and revoked by any of its organizers; each acts as the organizer who made it,
within the competition only."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.accounts import token_services
from judging.accounts.schemas import TokenMade, TokenOut, TokenRequest
from judging.accounts.token_controllers import TOKEN_REVOKED, tokens_page
from judging.accounts.tokens import SESSION_ONLY, TOKEN_SCOPE
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition
from judging.errors import ValidationFailed
from judging.i18n import N_
from judging.web.context import Context, RequestContext
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import redirect_to
from judging.web.redisplay import form_page

COMPETITION_SCOPE_CHOICES = (
    ("read", N_("Read"), N_("Everything its maker can see of this competition.")),
    (
        "organize",
        N_("Organize"),
        N_("Change this competition as its maker could: rounds, projects, judges, results."),
    ),
)
# Making or revoking a token needs an organizer in a browser: a leaked token cannot mint more.
BY_SESSION = {TOKEN_SCOPE: SESSION_ONLY}


async def competition_tokens_page(
    competition: Competition,
    context: RequestContext,
    values: Any = None,
    failed: ValidationFailed | None = None,
    made: TokenMade | None = None,
) -> Template:
    return tokens_page(
        values,
        failed,
        made,
        tokens=await token_services.competition_tokens(competition.id, context.now),
        competition=competition,
        scope_choices=COMPETITION_SCOPE_CHOICES,
        create_url_name="organizer_token_create",
        revoke_url_name="organizer_token_revoke",
        path_params={"competition_id": competition.id},
        timezone=competition.timezone,
    )


class CompetitionTokenPages(Controller):
    path = "/organize/{competition_id:int}/api-tokens"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="organizer_tokens")
    async def list_tokens(self, competition: PathCompetition, context: Context) -> Template:
        return await competition_tokens_page(competition, context)

    @post("/", name="organizer_token_create", opt=form_page(competition_tokens_page))
    async def make(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Template:
        data = parse_form(await request.form(), TokenRequest)
        made = await token_services.make_token(
            context.actor, data, context.now, competition_id=competition.id
        )
        return await competition_tokens_page(competition, context, made=made)

    @post("/{token_id:int}/revoke", name="organizer_token_revoke")
    async def revoke(
        self,
        request: Request,
        competition_id: FromPath[int],
        token_id: FromPath[int],
        context: Context,
    ) -> Redirect:
        name = await token_services.revoke_token(
            context.actor.id, token_id, context.now, competition_id=competition_id
        )
        notify(request, TOKEN_REVOKED, anchor="tokens-notice", name=name)
        return redirect_to(request, "organizer_tokens", competition_id=competition_id)


class CompetitionTokenApi(Controller):
    """The competition's live API tokens; making and revoking one needs the session."""

    path = "/api/v1/competitions/{competition_id:int}/api-tokens"
    tags = ["competitions"]
    guards = [is_organizer]

    @get("/", summary="The competition's live API tokens")
    async def list_tokens(self, competition: PathCompetition, context: Context) -> list[TokenOut]:
        return await token_services.competition_tokens(competition.id, context.now)

    @post("/", status_code=201, summary="Make a competition API token (shown once)", opt=BY_SESSION)
    async def make(
        self, data: JSONBody[TokenRequest], competition: PathCompetition, context: Context
    ) -> TokenMade:
        return await token_services.make_token(
            context.actor, data, context.now, competition_id=competition.id
        )

    @delete(
        "/{token_id:int}", status_code=204, summary="Revoke a competition API token", opt=BY_SESSION
    )
    async def revoke(
        self, competition_id: FromPath[int], token_id: FromPath[int], context: Context
    ) -> None:
        await token_services.revoke_token(
            context.actor.id, token_id, context.now, competition_id=competition_id
        )

"""A person's own API tokens: the page that makes, lists and revokes them, and its API."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.accounts import token_services
from judging.accounts.guards import is_signed_in
from judging.accounts.schemas import TokenMade, TokenOut, TokenRequest
from judging.errors import ValidationFailed
from judging.i18n import N_
from judging.web.context import Context, RequestContext
from judging.web.forms import parse_form, ticked
from judging.web.notices import notify
from judging.web.pages import redirect_to, render_form
from judging.web.redisplay import form_page

TOKEN_REVOKED = N_("The token “%(name)s” is revoked: it works nowhere from now on.")
# A page that shows a token is never kept by a browser or a proxy.
NO_STORE = {"Cache-Control": "no-store"}
PERSONAL_SCOPE_CHOICES = (
    ("read", N_("Read"), N_("Everything you can see through the API.")),
    ("score", N_("Score"), N_("Save and submit your scorecards, declare conflicts.")),
)


def tokens_page(
    values: Any, failed: ValidationFailed | None, made: TokenMade | None, **context: Any
) -> Template:
    """The tokens page, a person's or a competition's (``context`` says which): its list, the
    token just made, and the form, new or shown again."""
    page = render_form(
        "accounts/tokens.html",
        values=values if values is not None else {"expires_in_days": "90"},
        failed=failed,
        chosen_scopes=ticked(values, "scopes", fresh=["read"]),
        made=made,
        **context,
    )
    page.headers.update(NO_STORE)
    return page


async def personal_tokens_page(
    context: RequestContext,
    values: Any = None,
    failed: ValidationFailed | None = None,
    made: TokenMade | None = None,
) -> Template:
    assert context.actor is not None  # the controller's guard
    return tokens_page(
        values,
        failed,
        made,
        tokens=await token_services.personal_tokens(context.actor.id, context.now),
        scope_choices=PERSONAL_SCOPE_CHOICES,
        create_url_name="account_token_create",
        revoke_url_name="account_token_revoke",
        path_params={},
        timezone=None,
    )


class PersonalTokenPages(Controller):
    path = "/account/tokens"
    include_in_schema = False
    guards = [is_signed_in]

    @get("/", name="account_tokens")
    async def list_tokens(self, context: Context) -> Template:
        return await personal_tokens_page(context)

    @post("/", name="account_token_create", opt=form_page(personal_tokens_page))
    async def make(self, request: Request, context: Context) -> Template:
        data = parse_form(await request.form(), TokenRequest)
        made = await token_services.make_token(context.actor, data, context.now)
        # Shown on this response only: the token is not kept anywhere it could be read again.
        return await personal_tokens_page(context, made=made)

    @post("/{token_id:int}/revoke", name="account_token_revoke")
    async def revoke(self, request: Request, token_id: FromPath[int], context: Context) -> Redirect:
        name = await token_services.revoke_token(context.actor.id, token_id, context.now)
        notify(request, TOKEN_REVOKED, anchor="tokens-notice", name=name)
        return redirect_to(request, "account_tokens")


class PersonalTokenApi(Controller):
    """The signed-in account's personal tokens. Making and revoking one needs the session."""

    path = "/api/v1/account/tokens"
    tags = ["accounts"]
    guards = [is_signed_in]

    @get("/", summary="Your live personal API tokens")
    async def list_tokens(self, context: Context) -> list[TokenOut]:
        return await token_services.personal_tokens(context.actor.id, context.now)

    @post("/", status_code=201, summary="Make a personal API token (shown once)")
    async def make(self, data: JSONBody[TokenRequest], context: Context) -> TokenMade:
        return await token_services.make_token(context.actor, data, context.now)

    @delete("/{token_id:int}", status_code=204, summary="Revoke a personal API token")
    async def revoke(self, token_id: FromPath[int], context: Context) -> None:
        await token_services.revoke_token(context.actor.id, token_id, context.now)

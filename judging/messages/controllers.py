"""Messages to entrants and judges: the organizers' pages (write, preview, send, mail log)
and API."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.competitions import services as competitions
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition
from judging.errors import Conflict, ValidationFailed
from judging.i18n import N_
from judging.messages import services
from judging.messages.schemas import (
    MessageFields,
    MessageOut,
    Preview,
    RecipientOut,
    SendRequest,
)
from judging.messages.texts import PLACEHOLDERS
from judging.web.context import Context
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import redirect_to, render_form
from judging.web.redisplay import form_page

MESSAGE_SENT = N_("The message is on its way to %(count)s people.")


async def compose_page(
    competition: Competition,
    values: Any = None,
    failed: ValidationFailed | None = None,
    preview: Preview | None = None,
    refusal: Conflict | None = None,
) -> Template:
    """The message form; with a preview, the preview and the confirmation to send."""
    page = render_form(
        "messages/compose.html",
        values=values if values is not None else {"audience": "entrants"},
        failed=failed,
        competition=competition,
        tracks=await competitions.tracks(competition.id),
        rounds=await competitions.rounds(competition.id),
        placeholders=PLACEHOLDERS,
        preview=preview,
        refusal=refusal,
    )
    if refusal is not None:
        page.status_code = refusal.status_code
    return page


class MessagePages(Controller):
    path = "/organize/{competition_id:int}/messages"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="competition_messages")
    async def log(self, competition: PathCompetition) -> Template:
        return render_form(
            "messages/log.html",
            competition=competition,
            messages=await services.messages(competition.id),
        )

    @get("/new", name="competition_message_new")
    async def new(self, competition: PathCompetition) -> Template:
        return await compose_page(competition)

    @post("/preview", name="competition_message_preview", opt=form_page(compose_page))
    async def preview(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Template:
        form = await request.form()
        fields = parse_form(form, MessageFields)
        found = await services.preview(competition.id, fields, context.now)
        return await compose_page(competition, values=form, preview=found)

    @post("/", name="competition_message_send", opt=form_page(compose_page))
    async def send(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Template | Redirect:
        form = await request.form()
        fields = parse_form(form, SendRequest)
        try:
            sent = await services.send(competition.id, fields, context.actor_id, context.now)
        except Conflict as refused:
            return await compose_page(competition, values=form, refusal=refused)
        notify(request, MESSAGE_SENT, anchor="message-notice", count=sent.recipients)
        return redirect_to(
            request, "competition_message", competition_id=competition.id, message_id=sent.id
        )

    @get("/{message_id:int}", name="competition_message")
    async def message(self, competition: PathCompetition, message_id: FromPath[int]) -> Template:
        found = await services.get_message(competition.id, message_id)
        return render_form(
            "messages/message.html",
            competition=competition,
            message=found,
            recipients=await services.message_recipients(found.id),
        )


class MessageApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}/messages"
    tags = ["messages"]
    guards = [is_organizer]

    @get("/", summary="The messages sent to the competition's entrants and judges, newest first")
    async def list_messages(self, competition: PathCompetition) -> list[MessageOut]:
        return await services.messages(competition.id)

    @post(
        "/preview",
        status_code=200,
        summary="How many a message reaches, and how it reads for the first of them",
        description=(
            "Placeholders: entrants {name}, {project}, {track}, {round}, {result}, {deadline}; "
            "judges "
            "{name}, {round}, {left}, {deadline}. A brace itself is written twice."
        ),
    )
    async def preview(
        self, competition: PathCompetition, context: Context, data: JSONBody[MessageFields]
    ) -> Preview:
        return await services.preview(competition.id, data, context.now)

    @post(
        "/",
        summary="Send a message to a segment (with `confirm`: true), one mail each",
        description="409 without confirm, or when the segment reaches nobody.",
        raises=[Conflict],
    )
    async def send(
        self, competition: PathCompetition, context: Context, data: JSONBody[SendRequest]
    ) -> MessageOut:
        return await services.send(competition.id, data, context.actor_id, context.now)

    @get("/{message_id:int}/recipients", summary="Who a message went to, and what was delivered")
    async def recipients(
        self, competition: PathCompetition, message_id: FromPath[int]
    ) -> list[RecipientOut]:
        found = await services.get_message(competition.id, message_id)
        return await services.message_recipients(found.id)

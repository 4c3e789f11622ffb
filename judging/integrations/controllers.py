"""The organizers' webhook pages and API: endpoints, their secrets and their deliveries."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition
from judging.errors import ValidationFailed
from judging.i18n import N_
from judging.integrations import services, signing
from judging.integrations.schemas import DeliveryOut, WebhookFields, WebhookOut
from judging.settings import Settings
from judging.web.context import Context
from judging.web.forms import parse_form, ticked
from judging.web.notices import notify
from judging.web.pages import redirect_to, render, render_form
from judging.web.redisplay import form_page

ADDED = N_("The endpoint is added. Its deliveries are signed with the secret below.")
REMOVED = N_("%(url)s hears nothing more; its deliveries stay listed here.")
REPLAYED = N_("The delivery is queued again; it is sent within seconds.")
EVENT_LABELS = (
    (signing.PROJECT_SUBMITTED, N_("A project is submitted")),
    (signing.SCORECARD_SUBMITTED, N_("A judge submits a scorecard")),
    (signing.ROUND_PUBLISHED, N_("A round's ranking is published")),
    (signing.PROJECT_ADVANCED, N_("Projects are admitted into a later round")),
)


async def webhooks_page(
    competition: Competition, values: Any = None, failed: ValidationFailed | None = None
) -> Template:
    return render_form(
        "integrations/webhooks.html",
        values=values,
        failed=failed,
        competition=competition,
        webhooks=await services.webhooks_of(competition.id),
        event_labels=EVENT_LABELS,
        chosen_events=ticked(values, "events", fresh=signing.EVENTS),
    )


async def _webhook_page(competition: Competition, webhook_id: int) -> Template:
    return render(
        "integrations/webhook.html",
        competition=competition,
        webhook=await services.webhook(competition.id, webhook_id),
        deliveries=await services.deliveries(competition.id, webhook_id),
        event_labels=dict(EVENT_LABELS),
        headers=(signing.EVENT_HEADER, signing.DELIVERY_HEADER, signing.SIGNATURE_HEADER),
    )


class WebhookPages(Controller):
    path = "/organize/{competition_id:int}/webhooks"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="organizer_webhooks")
    async def list_webhooks(self, competition: PathCompetition) -> Template:
        return await webhooks_page(competition)

    @post("/", name="organizer_webhook_add", opt=form_page(webhooks_page))
    async def add(
        self,
        request: Request,
        competition: PathCompetition,
        context: Context,
        settings: NamedDependency[Settings],
    ) -> Redirect:
        added = await services.add_webhook(
            competition.id,
            parse_form(await request.form(), WebhookFields),
            context.actor.id,
            context.now,
            settings.production,
        )
        notify(request, ADDED, anchor="webhook-notice")
        return redirect_to(
            request, "organizer_webhook", competition_id=competition.id, webhook_id=added.id
        )

    @get("/{webhook_id:int}", name="organizer_webhook")
    async def show(self, competition: PathCompetition, webhook_id: FromPath[int]) -> Template:
        return await _webhook_page(competition, webhook_id)

    @post("/{webhook_id:int}/remove", name="organizer_webhook_remove")
    async def remove(
        self,
        request: Request,
        competition_id: FromPath[int],
        webhook_id: FromPath[int],
        context: Context,
    ) -> Redirect:
        url = await services.remove_webhook(
            competition_id, webhook_id, context.actor.id, context.now
        )
        notify(request, REMOVED, anchor="webhook-notice", url=url)
        return redirect_to(request, "organizer_webhooks", competition_id=competition_id)

    @post(
        "/{webhook_id:int}/deliveries/{delivery_id:int}/replay",
        name="organizer_webhook_replay",
    )
    async def replay(
        self,
        request: Request,
        competition_id: FromPath[int],
        webhook_id: FromPath[int],
        delivery_id: FromPath[int],
        context: Context,
    ) -> Redirect:
        await services.replay(
            competition_id, webhook_id, delivery_id, context.actor.id, context.now
        )
        notify(request, REPLAYED, anchor="webhook-notice")
        return redirect_to(
            request, "organizer_webhook", competition_id=competition_id, webhook_id=webhook_id
        )


class WebhookApi(Controller):
    """The competition's webhook endpoints and their deliveries (the signature scheme is in
    the endpoint's page and the README)."""

    path = "/api/v1/competitions/{competition_id:int}/webhooks"
    tags = ["integrations"]
    guards = [is_organizer]

    @get("/", summary="The competition's webhook endpoints")
    async def list_webhooks(self, competition: PathCompetition) -> list[WebhookOut]:
        return await services.webhooks_of(competition.id)

    @post("/", status_code=201, summary="Add a webhook endpoint")
    async def add(
        self,
        data: JSONBody[WebhookFields],
        competition: PathCompetition,
        context: Context,
        settings: NamedDependency[Settings],
    ) -> WebhookOut:
        return await services.add_webhook(
            competition.id, data, context.actor.id, context.now, settings.production
        )

    @get("/{webhook_id:int}", summary="One webhook endpoint")
    async def show(self, competition_id: FromPath[int], webhook_id: FromPath[int]) -> WebhookOut:
        return await services.webhook(competition_id, webhook_id)

    @delete("/{webhook_id:int}", status_code=204, summary="Remove a webhook endpoint")
    async def remove(
        self, competition_id: FromPath[int], webhook_id: FromPath[int], context: Context
    ) -> None:
        await services.remove_webhook(competition_id, webhook_id, context.actor.id, context.now)

    @get("/{webhook_id:int}/deliveries", summary="The endpoint's latest deliveries, newest first")
    async def deliveries(
        self, competition_id: FromPath[int], webhook_id: FromPath[int]
    ) -> list[DeliveryOut]:
        return await services.deliveries(competition_id, webhook_id)

    @post(
        "/{webhook_id:int}/deliveries/{delivery_id:int}/replay",
        status_code=201,
        summary="Send a delivery again, as a new delivery due now",
    )
    async def replay(
        self,
        competition_id: FromPath[int],
        webhook_id: FromPath[int],
        delivery_id: FromPath[int],
        context: Context,
    ) -> DeliveryOut:
        return await services.replay(
            competition_id, webhook_id, delivery_id, context.actor.id, context.now
        )

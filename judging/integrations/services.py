"""The rules of webhooks: registering endpoints, queueing deliveries, sending them with
retries, and replaying one by hand.

Deliveries are rows, like the outbox's mails: an event queues one per endpoint that chose it,
and :func:`deliver_due` sends what is due, from the web process on the embedded default or
from any number of processes at once (a row is claimed before it is sent).
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import msgspec
from piccolo.query.functions.aggregate import Count

from judging.audit import services as audit
from judging.database import writing
from judging.errors import NotFound, ValidationFailed
from judging.i18n import N_
from judging.integrations import signing
from judging.integrations.schemas import DeliveryOut, WebhookFields, WebhookOut
from judging.integrations.tables import Webhook, WebhookDelivery

logger = logging.getLogger("judging.integrations")

# A claim older than this belongs to a process that died mid-send; another may retry.
CLAIM_TIMEOUT = timedelta(minutes=2)
SEND_TIMEOUT = httpx.Timeout(10.0)
RESPONSE_KEPT = 1000
MAX_ENDPOINTS = 20

NOT_A_URL = N_("Enter a full web address, such as https://crm.example.com/hooks/judging.")
HTTPS_ONLY = N_("Use an https:// address: deliveries carry your competition's data.")
NOT_PUBLIC = N_("Use an address on the public internet, not a local or private one.")
NO_CREDENTIALS = N_("Leave the user name and password out of the address.")
NO_EVENTS = N_("Choose at least one event.")
TOO_MANY_ENDPOINTS = N_("This competition has %(count)s endpoints already: remove one first.")


def _is_local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def endpoint_problem(url: str, production: bool) -> str | None:
    """Why ``url`` cannot receive webhooks, or None. Production sends only to public https
    addresses; a development machine may also send to http on its own host (a receiver
    being built)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return NOT_A_URL
    if parts.scheme not in ("http", "https") or not host:
        return NOT_A_URL
    if parts.username or parts.password:
        return NO_CREDENTIALS
    local = _is_local(host)
    if production and local:
        return NOT_PUBLIC
    if parts.scheme == "http" and not local:
        return HTTPS_ONLY
    return None


def _live_webhook(competition_id: int, webhook_id: int):
    return (
        (Webhook.id == webhook_id)
        & (Webhook.competition == competition_id)
        & Webhook.removed_at.is_null()
    )


async def webhooks_of(competition_id: int) -> list[WebhookOut]:
    """The competition's endpoints, newest first, with their deliveries pending and failed."""
    rows = (
        await Webhook.select()
        .where((Webhook.competition == competition_id) & Webhook.removed_at.is_null())
        .order_by(Webhook.id, ascending=False)
    )
    return await _webhooks_out(rows)


def waiting():
    """Deliveries still to be sent: due now, or retrying later."""
    return WebhookDelivery.next_attempt_at.is_not_null()


def given_up():
    """Deliveries that failed their last attempt (a replay sends them as new ones)."""
    return WebhookDelivery.next_attempt_at.is_null() & WebhookDelivery.delivered_at.is_null()


async def _count_by_webhook(ids: list[int], condition: Any) -> dict[int, int]:
    rows = (
        await WebhookDelivery.select(WebhookDelivery.webhook, Count())
        .where(WebhookDelivery.webhook.is_in(ids) & condition)
        .group_by(WebhookDelivery.webhook)
    )
    return {row["webhook"]: row["count"] for row in rows}


async def _webhooks_out(rows: list[dict[str, Any]]) -> list[WebhookOut]:
    """The endpoints with their deliveries waiting and given up (two queries for all)."""
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    pending = await _count_by_webhook(ids, waiting())
    failed = await _count_by_webhook(ids, given_up())
    return msgspec.convert(
        [
            {
                **row,
                "events": row["events"].split(),
                "pending": pending.get(row["id"], 0),
                "failed": failed.get(row["id"], 0),
            }
            for row in rows
        ],
        list[WebhookOut],
    )


async def webhook(competition_id: int, webhook_id: int) -> WebhookOut:
    row = await Webhook.select().where(_live_webhook(competition_id, webhook_id)).first()
    if row is None:
        raise NotFound()
    return (await _webhooks_out([row]))[0]


async def add_webhook(
    competition_id: int, fields: WebhookFields, actor_id: int, now: datetime, production: bool
) -> WebhookOut:
    """Register an endpoint with a new signing secret."""
    url = fields.url.strip()
    problem = endpoint_problem(url, production)
    if problem is not None:
        raise ValidationFailed.single("url", problem)
    if not fields.events:
        raise ValidationFailed.single("events", NO_EVENTS)
    async with writing():
        count = await Webhook.count().where(
            (Webhook.competition == competition_id) & Webhook.removed_at.is_null()
        )
        if count >= MAX_ENDPOINTS:
            raise ValidationFailed.single("url", TOO_MANY_ENDPOINTS, count=count)
        row = Webhook(
            competition=competition_id,
            url=url,
            events=" ".join(event for event in signing.EVENTS if event in fields.events),
            description=fields.description.strip(),
            secret=signing.new_secret(),
            created_by=actor_id,
            created_at=now,
        )
        await row.save()
        await audit.record(
            actor_id=actor_id,
            entity="competition",
            entity_id=competition_id,
            action="webhook_added",
            after={"url": url, "events": row.events},
        )
    return await webhook(competition_id, row.id)


async def remove_webhook(competition_id: int, webhook_id: int, actor_id: int, now: datetime) -> str:
    """Stop sending to an endpoint (its deliveries stay on record); its address is the answer."""
    async with writing():
        row = await Webhook.objects().where(_live_webhook(competition_id, webhook_id)).first()
        if row is None:
            raise NotFound()
        row.removed_at = now
        await row.save([Webhook.removed_at])
        await WebhookDelivery.update({WebhookDelivery.next_attempt_at: None}).where(
            WebhookDelivery.webhook == webhook_id
        )
        await audit.record(
            actor_id=actor_id,
            entity="competition",
            entity_id=competition_id,
            action="webhook_removed",
            before={"url": row.url, "events": row.events},
        )
    return row.url


def _state(row: dict[str, Any]) -> str:
    if row["delivered_at"] is not None:
        return "delivered"
    return "pending" if row["next_attempt_at"] is not None else "failed"


async def deliveries(competition_id: int, webhook_id: int, limit: int = 50) -> list[DeliveryOut]:
    """The endpoint's latest deliveries, newest first."""
    await webhook(competition_id, webhook_id)
    rows = (
        await WebhookDelivery.select()
        .where(WebhookDelivery.webhook == webhook_id)
        .order_by(WebhookDelivery.id, ascending=False)
        .limit(limit)
    )
    return msgspec.convert([{**row, "state": _state(row)} for row in rows], list[DeliveryOut])


async def replay(
    competition_id: int, webhook_id: int, delivery_id: int, actor_id: int, now: datetime
) -> DeliveryOut:
    """Send a delivery's body again, as a new delivery due now (its old one is kept)."""
    await webhook(competition_id, webhook_id)
    async with writing():
        original = (
            await WebhookDelivery.objects()
            .where((WebhookDelivery.id == delivery_id) & (WebhookDelivery.webhook == webhook_id))
            .first()
        )
        if original is None:
            raise NotFound()
        again = WebhookDelivery(
            webhook=webhook_id,
            event=original.event,
            body=original.body,
            created_at=now,
            next_attempt_at=now,
            # Receivers know a delivery by its first id, however often it is sent again.
            replay_of=original.replay_of or original.id,
        )
        await again.save()
        await audit.record(
            actor_id=actor_id,
            entity="competition",
            entity_id=competition_id,
            action="webhook_replayed",
            after={"delivery_id": original.id, "replay_id": again.id, "event": original.event},
        )
    row = await WebhookDelivery.select().where(WebhookDelivery.id == again.id).first()
    return msgspec.convert({**row, "state": _state(row)}, DeliveryOut)


async def queue_event(competition_id: int, event: str, data: dict[str, Any], now: datetime) -> int:
    """A delivery of ``event`` to each of the competition's endpoints that chose it; returns
    how many were queued."""
    hooks = await Webhook.select(Webhook.id, Webhook.events).where(
        (Webhook.competition == competition_id) & Webhook.removed_at.is_null()
    )
    chosen = [row["id"] for row in hooks if event in row["events"].split()]
    if not chosen:
        return 0
    body = msgspec.json.encode(
        {"event": event, "competition_id": competition_id, "occurred_at": now, "data": data}
    ).decode()
    await WebhookDelivery.insert(
        *(
            WebhookDelivery(
                webhook=hook_id, event=event, body=body, created_at=now, next_attempt_at=now
            )
            for hook_id in chosen
        )
    )
    return len(chosen)


async def _claim(delivery_id: int, now: datetime) -> bool:
    # Compare-and-set: one process wins a delivery; a claim that is too old is taken over.
    claimed = (
        await WebhookDelivery.update({WebhookDelivery.claimed_at: now})
        .where(
            (WebhookDelivery.id == delivery_id)
            & WebhookDelivery.next_attempt_at.is_not_null()
            & (
                WebhookDelivery.claimed_at.is_null()
                | (WebhookDelivery.claimed_at < now - CLAIM_TIMEOUT)
            )
        )
        .returning(WebhookDelivery.id)
    )
    return bool(claimed)


async def _send(
    client: httpx.AsyncClient, delivery: dict[str, Any], now: datetime
) -> tuple[int | None, str]:
    body = delivery["body"].encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "ChinaGateMaster-Webhooks/1",
        signing.EVENT_HEADER: delivery["event"],
        signing.DELIVERY_HEADER: str(delivery["replay_of"] or delivery["id"]),
        signing.SIGNATURE_HEADER: signing.signature(delivery["secret"], int(now.timestamp()), body),
    }
    try:
        response = await client.post(delivery["url"], content=body, headers=headers)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:RESPONSE_KEPT]
    return response.status_code, response.text[:RESPONSE_KEPT]


async def deliver_due(now: datetime, client: httpx.AsyncClient, limit: int = 50) -> int:
    """Send up to ``limit`` due deliveries; returns how many the endpoints accepted (2xx).

    A failure (another status, a timeout, a refused connection) is recorded on the row and
    tried again after :func:`judging.integrations.signing.retry_wait`.
    """
    due = (
        await WebhookDelivery.select(WebhookDelivery.id)
        .where(
            (WebhookDelivery.next_attempt_at <= now)
            & (
                WebhookDelivery.claimed_at.is_null()
                | (WebhookDelivery.claimed_at < now - CLAIM_TIMEOUT)
            )
        )
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(limit)
    )
    accepted = 0
    for row in due:
        if not await _claim(row["id"], now):
            continue
        delivery = (
            await WebhookDelivery.select(
                WebhookDelivery.all_columns(),
                WebhookDelivery.webhook.url.as_alias("url"),
                WebhookDelivery.webhook.secret.as_alias("secret"),
            )
            .where(WebhookDelivery.id == row["id"])
            .first()
        )
        status, answer = await _send(client, delivery, now)
        attempts = delivery["attempts"] + 1
        changes: dict[Any, Any] = {
            WebhookDelivery.attempts: attempts,
            WebhookDelivery.last_attempt_at: now,
            WebhookDelivery.last_status: status,
            WebhookDelivery.last_response: answer,
            WebhookDelivery.claimed_at: None,
        }
        if status is not None and 200 <= status < 300:
            changes |= {WebhookDelivery.delivered_at: now, WebhookDelivery.next_attempt_at: None}
            accepted += 1
        else:
            wait = signing.retry_wait(attempts)
            logger.warning("Webhook delivery %s failed (%s): %s", row["id"], status, answer[:200])
            changes[WebhookDelivery.next_attempt_at] = now + wait if wait else None
        await WebhookDelivery.update(changes).where(WebhookDelivery.id == row["id"])
    return accepted


def sending_client() -> httpx.AsyncClient:
    """The HTTP client deliveries go out with: short timeouts, no redirects followed (an
    endpoint cannot send our data on to an address nobody registered)."""
    return httpx.AsyncClient(timeout=SEND_TIMEOUT, follow_redirects=False)

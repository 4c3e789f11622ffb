"""Prometheus metrics at ``/metrics``: Litestar's request counts and latencies (per route
template, so ids do not multiply the series), and what the platform has waiting: mails in the
outbox, webhook deliveries, running imports, and the scorecards judges save.

Each ``judging serve`` process counts its own requests; scrape every process (or set
``PROMETHEUS_MULTIPROC_DIR`` for uvicorn workers of one process). The queue gauges are read
from the database at each scrape, so every process reports the same backlog.

Who may read them: in production only a scraper sending ``Authorization: Bearer
<JUDGING_METRICS_TOKEN>`` (no token set: 404, so a reverse proxy cannot expose them by
accident); in development also any client on this machine.
"""

from __future__ import annotations

import hmac

from litestar import get as get_route
from litestar.connection import ASGIConnection
from litestar.events import listener
from litestar.handlers.base import BaseRouteHandler
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from litestar.response import Response
from prometheus_client import Counter, Gauge

from judging import events
from judging.errors import NotFound, refuses
from judging.integrations import services as webhooks
from judging.integrations.tables import WebhookDelivery
from judging.outbox.services import MAX_ATTEMPTS
from judging.outbox.tables import OutboxMessage
from judging.settings import Settings
from judging.submissions.tables import ImportJob, ImportJobStatus

PROMETHEUS = PrometheusConfig(
    app_name="judging",
    prefix="judging",
    group_path=True,
    exclude=["^/metrics", "^/static/", "^/healthz", "^/livez", "^/readyz"],
)
LOOPBACK = {"127.0.0.1", "::1"}

SCORECARDS_SAVED = Counter(
    "judging_scorecards_saved",
    "Scorecards judges saved, by the status they were saved in.",
    ["status"],
)
WAITING = Gauge(
    "judging_jobs_waiting",
    "Background work not done yet: unsent mails, webhook deliveries due or retrying, "
    "imports running.",
    ["kind"],
)
GIVEN_UP = Gauge(
    "judging_jobs_given_up",
    "Background work that failed its last attempt: mails and webhook deliveries.",
    ["kind"],
)


@listener(events.SCORECARD_SAVED)
async def count_scorecard(
    round_id: int, submission_id: int, status_before: str | None, status_after: str
) -> None:
    SCORECARDS_SAVED.labels(status=status_after).inc()


events.subscribe(count_scorecard)


async def read_backlog() -> None:
    """Set the queue gauges from the database."""
    unsent = OutboxMessage.sent_at.is_null()
    WAITING.labels(kind="mail").set(
        await OutboxMessage.count().where(unsent & (OutboxMessage.attempts < MAX_ATTEMPTS))
    )
    GIVEN_UP.labels(kind="mail").set(
        await OutboxMessage.count().where(unsent & (OutboxMessage.attempts >= MAX_ATTEMPTS))
    )
    WAITING.labels(kind="webhook").set(await WebhookDelivery.count().where(webhooks.waiting()))
    GIVEN_UP.labels(kind="webhook").set(await WebhookDelivery.count().where(webhooks.given_up()))
    WAITING.labels(kind="import").set(
        await ImportJob.count().where(ImportJob.status == ImportJobStatus.RUNNING)
    )


@refuses(NotFound)
def may_scrape(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """The metrics token, or (in development, no token set) a client on this machine."""
    settings: Settings = connection.app.state.settings
    sent = connection.headers.get("authorization", "")
    if settings.metrics_token:
        if hmac.compare_digest(sent.encode(), f"Bearer {settings.metrics_token}".encode()):
            return
        raise NotFound()
    client = connection.client.host if connection.client else ""
    if settings.production or client not in LOOPBACK:
        raise NotFound()


class MetricsController(PrometheusController):
    path = "/metrics"
    include_in_schema = False
    guards = [may_scrape]
    opt = {"skip_session": True, "exclude_from_auth": True, "exclude_from_csrf": True}

    @get_route(name="metrics")
    async def get(self) -> Response:
        await read_backlog()
        return await PrometheusController.get.fn(self)

"""Watching it run: readiness beside liveness, Prometheus metrics with the platform's own
backlog, and log lines that name the request they belong to."""

from __future__ import annotations

import json
import logging
import re

import msgspec
import pytest

from judging.clock import utcnow
from judging.demo import DEMO_PASSWORD, demo_email
from judging.integrations import services as webhooks
from judging.integrations.schemas import WebhookFields
from judging.operations.logs import logging_config
from judging.outbox.services import queue_mail
from tests.conftest import REDIS_URL
from tests.reviews.judging_world import api_path, build_world, card_json, scores
from tests.support import app_client, redis_available, running_server, shared_app, unavailable

LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def _sample(text: str, name: str, **labels: str) -> float:
    """The value of the metric ``name`` with ``labels`` in a Prometheus text page (0 if absent)."""
    for line in text.splitlines():
        if not line.startswith((name + "{", name + " ")):
            continue
        found = dict(LABEL.findall(line.rsplit(" ", 1)[0]))
        if all(found.get(key) == value for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_readiness_reports_each_dependency(client):
    response = await client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "ready": True,
        "database": "ok",
        "redis": "not configured",
        "migrations": "ok",
    }
    assert response.headers["x-request-id"]


async def test_readiness_asks_redis_when_it_is_configured(db, settings):
    if reason := await redis_available(REDIS_URL):
        unavailable(reason)
    up = await shared_app(msgspec.structs.replace(settings, redis_url=REDIS_URL))
    down = await shared_app(msgspec.structs.replace(settings, redis_url="redis://127.0.0.1:1/0"))
    async with app_client(up) as client:
        assert (await client.get("/readyz")).json()["redis"] == "ok"
    async with app_client(down) as client:
        refused = await client.get("/readyz")

    assert refused.status_code == 503
    assert refused.json()["ready"] is False
    assert refused.json()["redis"].startswith("unavailable")


async def test_a_process_on_an_unmigrated_database_is_alive_but_not_ready(tmp_path):
    # Its own SQLite file, never migrated: the process answers, the database too.
    env = {"JUDGING_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    import httpx

    async with running_server(tmp_path, env) as server, httpx.AsyncClient() as http:
        live = await http.get(f"{server}/livez")
        ready = await http.get(f"{server}/readyz")

    assert live.status_code == 200
    assert ready.status_code == 503
    assert "not applied" in ready.json()["migrations"]


async def test_metrics_count_requests_by_route_and_the_scorecards_judges_save(app, client, demo):
    world = await build_world(demo.id)
    before = (await client.get("/metrics")).text
    await client.sign_in(demo_email("judge1"), DEMO_PASSWORD)
    saved = await client.api(
        "PUT",
        f"{api_path(world, world.projects[0])}/scorecard",
        json=card_json(scores(), action="submit"),
    )
    assert saved.status_code == 200

    after = (await client.get("/metrics")).text

    route = "/api/v1/judge/rounds/{round_id}/projects/{submission_id}/scorecard"
    saved_ok = {"method": "PUT", "path": route, "status_code": "200"}
    assert _sample(after, "judging_requests_total", **saved_ok) == 1 + _sample(
        before, "judging_requests_total", **saved_ok
    )
    assert _sample(after, "judging_scorecards_saved_total", status="submitted") == 1 + _sample(
        before, "judging_scorecards_saved_total", status="submitted"
    )
    # Route templates, not ids: a series per route, however many projects are scored.
    assert f"/projects/{world.projects[0]}/" not in after


async def test_metrics_show_the_work_waiting(client, demo):
    await queue_mail("a@example.com", "password_reset", name="A", link="http://x/1", minutes=5)
    hook = await webhooks.add_webhook(
        demo.id,
        WebhookFields(url="https://crm.example.com/hook", events=["round.published"]),
        None,
        utcnow(),
        production=False,
    )
    await webhooks.queue_event(demo.id, "round.published", {"round_id": 1}, utcnow())
    await webhooks.queue_event(demo.id, "round.published", {"round_id": 2}, utcnow())

    text = (await client.get("/metrics")).text

    assert hook.pending == 0
    assert _sample(text, "judging_jobs_waiting", kind="webhook") == 2
    assert _sample(text, "judging_jobs_waiting", kind="mail") >= 1


@pytest.mark.parametrize(
    ("token", "sent", "address", "production", "status"),
    [
        ("", "", "127.0.0.1", False, 200),
        ("", "", "203.0.113.9", False, 404),
        ("", "", "127.0.0.1", True, 404),
        ("s3cret-scrape-token", "Bearer s3cret-scrape-token", "203.0.113.9", True, 200),
        ("s3cret-scrape-token", "Bearer wrong", "127.0.0.1", True, 404),
        ("s3cret-scrape-token", "", "127.0.0.1", False, 404),
    ],
)
async def test_only_the_scraper_reads_the_metrics(
    db, settings, token, sent, address, production, status
):
    settings = msgspec.structs.replace(
        settings,
        metrics_token=token,
        env="production" if production else "test",
        secret_key="x" * 40,
    )
    app = await shared_app(settings)
    async with app_client(app, address=address) as client:
        headers = {"Authorization": sent} if sent else {}
        response = await client.get("/metrics", headers=headers)

    assert response.status_code == status


async def test_a_request_id_sent_by_the_proxy_is_kept_and_a_strange_one_replaced(client):
    kept = await client.get("/livez", headers={"X-Request-ID": "edge-7f3a_1"})
    replaced = await client.get("/livez", headers={"X-Request-ID": "bad id\r\nX-Evil: 1"})

    assert kept.headers["x-request-id"] == "edge-7f3a_1"
    assert replaced.headers["x-request-id"] != "bad id\r\nX-Evil: 1"
    assert len(replaced.headers["x-request-id"]) == 32


def test_json_log_lines_carry_the_fields_and_the_request_id(capsys):
    from judging.operations import logs

    config = logging_config(json_lines=True)
    formatter = logging.Formatter()
    record = logging.LogRecord(
        "judging", logging.WARNING, __file__, 1, "Mail %s failed", (7,), None
    )
    token = logs._REQUEST_ID.set("req-42")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs._REQUEST_ID.reset(token)
    from pythonjsonlogger.json import JsonFormatter

    spec = dict(config.formatters["standard"])
    spec.pop("()")
    formatter = JsonFormatter(**spec)
    line = json.loads(formatter.format(record))

    assert line["message"] == "Mail 7 failed"
    assert line["levelname"] == "WARNING"
    assert line["request_id"] == "req-42"
    assert "color_message" not in line


async def test_a_served_process_logs_json_lines_with_the_request_id(db, tmp_path):
    import httpx

    env = {"JUDGING_LOG_FORMAT": "json"}
    async with running_server(tmp_path, env) as server:
        async with httpx.AsyncClient() as http:
            await http.get(f"{server}/livez", headers={"X-Request-ID": "trace-me-1"})
        server.process.terminate()
        stderr = (await server.process.stderr.read()).decode()

    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert lines, stderr[-2000:]
    access = [line for line in lines if line["request_id"] == "trace-me-1"]
    assert access
    assert "GET /livez" in access[0]["message"]

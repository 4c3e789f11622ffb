"""Every route, every role: the status each one gets.

Each domain lists its routes in ``tests/<domain>/access_table*.py`` as ``ACCESS_TABLE`` rows
``(method, path, statuses)`` with statuses for ``ROLES`` in order. Paths may use
``{cid}`` (demo competition), ``{rid}`` (its preliminary round), ``{tid}`` (its AI track),
``{sid}`` (a submitted project of entrant1), ``{other_sid}`` (a project of entrant2),
``{job}`` (an import job that does not exist), ``{token}`` (an unknown token),
``{slug}`` (the demo's slug), ``{version}`` (1; the demo publishes nothing), ``{card}``
(a scorecard that does not exist), ``{inv}`` (an invitation that does not exist) and ``{qid}``
(the demo's answered "stage" question), ``{slotid}`` and ``{slotkey}`` (its business plan
slot, with a file recorded for {sid}), ``{tokenid}``, ``{hook}``, ``{delivery}`` and ``{req}`` (an API token, a webhook, a delivery
and an erasure request that do not exist). A route
missing from every table fails the first test below.
"""

from __future__ import annotations

import pytest

from tests.support import app_client
from tests.web.access_table import NOT_IN_TABLE, ROLES
from tests.web.routes import ACCESS_TABLE, sign_in_as


def _template(path: str) -> str:
    replacements = {
        "{competition_id:int}": "{cid}",
        "{round_id:int}": "{rid}",
        "{track_id:int}": "{tid}",
        "{submission_id:int}": "{sid}",
        "{job_id:int}": "{job}",
        "{token:str}": "{token}",
        "{sha256:str}": "{token}",
        "{slug:str}": "{slug}",
        "{version:int}": "{version}",
        "{scorecard_id:int}": "{card}",
        "{invitation_id:int}": "{inv}",
        "{question_id:int}": "{qid}",
        "{slot_id:int}": "{slotid}",
        "{slot:str}": "{slotkey}",
        "{message_id:int}": "{msg}",
        "{member_id:int}": "{mid}",
        "{token_id:int}": "{tokenid}",
        "{webhook_id:int}": "{hook}",
        "{delivery_id:int}": "{delivery}",
        "{request_id:int}": "{req}",
    }
    for pattern, placeholder in replacements.items():
        path = path.replace(pattern, placeholder)
    return path


def test_every_route_is_in_the_access_table(settings):
    from judging.app import create_app

    app = create_app(settings)
    routes = {
        (method, _template(route.path))
        for route in app.routes
        if route.path not in NOT_IN_TABLE
        for method in getattr(route, "methods", ())
        if method not in {"OPTIONS", "HEAD"}
    }
    assert routes == {(method, path) for method, path, _ in ACCESS_TABLE}


SESSION_ENDING = {("POST", "/logout"), ("DELETE", "/api/v1/session")}


@pytest.mark.parametrize("role", ROLES)
async def test_access_table(app, world, role):
    failures = []
    async with app_client(app) as client:
        await sign_in_as(client, role)
        for method, template, statuses in ACCESS_TABLE:
            expected = statuses[ROLES.index(role)]
            path = template.format(**world)
            if method == "GET":
                response = await client.get(path)
            elif path.startswith("/api/"):
                response = await client.api(method, path, json={})
            else:
                response = await client.post_form(path, {})
            if response.status_code != expected:
                failures.append(f"{method} {path}: {response.status_code} != {expected}")
            if (method, template) in SESSION_ENDING:
                await sign_in_as(client, role)
    assert failures == []

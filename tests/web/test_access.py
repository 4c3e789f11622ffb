"""Every route, every role: the status each one gets. A new route must be added here."""

from __future__ import annotations

import pytest

from judging.competitions.tables import Competition, Membership
from judging.demo import DEMO_PASSWORD, demo_email
from tests.support import TEST_PASSWORD, WebClient, app_client, make_account

ROLES = ("anonymous", "entrant", "judge", "organizer", "outsider", "admin")
# (method, path, statuses for the roles above, in that order). {cid} is the demo competition;
# "outsider" organizes a different competition, so the demo's organizer pages refuse them.
ANON_PAGE = 302  # pages send anonymous visitors to /login?next=...
ACCESS_TABLE: list[tuple[str, str, tuple[int, ...]]] = [
    ("GET", "/", (200, 302, 302, 302, 302, 302)),
    ("GET", "/healthz", (200, 200, 200, 200, 200, 200)),
    ("GET", "/login", (200, 303, 303, 303, 303, 303)),
    ("POST", "/login", (400, 400, 400, 400, 400, 400)),
    ("POST", "/logout", (303, 303, 303, 303, 303, 303)),
    ("GET", "/register", (200, 200, 200, 200, 200, 200)),
    ("POST", "/register", (400, 400, 400, 400, 400, 400)),
    ("GET", "/password/forgot", (200, 200, 200, 200, 200, 200)),
    ("POST", "/password/forgot", (400, 400, 400, 400, 400, 400)),
    ("GET", "/password/reset/{token}", (404, 404, 404, 404, 404, 404)),
    ("POST", "/password/reset/{token}", (400, 400, 400, 400, 400, 400)),
    ("POST", "/lang", (303, 303, 303, 303, 303, 303)),
    ("GET", "/account", (ANON_PAGE, 200, 200, 200, 200, 200)),
    ("POST", "/account", (ANON_PAGE, 400, 400, 400, 400, 400)),
    ("GET", "/account/password", (ANON_PAGE, 200, 200, 200, 200, 200)),
    ("POST", "/account/password", (ANON_PAGE, 400, 400, 400, 400, 400)),
    ("GET", "/admin", (ANON_PAGE, 403, 403, 403, 403, 200)),
    ("GET", "/admin/outbox", (ANON_PAGE, 403, 403, 403, 403, 200)),
    ("GET", "/organize", (ANON_PAGE, 403, 403, 200, 200, 200)),
    ("GET", "/organize/{cid}", (ANON_PAGE, 403, 403, 200, 403, 200)),
    ("GET", "/organize/{cid}/people", (ANON_PAGE, 403, 403, 200, 403, 200)),
    ("POST", "/organize/{cid}/people/invitations", (ANON_PAGE, 403, 403, 400, 403, 400)),
    ("GET", "/invitations/{token}", (404, 404, 404, 404, 404, 404)),
    ("POST", "/invitations/{token}", (404, 404, 404, 404, 404, 404)),
    ("GET", "/competitions/{slug}", (200, 200, 200, 200, 200, 200)),
    ("GET", "/projects", (ANON_PAGE, 200, 200, 200, 200, 200)),
    ("GET", "/judge", (ANON_PAGE, 403, 200, 403, 403, 403)),
    ("GET", "/api/v1/me", (401, 200, 200, 200, 200, 200)),
    ("POST", "/api/v1/session", (400, 400, 400, 400, 400, 400)),
    ("DELETE", "/api/v1/session", (401, 204, 204, 204, 204, 204)),
    ("POST", "/api/v1/account/password", (401, 400, 400, 400, 400, 400)),
    ("GET", "/api/v1/competitions", (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/v1/competitions/{cid}/invitations", (401, 403, 403, 200, 403, 200)),
    ("POST", "/api/v1/competitions/{cid}/invitations", (401, 403, 403, 400, 403, 400)),
    ("GET", "/schema", (200, 200, 200, 200, 200, 200)),
    ("GET", "/schema/openapi.json", (200, 200, 200, 200, 200, 200)),
]
# Framework routes whose access is not ours to decide (static files, schema sub-pages).
NOT_IN_TABLE = {"/static/{file_path:path}", "/schema/{path:str}"}


def _template(path: str) -> str:
    return (
        path.replace("{competition_id:int}", "{cid}")
        .replace("{token:str}", "{token}")
        .replace("{slug:str}", "{slug}")
    )


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


async def _sign_in_as(client: WebClient, role: str) -> None:
    emails = {
        "entrant": demo_email("entrant1"),
        "judge": demo_email("judge1"),
        "organizer": demo_email("organizer"),
        "admin": demo_email("admin"),
    }
    if role in emails:
        await client.sign_in(emails[role], DEMO_PASSWORD)
    elif role == "outsider":
        await client.sign_in("outsider@example.com", TEST_PASSWORD)


@pytest.fixture
async def world(demo):
    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    outsider = await make_account("outsider@example.com")
    await Membership(competition=other.id, account=outsider.id, role="organizer").save()
    return demo


SESSION_ENDING = {("POST", "/logout"), ("DELETE", "/api/v1/session")}


@pytest.mark.parametrize("role", ROLES)
async def test_access_table(app, world, role):
    failures = []
    async with app_client(app) as client:
        await _sign_in_as(client, role)
        for method, template, statuses in ACCESS_TABLE:
            expected = statuses[ROLES.index(role)]
            path = template.format(cid=world.id, token="no-such-token", slug=world.slug)
            if method == "GET":
                response = await client.get(path)
            elif path.startswith("/api/"):
                response = await client.api(method, path, json={})
            else:
                response = await client.post_form(path, {})
            if response.status_code != expected:
                failures.append(f"{method} {path}: {response.status_code} != {expected}")
            if (method, template) in SESSION_ENDING:
                await _sign_in_as(client, role)
    assert failures == []

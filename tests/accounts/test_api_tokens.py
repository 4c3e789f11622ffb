"""API tokens: made once and shown once, scoped, bound to a competition, revoked at once,
limited per token, and never a way around CSRF for the browser session."""

from __future__ import annotations

import re
from datetime import timedelta

import msgspec
import pytest

from judging.accounts.tables import ApiToken
from judging.competitions.tables import Membership, Track
from judging.demo import DEMO_PASSWORD, demo_email
from tests.accounts.conftest import emptied_redis
from tests.reviews.judging_world import World, api_path, build_world, card_json, scores
from tests.support import WebClient, app_client, shared_app

TOKEN = re.compile(r'value="(cgm_[A-Za-z0-9_-]{43})"')


@pytest.fixture
async def world(demo) -> World:
    return await build_world(demo.id)


async def _signed_in(client: WebClient, handle: str) -> WebClient:
    await client.sign_in(demo_email(handle), DEMO_PASSWORD)
    return client


async def _make_on_page(client: WebClient, path: str, name: str, *scopes: str) -> str:
    page = await client.post_form(
        path, {"name": name, "scopes": list(scopes), "expires_in_days": "30"}
    )
    assert page.status_code == 200, page.text
    assert page.headers["cache-control"] == "no-store"
    found = TOKEN.search(page.text)
    assert found, page.text
    return found.group(1)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _as_token(app, method: str, path: str, token: str, json=None):
    # A client with no cookies at all: what a script sends.
    async with app_client(app) as script:
        return await script.http.request(method, path, json=json, headers=_bearer(token))


async def test_a_token_is_shown_once_and_only_its_digest_is_stored(app, client, world):
    await _signed_in(client, "judge1")
    token = await _make_on_page(client, "/account/tokens/", "Score sheet sync", "read", "score")

    again = await client.get("/account/tokens/")
    assert token not in again.text
    assert token[:10] in again.text
    assert "Score sheet sync" in again.text
    row = await ApiToken.objects().first()
    assert token not in str(row.to_dict().values())
    assert row.scopes == "read score"
    assert row.expires_at - row.created_at == timedelta(days=30)


async def test_a_score_token_saves_a_scorecard_without_a_csrf_header(app, client, world):
    await _signed_in(client, "judge1")
    token = await _make_on_page(client, "/account/tokens/", "Phone app", "score")
    path = f"{api_path(world, world.projects[0])}/scorecard"

    saved = await _as_token(app, "PUT", path, token, json=card_json(scores(), action="submit"))

    assert saved.status_code == 200, saved.text
    assert saved.json()["status"] == "submitted"
    assert (await _as_token(app, "GET", "/api/v1/judge/queue", token)).status_code == 200


async def test_a_read_token_reads_but_may_not_score(app, client, world):
    await _signed_in(client, "judge1")
    token = await _make_on_page(client, "/account/tokens/", "Dashboard", "read")
    path = f"{api_path(world, world.projects[0])}/scorecard"

    assert (
        await _as_token(app, "GET", api_path(world, world.projects[0]), token)
    ).status_code == 200
    refused = await _as_token(app, "PUT", path, token, json=card_json(scores()))

    assert refused.status_code == 403
    assert "score" in refused.json()["detail"]


async def test_a_token_never_does_more_than_its_account(app, client, world):
    await _signed_in(client, "judge1")
    token = await _make_on_page(client, "/account/tokens/", "Curious", "read", "score")

    ranking = f"/api/v1/competitions/{world.competition_id}/rounds/{world.round_id}/ranking"
    assert (await _as_token(app, "GET", ranking, token)).status_code == 403
    other = f"{api_path(world, world.unassigned)}/scorecard"
    assert (await _as_token(app, "PUT", other, token, json=card_json(scores()))).status_code in (
        403,
        404,
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/account/tokens"),
        ("DELETE", "/api/v1/session"),
        ("POST", "/api/v1/account/password"),
        ("POST", "/api/v1/competitions"),
    ],
)
async def test_a_token_cannot_make_tokens_sign_out_or_change_the_password(
    app, client, world, method, path
):
    await _signed_in(client, "judge1")
    token = await _make_on_page(client, "/account/tokens/", "Everything", "read", "score")

    refused = await _as_token(app, method, path, token, json={})

    assert refused.status_code == 403
    assert "session" in refused.json()["detail"]


@pytest.mark.parametrize(
    "authorization",
    ["Bearer cgm_" + "x" * 43, "Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer"],
)
async def test_a_wrong_token_is_refused_even_beside_a_valid_session(client, world, authorization):
    await _signed_in(client, "judge1")

    response = await client.http.get("/api/v1/me", headers={"Authorization": authorization})

    assert response.status_code == 401
    assert "token" in response.json()["detail"]
    assert (await client.get("/api/v1/me")).status_code == 200


async def test_a_revoked_token_is_refused_from_the_next_request(app, client, world):
    await _signed_in(client, "judge1")
    token = await _make_on_page(client, "/account/tokens/", "Old laptop", "read")
    assert (await _as_token(app, "GET", "/api/v1/me", token)).status_code == 200
    row = await ApiToken.objects().first()

    revoked = await client.post_form(f"/account/tokens/{row.id}/revoke")

    assert revoked.status_code == 303
    assert (await _as_token(app, "GET", "/api/v1/me", token)).status_code == 401
    listed = await client.get("/account/tokens/")
    assert "Old laptop" in listed.text  # the notice names it
    assert "No tokens yet." in listed.text


async def test_an_expired_token_is_refused(app, client, world):
    await _signed_in(client, "judge1")
    token = await _make_on_page(client, "/account/tokens/", "Short", "read")
    await ApiToken.update({ApiToken.expires_at: ApiToken.created_at - timedelta(seconds=1)}).where(
        ApiToken.id > 0
    )

    assert (await _as_token(app, "GET", "/api/v1/me", token)).status_code == 401


async def test_nobody_revokes_another_persons_token(app, client, world):
    await _signed_in(client, "judge1")
    await _make_on_page(client, "/account/tokens/", "Mine", "read")
    row = await ApiToken.objects().first()
    async with app_client(app) as other:
        await _signed_in(other, "judge2")
        assert (await other.post_form(f"/account/tokens/{row.id}/revoke")).status_code == 404
        assert (await other.api("DELETE", f"/api/v1/account/tokens/{row.id}")).status_code == 404
    assert (await ApiToken.objects().first()).revoked_at is None


async def test_a_token_without_a_scope_is_not_made_and_the_form_says_why(client, world):
    await _signed_in(client, "judge1")

    page = await client.post_form("/account/tokens/", {"name": "Nothing", "expires_in_days": "30"})

    assert page.status_code == 400
    assert 'id="scopes-error"' in page.text
    assert await ApiToken.count() == 0


async def test_a_personal_token_cannot_organize(client, world):
    await _signed_in(client, "organizer")

    refused = await client.api(
        "POST", "/api/v1/account/tokens", json={"name": "x", "scopes": ["organize"]}
    )

    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "scopes"


async def test_a_competition_token_organizes_that_competition_only(app, client, world):
    await _signed_in(client, "organizer")
    cid = world.competition_id
    token = await _make_on_page(client, f"/organize/{cid}/api-tokens/", "CRM", "read", "organize")
    track = await Track.objects().where(Track.competition == cid).first()

    listed = await _as_token(app, "GET", f"/api/v1/competitions/{cid}/submissions", token)
    changed = await _as_token(
        app,
        "PATCH",
        f"/api/v1/competitions/{cid}/tracks/{track.id}",
        token,
        json={"name_en": "AI and data"},
    )
    elsewhere = await _as_token(app, "GET", f"/api/v1/competitions/{cid + 1}/submissions", token)
    judging = await _as_token(app, "GET", "/api/v1/judge/queue", token)

    assert listed.status_code == 200
    assert changed.status_code == 200, changed.text
    assert (await Track.objects().get(Track.id == track.id)).name_en == "AI and data"
    assert elsewhere.status_code == 403
    assert "another competition" in elsewhere.json()["detail"]
    assert judging.status_code == 403
    assert (await _as_token(app, "GET", "/api/v1/me", token)).status_code == 200


async def test_a_read_only_competition_token_changes_nothing(app, client, world):
    await _signed_in(client, "organizer")
    cid = world.competition_id
    token = await _make_on_page(client, f"/organize/{cid}/api-tokens/", "Reporting", "read")
    track = await Track.objects().where(Track.competition == cid).first()

    refused = await _as_token(
        app,
        "PATCH",
        f"/api/v1/competitions/{cid}/tracks/{track.id}",
        token,
        json={"name_en": "Changed"},
    )

    assert refused.status_code == 403
    assert "organize" in refused.json()["detail"]


async def test_the_competitions_organizers_share_its_tokens_and_any_may_revoke(app, client, world):
    await _signed_in(client, "organizer")
    cid = world.competition_id
    token = await _make_on_page(client, f"/organize/{cid}/api-tokens/", "Registration", "read")
    row = await ApiToken.objects().first()
    await Membership(competition=cid, account=world.judge2.id, role="organizer").save()

    async with app_client(app) as colleague:
        await _signed_in(colleague, "judge2")
        page = await colleague.get(f"/organize/{cid}/api-tokens/")
        assert "Registration" in page.text
        assert "Li Wei" in page.text
        revoked = await colleague.api("DELETE", f"/api/v1/competitions/{cid}/api-tokens/{row.id}")
        assert revoked.status_code == 204
    assert (await _as_token(app, "GET", "/api/v1/me", token)).status_code == 401


async def test_a_competition_token_stops_when_its_maker_stops_organizing(app, client, world):
    await _signed_in(client, "organizer")
    cid = world.competition_id
    token = await _make_on_page(client, f"/organize/{cid}/api-tokens/", "CRM", "read")
    organizer = (await ApiToken.objects().first()).account
    await Membership.delete().where(
        (Membership.competition == cid) & (Membership.account == organizer)
    )

    refused = await _as_token(app, "GET", f"/api/v1/competitions/{cid}/submissions", token)

    assert refused.status_code == 403


async def test_a_token_cannot_make_or_revoke_competition_tokens(app, client, world):
    await _signed_in(client, "organizer")
    cid = world.competition_id
    token = await _make_on_page(client, f"/organize/{cid}/api-tokens/", "CRM", "organize")

    made = await _as_token(
        app, "POST", f"/api/v1/competitions/{cid}/api-tokens", token, json={"name": "more"}
    )

    assert made.status_code == 403
    assert await ApiToken.count() == 1


@pytest.mark.parametrize("counting", ["database", "redis"])
async def test_each_token_has_its_own_allowance_per_minute(db, demo, settings, counting):
    settings = msgspec.structs.replace(settings, api_token_requests_per_minute=3)
    if counting == "redis":
        settings = msgspec.structs.replace(settings, redis_url=await emptied_redis())
    app = await shared_app(settings)
    await build_world(demo.id)
    async with app_client(app) as client:
        await _signed_in(client, "judge1")
        first = await _make_on_page(client, "/account/tokens/", "Busy", "read")
        second = await _make_on_page(client, "/account/tokens/", "Quiet", "read")

        answers = [(await _as_token(app, "GET", "/api/v1/me", first)).status_code for _ in range(4)]
        quiet = await _as_token(app, "GET", "/api/v1/me", second)
        session = await client.get("/api/v1/me")

    assert answers == [200, 200, 200, 429]
    assert quiet.status_code == 200
    assert session.status_code == 200


async def test_the_api_documentation_names_the_bearer_scheme(client):
    spec = (await client.get("/schema/openapi.json")).json()

    schemes = spec["components"]["securitySchemes"]
    assert schemes["apiToken"] == {**schemes["apiToken"], "type": "http", "scheme": "bearer"}
    assert {"apiToken": []} in spec["security"]

"""Two app processes behind one PostgreSQL and Redis honour a token, its revocation and its
allowance per minute alike."""

import httpx
import pytest

from tests.support import TEST_PASSWORD, make_account, running_server

pytestmark = pytest.mark.postgres


async def _made_token(http: httpx.AsyncClient, base: str) -> tuple[int, str]:
    await http.get(f"{base}/login")
    csrf = {"x-csrftoken": http.cookies["csrftoken"]}
    signed_in = await http.post(
        f"{base}/api/v1/session",
        json={"email": "judge@example.com", "password": TEST_PASSWORD},
        headers=csrf,
    )
    assert signed_in.status_code == 201
    made = await http.post(
        f"{base}/api/v1/account/tokens",
        json={"name": "Sync", "scopes": ["read"]},
        headers={"x-csrftoken": http.cookies["csrftoken"]},
    )
    assert made.status_code == 201, made.text
    return made.json()["details"]["id"], made.json()["token"]


async def test_a_token_revoked_on_one_process_is_refused_by_the_other_at_once(
    db, redis_url, tmp_path
):
    await make_account("judge@example.com", name="Judge Dee")
    env = {"JUDGING_REDIS_URL": redis_url}
    async with (
        running_server(tmp_path / "a", env) as server_a,
        running_server(tmp_path / "b", env) as server_b,
        httpx.AsyncClient() as browser,
        httpx.AsyncClient() as script,
    ):
        token_id, token = await _made_token(browser, server_a)
        bearer = {"Authorization": f"Bearer {token}"}
        before = await script.get(f"{server_b}/api/v1/me", headers=bearer)

        revoked = await browser.delete(
            f"{server_a}/api/v1/account/tokens/{token_id}",
            headers={"x-csrftoken": browser.cookies["csrftoken"]},
        )
        after = await script.get(f"{server_b}/api/v1/me", headers=bearer)

    assert before.status_code == 200
    assert before.json()["display_name"] == "Judge Dee"
    assert revoked.status_code == 204
    assert after.status_code == 401


async def test_a_tokens_allowance_is_counted_across_processes(db, redis_url, tmp_path):
    await make_account("judge@example.com")
    env = {"JUDGING_REDIS_URL": redis_url, "JUDGING_API_TOKEN_REQUESTS_PER_MINUTE": "4"}
    async with (
        running_server(tmp_path / "a", env) as server_a,
        running_server(tmp_path / "b", env) as server_b,
        httpx.AsyncClient() as browser,
        httpx.AsyncClient() as script,
    ):
        _, token = await _made_token(browser, server_a)
        bearer = {"Authorization": f"Bearer {token}"}
        answers = [
            (await script.get(f"{server}/api/v1/me", headers=bearer)).status_code
            for server in (server_a, server_b, server_a, server_b, server_a)
        ]

    assert answers == [200, 200, 200, 200, 429]

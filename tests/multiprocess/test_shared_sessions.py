"""Two app processes behind one PostgreSQL and Redis share sessions and sign-in limits."""

import httpx
import pytest

from tests.support import TEST_PASSWORD, make_account, running_server

pytestmark = pytest.mark.postgres


async def _sign_in(http: httpx.AsyncClient, base: str, password: str) -> httpx.Response:
    await http.get(f"{base}/login")
    return await http.post(
        f"{base}/api/v1/session",
        json={"email": "judge@example.com", "password": password},
        headers={"x-csrftoken": http.cookies["csrftoken"]},
    )


async def test_session_made_on_one_process_is_honored_by_the_other(db, redis_url, tmp_path):
    await make_account("judge@example.com", name="Judge Dee")
    env = {"JUDGING_REDIS_URL": redis_url}
    async with (
        running_server(tmp_path / "a", env) as server_a,
        running_server(tmp_path / "b", env) as server_b,
        httpx.AsyncClient() as http,
    ):
        signed_in = await _sign_in(http, server_a, TEST_PASSWORD)
        assert signed_in.status_code == 201
        me = await http.get(f"{server_b}/api/v1/me")
        assert me.status_code == 200
        assert me.json()["display_name"] == "Judge Dee"


async def test_sign_in_failures_count_across_processes(db, redis_url, tmp_path):
    await make_account("judge@example.com")
    env = {"JUDGING_REDIS_URL": redis_url, "JUDGING_SIGNIN_MAX_FAILURES": "2"}
    async with (
        running_server(tmp_path / "a", env) as server_a,
        running_server(tmp_path / "b", env) as server_b,
        httpx.AsyncClient() as http,
    ):
        assert (await _sign_in(http, server_a, "wrong-1")).status_code == 400
        assert (await _sign_in(http, server_b, "wrong-2")).status_code == 400
        assert (await _sign_in(http, server_a, TEST_PASSWORD)).status_code == 429

"""Nothing a user can type gets a 500: every route, with hostile ids, queries, forms and bodies.

The routes come from the access tables (tests/*/access_table*.py), so a new route is probed
as soon as it is listed there. Each role that reaches some routes sends, to every route:
ids out of every integer range, a query string of wrong types, and a form or JSON body of
wrong types, not an object at all, or not JSON. Any status is fine but a 5xx.
"""

from __future__ import annotations

import pytest

from tests.support import app_client
from tests.web.routes import ACCESS_TABLE, sign_in_as

# Beyond a 64-bit integer: no database column can hold it.
HUGE = str(2**63)
HOSTILE_IDS = {
    "cid": HUGE,
    "rid": HUGE,
    "tid": HUGE,
    "sid": HUGE,
    "other_sid": "-1",
    "job": HUGE,
    "token": "%00%27%22<x>",
    "slug": "%E2%80%AE' OR 1=1 --",
    "version": HUGE,
    "card": "-9223372036854775809",
}
# Names the forms and queries of the platform use, each with a value of the wrong kind.
HOSTILE_FIELDS = {
    "page": "-3",
    "per_page": "1e309",
    "track": "<script>",
    "status": "\x00",
    "country": "ZZZ",
    "q": "%" * 300,
    "sort": "title; DROP TABLE submission",
    "top_n": "-1",
    "top_percent": "nan",
    "target_round_id": HUGE,
    "submission_id": "abc",
    "judge_id": HUGE,
    "tied": "1,2",
    "normalize": "sometimes",
    "aggregate": "max",
    "trim": "-2",
    "min_judges": "99999999999999999999",
    "disagreement": "inf",
    "version": "v2",
    "reason": "x" * 20_000,
    "scores": "{not json",
    "weight": "101%",
    "deadline": "2026-02-30T25:61",
    "time_zone": "Mars/Olympus",
    "email": "a@" + "b" * 300,
    "locale": "xx",
    "next": "//evil.example",
}
HOSTILE_JSON_BODIES = [
    {key: [value] for key, value in HOSTILE_FIELDS.items()},
    {"target_round_id": 2**70, "top_n": 2**70, "version": 2**70, "submission_id": 2**70},
    [],
    "text",
]

ROLES_TO_PROBE = ("anonymous", "entrant", "judge", "organizer", "admin")


def _paths(world_ids: dict[str, object]) -> list[tuple[str, str]]:
    known = {key: str(value) for key, value in world_ids.items()}
    paths = []
    for method, template, _ in ACCESS_TABLE:
        paths.append((method, template.format(**HOSTILE_IDS)))
        paths.append((method, template.format(**known)))
    return sorted(set(paths))


@pytest.mark.parametrize("role", ROLES_TO_PROBE)
async def test_no_route_answers_5xx_to_hostile_input(app, world, role):
    failures = []
    async with app_client(app) as client:
        await sign_in_as(client, role)
        for method, path in _paths(world):
            if path in {"/logout", "/api/v1/session"} and method in {"POST", "DELETE"}:
                continue  # would end the session the probe runs in
            if method == "GET":
                responses = [await client.get(path, params=HOSTILE_FIELDS)]
            elif path.startswith("/api/"):
                responses = [
                    await client.api(method, path, json=body) for body in HOSTILE_JSON_BODIES
                ]
                responses.append(
                    await client.api(
                        method,
                        path,
                        content=b"{\xff not json",
                        headers={"content-type": "application/json"},
                    )
                )
            else:
                responses = [await client.post_form(path, dict(HOSTILE_FIELDS))]
            for response in responses:
                if response.status_code >= 500:
                    failures.append(f"{method} {path}: {response.status_code}")
    assert failures == []


async def test_an_id_beyond_64_bits_is_a_localized_404_page_or_json(app, world):
    async with app_client(app) as client:
        await sign_in_as(client, "organizer")
        page = await client.get(f"/organize/{HUGE}", headers={"accept-language": "zh-CN"})
        api = await client.get(f"/api/v1/projects/{HUGE}")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN"' in page.text
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/json")

"""Nothing a user can type gets a 500: every route, with hostile ids, queries, forms and bodies.

The routes come from the access tables (tests/*/access_table*.py), so a new route is probed
as soon as it is listed there. Each role that reaches some routes sends, to every route:
ids out of every integer range (beyond 32 bits, PostgreSQL's serial and integer columns, and
beyond 64 bits, SQLite's), a query string of wrong types, and a form or JSON body of wrong
types, not an object at all, or not JSON. Then, with real ids, every field name any Struct or
handler of the app reads gets an integer beyond 32 and 64 bits, or a text with a NUL, and
every JSON route a body nested 1,000 levels deep. Any status is fine but a 5xx; a NUL and a
deep body are refused (400) by every route.
"""

from __future__ import annotations

from functools import cache

import msgspec
import pytest

from tests.support import app_client
from tests.web.routes import ACCESS_TABLE, sign_in_as

INT32_OVER = 2**31  # the first id a PostgreSQL serial/integer column cannot hold
INT64_OVER = 2**63  # the first id SQLite cannot hold
# Beyond a 64-bit integer: no database column can hold it.
HUGE = str(INT64_OVER)
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
    "inv": HUGE,
    "qid": HUGE,
    "slotid": HUGE,
    "msg": HUGE,
    "mid": HUGE,
    "tokenid": HUGE,
    "hook": HUGE,
    "delivery": HUGE,
    "req": HUGE,
    "slotkey": '%00%27"<x>',
}
# Every id beyond 32 bits: what PostgreSQL cannot hold but SQLite can.
HOSTILE_IDS_32 = {
    key: str(INT32_OVER) if value == HUGE else value for key, value in HOSTILE_IDS.items()
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
DEEP_JSON = b"[" * 1000 + b"]" * 1000
SESSION_ENDING = {("POST", "/logout"), ("POST", "/api/v1/session"), ("DELETE", "/api/v1/session")}


def _kinds(info: msgspec.inspect.Type) -> set[type]:
    """The msgspec type kinds a field accepts (through optional, union and list types)."""
    if isinstance(info, msgspec.inspect.UnionType):
        return set().union(*(_kinds(member) for member in info.types))
    if isinstance(info, msgspec.inspect.ListType | msgspec.inspect.SetType):
        return _kinds(info.item_type)
    if isinstance(info, msgspec.inspect.Metadata):
        return _kinds(info.type)
    return {type(info)}


@cache
def _field_names() -> tuple[frozenset[str], frozenset[str]]:
    """(integer fields, text fields) of every Struct in the app and every handler parameter."""
    from judging.app import create_app
    from judging.settings import Settings

    app = create_app(Settings())
    structs, pending = [], list(msgspec.Struct.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("judging."):
            structs.append(cls)
    fields = [
        (field.name, field.type)
        for struct in structs
        for field in msgspec.inspect.type_info(struct).fields
    ]
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            for name, parameter in handler.parsed_fn_signature.parameters.items():
                try:
                    fields.append((name, msgspec.inspect.type_info(parameter.annotation)))
                except (TypeError, ValueError):
                    continue  # the request, settings and other injected objects
    numbers = {name for name, info in fields if msgspec.inspect.IntType in _kinds(info)}
    texts = {name for name, info in fields if msgspec.inspect.StrType in _kinds(info)}
    return frozenset(numbers), frozenset(texts)


def _paths(world_ids: dict[str, object]) -> list[tuple[str, str]]:
    known = {key: str(value) for key, value in world_ids.items()}
    paths = []
    for method, template, _ in ACCESS_TABLE:
        paths.append((method, template.format(**HOSTILE_IDS)))
        paths.append((method, template.format(**HOSTILE_IDS_32)))
        paths.append((method, template.format(**known)))
    return sorted(set(paths))


async def _send(client, method: str, path: str, fields: dict[str, object]):
    """``fields`` the way the route reads input: query string, JSON body or form."""
    if method == "GET":
        return await client.get(path, params={key: str(value) for key, value in fields.items()})
    if path.startswith("/api/"):
        return await client.api(method, path, json=fields)
    return await client.post_form(path, {key: str(value) for key, value in fields.items()})


@pytest.mark.parametrize("role", ROLES_TO_PROBE)
async def test_no_route_answers_5xx_to_hostile_input(app, world, role):
    failures = []
    async with app_client(app) as client:
        await sign_in_as(client, role)
        for method, path in _paths(world):
            if (method, path) in SESSION_ENDING:
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


@pytest.mark.parametrize("role", ROLES_TO_PROBE)
async def test_every_field_with_an_integer_beyond_the_columns_is_never_a_5xx(app, world, role):
    numbers, _ = _field_names()
    known = {key: str(value) for key, value in world.items()}
    failures = []
    async with app_client(app) as client:
        await sign_in_as(client, role)
        for method, template, _ in ACCESS_TABLE:
            path = template.format(**known)
            if (method, path) in SESSION_ENDING:
                continue
            for huge in (INT32_OVER, INT64_OVER, -INT32_OVER - 1):
                response = await _send(client, method, path, dict.fromkeys(numbers, huge))
                if response.status_code >= 500:
                    failures.append(f"{method} {path} ({huge}): {response.status_code}")
                elif method != "GET" and path.startswith("/api/") and response.status_code != 400:
                    # Every JSON body with such a number is refused, whatever the route.
                    failures.append(f"{method} {path} ({huge}): {response.status_code} != 400")
    assert failures == []


@pytest.mark.parametrize("role", ROLES_TO_PROBE)
async def test_every_text_field_with_a_nul_is_refused_with_400(app, world, role):
    _, texts = _field_names()
    known = {key: str(value) for key, value in world.items()}
    failures = []
    async with app_client(app) as client:
        await sign_in_as(client, role)
        for method, template, _ in ACCESS_TABLE:
            path = template.format(**known)
            if (method, path) in SESSION_ENDING:
                continue
            response = await _send(client, method, path, dict.fromkeys(texts, "a\x00b"))
            if response.status_code != 400:
                failures.append(f"{method} {path}: {response.status_code}")
    assert failures == []


async def test_every_json_route_refuses_a_body_nested_1000_levels_deep(app, world):
    known = {key: str(value) for key, value in world.items()}
    failures = []
    async with app_client(app) as client:
        await sign_in_as(client, "organizer")
        for method, template, _ in ACCESS_TABLE:
            path = template.format(**known)
            if method == "GET" or not path.startswith("/api/") or (method, path) in SESSION_ENDING:
                continue
            response = await client.api(
                method, path, content=DEEP_JSON, headers={"content-type": "application/json"}
            )
            if response.status_code != 400:
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


# ---------------------------------------------------------------- the reproductions


@pytest.mark.parametrize("huge", [INT32_OVER, INT64_OVER])
async def test_a_round_id_beyond_the_column_is_a_404_on_anonymous_pages(app, world, huge):
    async with app_client(app) as client:
        board = await client.get(f"/live/rounds/{huge}")
        results = await client.get(f"/api/v1/public/competitions/{world['slug']}/results/{huge}")
    assert (board.status_code, results.status_code) == (404, 404)
    assert results.json()["status_code"] == 404


@pytest.mark.parametrize("huge", [INT32_OVER, INT64_OVER])
async def test_a_track_id_beyond_the_column_in_a_json_body_is_a_400_naming_it(app, world, huge):
    async with app_client(app) as client:
        await sign_in_as(client, "entrant")
        response = await client.api(
            "POST", "/api/v1/projects", json={"track_id": huge, "title": "Cold chain"}
        )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "track_id", "message": "Enter a number of at most 2147483647."}
    ]


@pytest.mark.parametrize("huge", [INT32_OVER, INT64_OVER])
async def test_a_track_filter_beyond_the_column_is_a_400_on_the_page_and_the_api(app, world, huge):
    async with app_client(app) as client:
        await sign_in_as(client, "organizer")
        page = await client.get(f"/organize/{world['cid']}/submissions", params={"track": huge})
        api = await client.get(
            f"/api/v1/competitions/{world['cid']}/submissions", params={"track": huge}
        )
    assert page.status_code == 400
    assert api.status_code == 400
    assert api.json()["errors"][0]["field"] == "track"


async def test_a_nul_in_the_sign_in_email_is_a_400_saying_so(app, world):
    async with app_client(app) as client:
        page = await client.post_form(
            "/login", {"email": "judge1@demo.example\x00", "password": "x"}
        )
        api = await client.api(
            "POST", "/api/v1/session", json={"email": "a\x00@b.example", "password": "x"}
        )
    assert page.status_code == 400
    assert "cannot contain the NUL character" in page.text
    assert api.status_code == 400
    assert api.json()["errors"] == [
        {"field": "email", "message": "This text cannot contain the NUL character."}
    ]


async def test_a_nul_in_the_registration_form_is_a_400(app, world):
    async with app_client(app) as client:
        response = await client.post_form(
            "/register",
            {
                "email": "new@example.com",
                "display_name": "New\x00Person",
                "password": "correct-horse-battery",
                "password_confirm": "correct-horse-battery",
            },
        )
    assert response.status_code == 400
    assert "cannot contain the NUL character" in response.text


async def test_a_nul_in_a_search_or_a_path_is_a_400(app, world):
    async with app_client(app) as client:
        await sign_in_as(client, "organizer")
        search = await client.get(f"/organize/{world['cid']}/submissions", params={"q": "a\x00"})
        slug = await client.get("/competitions/a%00b")
    assert (search.status_code, slug.status_code) == (400, 400)


async def test_a_nul_in_a_scorecard_comment_is_a_400_and_nothing_is_saved(app, demo):
    from judging.reviews.tables import Scorecard
    from tests.reviews.judging_world import build_world, scores

    judged = await build_world(demo.id)
    project = judged.projects[0]
    async with app_client(app) as client:
        await sign_in_as(client, "judge")
        response = await client.api(
            "PUT",
            f"/api/v1/judge/rounds/{judged.round_id}/projects/{project}/scorecard",
            json={"scores": scores(), "comment_to_entrant": "Good\x00", "version": 0},
        )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "comment_to_entrant"
    assert not await Scorecard.exists().where(
        (Scorecard.submission == project) & (Scorecard.judge == judged.judge1.id)
    )


async def test_json_nested_a_thousand_levels_deep_is_a_400(app, world):
    deep = b"[" * 1000 + b"]" * 1000
    nested_object = b'{"a":' * 1000 + b"1" + b"}" * 1000
    async with app_client(app) as client:
        responses = [
            await client.api(
                "POST",
                "/api/v1/session",
                content=body,
                headers={"content-type": "application/json"},
            )
            for body in (deep, nested_object)
        ]
    assert [response.status_code for response in responses] == [400, 400]
    assert "nested too deeply" in responses[0].json()["detail"]

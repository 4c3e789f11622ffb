"""The OpenAPI document names every status an API operation answers, with the body it sends.

The error responses are derived from each handler (judging/web/api_docs.py): these tests read
/schema/openapi.json and check the derivation per kind (guards, path ids, bodies, CSRF), then
hold it against reality: every status of every role in the access tables, and a walk that
sends every operation anonymous, missing-id, beyond-32-bit-id and NUL requests, must get a
documented status, with an error body of the documented shape.
"""

from __future__ import annotations

import re

import msgspec
import pytest
from litestar import Controller, Litestar, get
from litestar.exceptions import ImproperlyConfiguredException
from litestar.routes import HTTPRoute

from judging.web.api_docs import ApiError, ErrorResponsesPlugin
from tests.support import app_client
from tests.web.access_table import ROLES
from tests.web.routes import ACCESS_TABLE, sign_in_as

METHODS = ("get", "post", "put", "patch", "delete")
# Guards by what they refuse with beyond 401: a role (403) or an item (404, ids reveal nothing).
ROLE_GUARDS = {"is_organizer", "is_judge", "is_platform_admin"}
OWNER_GUARDS = {"is_on_project_team", "is_assigned_judge"}
SIGNED_IN_GUARDS = {"is_signed_in"}
# On every route: a request made with an API token beyond the token's scopes is refused (403).
TOKEN_GUARD = "token_allows"
ERROR_REF = "#/components/schemas/ApiError"
NO_SUCH_ID = 987654
INT32_OVER = 2**31
# The world's ids by path parameter (see tests/web/conftest.py); others get NO_SUCH_ID.
WORLD_PARAMS = {
    "competition_id": "cid",
    "round_id": "rid",
    "track_id": "tid",
    "submission_id": "sid",
    "job_id": "job",
    "slug": "slug",
    "version": "version",
    "scorecard_id": "card",
    "invitation_id": "inv",
    "question_id": "qid",
    "slot_id": "slotid",
    "slot": "slotkey",
    "message_id": "msg",
    "member_id": "mid",
    "token_id": "tokenid",
    "webhook_id": "hook",
    "delivery_id": "delivery",
    "request_id": "req",
}
SESSION_ENDING = ("delete", "/api/v1/session")


def _shape(path: str) -> str:
    """A path with its parameters blanked, to match spec paths, routes and access rows."""
    return re.sub(r"\{[^}]*\}", "{}", path)


@pytest.fixture
async def spec(client) -> dict:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, item in sorted(spec["paths"].items())
        if path.startswith("/api/")
        for method, operation in item.items()
        if method in METHODS
    ]


def _api_handlers(app: Litestar) -> list[tuple[str, str, object]]:
    """(method, spec path, handler) of every documented API handler of ``app``."""
    return [
        (method.lower(), re.sub(r":\w+\}", "}", route.path), handler)
        for route in app.routes
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/")
        for handler in route.route_handlers
        if handler.resolve_include_in_schema()
        for method in handler.http_methods
    ]


def _guard_names(handler) -> set[str]:
    return {getattr(guard, "func", guard).__name__ for guard in handler.resolve_guards()}


async def test_every_api_operation_documents_errors(spec):
    operations = _operations(spec)
    assert len(operations) >= 70
    bare = [
        f"{method} {path}"
        for method, path, operation in operations
        if not any(code.startswith("4") for code in operation["responses"])
    ]
    assert bare == []


async def test_every_error_response_is_the_api_error_body(spec):
    wrong = [
        f"{method} {path} {code}"
        for method, path, operation in _operations(spec)
        for code, response in operation["responses"].items()
        if code.startswith("4")
        and response["content"]["application/json"]["schema"] != {"$ref": ERROR_REF}
    ]
    assert wrong == []
    schemas = spec["components"]["schemas"]
    error = schemas["ApiError"]
    assert error["required"] == ["detail", "status_code"]
    assert error["properties"]["status_code"] == {"type": "integer"}
    assert error["properties"]["detail"] == {"type": "string"}
    assert error["properties"]["errors"]["items"] == {"$ref": "#/components/schemas/ApiFieldError"}
    assert schemas["ApiFieldError"]["required"] == ["field", "message"]


async def test_guarded_operations_document_401_and_the_guards_refusal(app, spec):
    responses = {(method, path): op["responses"] for method, path, op in _operations(spec)}
    missing = []
    for method, path, handler in _api_handlers(app):
        guards = _guard_names(handler)
        assert TOKEN_GUARD in guards
        guards.discard(TOKEN_GUARD)
        assert guards <= ROLE_GUARDS | OWNER_GUARDS | SIGNED_IN_GUARDS, guards
        documented = responses[(method, path)]
        expected = {"401", "403"} if guards else {"403"}
        if guards & ROLE_GUARDS:
            expected.add("403")
        if guards & OWNER_GUARDS:
            expected.add("404")
        missing += [f"{method} {path} {code}" for code in sorted(expected - set(documented))]
    assert missing == []


async def test_operations_with_path_ids_document_404(spec):
    missing = [
        f"{method} {path}"
        for method, path, operation in _operations(spec)
        if any(p["in"] == "path" for p in operation.get("parameters", []))
        and "404" not in operation["responses"]
    ]
    assert missing == []


async def test_operations_with_a_body_document_its_refusal_and_its_limit(spec):
    # The app answers a body it cannot read or that breaks a rule with 400 (never 422).
    with_body = [
        (method, path, op) for method, path, op in _operations(spec) if "requestBody" in op
    ]
    assert len(with_body) >= 30
    missing = [
        f"{method} {path}"
        for method, path, operation in with_body
        if not {"400", "413"} <= set(operation["responses"])
    ]
    assert missing == []
    assert [path for _, path, op in _operations(spec) if "422" in op["responses"]] == []


async def test_unsafe_operations_document_the_csrf_refusal(spec):
    missing = [
        f"{method} {path}"
        for method, path, operation in _operations(spec)
        if method != "get" and "CSRF" not in operation["responses"]["403"]["description"]
    ]
    assert missing == []


async def test_every_status_of_the_access_tables_is_documented(spec):
    """The access tables (checked against the app in test_access.py) give every role's real
    status for every route: each must be one its operation documents."""
    documented = {(method, _shape(path)): op["responses"] for method, path, op in _operations(spec)}
    rows = [(m.lower(), _shape(p), s) for m, p, s in ACCESS_TABLE if p.startswith("/api/")]
    assert {(method, path) for method, path, _ in rows} == set(documented)
    undocumented = [
        f"{role}: {method.upper()} {path} -> {status}"
        for method, path, statuses in rows
        for role, status in zip(ROLES, statuses, strict=True)
        if str(status) not in documented[(method, path)]
    ]
    assert undocumented == []


def _fill(path: str, ids: dict[str, object]) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: str(ids[match.group(1)]), path)


def _world_ids(world: dict, path: str) -> dict[str, object]:
    names = re.findall(r"\{(\w+)\}", path)
    return {
        name: world[WORLD_PARAMS[name]] if name in WORLD_PARAMS else NO_SUCH_ID for name in names
    }


def _missing_ids(path: str, number: int) -> dict[str, object]:
    return {
        name: "no-such-competition" if name == "slug" else number
        for name in re.findall(r"\{(\w+)\}", path)
    }


async def _send(client, method: str, path: str, operation: dict, query: str = ""):
    body = {} if "requestBody" in operation else None
    return await client.api(method.upper(), path + query, json=body)


def _problem(response, operation: dict, label: str) -> str | None:
    """Why ``response`` is not one ``operation`` documents, or None."""
    status = response.status_code
    if str(status) not in operation["responses"]:
        return f"{label}: {status} is not documented"
    if status >= 400:
        try:
            msgspec.convert(response.json(), ApiError)
        except (ValueError, msgspec.ValidationError) as exc:
            return f"{label}: {status} body {response.text[:200]!r} is not an ApiError: {exc}"
    return None


@pytest.mark.parametrize("role", ["anonymous", "entrant", "judge", "organizer", "admin"])
async def test_every_operation_answers_only_documented_statuses(app, spec, world, role):
    """Anonymous with the world's ids; signed in with ids that name nothing, ids beyond 32
    bits and a NUL in the query: whatever the status, the operation documents it."""
    problems = []
    async with app_client(app) as client:
        await sign_in_as(client, role)
        for method, path, operation in _operations(spec):
            requests = [("world ids", _fill(path, _world_ids(world, path)), "")]
            if role != "anonymous":
                requests = [
                    ("missing ids", _fill(path, _missing_ids(path, NO_SUCH_ID)), ""),
                    ("ids beyond 32 bits", _fill(path, _missing_ids(path, INT32_OVER)), ""),
                    ("a NUL in the query", _fill(path, _world_ids(world, path)), "?q=%00"),
                ]
            for what, concrete, query in requests:
                response = await _send(client, method, concrete, operation, query)
                label = f"{role} {method.upper()} {concrete}{query} ({what})"
                if problem := _problem(response, operation, label):
                    problems.append(problem)
                if (method, path) == SESSION_ENDING:
                    await sign_in_as(client, role)
    assert problems == []


async def test_an_anonymous_request_gets_the_documented_401(client, spec):
    response = await client.get("/api/v1/me")
    assert response.status_code == 401
    assert "401" in spec["paths"]["/api/v1/me"]["get"]["responses"]
    assert msgspec.convert(response.json(), ApiError).status_code == 401


async def test_a_wrong_role_gets_the_documented_403(client, spec, world):
    await sign_in_as(client, "entrant")
    response = await client.get(
        f"/api/v1/competitions/{world['cid']}/rounds/{world['rid']}/ranking"
    )
    assert response.status_code == 403
    documented = spec["paths"]["/api/v1/competitions/{competition_id}/rounds/{round_id}/ranking"]
    assert "is_organizer" in documented["get"]["responses"]["403"]["description"]
    assert msgspec.convert(response.json(), ApiError).status_code == 403


async def test_a_missing_id_gets_the_documented_404(client, spec, world):
    await sign_in_as(client, "organizer")
    response = await client.get(f"/api/v1/competitions/{world['cid']}/rounds/{NO_SUCH_ID}")
    assert response.status_code == 404
    documented = spec["paths"]["/api/v1/competitions/{competition_id}/rounds/{round_id}"]
    assert "404" in documented["get"]["responses"]
    assert msgspec.convert(response.json(), ApiError).detail


async def test_a_bad_body_gets_the_documented_400_naming_the_field(client, spec, world):
    await sign_in_as(client, "organizer")
    response = await client.api(
        "POST", f"/api/v1/competitions/{world['cid']}/tracks", json={"key": 5, "name_en": []}
    )
    assert response.status_code == 400
    assert (
        "400" in spec["paths"]["/api/v1/competitions/{competition_id}/tracks"]["post"]["responses"]
    )
    error = msgspec.convert(response.json(), ApiError)
    assert error.errors
    assert all(problem.field and problem.message for problem in error.errors)


async def test_a_conflict_gets_the_documented_409(client, spec, world):
    await sign_in_as(client, "organizer")
    # The demo's AI track holds projects, so it cannot be deleted.
    response = await client.api(
        "DELETE", f"/api/v1/competitions/{world['cid']}/tracks/{world['tid']}"
    )
    assert response.status_code == 409
    documented = spec["paths"]["/api/v1/competitions/{competition_id}/tracks/{track_id}"]
    assert "409" in documented["delete"]["responses"]
    assert msgspec.convert(response.json(), ApiError).status_code == 409


async def test_a_missing_csrf_token_gets_the_documented_403(client, spec):
    response = await client.api(
        "POST", "/api/v1/session", json={"email": "a@b.example", "password": "x"}, csrf=False
    )
    assert response.status_code == 403
    assert "CSRF" in spec["paths"]["/api/v1/session"]["post"]["responses"]["403"]["description"]
    assert msgspec.convert(response.json(), ApiError).status_code == 403


async def test_an_oversized_body_gets_the_documented_413(client, spec, settings):
    token = await client.csrf_token()
    response = await client.http.post(
        "/api/v1/session",
        content=b" " * ((settings.max_upload_mb + 2) * 1024 * 1024),
        headers={"content-type": "application/json", "x-csrftoken": token},
    )
    assert response.status_code == 413
    assert "413" in spec["paths"]["/api/v1/session"]["post"]["responses"]
    assert msgspec.convert(response.json(), ApiError).status_code == 413


def _unknown_guard(connection, handler) -> None:
    """Declares nothing."""


class _UndeclaredGuardApi(Controller):
    path = "/api/v1/undeclared"
    guards = [_unknown_guard]

    @get("/")
    async def show(self) -> None:
        return None


def test_a_guard_that_declares_no_refusals_stops_the_app():
    with pytest.raises(ImproperlyConfiguredException, match="_unknown_guard"):
        Litestar(route_handlers=[_UndeclaredGuardApi], plugins=[ErrorResponsesPlugin()])

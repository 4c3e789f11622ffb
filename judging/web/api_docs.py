"""API documentation at ``/schema``: the error responses of every operation, and the page.

The page is rendered on the server (no CDN script, works offline). The error responses are
derived, once per app, from what each API handler has, so a generated client knows every
status an operation can answer and the body it comes with (:class:`ApiError`, the shape
:mod:`judging.web.responses` sends):

- every operation: 400, from the input screen (:mod:`judging.web.screen`) and parameter parsing;
- a guard: the errors it declares with :func:`judging.errors.refuses` (401, 403 or 404);
- a path parameter: 404, for an id that names nothing (or one beyond 32 bits, see
  :mod:`judging.web.ids`);
- a request body: 400 with a message per field, and 413 above the app's body limit;
- an unsafe method under CSRF protection: 403 without the ``x-csrftoken`` header;
- the handler's own ``raises=[...]``: what only its services know (409 :class:`Conflict`,
  403 outside a window, 429, ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request
from litestar.config.csrf import CSRFConfig
from litestar.exceptions import ImproperlyConfiguredException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.openapi.spec import Example
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute

from judging.errors import (
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    SignInRequired,
    TooLarge,
    TooManyAttempts,
    ValidationFailed,
)

API_PREFIX = "/api/"

# Why a status is answered, for the reasons every derivation below shares.
INPUT_REFUSED = (
    "Refused input: a query parameter or body field of the wrong type or range, an integer "
    "beyond 32 bits, or a NUL character. `errors` names each field and what is wrong with it."
)
BODY_REFUSED = (
    "The body does not match its schema or breaks a rule of the competition; `errors` names "
    "each field (a dotted path inside the JSON body) and what is wrong with it."
)
FIELD_REFUSED = "A field was refused; `errors` names each field and what is wrong with it."
PATH_NOT_FOUND = "Nothing with the {names} in the path exists, or nothing this account may see."
BODY_TOO_LARGE = "The body is larger than the upload limit."
CSRF_REFUSED = (
    "The CSRF token is missing or wrong: send the value of the `csrftoken` cookie in the "
    "`x-csrftoken` header (a request with an API token needs none)."
)
# The English detail of each status in the examples (the app answers in the request's language).
EXAMPLE_DETAILS = {
    error.status_code: str(error.default_message)
    for error in (
        ValidationFailed,
        SignInRequired,
        Forbidden,
        NotFound,
        Conflict,
        TooLarge,
        TooManyAttempts,
    )
}


class ApiFieldError(msgspec.Struct, forbid_unknown_fields=True):
    """One refused field: its name (a dotted path inside a JSON body) and what is wrong."""

    field: str
    message: str


class ApiError(msgspec.Struct, forbid_unknown_fields=True):
    """The body of every API error: the status, a sentence in the request's language and,
    when input was refused, each field's problem."""

    status_code: int
    detail: str
    # Present only when input was refused.
    errors: list[ApiFieldError] = msgspec.field(default_factory=list)


def _first_line(text: str | None) -> str:
    """A docstring's first paragraph on one line, in Markdown (the spec's markup)."""
    return " ".join((text or "").strip().split("\n\n")[0].split()).replace("``", "`")


def _error_reason(error: type[Exception]) -> str:
    """An exception class's reason: its docstring's first paragraph, else its message."""
    own_doc = error.__dict__.get("__doc__")
    if own_doc:
        return _first_line(own_doc)
    if issubclass(error, DomainError):
        return str(error.default_message)
    status = getattr(error, "status_code", 400)
    return HTTPStatus(status).description


def _guard_reasons(guard: Any, path: str) -> Iterable[tuple[int, str]]:
    rule = getattr(guard, "func", guard)  # Litestar wraps sync guards, keeping them as .func
    refuses = getattr(rule, "refuses", None)
    if refuses is None:
        raise ImproperlyConfiguredException(
            f"Guard {getattr(rule, '__name__', rule)!r} on {path} does not declare what it "
            "refuses: decorate it with judging.errors.refuses(...)"
        )
    name = getattr(rule, "__name__", "guard")
    for error in refuses:
        if error.status_code == 401:
            yield 401, _error_reason(error)
        else:
            yield error.status_code, f"Refused by `{name}`: {_first_line(rule.__doc__)}"


def _csrf_protected(handler: HTTPRouteHandler, path: str, csrf: CSRFConfig | None) -> bool:
    if csrf is None or handler.opt.get(csrf.exclude_from_csrf_key):
        return False
    if not set(handler.http_methods) - set(csrf.safe_methods):
        return False
    excluded = [csrf.exclude] if isinstance(csrf.exclude, str) else csrf.exclude or []
    return not any(re.search(pattern, path) for pattern in excluded)


def _reads_body(handler: HTTPRouteHandler) -> bool:
    """Whether the handler takes a ``data`` body, itself or through a dependency."""
    if "data" in handler.parsed_fn_signature.parameters:
        return True
    return any(
        "data" in dependency.parsed_fn_signature.parameters
        for dependency in handler.resolve_dependencies().values()
    )


def error_reasons(
    handler: HTTPRouteHandler, route: HTTPRoute, csrf: CSRFConfig | None
) -> dict[int, list[str]]:
    """Every error status ``handler`` can answer on ``route``, each with why, in order."""
    reasons: dict[int, list[str]] = {}

    def add(status: int, reason: str) -> None:
        if reason not in reasons.setdefault(status, []):
            reasons[status].append(reason)

    add(400, INPUT_REFUSED)
    for guard in handler.resolve_guards():
        for status, reason in _guard_reasons(guard, route.path):
            add(status, reason)
    if route.path_parameters:
        add(404, PATH_NOT_FOUND.format(names=", ".join(f"`{n}`" for n in route.path_parameters)))
    if _reads_body(handler):
        add(400, BODY_REFUSED)
        add(413, BODY_TOO_LARGE)
    if _csrf_protected(handler, route.path, csrf):
        add(403, CSRF_REFUSED)
    for error in handler.raises or ():
        add(error.status_code, FIELD_REFUSED if error.status_code == 400 else _error_reason(error))
    return dict(sorted(reasons.items()))


def error_response(status: int, reasons: list[str]) -> ResponseSpec:
    """The documented response for ``status``: why, and the :class:`ApiError` body."""
    example: dict[str, Any] = {"status_code": status, "detail": EXAMPLE_DETAILS.get(status, "")}
    if status == 400:
        example["errors"] = [{"field": "title", "message": "This field is required."}]
    return ResponseSpec(
        data_container=ApiError,
        description=f"{HTTPStatus(status).phrase}. " + " ".join(reasons),
        generate_examples=False,
        examples=[Example(summary=HTTPStatus(status).phrase, value=example)],
    )


class ErrorResponsesPlugin(ReceiveRoutePlugin):
    """Gives every API operation (paths under ``/api/``) the error responses it can answer.

    Applied as each route is registered, before the OpenAPI document is first built; a
    response the handler declares itself (``responses={...}``) is kept as written.
    """

    def __init__(self, prefix: str = API_PREFIX, csrf: CSRFConfig | None = None) -> None:
        self.prefix = prefix
        # The app checks CSRF in its own middleware (judging.web.csrf), so it is given here.
        self.csrf = csrf

    def receive_route(self, route: BaseRoute) -> None:
        if not isinstance(route, HTTPRoute) or not route.path.startswith(self.prefix):
            return
        for handler in route.route_handlers:
            if not handler.resolve_include_in_schema():
                continue
            derived = {
                status: error_response(status, reasons)
                for status, reasons in error_reasons(handler, route, self.csrf).items()
            }
            handler.responses = {**derived, **(handler.responses or {})}


class ServerRenderedDocsPlugin(OpenAPIRenderPlugin):
    """Renders the OpenAPI document as a plain HTML page from ``templates/api_docs.html``."""

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        operations = [
            {"path": path, "method": method.upper(), **operation}
            for path, item in sorted(openapi_schema.get("paths", {}).items())
            for method, operation in item.items()
            if method in {"get", "post", "put", "patch", "delete"}
        ]
        template = request.app.template_engine.get_template("api_docs.html")
        html = template.render(
            request=request,
            spec=openapi_schema,
            operations=operations,
            json_url=self.get_openapi_json_route(request),
        )
        return html.encode()

"""The one place that turns errors into localized pages or JSON."""

from __future__ import annotations

import logging
import sqlite3
from secrets import compare_digest
from typing import Any
from urllib.parse import quote, urlsplit

import asyncpg
from litestar import Request, Response
from litestar.datastructures import Cookie
from litestar.exceptions import HTTPException, ValidationException
from litestar.middleware.csrf import CSRF_SECRET_LENGTH, generate_csrf_hash, generate_csrf_token
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import Empty
from litestar.utils.scope.state import ScopeState

from judging.errors import DomainError, FieldError, SignInRequired, ValidationFailed
from judging.i18n import N_, translate
from judging.web.forms import field_error_from_msgspec
from judging.web.pages import safe_next
from judging.web.redisplay import FormPageAgain, page_builder
from judging.web.templating import locale_of

logger = logging.getLogger("judging")

STATUS_MESSAGES = {
    400: N_("The request could not be understood."),
    401: N_("Please sign in to continue."),
    403: N_("You do not have permission to see this page."),
    404: N_("The page or item you asked for does not exist."),
    405: N_("This action is not available here."),
    409: N_("This item was changed elsewhere. Reload the page and try again."),
    413: N_("The upload is too large."),
    415: N_("This type of content is not accepted."),
    429: N_("Too many attempts. Wait a few minutes and try again."),
    500: N_("Something went wrong on our side. The error was logged; please try again."),
}
# Litestar's own 413 (a body over request_max_body_size) says the limit the user can act on.
TOO_LARGE_MESSAGE = N_("The upload is too large: the limit is %(mb)s MB.")
CSRF_MESSAGE = N_(
    "Your form expired or did not come from this site. Reload the page and try again."
)


def wants_json(request: Request) -> bool:
    """API paths answer JSON; pages answer HTML."""
    return request.url.path.startswith("/api/") or request.url.path.startswith("/schema")


def field_errors_json(request: Request, errors: list[FieldError]) -> list[dict[str, str]]:
    locale = locale_of(request)
    return [
        {"field": error.field, "message": translate(locale, error.message, **error.params)}
        for error in errors
    ]


def _error_response(
    request: Request,
    status_code: int,
    message: str,
    params: dict[str, Any] | None = None,
    errors: list[FieldError] | None = None,
) -> Response[Any]:
    locale = locale_of(request)
    text = translate(locale, message, **(params or {}))
    if wants_json(request):
        body: dict[str, Any] = {"status_code": status_code, "detail": text}
        if errors:
            body["errors"] = field_errors_json(request, errors)
        return Response(body, status_code=status_code)
    if status_code == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(f"/login?next={quote(target)}")
    return Template(
        template_name="errors/error.html",
        context={
            "status_code": status_code,
            "message": text,
            # A form page would show these beside their fields; a refusal before any handler
            # (see judging.web.screen) has no form to show them in, so the page lists them.
            "problems": [item["message"] for item in field_errors_json(request, errors or [])],
            "back_url": _back_url(request),
        },
        status_code=status_code,
        cookies=_page_csrf_token(request),
    )


def _back_url(request: Request) -> str | None:
    """The page a refused form was sent from (the browser's same-origin Referer), if any."""
    if request.method in {"GET", "HEAD"}:
        return None
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc or not referer.path:
        return None
    target = referer.path + (f"?{referer.query}" if referer.query else "")
    return safe_next(target, default="") or None


def _signed_csrf_token(token: str, secret: str) -> bool:
    """Whether ``token`` is one the CSRF middleware issued (its HMAC checks out)."""
    if len(token) <= CSRF_SECRET_LENGTH:
        return False
    expected = generate_csrf_hash(token=token[:CSRF_SECRET_LENGTH], secret=secret)
    return compare_digest(token[CSRF_SECRET_LENGTH:], expected)


def _page_csrf_token(request: Request) -> list[Cookie]:
    """Give the error page the CSRF token every page has, so its forms (language switch, sign
    out) work.

    The CSRF middleware sets it for pages it serves; an error raised before it (a 413 while
    it reads the form, its own 403), or the router's 404 where it never runs, leaves it
    empty. The visitor's valid cookie is reused, else a fresh token is issued in the cookie.
    """
    config = request.app.state.get("csrf_config")
    state = ScopeState.from_scope(request.scope)
    if config is None or state.csrf_token is not Empty:
        return []
    cookie = request.cookies.get(config.cookie_name, "")
    if _signed_csrf_token(cookie, config.secret):
        state.csrf_token = cookie
        return []
    state.csrf_token = token = generate_csrf_token(secret=config.secret)
    return [
        Cookie(
            key=config.cookie_name,
            value=token,
            path=config.cookie_path,
            secure=config.cookie_secure,
            httponly=config.cookie_httponly,
            samesite=config.cookie_samesite,
            domain=config.cookie_domain,
        )
    ]


def domain_error_handler(request: Request, exc: DomainError) -> Response[Any]:
    if isinstance(exc, ValidationFailed) and not wants_json(request):
        builder = page_builder(request)
        if builder is not None:
            return FormPageAgain(builder, exc, refused=domain_error_handler)  # type: ignore[return-value]
    errors = exc.errors if isinstance(exc, ValidationFailed) else None
    if isinstance(exc, FieldError):
        errors = [exc]
    return _error_response(request, exc.status_code, exc.message, exc.params, errors)


def validation_exception_handler(request: Request, exc: ValidationException) -> Response[Any]:
    """Litestar's body/parameter parsing errors, with field names and localized messages."""
    errors: list[FieldError] = []
    for item in exc.extra or []:
        if isinstance(item, dict):
            error = field_error_from_msgspec(str(item.get("message", "")))
            key = item.get("key")
            if key:
                error.field = str(key)
            errors.append(error)
    message = N_("Please correct the highlighted fields.") if errors else STATUS_MESSAGES[400]
    return _error_response(request, 400, message, errors=errors or None)


def http_exception_handler(request: Request, exc: HTTPException) -> Response[Any]:
    status_code = exc.status_code
    params: dict[str, Any] = {}
    if status_code == 403 and "CSRF" in str(exc.detail):
        message = CSRF_MESSAGE
    elif status_code == 413:
        message, params = TOO_LARGE_MESSAGE, {"mb": request.app.state.settings.max_upload_mb}
    else:
        message = STATUS_MESSAGES.get(status_code, STATUS_MESSAGES[400])
    response = _error_response(request, status_code, message, params)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def integrity_error_handler(request: Request, exc: Exception) -> Response[Any]:
    """A unique or foreign-key rule hit by a race the service checks could not see.

    Two requests creating the same thing at the same instant: the database keeps one, the
    other is told to reload rather than shown a 500.
    """
    logger.info("Integrity error on %s %s: %s", request.method, request.url.path, exc)
    return _error_response(request, 409, STATUS_MESSAGES[409])


def internal_error_handler(request: Request, exc: Exception) -> Response[Any]:
    logger.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error_response(request, HTTP_500_INTERNAL_SERVER_ERROR, STATUS_MESSAGES[500])


EXCEPTION_HANDLERS = {
    sqlite3.IntegrityError: integrity_error_handler,
    asyncpg.exceptions.IntegrityConstraintViolationError: integrity_error_handler,
    DomainError: domain_error_handler,
    SignInRequired: domain_error_handler,
    ValidationException: validation_exception_handler,
    HTTPException: http_exception_handler,
    Exception: internal_error_handler,
}

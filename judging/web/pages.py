"""Helpers shared by page controllers: rendering forms with their errors, safe redirects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request, Response
from litestar.response import Redirect, Template

from judging.errors import DomainError, ValidationFailed

# Never echo these back into a re-rendered form.
SECRET_FIELDS = frozenset(
    {"password", "password_confirm", "current_password", "new_password", "new_password_confirm"}
)


def render(template_name: str, status_code: int = 200, **context: Any) -> Template:
    return Template(template_name=template_name, context=context, status_code=status_code)


def render_form(
    template_name: str,
    *,
    values: Mapping[str, Any] | None = None,
    failed: ValidationFailed | None = None,
    **context: Any,
) -> Template:
    """Render a form page; after a failure, with the values typed and each error by its field."""
    form_values = {key: value for key, value in (values or {}).items() if key not in SECRET_FIELDS}
    status_code = failed.status_code if failed else 200
    return render(
        template_name,
        status_code=status_code,
        form=form_values,
        **problem_context(failed),
        **context,
    )


def problem_context(problem: DomainError | None, field: str = "") -> dict[str, Any]:
    """What the form macros need to show ``problem``: its message, and errors by field.

    A problem that is not a validation failure is shown beside ``field`` when one is named.
    """
    if isinstance(problem, ValidationFailed):
        errors: dict[str, Any] = problem.by_field()
    else:
        errors = {field: problem} if problem is not None and field else {}
    return {"form_error": problem, "errors": errors}


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths: an open redirect would let phishing pages borrow our sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def see_other(path: str) -> Redirect:
    """Post/redirect/get: a reload never resends the form."""
    return Redirect(path, status_code=303)


def redirect_to(
    request: Request, route: str, /, fragment: str = "", **path_params: Any
) -> Redirect:
    """Post/redirect/get to the page whose route is named ``route`` (a link never goes stale
    when a path changes); ``fragment`` without its ``#``."""
    path = request.app.route_reverse(route, **path_params)
    return see_other(f"{path}#{fragment}" if fragment else path)


def attachment(
    content: bytes, media_type: str, filename: str, cache: str = "private, no-store"
) -> Response[bytes]:
    """A download saved under ``filename``; ``cache`` is its Cache-Control value (by default
    kept out of every cache: most downloads are organizers' data)."""
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": cache,
        },
    )

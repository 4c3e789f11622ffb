"""Helpers shared by page controllers: rendering forms with their errors, safe redirects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request
from litestar.response import Redirect, Template

from judging.errors import ValidationFailed

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
    errors = failed.by_field() if failed else {}
    status_code = failed.status_code if failed else 200
    return render(
        template_name,
        status_code=status_code,
        form=form_values,
        errors=errors,
        form_error=failed if failed else None,
        **context,
    )


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

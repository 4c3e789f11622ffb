"""A form that fails validation is shown again on its page, with what was typed and each error
beside its field: one exception handler for every form instead of a try/except per route.

A page handler names the page its form is on with ``opt=form_page(edit_page)``: a function
that renders the page (defined before the controller) and takes, by name, any of ``request``, ``values`` (the
form as sent, or the query of a GET form), ``failed`` (the :class:`ValidationFailed`),
``context`` (the :class:`~judging.web.context.RequestContext`), the
path's parameters, and the route's dependencies that need nothing but path parameters (such
as ``competition``). A failure on a route without it gets the plain error page, and API routes
answer JSON as before (see :mod:`judging.web.responses`).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request
from litestar.response import Template
from litestar.types import Receive, Scope, Send

from judging.errors import DomainError, ValidationFailed
from judging.web.context import provide_context

FORM_PAGE = "form_page"


PageBuilder = Callable[..., Awaitable[Template]]


def form_page(builder: PageBuilder) -> dict[str, PageBuilder]:
    """The ``opt`` of a handler whose form is on the page ``builder`` renders."""
    return {FORM_PAGE: builder}


REACHED_HANDLER = "reached_handler"


def mark_handler_reached(request: Request) -> None:
    """The app's ``before_request`` hook: Litestar calls it once the route's guards passed."""
    request.scope.setdefault("state", {})[REACHED_HANDLER] = True


def page_builder(request: Request) -> PageBuilder | None:
    """The page the failed request's form is on, if its route names one.

    Only for a failure of the handler itself: input refused before the guards ran (see
    :mod:`judging.web.screen`) must not render a page its sender may not be allowed to see.
    """
    if not request.scope.get("state", {}).get(REACHED_HANDLER):
        return None
    handler = request.scope.get("route_handler")
    return handler.opt.get(FORM_PAGE) if handler is not None else None


class FormPageAgain:
    """The response to a failed form: its page, rendered with the failure.

    Exception handlers are synchronous and the page is read from the database, so this
    stands in for the response and renders the page when Litestar sends it.
    """

    def __init__(
        self,
        builder: PageBuilder,
        failed: ValidationFailed,
        refused: Callable[[Request, DomainError], Any],
    ) -> None:
        self.builder = builder
        self.failed = failed
        # Should the page itself be refused meanwhile (the item deleted), its error page.
        self.refused = refused

    def to_asgi_response(self, app: Any, request: Request, **kwargs: Any) -> FormPageAgain:
        self.request = request
        self.kwargs = kwargs
        return self

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = self.request
        values = await request.form() if request.method == "POST" else request.query_params
        context = provide_context(request, request.app.state.settings)
        offered = {"request": request, "values": values, "failed": self.failed, "context": context}
        offered |= request.path_params
        try:
            page = await self.builder(**await _arguments(self.builder, offered, request))
        except DomainError as problem:
            page = self.refused(request, problem)
        response = page.to_asgi_response(None, request, **self.kwargs)
        await response(scope, receive, send)


async def _arguments(
    builder: Callable[..., Any], offered: dict[str, Any], request: Request
) -> dict[str, Any]:
    """What ``builder`` asks for by name: from ``offered``, else from the route's dependency of
    that name, given the path's parameters."""
    dependencies = request.scope["route_handler"].resolve_dependencies()
    arguments: dict[str, Any] = {}
    for name in inspect.signature(builder).parameters:
        if name in offered:
            arguments[name] = offered[name]
        elif name in dependencies:
            provider = dependencies[name].dependency
            wanted = inspect.signature(provider).parameters
            value = provider(**{key: request.path_params[key] for key in wanted})
            arguments[name] = await value if inspect.isawaitable(value) else value
    return arguments

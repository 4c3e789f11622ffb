"""The one screen every request passes before a guard or handler reads it.

Whatever a route does with its input, three kinds of it can only crash a database or the
decoder, so they are refused here, for every route, in the path, the query string, form
fields and JSON bodies alike:

- an integer no column can hold (see :mod:`judging.web.ids`): a 404 in the path (the id names
  nothing), a 400 naming the field elsewhere. Form and query fields are typed by the Struct
  they are read into, so :mod:`judging.web.forms` applies the same bound there; this screen
  covers JSON (typed by JSON itself) and the query parameters a handler declares as ``int``;
- a NUL character in any text: PostgreSQL cannot store it in a text column;
- JSON nested deeper than any request of ours: the decoder would run out of stack.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import NotFoundException
from litestar.middleware import ASGIMiddleware
from litestar.serialization import decode_json
from litestar.types import ASGIApp, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from judging.errors import DomainError, FieldError, ValidationFailed
from judging.i18n import N_
from judging.web.ids import LARGEST_INT, SMALLEST_INT, storable

NUL = "\x00"
# Our deepest body (a rubric: object > criteria list > criterion) is 3 levels; 32 is generous.
MAX_JSON_DEPTH = 32

NUL_MESSAGE = N_("This text cannot contain the NUL character.")
TOO_DEEP_MESSAGE = N_("The JSON body is nested too deeply.")
TOO_LARGE_NUMBER = N_("Enter a number of at most %(n)s.")
TOO_SMALL_NUMBER = N_("Enter a number of at least %(n)s.")
_FORM_TYPES = {RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART}


def number_error(field: str, value: int) -> FieldError:
    """The error for ``value`` in ``field``, which no integer column can hold."""
    if value > LARGEST_INT:
        return FieldError(field, TOO_LARGE_NUMBER, n=LARGEST_INT)
    return FieldError(field, TOO_SMALL_NUMBER, n=SMALLEST_INT)


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, int, Any]]:
    """Every scalar and mapping key inside ``value`` as ``(path, depth, leaf)``, without
    recursion (the value may be nested beyond Python's stack). Paths read ``team.0.email``."""
    stack = [(path, 1, value)]
    while stack:
        where, depth, item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                inner_path = f"{where}.{key}" if where else str(key)
                yield inner_path, depth, key
                stack.append((inner_path, depth + 1, inner))
        elif isinstance(item, list | tuple):
            stack.extend(
                (f"{where}.{index}" if where else str(index), depth + 1, inner)
                for index, inner in enumerate(item)
            )
        else:
            yield where, depth, item


def unstorable_numbers(value: Any) -> list[FieldError]:
    """Errors for the integers inside ``value`` (built-in types) that no column can hold."""
    return [
        number_error(path, leaf)
        for path, _, leaf in leaves(value)
        if isinstance(leaf, int) and not storable(leaf)
    ]


def _json_errors(document: Any) -> list[FieldError]:
    errors: list[FieldError] = []
    for path, depth, leaf in leaves(document):
        if depth > MAX_JSON_DEPTH:
            raise DomainError(TOO_DEEP_MESSAGE)
        if isinstance(leaf, str) and NUL in leaf:
            errors.append(FieldError(path or "__all__", NUL_MESSAGE))
        elif isinstance(leaf, int) and not storable(leaf):
            errors.append(number_error(path or "__all__", leaf))
    return errors


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_int(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple, set, frozenset):
        return any(_is_int(arg) for arg in typing.get_args(annotation))
    return False


@cache
def _int_parameters(handler: Any) -> frozenset[str]:
    """Names of the handler's parameters that Litestar parses as integers."""
    signature = getattr(handler, "parsed_fn_signature", None)
    if signature is None:
        return frozenset()
    return frozenset(
        name for name, field in signature.parameters.items() if _is_int(field.annotation)
    )


def _reads_json(request: Request, handler: Any) -> bool:
    content_type, _ = request.content_type
    if content_type in _FORM_TYPES:
        return False
    # Litestar decodes a handler's ``data`` as JSON whatever the Content-Type says.
    declared = getattr(getattr(handler, "parsed_fn_signature", None), "parameters", {})
    return (
        "data" in declared or content_type == "application/json" or content_type.endswith("+json")
    )


def _path_errors(scope: Scope) -> list[FieldError]:
    errors = []
    for name, value in scope.get("path_params", {}).items():
        if not storable(value):
            raise NotFoundException()
        if isinstance(value, str) and NUL in value:
            errors.append(FieldError(name, NUL_MESSAGE))
    return errors


def _query_errors(request: Request, handler: Any) -> list[FieldError]:
    errors = []
    typed = _int_parameters(handler)
    for name, value in request.query_params.multi_items():
        if NUL in name or NUL in value:
            errors.append(FieldError(name.replace(NUL, ""), NUL_MESSAGE))
        elif name in typed:
            try:
                number = int(value)
            except ValueError:
                continue  # not a number at all: the handler's own validation says so
            if not storable(number):
                errors.append(number_error(name, number))
    return errors


async def _body_errors(request: Request, handler: Any) -> list[FieldError]:
    content_type, _ = request.content_type
    if content_type in _FORM_TYPES:
        limit = handler.resolve_request_max_body_size()
        if limit and (request.content_length or 0) > limit:
            return []  # refused with 413 where it is read, with the message that route chose
        errors = []
        for name, value in (await request.form()).multi_items():
            text = value.filename if isinstance(value, UploadFile) else str(value)
            if NUL in name or NUL in (text or ""):
                errors.append(FieldError(name.replace(NUL, ""), NUL_MESSAGE))
        return errors
    if not _reads_json(request, handler):
        return []
    body = await request.body()
    if not body.strip():
        return []
    try:
        document = decode_json(body, type_decoders=handler.resolve_type_decoders())
    except RecursionError:
        raise DomainError(TOO_DEEP_MESSAGE) from None
    except Exception:  # not JSON: the handler's own decoding answers 400 as it always has
        return []
    errors = _json_errors(document)
    # Decoded once: the handler reads this value instead of decoding the body again.
    ScopeState.from_scope(request.scope).json = document
    return errors


class InputScreenMiddleware(ASGIMiddleware):
    """Refuses ids no column holds, NUL characters and over-deep JSON before any handler."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        handler = scope.get("route_handler")
        request: Request = scope["litestar_app"].request_class(scope=scope, receive=receive)
        errors = _path_errors(scope) + _query_errors(request, handler)
        if not errors and handler is not None:
            errors = await _body_errors(request, handler)
        if errors:
            raise ValidationFailed(errors)
        await next_app(scope, receive, send)

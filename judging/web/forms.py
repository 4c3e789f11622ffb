"""The one way to read a form or JSON body into a msgspec Struct and report field errors."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, TypeVar
from urllib.parse import urlencode

import msgspec
from litestar import Request
from litestar.datastructures import FormMultiDict

from judging.errors import FieldError, ValidationFailed
from judging.i18n import N_
from judging.web.screen import unstorable_numbers

S = TypeVar("S", bound=msgspec.Struct)

_COLLECTIONS = {list, tuple, set, frozenset}

# msgspec's English messages, mapped to translatable ones. Order matters: most specific first.
_MESSAGE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"missing required field"), N_("This field is required.")),
    (re.compile(r"length >= (?P<n>\d+)"), N_("Enter at least %(n)s characters.")),
    (re.compile(r"length <= (?P<n>\d+)"), N_("Enter at most %(n)s characters.")),
    (
        re.compile(r"Expected `(int|float|decimal)` >= (?P<n>[-\d.]+)"),
        N_("Enter a number of at least %(n)s."),
    ),
    (
        re.compile(r"Expected `(int|float|decimal)` <= (?P<n>[-\d.]+)"),
        N_("Enter a number of at most %(n)s."),
    ),
    (re.compile(r"Expected `(int|float|decimal)`"), N_("Enter a number.")),
    (re.compile(r"Expected `(datetime|date)`|Invalid RFC3339"), N_("Enter a valid date and time.")),
    (re.compile(r"Invalid decimal string"), N_("Enter a number.")),
    (
        re.compile(r"Invalid enum value|Expected `str` matching"),
        N_("Choose one of the offered values."),
    ),
]
# A text of the wrong shape; a form that knows the shape may say it instead.
WRONG_FORMAT = N_("Enter a value in the expected format.")
_LOCAL_MINUTES = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$")
_FIELD_PATH = re.compile(r"at `\$\.(?P<field>[A-Za-z_][A-Za-z0-9_]*)")
_MISSING_FIELD = re.compile(r"missing required field `(?P<field>[^`]+)`")


def field_error_from_msgspec(error: msgspec.ValidationError | str) -> FieldError:
    """Turn a msgspec validation message into a translatable :class:`FieldError`."""
    text = str(error)
    match = _MISSING_FIELD.search(text) or _FIELD_PATH.search(text)
    field = match.group("field") if match else "__all__"
    if "matching regex" in text:
        if "email" in field:
            return FieldError(field, N_("Enter a valid email address."))
        return FieldError(field, WRONG_FORMAT)
    for pattern, message in _MESSAGE_PATTERNS:
        if found := pattern.search(text):
            params = {"n": found.group("n")} if "n" in found.groupdict() else {}
            return FieldError(field, message, **params)
    return FieldError(field, N_("This value is not valid."))


def convert(data: dict[str, Any], schema: type[S]) -> S:
    """Convert a plain mapping into ``schema``, raising :class:`ValidationFailed` per field."""
    try:
        return storable_numbers(msgspec.convert(data, schema, strict=False))
    except msgspec.ValidationError as exc:
        raise ValidationFailed([field_error_from_msgspec(exc)]) from None


def storable_numbers(converted: S) -> S:
    """``converted``, unless one of its integers is beyond every column (form and query text
    reads as any integer; see :mod:`judging.web.ids`)."""
    if errors := unstorable_numbers(msgspec.to_builtins(converted)):
        raise ValidationFailed(errors)
    return converted


def _is_collection(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_collection(typing.get_args(annotation)[0])
    if origin in _COLLECTIONS:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_is_collection(arg) for arg in typing.get_args(annotation))
    return annotation in _COLLECTIONS


def _is_type(annotation: Any, wanted: type) -> bool:
    if annotation is wanted:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_type(typing.get_args(annotation)[0], wanted)
    if origin in (typing.Union, types.UnionType):
        return any(_is_type(arg, wanted) for arg in typing.get_args(annotation))
    return False


def form_to_dict(form: FormMultiDict, schema: type[msgspec.Struct]) -> dict[str, Any]:
    """Form values keyed by field, read the way browsers send them.

    Blank inputs are left out (so defaults apply); list fields take every value; a ``bool``
    field missing from the form is an unticked checkbox (false); ``datetime`` fields accept
    ``<input type="datetime-local">`` values, which have no seconds.
    """
    hints = typing.get_type_hints(schema, include_extras=True)
    data: dict[str, Any] = {}
    for name in schema.__struct_fields__:
        annotation = hints.get(name)
        if name not in form:
            if _is_type(annotation, bool):
                data[name] = False
            continue
        if _is_collection(hints.get(name)):
            data[name] = [value for value in form.getall(name) if str(value).strip() != ""]
            continue
        value = form.get(name)
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                continue
            if _is_type(annotation, datetime) and _LOCAL_MINUTES.match(value):
                value = value.replace(" ", "T") + ":00"
        data[name] = value
    return data


def parse_form(form: FormMultiDict, schema: type[S]) -> S:
    """Read an HTML form into ``schema`` (one field at a time, so every bad field is reported)."""
    data = form_to_dict(form, schema)
    try:
        converted = msgspec.convert(data, schema, strict=False)
    except msgspec.ValidationError:
        errors = _all_field_errors(data, schema)
        raise ValidationFailed(errors) from None
    return storable_numbers(converted)


def _all_field_errors(data: dict[str, Any], schema: type[S]) -> list[FieldError]:
    # msgspec stops at the first bad field; checking each field alone reports all of them.
    errors: list[FieldError] = []
    for name, (checker, required) in _field_checkers(schema).items():
        if name not in data:
            if required:
                errors.append(FieldError(name, N_("This field is required.")))
            continue
        try:
            msgspec.convert({name: data[name]}, checker, strict=False)
        except msgspec.ValidationError as exc:
            error = field_error_from_msgspec(exc)
            error.field = name
            errors.append(error)
    return errors or [FieldError("__all__", N_("This value is not valid."))]


@cache
def _field_checkers(schema: type[msgspec.Struct]) -> dict[str, tuple[type, bool]]:
    """One single-field Struct per field of ``schema``, with the field's own constraints."""
    return {
        field.name: (
            msgspec.defstruct(f"{schema.__name__}_{field.name}", [(field.name, field.type)]),
            field.required,
        )
        for field in msgspec.structs.fields(schema)
    }


def query_string(filters: msgspec.Struct, **changes: Any) -> str:
    """``filters`` as a query string for a link, with ``changes`` applied; fields at their
    default (page 1, empty, False, None) are left out, so links stay short."""
    changed = msgspec.structs.replace(filters, **changes)
    defaults = type(filters)()
    values = {
        name: getattr(changed, name)
        for name in changed.__struct_fields__
        if getattr(changed, name) != getattr(defaults, name)
    }
    return urlencode(
        {
            name: str(value).lower() if isinstance(value, bool) else value
            for name, value in values.items()
        }
    )


def query_form(request: Request, schema: type[msgspec.Struct]) -> FormMultiDict:
    """The request's query parameters that ``schema`` has fields for, as a form for
    :func:`parse_form` (GET forms: filters, previews)."""
    return FormMultiDict(
        [
            (name, value)
            for name, value in request.query_params.multi_items()
            if name in schema.__struct_fields__
        ]
    )


def ticked(values: Any, name: str, fresh: Sequence[str]) -> list[str]:
    """The boxes of the checkbox group ``name`` ticked on a form shown again (``values``, the
    form as sent, holds every value of the field), or ``fresh`` on a new form (``values``
    None)."""
    if values is None:
        return list(fresh)
    return list(values.getall(name, [])) if isinstance(values, FormMultiDict) else []

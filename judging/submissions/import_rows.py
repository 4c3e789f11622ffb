"""Checking the rows of an imported file: errors by row and column, and the pieces every
kind of import checks its rows with (lists in a cell, duplicates, track keys, accounts).

Shared by every import (projects here, judges in :mod:`judging.assignments.judge_imports`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec
from litestar.datastructures import FormMultiDict

from judging.accounts.schemas import Email
from judging.accounts.tables import Account
from judging.competitions.tables import Track
from judging.errors import ValidationFailed
from judging.i18n import N_
from judging.submissions.import_files import Table
from judging.web.forms import parse_form

# Keeps each IN (...) list well below the bind-parameter limits of SQLite and PostgreSQL.
CHUNK = 500

_LIST_SEPARATOR = re.compile(r"[;；]")  # ASCII or full-width semicolon


class RowError(msgspec.Struct, kw_only=True):
    """One problem of one row; ``row`` counts as the file does (the header is row 1)."""

    row: int
    field: str
    message: str
    params: dict[str, Any] = msgspec.field(default_factory=dict)


class RowErrors:
    """Row errors in file order, at most one per (row, field)."""

    def __init__(self) -> None:
        self.items: list[RowError] = []
        self._seen: set[tuple[int, str]] = set()

    def add(self, row: int, field: str, message: str, /, **params: Any) -> None:
        if (row, field) not in self._seen:
            self._seen.add((row, field))
            self.items.append(RowError(row=row, field=field, message=message, params=params))

    def add_failed(self, row: int, failed: ValidationFailed, renames: dict[str, str]) -> None:
        for error in failed.errors:
            self.add(row, renames.get(error.field, error.field), error.message, **error.params)

    def __bool__(self) -> bool:
        return bool(self.items)


def missing_columns(required: Sequence[str], table: Table, errors: RowErrors) -> bool:
    """Record each required column the file lacks; True when any is missing."""
    for column in required:
        if column not in table.columns:
            errors.add(1, column, N_("The column %(column)s is missing."), column=column)
    return bool(errors)


def split_list(value: str) -> list[str]:
    """The items of a cell that lists several, separated by semicolons."""
    return [part.strip() for part in _LIST_SEPARATOR.split(value) if part.strip()]


def struct_or_errors(data: dict[str, Any], schema: type[Any]) -> Any:
    """Fast path for good rows; the form reader names every bad field of a bad one."""
    clean = {key: value for key, value in data.items() if value not in ("", [], None)}
    try:
        return msgspec.convert(clean, schema, strict=False)
    except msgspec.ValidationError:
        pairs: list[tuple[str, Any]] = []
        for key, value in clean.items():
            if isinstance(value, list):
                pairs.extend((key, item) for item in value)
            else:
                pairs.append((key, value))
        return parse_form(FormMultiDict(pairs), schema)


def is_email(value: str) -> bool:
    try:
        msgspec.convert(value, Email)
    except msgspec.ValidationError:
        return False
    return True


class RowChecker:
    """Validates rows one by one, remembering what it needs across rows (duplicates)."""

    def __init__(self, tracks: dict[str, int]) -> None:
        self.tracks = tracks
        self.errors = RowErrors()
        self.first_row_of: dict[str, int] = {}

    def track_choices(self) -> str:
        return ", ".join(self.tracks)

    def unique(self, row: int, field: str, value: str, message: str) -> None:
        key = value.casefold()
        if key in self.first_row_of:
            self.errors.add(row, field, message, row=self.first_row_of[key])
        else:
            self.first_row_of[key] = row


async def track_keys(competition_id: int) -> dict[str, int]:
    """The competition's tracks, lower-case key to id, in their order."""
    rows = (
        await Track.select(Track.id, Track.key)
        .where(Track.competition == competition_id)
        .order_by(Track.position)
        .order_by(Track.id)
    )
    return {row["key"].lower(): row["id"] for row in rows}


def chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    """``values`` in slices of :data:`CHUNK`, for IN (...) lists."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


async def account_ids_by_email(emails: Iterable[str]) -> dict[str, int]:
    """Account id of each email that has an account."""
    found: dict[str, int] = {}
    for chunk in chunks(sorted(set(emails))):
        rows = await Account.select(Account.id, Account.email).where(Account.email.is_in(chunk))
        found.update({row["email"]: row["id"] for row in rows})
    return found

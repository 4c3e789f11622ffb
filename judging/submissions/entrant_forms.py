"""Reading an entrant's project form and deck upload: the page form with its numbered team
rows, the version the entrant read, and the uploaded PDF (pages and API read uploads alike)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
from litestar import Request
from litestar.datastructures import FormMultiDict, UploadFile
from litestar.exceptions.http_exceptions import RequestEntityTooLarge

from judging.errors import FieldError, ValidationFailed
from judging.i18n import N_
from judging.settings import Settings
from judging.submissions import services, storage
from judging.submissions.schemas import MAX_TEAM_MEMBERS, ProjectFields, TeamMember, VersionCheck
from judging.web.forms import convert, parse_form

# Team member rows on the page form (no JavaScript needed); blank rows are ignored.
TEAM_ROWS = 6
TEAM_KEYS = ("name", "role", "email")
CHOOSE_A_FILE = N_("Choose a PDF file to upload.")
CHOOSE_ANY_FILE = N_("Choose a file to upload.")
# An application answer's input is named answers.<question key> (its errors too).
ANSWER_PREFIX = "answers."


def max_upload_bytes(settings: Settings) -> int:
    return settings.max_upload_mb * 1024 * 1024


def parse_project_form(form: FormMultiDict) -> ProjectFields:
    """The project form (with its numbered team rows) as :class:`ProjectFields`.

    Every bad field is reported; a team row's errors are named ``team-<row>-<key>``.
    """
    errors: list[FieldError] = []
    fields: ProjectFields | None = None
    try:
        fields = parse_form(form, ProjectFields)
    except ValidationFailed as failed:
        errors.extend(failed.errors)
    team: list[TeamMember] = []
    for row in range(MAX_TEAM_MEMBERS):
        values = {key: str(form.get(f"team-{row}-{key}", "")).strip() for key in TEAM_KEYS}
        if not any(values.values()):
            continue
        try:
            team.append(convert({k: v for k, v in values.items() if v}, TeamMember))
        except ValidationFailed as failed:
            errors.extend(
                FieldError(f"team-{row}-{error.field}", error.message, **error.params)
                for error in failed.errors
            )
    if errors or fields is None:
        raise ValidationFailed(errors)
    return msgspec.structs.replace(fields, team=team, answers=form_answers(form))


def form_answers(form: FormMultiDict) -> dict[str, Any]:
    """The application form's inputs (``answers.<key>``) as sent: one value, or every value of
    a question with several (ticked choices); the answers' checks are the form's own."""
    answers: dict[str, Any] = {}
    for name in form:
        if not name.startswith(ANSWER_PREFIX):
            continue
        values = [value for value in form.getall(name) if isinstance(value, str)]
        answers[name.removeprefix(ANSWER_PREFIX)] = values[0] if len(values) == 1 else values
    return answers


def parse_version(form: FormMultiDict) -> int:
    return parse_form(form, VersionCheck).version


def parse_edit_form(form: FormMultiDict) -> tuple[int, ProjectFields]:
    """The version the entrant read and the project fields, every bad field reported."""
    errors: list[FieldError] = []
    version: int | None = None
    fields: ProjectFields | None = None
    try:
        version = parse_version(form)
    except ValidationFailed as failed:
        errors.extend(failed.errors)
    try:
        fields = parse_project_form(form)
    except ValidationFailed as failed:
        errors.extend(failed.errors)
    if errors or version is None or fields is None:
        raise ValidationFailed(errors)
    return version, fields


def form_values(project: Mapping[str, Any]) -> dict[str, Any]:
    """A stored project as the values of its page form."""
    values = {
        name: project[name] for name in services.FIELD_NAMES if name not in ("team", "answers")
    }
    values["track_id"] = project["track"]
    values["version"] = project["version"]
    for row, member in enumerate(project["team"]):
        for key in TEAM_KEYS:
            values[f"team-{row}-{key}"] = member.get(key, "")
    for key, value in project["answers"].items():
        values[ANSWER_PREFIX + key] = value
    return values


def team_rows(values: Mapping[str, Any]) -> int:
    """Rows to show: the default number, or one more than the last filled row."""
    filled = [
        row
        for row in range(MAX_TEAM_MEMBERS)
        if any(str(values.get(f"team-{row}-{key}", "")).strip() for key in TEAM_KEYS)
    ]
    return max(TEAM_ROWS, min(MAX_TEAM_MEMBERS, (filled[-1] + 2) if filled else 0))


def uploaded_deck(form: FormMultiDict) -> UploadFile:
    upload = form.get("deck")
    if not isinstance(upload, UploadFile):
        raise ValidationFailed.single("deck", CHOOSE_A_FILE)
    return upload


def uploaded_file(form: FormMultiDict, field: str) -> UploadFile:
    """The file sent in the form's ``file`` input for an attachment slot (errors on ``field``)."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ValidationFailed.single(field, CHOOSE_ANY_FILE)
    return upload


async def read_form(request: Request, settings: Settings) -> FormMultiDict:
    """The request's form; a body over the limit is refused with the deck's clear message."""
    try:
        return await request.form()
    except RequestEntityTooLarge:
        raise storage.too_large(max_upload_bytes(settings)) from None

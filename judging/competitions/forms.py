"""The setup pages' forms: what they show filled in, and how the inputs the page repeats (a
rubric's criteria, the tracks' positions) are read back into Structs."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from litestar.datastructures import FormMultiDict

from judging.competitions import competition_setup, round_setup, rubric, track_setup
from judging.competitions.schemas import MAX_CRITERIA, CriterionFields, RoundFields, RubricFields
from judging.competitions.tables import Competition, Track
from judging.errors import FieldError, ValidationFailed
from judging.i18n import N_
from judging.web.forms import WRONG_FORMAT, parse_form

# Offered first in the time zone field; any IANA zone may be typed.
COMMON_TIME_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Asia/Jerusalem",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Moscow",
    "Africa/Johannesburg",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "UTC",
)
# Blank rubric rows offered below the existing criteria.
BLANK_CRITERIA = 3
_CRITERION_INPUT = re.compile(r"^criteria\[(\d{1,3})\]\.(\w+)$")
_POSITION_INPUT = re.compile(r"^position-(\d{1,12})$")


def local_input(value: datetime | None, timezone: str) -> str:
    """A stored UTC time as ``<input type="datetime-local">`` shows it in the competition's zone."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%dT%H:%M")


def competition_form_values(competition: Competition) -> dict[str, Any]:
    values = competition_setup.competition_fields(competition)
    return {
        "slug": values.slug,
        "name_en": values.name_en,
        "name_zh": values.name_zh,
        "description_en": values.description_en,
        "description_zh": values.description_zh,
        "timezone": values.timezone,
        "is_public": "true" if values.is_public else "",
    }


def track_form_values(track: Track) -> dict[str, Any]:
    return msgspec.structs.asdict(track_setup.track_fields(track))


def round_form_values(fields: RoundFields, timezone: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name_en": fields.name_en,
        "name_zh": fields.name_zh,
        "position": "" if fields.position is None else fields.position,
        "judges_per_submission": fields.judges_per_submission,
        "is_blind": "true" if fields.is_blind else "",
        "is_screening": "true" if fields.is_screening else "",
        "screening_quorum": fields.screening_quorum,
        "normalize": fields.normalize,
        "aggregate": fields.aggregate,
        "trim": fields.trim,
        "min_judges": fields.min_judges,
        "disagreement": f"{fields.disagreement:g}",
    }
    for name in round_setup.ROUND_WINDOWS:
        values[name] = local_input(getattr(fields, name), timezone)
    return values


def rubric_form_values(rows: list[dict[str, Any]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for index, row in enumerate(rows):
        for name in CriterionFields.__struct_fields__:
            # The editor shows weights as the percentages organizers type, e.g. 33.33.
            value = rubric.percent_text(row["weight_bp"]) if name == "weight_percent" else row[name]
            values[f"criteria[{index}].{name}"] = "" if value is None else str(value)
    return values


def rubric_form_rows(form: FormMultiDict) -> list[dict[str, str]]:
    """The filled rows of the rubric editor, in the order shown; blank rows are left out."""
    rows: dict[int, dict[str, str]] = defaultdict(dict)
    for name, value in form.items():
        match = _CRITERION_INPUT.match(name)
        if match and match.group(2) in CriterionFields.__struct_fields__:
            rows[int(match.group(1))][match.group(2)] = str(value).strip()
    return [rows[index] for index in sorted(rows) if any(rows[index].values())]


def typed_rubric_values(rows: list[dict[str, str]]) -> dict[str, str]:
    """The filled rows as the editor shows them again, renumbered from 0 (blank rows gone)."""
    return {
        f"criteria[{index}].{name}": value
        for index, row in enumerate(rows)
        for name, value in row.items()
    }


def parse_rubric_rows(rows: list[dict[str, str]]) -> RubricFields:
    """Each row read like a form of its own; errors name ``criteria[i].<field>``."""
    if len(rows) > MAX_CRITERIA:
        raise ValidationFailed.single(
            "criteria", N_("A rubric has at most %(n)s criteria."), n=MAX_CRITERIA
        )
    criteria: list[CriterionFields] = []
    errors: list[FieldError] = []
    for index, row in enumerate(rows):
        try:
            criteria.append(parse_form(FormMultiDict(row), CriterionFields))
        except ValidationFailed as failed:
            errors.extend(
                FieldError(f"criteria[{index}].{error.field}", error.message, **error.params)
                if error.field != "key" or error.message != WRONG_FORMAT
                else FieldError(f"criteria[{index}].key", rubric.KEY_FORMAT)
                for error in failed.errors
            )
    if errors:
        raise ValidationFailed(errors)
    return RubricFields(criteria=criteria)


def track_positions(form: FormMultiDict) -> dict[int, int]:
    """Track id -> position, from the tracks page's ``position-<id>`` inputs."""
    positions: dict[int, int] = {}
    errors: list[FieldError] = []
    for name, value in form.items():
        match = _POSITION_INPUT.match(name)
        if not match:
            continue
        text = str(value).strip()
        if not text.isdigit() or int(text) > 1000:
            errors.append(FieldError(name, N_("Enter a whole number from 0 to 1000.")))
            continue
        positions[int(match.group(1))] = int(text)
    if errors:
        raise ValidationFailed(errors)
    return positions

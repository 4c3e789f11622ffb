"""A round's rubric: reading it, replacing it while no score exists, and handing it to scoring.

Weights are stored in hundredths of a percent (``weight_bp``, 10000 = 100%) so a rubric's
total is checked exactly; organizers enter percentages with up to two decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import scoring
from judging.audit import services as audit
from judging.competitions import services, usage
from judging.competitions.schemas import CriterionOut, RubricFields, RubricOut
from judging.competitions.tables import Criterion
from judging.database import writing
from judging.errors import Conflict, FieldError, ValidationFailed
from judging.i18n import N_
from scoring.rubric import RESERVED_COLUMNS

FULL_WEIGHT_BP = 10000
FROZEN_MESSAGE = N_(
    "This rubric is frozen: judges have already scored with it, so its criteria, weights "
    "and scales can no longer change."
)
_CENT = Decimal("0.01")
# A key names the criterion's column in the score sheet and the exports; the editor's error
# for a key of another shape states the shape (schemas.CriterionKey is its pattern).
KEY_FORMAT = N_(
    "Enter a key of 1 to 40 lowercase letters (a–z), digits and hyphens, not starting or "
    "ending with a hyphen, such as market-fit."
)


async def round_rubric(round_id: int) -> list[dict[str, Any]]:
    """The criteria rows of a round, in their order."""
    return (
        await Criterion.select()
        .where(Criterion.round == round_id)
        .order_by(Criterion.position)
        .order_by(Criterion.id)
    )


async def is_rubric_frozen(round_id: int) -> bool:
    """True once any scorecard (draft or submitted) exists for the round."""
    return await usage.is_scored(round_id)


async def frozen_rounds(round_ids: Iterable[int]) -> set[int]:
    """Which of the rounds have a frozen rubric (one query)."""
    return await usage.scored_rounds(round_ids)


async def rubric_totals(round_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Round id -> (number of criteria, total weight in hundredths of a percent)."""
    wanted = list(round_ids)
    if not wanted:
        return {}
    rows = await Criterion.select(Criterion.round, Criterion.weight_bp).where(
        Criterion.round.is_in(wanted)
    )
    totals: dict[int, tuple[int, int]] = {}
    for row in rows:
        count, total = totals.get(row["round"], (0, 0))
        totals[row["round"]] = (count + 1, total + row["weight_bp"])
    return totals


def to_scoring_rubric(criteria_rows: Iterable[Mapping[str, Any]]) -> scoring.Rubric:
    """The :class:`scoring.Rubric` of criteria rows (as :func:`round_rubric` returns them).

    Weights become fractions (``weight_bp / 10000``); tie-breakers are the keys of the rows
    with a ``tie_break_rank``, lowest rank first. Criteria keep the rows' position order.
    """
    rows = sorted(criteria_rows, key=lambda row: (row["position"], row.get("id") or 0))
    criteria = [
        scoring.Criterion(
            row["key"], row["weight_bp"] / FULL_WEIGHT_BP, row["scale_min"], row["scale_max"]
        )
        for row in rows
    ]
    ranked = sorted(
        (row for row in rows if row["tie_break_rank"] is not None),
        key=lambda row: row["tie_break_rank"],
    )
    return scoring.Rubric(criteria=criteria, tie_breakers=[row["key"] for row in ranked])


def percent_text(weight_bp: int) -> str:
    """``3333`` -> ``"33.33"``, ``10000`` -> ``"100"``: a weight as organizers type it."""
    text = f"{weight_bp / 100:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def total_text(rows: Iterable[Mapping[str, Any]]) -> str:
    """The criteria's total weight as organizers type it, e.g. ``"100"``."""
    return percent_text(sum(row["weight_bp"] for row in rows))


def _field(index: int, name: str) -> str:
    return f"criteria[{index}].{name}"


def check_rubric(fields: RubricFields) -> list[dict[str, Any]]:
    """Column values of the criteria of a valid rubric, else :class:`ValidationFailed`.

    Errors name ``criteria[i].<field>`` (``i`` counts from 0) or ``criteria`` for the total.
    """
    errors: list[FieldError] = []
    values: list[dict[str, Any]] = []
    keys: set[str] = set()
    ranks: set[int] = set()
    if not fields.criteria:
        raise ValidationFailed.single("criteria", N_("Add at least one criterion."))
    for index, criterion in enumerate(fields.criteria):
        percent = Decimal(str(criterion.weight_percent))
        if percent != percent.quantize(_CENT):
            errors.append(
                FieldError(
                    _field(index, "weight_percent"),
                    N_("Enter a percentage with at most two decimals, such as 33.33."),
                )
            )
        if criterion.key in RESERVED_COLUMNS:
            errors.append(
                FieldError(_field(index, "key"), N_("This key is reserved; choose another."))
            )
        elif criterion.key in keys:
            errors.append(
                FieldError(_field(index, "key"), N_("Another criterion already uses this key."))
            )
        keys.add(criterion.key)
        if criterion.scale_min >= criterion.scale_max:
            errors.append(
                FieldError(
                    _field(index, "scale_max"),
                    N_("The highest score must be above the lowest score."),
                )
            )
        rank = criterion.tie_break_rank
        if rank is not None and rank in ranks:
            errors.append(
                FieldError(
                    _field(index, "tie_break_rank"),
                    N_("Another criterion already has this tie-break priority."),
                )
            )
        if rank is not None:
            ranks.add(rank)
        values.append(
            {
                "key": criterion.key,
                "label_en": criterion.label_en.strip(),
                "label_zh": criterion.label_zh.strip(),
                "guidance_en": criterion.guidance_en.strip(),
                "guidance_zh": criterion.guidance_zh.strip(),
                "weight_bp": int((percent * 100).to_integral_value()),
                "scale_min": criterion.scale_min,
                "scale_max": criterion.scale_max,
                "position": index if criterion.position is None else criterion.position,
                "tie_break_rank": rank,
            }
        )
    total = sum(value["weight_bp"] for value in values)
    if total != FULL_WEIGHT_BP:
        errors.append(
            FieldError(
                "criteria",
                N_("The weights total %(total)s%%; they must total exactly 100%%."),
                total=percent_text(total),
            )
        )
    if errors:
        raise ValidationFailed(errors)
    return values


def _snapshot(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    columns = (
        "key",
        "label_en",
        "label_zh",
        "guidance_en",
        "guidance_zh",
        "weight_bp",
        "scale_min",
        "scale_max",
        "position",
        "tie_break_rank",
    )
    return [{column: row[column] for column in columns} for row in rows]


async def replace_rubric(
    competition_id: int, round_id: int, fields: RubricFields, actor_id: int
) -> list[dict[str, Any]]:
    """Replace the round's rubric in one transaction; refused once any score exists.

    Raises :class:`Conflict` for a frozen rubric (checked before anything else, so the
    organizer learns first that no edit can succeed) and :class:`ValidationFailed`.
    """
    await services.get_round(competition_id, round_id)
    if await is_rubric_frozen(round_id):
        raise Conflict(FROZEN_MESSAGE)
    values = check_rubric(fields)
    async with writing():
        # Exclusive: a first scorecard saved meanwhile either commits before (and the rubric
        # is frozen) or waits and then finds the rubric it validated against replaced.
        await services.lock_rounds([round_id])
        if await is_rubric_frozen(round_id):
            raise Conflict(FROZEN_MESSAGE)
        before = _snapshot(await round_rubric(round_id))
        await Criterion.delete().where(Criterion.round == round_id)
        await Criterion.insert(*(Criterion(round=round_id, **value) for value in values))
        await audit.record(
            actor_id=actor_id,
            entity="rubric",
            entity_id=round_id,
            action="replaced",
            before=before,
            after=_snapshot(values),
        )
    return await round_rubric(round_id)


def rubric_out(round_id: int, rows: list[dict[str, Any]], frozen: bool) -> RubricOut:
    return RubricOut(
        round_id=round_id,
        frozen=frozen,
        total_percent=sum(row["weight_bp"] for row in rows) / 100,
        criteria=[
            CriterionOut(
                key=row["key"],
                label_en=row["label_en"],
                label_zh=row["label_zh"],
                guidance_en=row["guidance_en"],
                guidance_zh=row["guidance_zh"],
                weight_percent=row["weight_bp"] / 100,
                scale_min=row["scale_min"],
                scale_max=row["scale_max"],
                position=row["position"],
                tie_break_rank=row["tie_break_rank"],
            )
            for row in rows
        ],
    )

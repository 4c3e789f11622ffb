"""Organizers writing a competition's application form: adding, changing, ordering and
deleting its questions, without losing an answer already given.

A question's key is fixed once created (exports, imports and the API name answers by it).
Any other change is checked against the answers projects hold: one that would make a stored
answer invalid (another kind, a choice taken away, a tighter limit) or leave it unasked (a
question narrowed to one track) is refused with how many answers stand in the way; so is
deleting a question that has answers. Every change is audited.
"""

from __future__ import annotations

from typing import Any

import msgspec

from judging.applications.answers import answers_for_track, applies, invalid_answers, shown_answers
from judging.applications.rules import check_question
from judging.applications.schemas import AnswerOut, QuestionFields, QuestionOut
from judging.applications.tables import Question
from judging.applications.usage import StoredAnswers, stored_answers
from judging.audit import services as audit
from judging.competitions.services import get_competition, get_track
from judging.database import writing
from judging.errors import Conflict, NotFound, ValidationFailed
from judging.i18n import N_

KEY_TAKEN = N_("Another question of this form already uses this key.")
KEY_FIXED = N_(
    "The key of a question cannot change: exports, imports and the API name answers by it."
)
ANSWERS_WOULD_BREAK = N_(
    "Projects have answered this question: %(count)s of their answers would no longer be "
    "valid after this change. Keep the question as it is, or add a new question instead."
)
ANSWERS_WOULD_HIDE = N_(
    "Projects in other tracks have answered this question: %(count)s. Narrowed to one track, "
    "their answers would no longer be asked or shown; keep it for every track."
)
ANSWERED_NOT_DELETED = N_(
    "Projects have answered this question: %(count)s. A question with answers cannot be "
    "deleted, so that no answer is lost."
)


def question_out(row: Question | dict[str, Any]) -> QuestionOut:
    values = row if isinstance(row, dict) else row.to_dict()
    return msgspec.convert(
        {**values, "competition_id": values["competition"], "track_id": values["track"]},
        QuestionOut,
        strict=False,
    )


def _stored_values(fields: QuestionFields) -> dict[str, Any]:
    values = msgspec.to_builtins(fields)
    values["track"] = values.pop("track_id")
    values.pop("position")
    return values


async def questions(competition_id: int) -> list[QuestionOut]:
    """Every question of the competition's form, in its order."""
    rows = (
        await Question.select()
        .where(Question.competition == competition_id)
        .order_by(Question.position)
        .order_by(Question.id)
        .output(load_json=True)
    )
    return [question_out(row) for row in rows]


async def form_for(competition_id: int, track_id: int | None) -> list[QuestionOut]:
    """The questions a project in ``track_id`` answers, in order (every question when
    ``track_id`` is None: a new project before its track is chosen)."""
    found = await questions(competition_id)
    return found if track_id is None else [q for q in found if applies(q, track_id)]


async def get_question(competition_id: int, question_id: int) -> QuestionOut:
    """The question, which must belong to the competition (else :class:`NotFound`)."""
    row = (
        await Question.select()
        .where((Question.id == question_id) & (Question.competition == competition_id))
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound()
    return question_out(row)


async def _checked(competition_id: int, fields: QuestionFields) -> QuestionFields:
    fields = check_question(fields)
    if fields.track_id is not None:
        try:
            await get_track(competition_id, fields.track_id)
        except NotFound:
            raise ValidationFailed.single(
                "track_id", N_("Choose one of the offered values.")
            ) from None
    return fields


async def add_question(competition_id: int, fields: QuestionFields, actor_id: int) -> QuestionOut:
    """A new question; it goes last unless a position is given."""
    async with writing():
        await get_competition(competition_id)
        fields = await _checked(competition_id, fields)
        if await Question.exists().where(
            (Question.competition == competition_id) & (Question.key == fields.key)
        ):
            raise ValidationFailed.single("key", KEY_TAKEN)
        position = fields.position
        if position is None:
            existing = await questions(competition_id)
            position = max((q.position for q in existing), default=-1) + 1
        values = _stored_values(fields)
        question = Question(competition=competition_id, position=position, **values)
        await question.save()
        await audit.record(
            actor_id=actor_id,
            entity="question",
            entity_id=question.id,
            action="created",
            after={"competition_id": competition_id, "position": position, **values},
        )
    return await get_question(competition_id, question.id)


def _refusal(proposed: QuestionOut, stored: list[StoredAnswers]) -> Conflict | None:
    """Why the proposed question would lose or break an answer already given, or None."""
    answered = [row for row in stored if proposed.key in row.answers]
    elsewhere = sum(1 for row in answered if not applies(proposed, row.track_id))
    if elsewhere:
        return Conflict(ANSWERS_WOULD_HIDE, count=elsewhere)
    broken = invalid_answers(proposed, (row.answers for row in answered))
    if broken:
        return Conflict(ANSWERS_WOULD_BREAK, count=broken)
    return None


async def update_question(
    competition_id: int, question_id: int, fields: QuestionFields, actor_id: int
) -> QuestionOut:
    """Change a question (its key is fixed) unless the change would break or hide answers."""
    async with writing():
        current = await get_question(competition_id, question_id)
        if fields.key != current.key:
            raise ValidationFailed.single("key", KEY_FIXED)
        fields = await _checked(competition_id, fields)
        position = current.position if fields.position is None else fields.position
        after = {**_stored_values(fields), "position": position}
        before = {name: getattr(current, name) for name in after if name != "track"}
        before["track"] = current.track_id
        before = msgspec.to_builtins(before)
        if before == after:
            return current
        proposed = question_out({**after, "id": question_id, "competition": competition_id})
        refusal = _refusal(proposed, await stored_answers(competition_id))
        if refusal is not None:
            raise refusal
        columns = {Question._meta.get_column_by_name(k): v for k, v in after.items()}
        await Question.update(columns).where(Question.id == question_id)
        changed = [key for key in after if before.get(key) != after[key]]
        await audit.record(
            actor_id=actor_id,
            entity="question",
            entity_id=question_id,
            action="updated",
            before={key: before.get(key) for key in changed},
            after={key: after[key] for key in changed},
        )
    return await get_question(competition_id, question_id)


async def reorder_questions(competition_id: int, positions: dict[int, int], actor_id: int) -> None:
    """Give questions new positions (question id -> position); others' ids are refused."""
    async with writing():
        current = {q.id: q for q in await questions(competition_id)}
        if any(question_id not in current for question_id in positions):
            raise NotFound()
        for question_id, position in positions.items():
            before = current[question_id].position
            if before == position:
                continue
            await Question.update({Question.position: position}).where(Question.id == question_id)
            await audit.record(
                actor_id=actor_id,
                entity="question",
                entity_id=question_id,
                action="updated",
                before={"position": before},
                after={"position": position},
            )


async def answer_counts(competition_id: int) -> dict[str, int]:
    """Question key -> how many projects answered it."""
    counts: dict[str, int] = {}
    for row in await stored_answers(competition_id):
        for key in row.answers:
            counts[key] = counts.get(key, 0) + 1
    return counts


async def delete_question(competition_id: int, question_id: int, actor_id: int) -> None:
    """Delete a question nobody answered; one with answers is refused (they would be lost)."""
    async with writing():
        current = await get_question(competition_id, question_id)
        count = (await answer_counts(competition_id)).get(current.key, 0)
        if count:
            raise Conflict(ANSWERED_NOT_DELETED, count=count)
        await Question.delete().where(Question.id == question_id)
        await audit.record(
            actor_id=actor_id,
            entity="question",
            entity_id=question_id,
            action="deleted",
            before=msgspec.to_builtins(current),
        )


async def checked_answers(
    competition_id: int, track_id: int, sent: dict[str, Any], *, complete: bool = False
) -> dict[str, Any]:
    """A project's answers, checked against its competition's form for its track (see
    :func:`judging.applications.answers.answers_for_track`)."""
    return answers_for_track(await questions(competition_id), track_id, sent, complete=complete)


async def project_answers(
    competition_id: int, track_id: int, answers: dict[str, Any]
) -> list[AnswerOut]:
    """Every answer a project gave to its form, written out (for its team and organizers;
    a judge's view is :func:`judging.reviews.judge_views.judge_project`)."""
    return shown_answers(await form_for(competition_id, track_id), answers)

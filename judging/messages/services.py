"""The rules of messages: who a segment reaches, how the message reads for one of them, and
sending it through the outbox, kept with its recipients.

An entrant is anyone on a matching project's team, its owner and co-founders (imported
projects without an account reach no one); one mail per person, naming all their matching
projects. A recipient who chose a
language gets the message in it, anyone else in both. Sending twice is two messages: nothing
here deduplicates by text.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import msgspec

from judging.accounts.tables import Account
from judging.applications import slots as application_slots
from judging.applications.answers import answers_for_track
from judging.applications.services import questions
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.database import writing
from judging.errors import Conflict, NotFound, ValidationFailed
from judging.i18n import (
    N_,
    format_datetime_local,
    format_list_local,
    format_number_local,
    translate,
)
from judging.messages.schemas import (
    MessageFields,
    MessageOut,
    Preview,
    Recipient,
    RecipientOut,
    Segment,
    SendRequest,
)
from judging.messages.tables import Message, MessageRecipient
from judging.messages.texts import TEXT_FIELDS, check_texts, fill
from judging.outbox.mails import MAIL_LOCALES
from judging.outbox.services import queue_mails
from judging.outbox.tables import OutboxMessage
from judging.reviews.progress import round_progress
from judging.submissions import attachments, participation, windows
from judging.submissions.tables import Submission, TeamMember

MAIL_KIND = "organizer_message"
NEEDS_ROUND = N_("Choose the round whose judges get the message.")
NEEDS_ROUND_FOR_OUTCOME = N_("Choose the round the outcome is about.")
NO_RECIPIENTS = N_("This message would reach nobody: no one matches the segment.")
NOT_CONFIRMED = N_("Check the preview, then confirm to send.")
LOCALES = ("en", "zh_CN")
# {result} of an entrant, for a segment by round.
ADMITTED = N_("taking part in %(round)s")
NOT_ADMITTED = N_("not taking part in %(round)s")


async def _check_segment(competition_id: int, segment: Segment) -> None:
    if segment.track_id is not None:
        try:
            await competitions.get_track(competition_id, segment.track_id)
        except NotFound:
            raise ValidationFailed.single(
                "track_id", N_("Choose one of the offered values.")
            ) from None
    if segment.round_id is not None:
        try:
            await competitions.get_round(competition_id, segment.round_id)
        except NotFound:
            raise ValidationFailed.single(
                "round_id", N_("Choose one of the offered values.")
            ) from None
    if segment.audience == "judges" and segment.round_id is None:
        raise ValidationFailed.single("round_id", NEEDS_ROUND)
    if segment.outcome == "not_in_round" and segment.round_id is None:
        raise ValidationFailed.single("round_id", NEEDS_ROUND_FOR_OUTCOME)


def _names(row: dict[str, Any], locale: str, field: str) -> str:
    return row[f"{field}_zh" if locale == "zh_CN" else f"{field}_en"] or row[f"{field}_en"]


async def _entrants(competition_id: int, segment: Segment, now: datetime) -> list[Recipient]:
    competition = await competitions.get_competition(competition_id)
    query = Submission.select(
        Submission.id,
        Submission.title,
        Submission.track,
        Submission.status,
        Submission.answers,
        Submission.owner.as_alias("account_id"),
        Submission.owner.email.as_alias("email"),
        Submission.owner.display_name.as_alias("name"),
        Submission.owner.locale.as_alias("locale"),
        Submission.track.name_en.as_alias("track_en"),
        Submission.track.name_zh.as_alias("track_zh"),
    ).where((Submission.competition == competition_id) & Submission.owner.is_not_null())
    if segment.track_id is not None:
        query = query.where(Submission.track == segment.track_id)
    if segment.status is not None:
        query = query.where(Submission.status == segment.status)
    rows = await query.order_by(Submission.id).output(load_json=True)
    round_names: dict[str, str] = {}
    if segment.round_id is not None:
        found = await competitions.get_round(competition_id, segment.round_id)
        round_names = {"en": found.name_en, "zh_CN": found.name_zh or found.name_en}
        taking_part = set(await participation.round_project_ids(segment.round_id))
        wanted = segment.outcome or "in_round"
        rows = [row for row in rows if (row["id"] in taking_part) == (wanted == "in_round")]
    if segment.missing_required:
        rows = await _lacking(competition_id, rows)
    window = await windows.submission_window(competition_id)
    # Everyone on a matching project's team: its owner and its co-founders.
    people: dict[int, dict[str, Any]] = {}
    by_account: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        people.setdefault(row["account_id"], row)
        by_account[row["account_id"]].append(row)
    matching = {row["id"]: row for row in rows}
    for member in await TeamMember.select(
        TeamMember.submission,
        TeamMember.account.as_alias("account_id"),
        TeamMember.account.email.as_alias("email"),
        TeamMember.account.display_name.as_alias("name"),
        TeamMember.account.locale.as_alias("locale"),
    ).where(
        TeamMember.submission.is_in(list(matching) or [0]) & TeamMember.accepted_at.is_not_null()
    ):
        people.setdefault(member["account_id"], member)
        by_account[member["account_id"]].append(matching[member["submission"]])
    recipients = []
    for account_id, projects in by_account.items():
        first = people[account_id]
        values = {}
        for locale in LOCALES:
            values[locale] = {
                "name": first["name"],
                "project": format_list_local([p["title"] for p in projects], locale),
                "track": format_list_local(
                    list(dict.fromkeys(_names(p, locale, "track") for p in projects)), locale
                ),
                "round": round_names.get(locale, ""),
                "result": _result(segment, round_names, locale),
                "deadline": format_datetime_local(window.closes_at, locale, competition.timezone)
                if window.closes_at
                else "",
            }
        recipients.append(
            Recipient(
                account_id=account_id,
                email=first["email"],
                name=first["name"],
                locale=first["locale"] or "",
                values=values,
            )
        )
    return recipients


def _answers_complete(form: list[Any], row: dict[str, Any]) -> bool:
    try:
        answers_for_track(form, row["track"], row["answers"] or {}, complete=True)
    except ValidationFailed:
        return False
    return True


async def _lacking(competition_id: int, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The projects still lacking a required answer or file (the form, the slots and the
    files given read once for all of them)."""
    form = await questions(competition_id)
    slots = await application_slots.slots(competition_id)
    given = await attachments.slots_given(row["id"] for row in rows)
    return [
        row
        for row in rows
        if not _answers_complete(form, row)
        or attachments.missing_slots(slots, row["track"], given.get(row["id"], set()))
    ]


def _result(segment: Segment, round_names: dict[str, str], locale: str) -> str:
    """{result}: where the recipient's projects stand in the segment's round."""
    if segment.round_id is None:
        return ""
    outcome = ADMITTED if (segment.outcome or "in_round") == "in_round" else NOT_ADMITTED
    return translate(locale, outcome, round=round_names.get(locale, ""))


async def _judges(competition_id: int, segment: Segment, now: datetime) -> list[Recipient]:
    assert segment.round_id is not None
    progress = await round_progress(competition_id, segment.round_id, now)
    judging = progress.round
    accounts = {
        row["id"]: row
        for row in await Account.select(Account.id, Account.locale).where(
            Account.id.is_in([judge.judge_id for judge in progress.judges] or [0])
        )
    }
    recipients = []
    for judge in progress.judges:
        if segment.work_left and not judge.left:
            continue
        values = {
            locale: {
                "name": judge.display_name,
                "round": judging.name_zh
                if locale == "zh_CN" and judging.name_zh
                else judging.name_en,
                "left": format_number_local(judge.left, locale, 0),
                "deadline": format_datetime_local(
                    judging.judging_closes_at, locale, judging.timezone
                )
                if judging.judging_closes_at
                else "",
            }
            for locale in LOCALES
        }
        recipients.append(
            Recipient(
                account_id=judge.judge_id,
                email=judge.email,
                name=judge.display_name,
                locale=(accounts.get(judge.judge_id) or {}).get("locale") or "",
                values=values,
            )
        )
    return recipients


async def recipients(competition_id: int, segment: Segment, now: datetime) -> list[Recipient]:
    """Everyone the segment reaches, in a stable order, with their placeholders' values."""
    await _check_segment(competition_id, segment)
    if segment.audience == "judges":
        return await _judges(competition_id, segment, now)
    return await _entrants(competition_id, segment, now)


def _texts(fields: MessageFields, recipient: Recipient) -> dict[str, str]:
    return {
        field: fill(
            getattr(fields, field),
            recipient.values["zh_CN" if field.endswith("_zh") else "en"],
        )
        for field in TEXT_FIELDS
    }


async def preview(competition_id: int, fields: MessageFields, now: datetime) -> Preview:
    """How many the message reaches, and how it reads for the first of them."""
    check_texts(fields)
    found = await recipients(competition_id, fields, now)
    if not found:
        return Preview(
            recipients=0,
            email=None,
            subject_en=fields.subject_en,
            subject_zh=fields.subject_zh,
            body_en=fields.body_en,
            body_zh=fields.body_zh,
        )
    return Preview(recipients=len(found), email=found[0].email, **_texts(fields, found[0]))


def _segment_of(fields: MessageFields) -> Segment:
    return msgspec.convert(
        {name: getattr(fields, name) for name in Segment.__struct_fields__}, Segment
    )


async def send(
    competition_id: int, request: SendRequest, actor_id: int, now: datetime
) -> MessageOut:
    """Queue the message for everyone the segment reaches now, one mail each in their
    language, and keep it with its recipients; refused unless confirmed and reaching someone."""
    check_texts(request)
    if not request.confirm:
        raise Conflict(NOT_CONFIRMED)
    found = await recipients(competition_id, request, now)
    if not found:
        raise Conflict(NO_RECIPIENTS)
    segment = msgspec.to_builtins(_segment_of(request))
    async with writing():
        message = Message(
            competition=competition_id,
            subject_en=request.subject_en,
            subject_zh=request.subject_zh,
            body_en=request.body_en,
            body_zh=request.body_zh,
            segment=segment,
            recipients=len(found),
            sent_by=actor_id,
            sent_at=now,
        )
        await message.save()
        mails = []
        for recipient in found:
            texts = _texts(request, recipient)
            locales = (recipient.locale,) if recipient.locale in MAIL_LOCALES else MAIL_LOCALES
            mails.append(
                (
                    recipient.email,
                    MAIL_KIND,
                    {
                        "locales": locales,
                        "subjects": {"en": texts["subject_en"], "zh_CN": texts["subject_zh"]},
                        "bodies": {"en": texts["body_en"], "zh_CN": texts["body_zh"]},
                    },
                )
            )
        outbox_ids = await queue_mails(mails, competition_id=competition_id)
        await MessageRecipient.insert(
            *[
                MessageRecipient(
                    message=message.id,
                    account=recipient.account_id,
                    email=recipient.email,
                    name=recipient.name,
                    locale=recipient.locale,
                    outbox_id=outbox_id,
                )
                for recipient, outbox_id in zip(found, outbox_ids, strict=True)
            ]
        )
        await audit.record(
            actor_id=actor_id,
            entity="message",
            entity_id=message.id,
            action="message_sent",
            after={
                "competition_id": competition_id,
                "subject_en": request.subject_en,
                "segment": segment,
                "recipients": len(found),
            },
        )
    return await get_message(competition_id, message.id)


def _out(row: dict[str, Any]) -> MessageOut:
    return msgspec.convert(
        {**row, "competition_id": row["competition"], "segment": row["segment"] or {}},
        MessageOut,
        strict=False,
    )


async def messages(competition_id: int) -> list[MessageOut]:
    """The competition's sent messages, newest first (its mail log)."""
    rows = (
        await Message.select()
        .where(Message.competition == competition_id)
        .order_by(Message.id, ascending=False)
        .output(load_json=True)
    )
    return [_out(row) for row in rows]


async def get_message(competition_id: int, message_id: int) -> MessageOut:
    row = (
        await Message.select()
        .where((Message.id == message_id) & (Message.competition == competition_id))
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound()
    return _out(row)


async def message_recipients(message_id: int) -> list[RecipientOut]:
    """Who a message went to, and whether the outbox has delivered each mail."""
    rows = (
        await MessageRecipient.select(
            MessageRecipient.email,
            MessageRecipient.name,
            MessageRecipient.locale,
            MessageRecipient.outbox_id,
        )
        .where(MessageRecipient.message == message_id)
        .order_by(MessageRecipient.id)
    )
    sent = {
        row["id"]
        for row in await OutboxMessage.select(OutboxMessage.id).where(
            OutboxMessage.id.is_in([row["outbox_id"] for row in rows if row["outbox_id"]] or [0])
            & OutboxMessage.sent_at.is_not_null()
        )
    }
    return [
        RecipientOut(
            email=row["email"],
            name=row["name"],
            locale=row["locale"],
            delivered=row["outbox_id"] in sent,
        )
        for row in rows
    ]

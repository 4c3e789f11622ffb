"""The organizers' list of a competition's projects: filters, search and paging.

Queries stay cheap at tens of thousands of projects: the filters hit indexed columns, search is
a substring match on the pre-computed ``search_text``, and a page is one ``LIMIT/OFFSET`` query
ordered by id plus one ``COUNT`` with the same conditions.
"""

from __future__ import annotations

import asyncio
import math
from datetime import datetime
from typing import Annotated, Any

import msgspec
from piccolo.columns.combination import Combinable, WhereRaw

from judging.competitions.tables import Track
from judging.errors import NotFound
from judging.submissions.schemas import AnswerValue
from judging.submissions.tables import Submission, SubmissionStatus
from judging.web.forms import query_string

PAGE_SIZE = 50
# The status filter's type (the organizers' controllers name it).
Status = SubmissionStatus
# LIKE treats % and _ as wildcards; searching for them literally needs an escape character.
_LIKE_ESCAPE = "!"


class SubmissionFilters(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=False):
    """What the organizer narrowed the list to; the same for the page, the API and the exports."""

    track: int | None = None
    status: Status | None = None
    country: Annotated[str, msgspec.Meta(pattern=r"^([A-Za-z]{2})?$")] = ""
    q: Annotated[str, msgspec.Meta(max_length=200)] = ""
    page: Annotated[int, msgspec.Meta(ge=1)] = 1

    def query_string(self, **changes: Any) -> str:
        """These filters as a query string (defaults left out), with ``changes`` applied."""
        return query_string(self, **changes)


class SubmissionRow(msgspec.Struct, kw_only=True):
    """One project as the organizer's list, the API and the exports show it."""

    id: int
    title: str
    track_id: int
    track_key: str
    track_name_en: str
    track_name_zh: str
    status: SubmissionStatus
    status_reason: str
    organization: str
    country: str
    team: list[str]
    contact_name: str
    contact_email: str
    website: str
    video_url: str
    submitted_at: datetime | None
    has_deck: bool
    # The application form's answers, question key -> value as stored.
    answers: dict[str, AnswerValue] = msgspec.field(default_factory=dict)


class SubmissionPage(msgspec.Struct, kw_only=True):
    """One page of the filtered list and where it sits in the whole."""

    items: list[SubmissionRow]
    total: int
    page: int
    page_size: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _search_condition(text: str) -> WhereRaw:
    needle = text.strip().casefold()
    for special in (_LIKE_ESCAPE, "%", "_"):
        needle = needle.replace(special, _LIKE_ESCAPE + special)
    # Same SQL on SQLite and PostgreSQL; search_text is stored casefolded, so is the needle.
    return WhereRaw(
        f'"submission"."search_text" LIKE {{}} ESCAPE \'{_LIKE_ESCAPE}\'', f"%{needle}%"
    )


def conditions(competition_id: int, filters: SubmissionFilters) -> Combinable:
    """The WHERE clause of ``filters`` within one competition."""
    where: Combinable = Submission.competition == competition_id
    if filters.track is not None:
        where = where & (Submission.track == filters.track)
    if filters.status:
        where = where & (Submission.status == filters.status)
    if filters.country:
        where = where & (Submission.country == filters.country.upper())
    if filters.q.strip():
        where = where & _search_condition(filters.q)
    return where


def _select():  # type: ignore[no-untyped-def]
    return Submission.select(
        Submission.id,
        Submission.title,
        Submission.track.as_alias("track_id"),
        Submission.track.key.as_alias("track_key"),
        Submission.track.name_en.as_alias("track_name_en"),
        Submission.track.name_zh.as_alias("track_name_zh"),
        Submission.status,
        Submission.status_reason,
        Submission.organization,
        Submission.country,
        Submission.team,
        Submission.contact_name,
        Submission.contact_email,
        Submission.website,
        Submission.video_url,
        Submission.submitted_at,
        Submission.deck_sha256,
        Submission.answers,
    ).output(load_json=True)


def _row(record: dict[str, Any]) -> SubmissionRow:
    team = record.pop("team") or []
    deck = record.pop("deck_sha256")
    if not isinstance(record.get("answers"), dict):
        record["answers"] = {}
    return SubmissionRow(
        **record,
        team=[member.get("name", "") for member in team if isinstance(member, dict)],
        has_deck=bool(deck),
    )


async def submission_page(competition_id: int, filters: SubmissionFilters) -> SubmissionPage:
    """The page ``filters.page`` of the filtered projects, newest first, and the total."""
    where = conditions(competition_id, filters)
    # Two independent reads: running them side by side halves the wait on either backend.
    total, records = await asyncio.gather(
        Submission.count().where(where).run(),
        _select()
        .where(where)
        .order_by(Submission.id, ascending=False)
        .limit(PAGE_SIZE)
        .offset((filters.page - 1) * PAGE_SIZE)
        .run(),
    )
    return SubmissionPage(
        items=[_row(record) for record in records],
        total=total,
        page=filters.page,
        page_size=PAGE_SIZE,
        pages=max(1, math.ceil(total / PAGE_SIZE)),
    )


async def all_filtered(competition_id: int, filters: SubmissionFilters) -> list[SubmissionRow]:
    """Every project the filters select (all pages), newest first, for the exports."""
    records = (
        await _select()
        .where(conditions(competition_id, filters))
        .order_by(Submission.id, ascending=False)
    )
    return [_row(record) for record in records]


async def tracks_of(competition_id: int) -> list[dict[str, Any]]:
    """The competition's tracks in their display order, for the filter."""
    return (
        await Track.select(Track.id, Track.key, Track.name_en, Track.name_zh)
        .where(Track.competition == competition_id)
        .order_by(Track.position)
        .order_by(Track.id)
    )


async def countries_in(competition_id: int) -> list[str]:
    """The country codes the competition's projects name, for the filter."""
    rows = (
        await Submission.select(Submission.country)
        .distinct()
        .where((Submission.competition == competition_id) & (Submission.country != ""))
        .order_by(Submission.country)
    )
    return [row["country"] for row in rows]


async def project_for_organizer(competition_id: int, submission_id: int) -> dict[str, Any]:
    """Every field of one project of the competition, with its track and owner, for organizers."""
    record = (
        await Submission.select(
            Submission.all_columns(),
            Submission.track.key.as_alias("track_key"),
            Submission.track.name_en.as_alias("track_name_en"),
            Submission.track.name_zh.as_alias("track_name_zh"),
            Submission.owner.email.as_alias("owner_email"),
            Submission.owner.display_name.as_alias("owner_name"),
        )
        .where((Submission.id == submission_id) & (Submission.competition == competition_id))
        .output(load_json=True)
        .first()
    )
    if record is None:
        raise NotFound()
    return record

"""Publishing a round's ranking as an immutable, numbered snapshot, and reading the
published versions back for the organizers.

What a snapshot holds is in :mod:`judging.results.publication.snapshots`; what the pages show
beside its numbers, frozen, in :mod:`judging.results.publication.shown`.

Snapshots are only ever inserted. Nothing in the platform updates or deletes one (a test
checks the code base for such a path); publishing again makes version ``n + 1``, and the
unique index on (round, version) refuses a second row with a number already taken.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from piccolo.query.functions.aggregate import Max

import scoring
from judging import events
from judging.accounts.tables import Account
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.competitions.rubric import round_rubric
from judging.database import writing
from judging.errors import Conflict, DomainError, NotFound, ValidationFailed
from judging.i18n import N_
from judging.outbox.services import queue_mails
from judging.results.publication.exports import export_links
from judging.results.publication.schemas import (
    PublicationDetail,
    PublicationOut,
    PublicationSummary,
    Verification,
)
from judging.results.publication.shown import shown_document
from judging.results.publication.snapshots import (
    canonical_json,
    cli_command,
    content_hash,
    policy_document,
    policy_from,
    ranking_rows,
    rubric_document,
    verify,
)
from judging.results.publication.tables import RankingSnapshot
from judging.results.sheets.score_sheet import anonymized, rank_sheet_text, round_sheet, sheet_csv
from judging.submissions.tables import Submission

NOTHING_TO_PUBLISH = N_(
    "There is nothing to publish yet: no submitted scorecard of this round counts."
)
RUBRIC_INCOMPLETE = N_("The rubric of this round is not complete yet, so nothing can be ranked.")
CONFIRM_PUBLICATION = N_(
    "Nothing was published: publishing makes version %(version)s public and queues "
    "%(mails)s result mails. Confirm to publish (API: send confirm: true)."
)
VERSION_TAKEN = N_(
    "Version %(version)s was published meanwhile by someone else. Nothing was published: "
    "review what publishing now would do and confirm again."
)
RESULTS_MAIL = "results_published"
# Ids per IN (...) query when reading the ranked projects.
_CHUNK = 900


# ---------------------------------------------------------------- preparing and publishing


@dataclass(frozen=True)
class Prepared:
    """What publishing the round now would store, and a few counts for the organizers."""

    round_id: int
    policy: dict[str, Any]
    rubric_json: str
    scores_csv: str
    ranking_csv: str
    table: Any  # the ranking as a DataFrame (scoring.RankingResult.table)
    n_cards: int
    n_judges: int
    n_taking_part: int

    @property
    def n_scored(self) -> int:
        return len(self.table)

    @property
    def n_ranked(self) -> int:
        return int(self.table["rank"].notna().sum())

    @property
    def n_flagged(self) -> int:
        return int(self.table["flagged"].sum())


def _compute(sheet: Any, criteria_rows: list[dict[str, Any]]) -> Prepared:
    scores = sheet.scores
    scores_csv = sheet_csv(anonymized(scores))
    rubric_json = rubric_document(sheet.rubric, criteria_rows)
    # Ranked from the exported text, exactly as an auditor's CLI run reads it back.
    result = rank_sheet_text(scores_csv, scoring.Rubric.from_json(rubric_json), sheet.policy)
    n_cards = len(scores.drop_duplicates(["submission_id", "judge_id"])) if len(scores) else 0
    return Prepared(
        round_id=sheet.round_id,
        policy=policy_document(sheet.policy),
        rubric_json=rubric_json,
        scores_csv=scores_csv,
        ranking_csv=scoring.ranking_to_csv(result.table),
        table=result.table,
        n_cards=n_cards,
        n_judges=int(scores["judge_id"].nunique()) if len(scores) else 0,
        n_taking_part=len(sheet.projects),
    )


async def prepare(competition_id: int, round_id: int) -> Prepared:
    """The snapshot publishing the round would make now (nothing is stored)."""
    await competitions.get_round(competition_id, round_id)
    try:
        sheet = await round_sheet(round_id)
    except scoring.ScoringInputError:
        raise Conflict(RUBRIC_INCOMPLETE) from None
    criteria_rows = await round_rubric(round_id)
    return await asyncio.to_thread(_compute, sheet, criteria_rows)


async def latest_version(round_id: int) -> int:
    """The highest published version of the round (0 when none)."""
    row = (
        await RankingSnapshot.select(Max(RankingSnapshot.version).as_alias("latest"))
        .where(RankingSnapshot.round == round_id)
        .first()
    )
    return int(row["latest"]) if row and row["latest"] is not None else 0


async def publish(
    competition_id: int,
    round_id: int,
    actor: Account,
    now: datetime,
    base_url: str,
    notify_entrants: bool = False,
    *,
    confirm: bool = False,
    expected_version: int | None = None,
) -> PublicationOut:
    """Publish the round's current ranking as the next version; returns what was stored.

    Publishing is public and mails entrants, so nothing happens without ``confirm`` (refused
    with a field error on ``confirm`` saying what would happen, see :func:`publish_preview`);
    with ``expected_version``, the version the organizer confirmed, nothing happens either
    when someone published that number meanwhile (:class:`Conflict`).

    The first publication of a round mails the owner of every scored project; later ones
    mail nobody unless ``notify_entrants``. A round without any counted scorecard is refused
    with :class:`Conflict`. Two organizers publishing at the same instant cannot both take a
    version number: the unique index refuses the second (409).
    """
    async with writing():
        prepared = await prepare(competition_id, round_id)
        if prepared.n_cards == 0:
            raise Conflict(NOTHING_TO_PUBLISH)
        version = await latest_version(round_id) + 1
        if expected_version is not None and expected_version != version:
            raise Conflict(VERSION_TAKEN, version=expected_version)
        mails_wanted = (
            await _result_mails(competition_id, round_id, prepared, base_url)
            if version == 1 or notify_entrants
            else []
        )
        if not confirm:
            raise ValidationFailed.single(
                "confirm", CONFIRM_PUBLICATION, version=version, mails=len(mails_wanted)
            )
        digest = content_hash(
            round_id,
            version,
            prepared.policy,
            prepared.rubric_json,
            prepared.scores_csv,
            prepared.ranking_csv,
        )
        snapshot = RankingSnapshot(
            round=round_id,
            version=version,
            policy=canonical_json(prepared.policy),
            rubric_json=prepared.rubric_json,
            scores_csv=prepared.scores_csv,
            ranking_csv=prepared.ranking_csv,
            content_hash=digest,
            published_by=actor.id,
            published_at=now,
            shown_json=await shown_document(
                competition_id,
                round_id,
                [row.submission_id for row in ranking_rows(prepared.ranking_csv)],
            ),
        )
        await RankingSnapshot.insert(snapshot)
        mails = (
            len(await queue_mails(mails_wanted, competition_id=competition_id))
            if mails_wanted
            else 0
        )
        await audit.record(
            actor_id=actor.id,
            entity="round",
            entity_id=round_id,
            action="published",
            after={
                "version": version,
                "content_hash": digest,
                "snapshot_id": snapshot.id,
                "ranked": prepared.n_ranked,
                "mails": mails,
            },
        )
    await events.announce(
        events.ROUND_PUBLISHED, competition_id=competition_id, round_id=round_id, version=version
    )
    return PublicationOut(
        round_id=round_id,
        version=version,
        content_hash=digest,
        published_at=now,
        published_by=actor.display_name,
        ranked=prepared.n_ranked,
        scored=prepared.n_scored,
        mails_queued=mails,
    )


def _score_text(score: float | None) -> str:
    return "" if score is None or math.isnan(score) else f"{score:.2f}"


@dataclass(frozen=True)
class PublishPreview:
    """What publishing the round now would do: the version it makes and the mails it queues."""

    prepared: Prepared
    version: int
    mails: int
    notify_entrants: bool


async def publish_preview(
    competition_id: int, round_id: int, base_url: str, notify_entrants: bool = False
) -> PublishPreview:
    """What :func:`publish` would store and send now (nothing is stored); :class:`Conflict`
    when there is nothing to publish."""
    prepared = await prepare(competition_id, round_id)
    if prepared.n_cards == 0:
        raise Conflict(NOTHING_TO_PUBLISH)
    version = await latest_version(round_id) + 1
    mails = (
        await _result_mails(competition_id, round_id, prepared, base_url)
        if version == 1 or notify_entrants
        else []
    )
    return PublishPreview(
        prepared=prepared, version=version, mails=len(mails), notify_entrants=notify_entrants
    )


async def _result_mails(
    competition_id: int, round_id: int, prepared: Prepared, base_url: str
) -> list[tuple[str, str, dict[str, Any]]]:
    """One mail per scored project with an owner account (to, kind, context)."""
    rows = ranking_rows(prepared.ranking_csv)
    ranked_in_track: dict[str, int] = {}
    for row in rows:
        if row.track_rank is not None:
            ranked_in_track[row.track] = ranked_in_track.get(row.track, 0) + 1
    ids = [row.submission_id for row in rows]
    owners: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        for found in await Submission.select(
            Submission.id,
            Submission.title,
            Submission.owner.email.as_alias("email"),
        ).where(Submission.id.is_in(ids[start : start + _CHUNK]) & Submission.owner.is_not_null()):
            owners[found["id"]] = found
    # The track a project was ranked in (by key in the ranking), even if it moved since.
    tracks = {track["key"]: track for track in await competitions.tracks(competition_id)}
    competition = await competitions.get_competition(competition_id)
    current = await competitions.get_round(competition_id, round_id)
    mails = []
    for row in rows:
        owner = owners.get(row.submission_id)
        if owner is None or not owner["email"]:
            continue
        context = {
            "title": owner["title"],
            "competition_en": competition.name_en,
            "competition_zh": competition.name_zh,
            "round_en": current.name_en,
            "round_zh": current.name_zh,
            "track_en": tracks.get(row.track, {}).get("name_en", row.track),
            "track_zh": tracks.get(row.track, {}).get("name_zh", row.track),
            "ranked": row.track_rank is not None,
            "track_rank": row.track_rank,
            "ranked_in_track": ranked_in_track.get(row.track, 0),
            "score": _score_text(row.score),
            "link": f"{base_url.rstrip('/')}/projects/{row.submission_id}",
        }
        mails.append((owner["email"], RESULTS_MAIL, context))
    return mails


# ---------------------------------------------------------------- reading the published versions


# The stored snapshot record whole (its documents byte for byte), for exports and verify().
async def snapshot_row(competition_id: int, round_id: int, version: int) -> dict[str, Any]:
    """A stored snapshot of a round of the competition, else :class:`NotFound`."""
    await competitions.get_round(competition_id, round_id)
    row = (
        await RankingSnapshot.select()
        .where((RankingSnapshot.round == round_id) & (RankingSnapshot.version == version))
        .first()
    )
    if row is None:
        raise NotFound()
    return row


def _summary(row: Mapping[str, Any]) -> PublicationSummary:
    return PublicationSummary(
        round_id=row["round"],
        version=row["version"],
        content_hash=row["content_hash"],
        published_at=row["published_at"],
        published_by=row.get("published_by_name") or "",
    )


async def _snapshot_rows(round_id: int, version: int | None = None) -> list[dict[str, Any]]:
    query = RankingSnapshot.select(
        RankingSnapshot.all_columns(),
        RankingSnapshot.published_by.display_name.as_alias("published_by_name"),
    ).where(RankingSnapshot.round == round_id)
    if version is not None:
        query = query.where(RankingSnapshot.version == version)
    return await query.order_by(RankingSnapshot.version, ascending=False)


async def publications(competition_id: int, round_id: int) -> list[PublicationSummary]:
    """The round's published versions, newest first, without their texts."""
    await competitions.get_round(competition_id, round_id)
    rows = (
        await RankingSnapshot.select(
            RankingSnapshot.round,
            RankingSnapshot.version,
            RankingSnapshot.content_hash,
            RankingSnapshot.published_at,
            RankingSnapshot.published_by.display_name.as_alias("published_by_name"),
        )
        .where(RankingSnapshot.round == round_id)
        .order_by(RankingSnapshot.version, ascending=False)
    )
    return [_summary(row) for row in rows]


async def publication_detail(competition_id: int, round_id: int, version: int) -> PublicationDetail:
    """A published version with a fresh verification, the CLI command and its exports."""
    await competitions.get_round(competition_id, round_id)
    rows = await _snapshot_rows(round_id, version)
    if not rows:
        raise NotFound()
    row = rows[0]
    check = await asyncio.to_thread(verify, row)
    policy = policy_from(row["policy"])
    summary = _summary(row)
    return PublicationDetail(
        round_id=round_id,
        version=version,
        content_hash=summary.content_hash,
        published_at=summary.published_at,
        published_by=summary.published_by,
        policy=policy,
        verification=check,
        cli_command=cli_command(round_id, version, policy),
        exports=export_links(competition_id, round_id, version),
    )


@dataclass(frozen=True)
class Overview:
    """The organizers' view of a round's publications.

    ``prepared`` is what publishing now would store (None, with ``problem`` saying why, when
    nothing can be published); ``versions`` pairs each published version, newest first, with
    its verification; ``unchanged`` is true when the latest version already holds exactly
    the current ranking and sheet.
    """

    prepared: Prepared | None
    problem: DomainError | None
    versions: list[tuple[PublicationSummary, Verification]]
    unchanged: bool
    policy: dict[str, Any]
    cli_command: str


async def overview(competition_id: int, round_id: int) -> Overview:
    """Everything the organizers' publication page shows."""
    await competitions.get_round(competition_id, round_id)
    prepared: Prepared | None = None
    problem: DomainError | None = None
    try:
        prepared = await prepare(competition_id, round_id)
        if prepared.n_cards == 0:
            problem = Conflict(NOTHING_TO_PUBLISH)
    except Conflict as refusal:
        problem = refusal
    rows = await _snapshot_rows(round_id)
    checks = await asyncio.to_thread(lambda: [verify(row) for row in rows])
    latest = rows[0] if rows else None
    unchanged = (
        latest is not None
        and prepared is not None
        and latest["ranking_csv"] == prepared.ranking_csv
        and latest["scores_csv"] == prepared.scores_csv
        and latest["rubric_json"] == prepared.rubric_json
        and policy_from(latest["policy"]) == prepared.policy
    )
    policy = prepared.policy if prepared is not None else {}
    return Overview(
        prepared=prepared,
        problem=problem,
        versions=[(_summary(row), check) for row, check in zip(rows, checks, strict=True)],
        unchanged=unchanged,
        policy=policy,
        cli_command=cli_command(round_id, latest["version"], policy_from(latest["policy"]))
        if latest is not None
        else "",
    )


async def published_round_ids(competition_id: int) -> set[int]:
    """Rounds of the competition with at least one published version."""
    rows = (
        await RankingSnapshot.select(RankingSnapshot.round)
        .where(RankingSnapshot.round.competition == competition_id)
        .distinct()
    )
    return {row["round"] for row in rows}

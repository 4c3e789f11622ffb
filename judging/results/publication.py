"""Publishing a round's ranking as an immutable, numbered snapshot, and checking one.

A snapshot keeps exactly what an auditor needs: the anonymized score sheet (``scores_csv``,
judges as J1, J2, ...), the rubric (``rubric_json``), the policy, and the ranking computed
*from that text* (``ranking_csv``), so ``python -m scoring rank`` run on the exports writes
the same bytes. ``content_hash`` is the SHA-256 of :func:`hash_document`: a canonical JSON
object (keys sorted, no whitespace) of the round id, the version, the policy and the three
texts.

Beside the numbers a snapshot freezes what the pages show about them (``shown_json``, see
:func:`shown_document`): project titles, organizations and teams (names and roles), track,
round and competition names as they were at publication, so a later edit changes no
published page, file or live board. It is not part of the hash: it does not enter the
ranking an auditor recomputes.

Snapshots are only ever inserted. Nothing in the platform updates or deletes one (a test
checks the code base for such a path); publishing again makes version ``n + 1``, and the
unique index on (round, version) refuses a second row with a number already taken.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec
import pandas as pd
from piccolo.query.functions.aggregate import Max

import scoring
from judging.accounts.tables import Account
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.competitions.rubric import round_rubric
from judging.database import writing
from judging.errors import Conflict, DomainError, NotFound, ValidationFailed
from judging.i18n import N_
from judging.outbox.services import queue_mails
from judging.results.publication_schemas import (
    ExportLinks,
    PublicationDetail,
    PublicationOut,
    PublicationSummary,
    Verification,
)
from judging.results.sheets.score_sheet import anonymized, rank_sheet_text, round_sheet, sheet_csv
from judging.results.tables import RankingSnapshot
from judging.submissions.exports import XLSX_MEDIA_TYPE, to_xlsx
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
# Columns of ranking_csv before the criteria (see docs/scoring.md, RANKING.csv).
RANKING_COLUMNS = (
    "submission_id",
    "track",
    "score",
    "rank",
    "track_rank",
    "n_judges",
    "flagged",
    "score_std",
)
_CHUNK = 900


# ---------------------------------------------------------------- canonical texts


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: the same text for the same value, every run."""
    return msgspec.json.encode(value, order="sorted").decode()


def policy_document(policy: scoring.Policy) -> dict[str, Any]:
    """The policy as a plain mapping (the stored ``policy`` column, keys as the CLI's flags)."""
    return msgspec.structs.asdict(policy)


def rubric_document(rubric: scoring.Rubric, criteria_rows: Iterable[Mapping[str, Any]]) -> str:
    """``RUBRIC.json`` of the round: what the CLI reads, plus the criteria's labels.

    The labels (``label_en``, ``label_zh``) are ignored by the scoring module; they let the
    pages name the criterion averages of a snapshot without another source.
    """
    labels = {row["key"]: row for row in criteria_rows}
    criteria = [
        {
            "key": criterion.key,
            "weight": criterion.weight,
            "min": criterion.min,
            "max": criterion.max,
            "label_en": labels.get(criterion.key, {}).get("label_en", ""),
            "label_zh": labels.get(criterion.key, {}).get("label_zh", ""),
        }
        for criterion in rubric.criteria
    ]
    return canonical_json({"criteria": criteria, "tie_breakers": list(rubric.tie_breakers)})


def policy_from(stored: str | bytes | Mapping[str, Any]) -> dict[str, Any]:
    """The stored ``policy`` column (JSON text, or already decoded) as a mapping."""
    if isinstance(stored, str | bytes):
        return msgspec.json.decode(stored)
    return dict(stored)


def hash_document(
    round_id: int,
    version: int,
    policy: Mapping[str, Any],
    rubric_json: str,
    scores_csv: str,
    ranking_csv: str,
) -> bytes:
    """The canonical bytes :func:`content_hash` digests (UTF-8 JSON, keys sorted)."""
    document = {
        "round": round_id,
        "version": version,
        "policy": dict(policy),
        "rubric_json": rubric_json,
        "scores_csv": scores_csv,
        "ranking_csv": ranking_csv,
    }
    return msgspec.json.encode(document, order="sorted")


def content_hash(
    round_id: int,
    version: int,
    policy: Mapping[str, Any],
    rubric_json: str,
    scores_csv: str,
    ranking_csv: str,
) -> str:
    """SHA-256 (hex) of the snapshot's inputs and output, see :func:`hash_document`."""
    document = hash_document(round_id, version, policy, rubric_json, scores_csv, ranking_csv)
    return hashlib.sha256(document).hexdigest()


def cli_arguments(policy: Mapping[str, Any], scores: str, rubric: str, out: str) -> list[str]:
    """Arguments of ``python -m scoring`` that recompute a snapshot's ranking from its files."""
    return [
        "rank",
        scores,
        "--rubric",
        rubric,
        "--out",
        out,
        "--normalize",
        str(policy["normalize"]),
        "--aggregate",
        str(policy["aggregate"]),
        "--trim",
        str(policy["trim"]),
        "--min-judges",
        str(policy["min_judges"]),
        # repr() of a float reads back as the same float.
        "--disagreement",
        repr(float(policy["disagreement"])),
    ]


def export_name(round_id: int, version: int, kind: str) -> str:
    """File name of an export, e.g. ``round-3-v2-scores.csv``."""
    return f"round-{round_id}-v{version}-{kind}"


def cli_command(round_id: int, version: int, policy: Mapping[str, Any]) -> str:
    """The shell command an auditor runs on the downloaded files of a version."""
    arguments = cli_arguments(
        policy,
        export_name(round_id, version, "scores.csv"),
        export_name(round_id, version, "rubric.json"),
        "recomputed-ranking.csv",
    )
    return "python -m scoring " + " ".join(arguments)


# ---------------------------------------------------------------- reading a ranking text


@dataclass(frozen=True)
class RankedRow:
    """One line of a published ``ranking_csv``."""

    submission_id: int
    track: str
    score: float | None
    rank: int | None
    track_rank: int | None
    n_judges: int
    flagged: bool
    criteria: dict[str, float | None]


def _float(text: str) -> float | None:
    return float(text) if text else None


def _int(text: str) -> int | None:
    return int(text) if text else None


def ranking_rows(ranking_csv: str) -> list[RankedRow]:
    """The lines of a published ranking, in their published order."""
    reader = csv.DictReader(io.StringIO(ranking_csv))
    criterion_keys = [name for name in reader.fieldnames or [] if name not in RANKING_COLUMNS]
    return [
        RankedRow(
            submission_id=int(line["submission_id"]),
            track=line["track"],
            score=_float(line["score"]),
            rank=_int(line["rank"]),
            track_rank=_int(line["track_rank"]),
            n_judges=int(line["n_judges"]),
            flagged=line["flagged"] == "true",
            criteria={key: _float(line[key]) for key in criterion_keys},
        )
        for line in reader
    ]


def rubric_labels(rubric_json: str) -> list[dict[str, str]]:
    """``key``, ``label_en`` and ``label_zh`` of each criterion of a snapshot's rubric."""
    document = msgspec.json.decode(rubric_json)
    return [
        {
            "key": item["key"],
            "label_en": item.get("label_en") or item["key"],
            "label_zh": item.get("label_zh") or item["key"],
        }
        for item in document["criteria"]
    ]


# ---------------------------------------------------------------- what the pages show, frozen


@dataclass(frozen=True)
class Shown:
    """A snapshot's frozen display values (``shown_json`` decoded).

    ``projects`` maps a submission id to its ``title``, ``organization``, ``team`` (name and
    role of each member) and ``track_key``; ``tracks`` maps a track key to its ``name_en``,
    ``name_zh`` and ``position``; ``round`` and ``competition`` hold ``name_en``/``name_zh``.
    """

    projects: dict[int, dict[str, Any]]
    tracks: dict[str, dict[str, Any]]
    round: dict[str, str]
    competition: dict[str, str]


def _team_shown(team: Any) -> list[dict[str, str]]:
    if isinstance(team, str | bytes):
        team = msgspec.json.decode(team or "[]")
    return [
        {"name": str(member.get("name", "")), "role": str(member.get("role", ""))}
        for member in team or []
        if isinstance(member, dict)
    ]


async def shown_document(competition_id: int, round_id: int, submission_ids: list[int]) -> str:
    """The ``shown_json`` of a snapshot ranking ``submission_ids``: their titles,
    organizations, teams (no contacts) and tracks, and the names of the competition's tracks,
    the round and the competition, as they are now (canonical JSON)."""
    projects: dict[str, dict[str, Any]] = {}
    for start in range(0, len(submission_ids), _CHUNK):
        for found in await Submission.select(
            Submission.id,
            Submission.title,
            Submission.organization,
            Submission.team,
            Submission.track.key.as_alias("track_key"),
        ).where(Submission.id.is_in(submission_ids[start : start + _CHUNK])):
            projects[str(found["id"])] = {
                "title": found["title"],
                "organization": found["organization"],
                "team": _team_shown(found["team"]),
                "track_key": found["track_key"],
            }
    competition = await competitions.get_competition(competition_id)
    current = await competitions.get_round(competition_id, round_id)
    tracks = {
        track["key"]: {
            "name_en": track["name_en"],
            "name_zh": track["name_zh"],
            "position": track["position"],
        }
        for track in await competitions.tracks(competition_id)
    }
    return canonical_json(
        {
            "projects": projects,
            "tracks": tracks,
            "round": {"name_en": current.name_en, "name_zh": current.name_zh},
            "competition": {"name_en": competition.name_en, "name_zh": competition.name_zh},
        }
    )


def shown_from(shown_json: str | None) -> Shown | None:
    """A snapshot's frozen display values, or None for a version published before they were
    kept (its pages then read the projects as they are)."""
    if not shown_json:
        return None
    document = msgspec.json.decode(shown_json)
    return Shown(
        projects={int(key): value for key, value in document["projects"].items()},
        tracks=document["tracks"],
        round=document["round"],
        competition=document["competition"],
    )


async def latest_shown(round_id: int) -> Shown | None:
    """The frozen display values of the round's latest published version, if any."""
    row = (
        await RankingSnapshot.select(RankingSnapshot.shown_json)
        .where(RankingSnapshot.round == round_id)
        .order_by(RankingSnapshot.version, ascending=False)
        .first()
    )
    return shown_from(row["shown_json"]) if row else None


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
            await queue_mails(mails_wanted, competition_id=competition_id) if mails_wanted else 0
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


# ---------------------------------------------------------------- reading and verifying


def verify(snapshot: Mapping[str, Any]) -> Verification:
    """Recompute a snapshot's hash and ranking from its stored inputs (pure; CPU-bound).

    ``snapshot`` is a row (``round``, ``version``, ``policy``, ``rubric_json``,
    ``scores_csv``, ``ranking_csv``, ``content_hash``). The ranking matches when
    ranking the stored sheet with the stored rubric and policy gives ``ranking_csv`` byte for
    byte; inputs the scoring module refuses are reported in ``problem``.
    """
    policy = policy_from(snapshot["policy"])
    digest = content_hash(
        int(snapshot["round"]),
        int(snapshot["version"]),
        policy,
        snapshot["rubric_json"],
        snapshot["scores_csv"],
        snapshot["ranking_csv"],
    )
    hash_matches = digest == snapshot["content_hash"]
    problem = ""
    try:
        rubric = scoring.Rubric.from_json(snapshot["rubric_json"])
        result = rank_sheet_text(snapshot["scores_csv"], rubric, scoring.Policy(**policy))
        ranking_matches = scoring.ranking_to_csv(result.table) == snapshot["ranking_csv"]
    except (scoring.ScoringInputError, TypeError) as exc:
        ranking_matches = False
        problem = str(exc)
    return Verification(
        ok=hash_matches and ranking_matches,
        hash_matches=hash_matches,
        ranking_matches=ranking_matches,
        problem=problem,
    )


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


def export_links(competition_id: int, round_id: int, version: int) -> ExportLinks:
    """The organizers' download URLs of a version."""
    base = f"/organize/{competition_id}/rounds/{round_id}/results/v/{version}"
    return ExportLinks(
        ranking_csv=f"{base}/ranking.csv",
        ranking_xlsx=f"{base}/ranking.xlsx",
        scores_csv=f"{base}/scores.csv",
        scores_xlsx=f"{base}/scores.xlsx",
        rubric_json=f"{base}/rubric.json",
    )


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


# ---------------------------------------------------------------- exports

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
JSON_MEDIA_TYPE = "application/json"
_SHEET_TEXT_COLUMNS = {"submission_id": str, "judge_id": str, "track": str, "criterion": str}


def csv_to_xlsx(text: str, sheet_name: str) -> bytes:
    """A published CSV text as an XLSX workbook: numbers as numbers, identifiers as text."""
    frame = pd.read_csv(io.StringIO(text), dtype=_SHEET_TEXT_COLUMNS)
    return to_xlsx(frame, sheet_name)


EXPORTS: dict[str, tuple[str, str]] = {
    # file -> (snapshot column, media type); XLSX files are made from the CSV column.
    "ranking.csv": ("ranking_csv", CSV_MEDIA_TYPE),
    "ranking.xlsx": ("ranking_csv", XLSX_MEDIA_TYPE),
    "scores.csv": ("scores_csv", CSV_MEDIA_TYPE),
    "scores.xlsx": ("scores_csv", XLSX_MEDIA_TYPE),
    "rubric.json": ("rubric_json", JSON_MEDIA_TYPE),
}


async def export_file(snapshot: Mapping[str, Any], name: str) -> tuple[bytes, str]:
    """The bytes and media type of one export of a snapshot (``name`` a key of EXPORTS).

    CSV and JSON files are the stored texts exactly (UTF-8, no byte order mark), so their
    bytes are what the content hash covers and what the CLI reads.
    """
    column, media_type = EXPORTS[name]
    text = snapshot[column]
    if name.endswith(".xlsx"):
        sheet_name = name.removesuffix(".xlsx")
        return await asyncio.to_thread(csv_to_xlsx, text, sheet_name), media_type
    return text.encode("utf-8"), media_type


async def published_round_ids(competition_id: int) -> set[int]:
    """Rounds of the competition with at least one published version."""
    rows = (
        await RankingSnapshot.select(RankingSnapshot.round)
        .where(RankingSnapshot.round.competition == competition_id)
        .distinct()
    )
    return {row["round"] for row in rows}

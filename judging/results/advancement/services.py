"""Advancing each track's best projects of a round into a later round of the competition.

The cut is the scoring module's (rule 7 in ``docs/scoring.md``): per track the top ``N`` or
top ``p`` %, where a group tied at the cut is never broken silently. The organizer chooses
which tied projects fill the open places (exactly that many per track) or advances all of
them, explicitly. Committing writes one :class:`Advancement` row per project ("rank" within
the cut, "organizer" for a tie choice) in one transaction with one audit event; a repeated
commit adds nothing twice. An advancement can be withdrawn until the target round has scores.
Admitting tells the entrants (a mail to the owner of each newly admitted project), so a
commit needs an explicit confirmation after :func:`advancement_preview` showed what it does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from litestar.stores.base import Store

import scoring
from judging import events
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.competitions.tables import Round
from judging.database import writing
from judging.errors import Conflict, FieldError, NotFound, ValidationFailed
from judging.i18n import N_
from judging.outbox.services import queue_mails
from judging.results.advancement.schemas import (
    AdmittedProject,
    AdvancementCommit,
    AdvancementOutcome,
    AdvancementPlan,
    AdvancementPreview,
    AdvancementQuery,
    AdvancementWithdrawal,
    Candidate,
    RoundChoice,
    TrackCut,
)
from judging.results.ranking.schemas import RankingBoard
from judging.results.ranking.services import computed, round_of
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Advancement, Submission

RANK = "rank"
ORGANIZER = "organizer"
INSERT_CHUNK = 500

NOT_A_LATER_ROUND = N_("Choose a later round of this competition.")
BOTH_SIZES = N_("Give either a number of projects or a percentage, not both.")
NO_SIZE = N_("Enter how many projects, or what percentage, of each track advance.")
NOT_TIED = N_("Only projects tied at the cut can be chosen here.")
CHOOSE_TIED = N_(
    "Choose exactly %(slots)s of the %(tied)s projects tied at the cut, or tick “Advance "
    "every tied project” to advance all of them."
)
CONFIRM_ADVANCEMENT = N_(
    "Nothing was admitted yet: this admits %(count)s projects and mails %(mails)s entrants. "
    "Confirm to admit them (API: send confirm: true)."
)
ADMITTED_MAIL = "advancement_admitted"
TARGET_SCORED = N_(
    "Judges have already scored in that round, so its projects can no longer be withdrawn."
)


async def later_rounds(competition_id: int, round_row: Round) -> list[RoundChoice]:
    """The competition's rounds after this one, in order."""
    rows = (
        await Round.select(Round.id, Round.name_en, Round.name_zh, Round.position)
        .where((Round.competition == competition_id) & (Round.position > round_row.position))
        .order_by(Round.position)
        .order_by(Round.id)
    )
    return [RoundChoice(**row) for row in rows]


def _target(targets: list[RoundChoice], target_round_id: int | None) -> int | None:
    if target_round_id is None:
        return None
    if all(target.id != target_round_id for target in targets):
        raise ValidationFailed.single("target_round_id", NOT_A_LATER_ROUND)
    return target_round_id


def _size(top_n: int | None, top_percent: float | None) -> bool:
    """Whether a cut size is given; both at once is refused."""
    if top_n is not None and top_percent is not None:
        raise ValidationFailed.single("top_percent", BOTH_SIZES)
    return top_n is not None or top_percent is not None


def track_cuts(
    board: RankingBoard,
    top_n: int | None,
    top_percent: float | None,
    admitted: Iterable[int] = (),
) -> list[TrackCut]:
    """Per track of the board (in its order): who advances, who is tied at the cut and the
    places open to them, how many are eliminated and how many are unranked."""
    already = set(admitted)
    table = pd.DataFrame(
        {
            "submission_id": [project.submission_id for project in board.projects],
            "track": [project.track for project in board.projects],
            "track_rank": pd.array(
                [project.track_rank for project in board.projects], dtype="Int64"
            ),
        }
    )
    outcome = scoring.advance(table, top_n=top_n, top_percent=top_percent)
    status = dict(zip(outcome.table["submission_id"], outcome.table["status"], strict=True))
    summary = {row["track"]: row for row in outcome.tracks.to_dict(orient="records")}
    unscored: dict[str, int] = {}
    for project in board.unscored:
        unscored[project.track] = unscored.get(project.track, 0) + 1
    cuts = []
    for track in board.tracks:
        members = [project for project in board.projects if project.track == track.key]

        def candidates(wanted: str, members: list[Any] = members) -> list[Candidate]:
            return [
                Candidate(
                    submission_id=project.submission_id,
                    title=project.title,
                    score=project.score,
                    rank=project.rank,
                    track_rank=project.track_rank,
                    admitted=project.submission_id in already,
                )
                for project in members
                if status[project.submission_id] == wanted
            ]

        row = summary.get(track.key, {})
        statuses = [status[project.submission_id] for project in members]
        cuts.append(
            TrackCut(
                key=track.key,
                name_en=track.name_en,
                name_zh=track.name_zh,
                ranked=int(row.get("n_ranked", 0)),
                slots=int(row.get("slots", 0)),
                advancing=candidates("advances"),
                tied=candidates("tied_at_cut"),
                open_slots=int(row.get("open_slots", 0)),
                eliminated=statuses.count("eliminated"),
                unranked=statuses.count("unranked") + unscored.get(track.key, 0),
            )
        )
    return cuts


async def _admitted(target_round_id: int) -> list[AdmittedProject]:
    rows = (
        await Advancement.select(
            Advancement.submission,
            Advancement.basis,
            Advancement.decided_at,
            Advancement.submission.title.as_alias("title"),
            Advancement.submission.track.key.as_alias("track"),
            Advancement.submission.track.name_en.as_alias("track_name_en"),
            Advancement.submission.track.name_zh.as_alias("track_name_zh"),
            Advancement.decided_by.display_name.as_alias("decided_by"),
        )
        .where(Advancement.round == target_round_id)
        .order_by(Advancement.id)
    )
    return [
        AdmittedProject(
            submission_id=row["submission"],
            title=row["title"],
            track=row["track"],
            track_name_en=row["track_name_en"],
            track_name_zh=row["track_name_zh"],
            basis=row["basis"],
            decided_by=row["decided_by"],
            decided_at=row["decided_at"],
        )
        for row in rows
    ]


async def advancement_plan(
    competition_id: int, round_id: int, query: AdvancementQuery, store: Store | None
) -> AdvancementPlan:
    """The targets on offer and, for a chosen target and size, each track's cut; with the
    projects the target round already admits."""
    round_row = await round_of(competition_id, round_id)
    targets = await later_rounds(competition_id, round_row)
    target = _target(targets, query.target_round_id)
    sized = _size(query.top_n, query.top_percent)
    admitted = await _admitted(target) if target is not None else []
    tracks: list[TrackCut] = []
    if target is not None and sized:
        board = (await computed(competition_id, round_id, store)).board
        tracks = track_cuts(
            board,
            query.top_n,
            query.top_percent,
            (project.submission_id for project in admitted),
        )
    has_scores = (
        await Scorecard.exists().where(Scorecard.round == target) if target is not None else False
    )
    return AdvancementPlan(
        competition_id=competition_id,
        round_id=round_id,
        targets=targets,
        target_round_id=target,
        top_n=query.top_n,
        top_percent=query.top_percent,
        tracks=tracks,
        admitted=admitted,
        target_has_scores=has_scores,
    )


def chosen_projects(
    cuts: list[TrackCut], tied: Iterable[int], advance_all_tied: bool
) -> tuple[list[int], list[int]]:
    """The projects advancing by rank and by the organizer's choice among the tied ones.

    Refused (:class:`ValidationFailed`, field ``tied.<track key>`` per track) unless each
    track with a tie at the cut gets exactly its open places filled, or every tied project
    advances with ``advance_all_tied``.
    """
    chosen = set(tied)
    every_tied = {project.submission_id for cut in cuts for project in cut.tied}
    if chosen - every_tied:
        raise ValidationFailed.single("tied", NOT_TIED)
    by_rank: list[int] = []
    by_organizer: list[int] = []
    errors = []
    for cut in cuts:
        by_rank += [project.submission_id for project in cut.advancing]
        if not cut.tied:
            continue
        if advance_all_tied:
            by_organizer += [project.submission_id for project in cut.tied]
            continue
        picked = [project.submission_id for project in cut.tied if project.submission_id in chosen]
        if len(picked) != cut.open_slots:
            errors.append(
                FieldError(f"tied.{cut.key}", CHOOSE_TIED, slots=cut.open_slots, tied=len(cut.tied))
            )
        by_organizer += picked
    if errors:
        raise ValidationFailed(errors)
    return by_rank, by_organizer


@dataclass(frozen=True)
class _Cut:
    target: RoundChoice
    cuts: list[TrackCut]
    by_rank: list[int]
    by_organizer: list[int]


async def _chosen_cut(
    competition_id: int, round_id: int, request: AdvancementCommit, store: Store | None
) -> _Cut:
    if not _size(request.top_n, request.top_percent):
        raise ValidationFailed.single("top_n", NO_SIZE)
    round_row = await round_of(competition_id, round_id)
    targets = await later_rounds(competition_id, round_row)
    target_id = _target(targets, request.target_round_id)
    target = next(choice for choice in targets if choice.id == target_id)
    admitted = await Advancement.select(Advancement.submission).where(
        Advancement.round == target.id
    )
    board = (await computed(competition_id, round_id, store)).board
    cuts = track_cuts(
        board, request.top_n, request.top_percent, (row["submission"] for row in admitted)
    )
    by_rank, by_organizer = chosen_projects(cuts, request.tied, request.advance_all_tied)
    return _Cut(target=target, cuts=cuts, by_rank=by_rank, by_organizer=by_organizer)


async def _admission_mails(
    competition_id: int,
    round_id: int,
    target: RoundChoice,
    submission_ids: list[int],
    base_url: str,
) -> list[tuple[str, str, dict[str, Any]]]:
    """One mail per newly admitted project with an owner account (to, kind, context)."""
    competition = await competitions.get_competition(competition_id)
    source = await round_of(competition_id, round_id)
    mails = []
    for start in range(0, len(submission_ids), INSERT_CHUNK):
        for found in await Submission.select(
            Submission.id, Submission.title, Submission.owner.email.as_alias("email")
        ).where(Submission.id.is_in(submission_ids[start : start + INSERT_CHUNK])):
            if not found["email"]:
                continue
            context = {
                "title": found["title"],
                "competition_en": competition.name_en,
                "competition_zh": competition.name_zh,
                "from_round_en": source.name_en,
                "from_round_zh": source.name_zh,
                "round_en": target.name_en,
                "round_zh": target.name_zh,
                "link": f"{base_url.rstrip('/')}/projects/{found['id']}",
            }
            mails.append((found["email"], ADMITTED_MAIL, context))
    return mails


async def advancement_preview(
    competition_id: int,
    round_id: int,
    request: AdvancementCommit,
    store: Store | None,
    base_url: str,
) -> AdvancementPreview:
    """What :func:`commit_advancement` would admit and mail now (nothing is stored)."""
    cut = await _chosen_cut(competition_id, round_id, request, store)
    candidates = {
        project.submission_id: project
        for track in cut.cuts
        for project in (*track.advancing, *track.tied)
    }
    new = [sid for sid in (*cut.by_rank, *cut.by_organizer) if not candidates[sid].admitted]
    mails = await _admission_mails(competition_id, round_id, cut.target, new, base_url)
    return AdvancementPreview(
        target=cut.target,
        by_rank=[candidates[sid] for sid in cut.by_rank],
        by_organizer=[candidates[sid] for sid in cut.by_organizer],
        new=len(new),
        mails=len(mails),
    )


async def commit_advancement(
    competition_id: int,
    round_id: int,
    request: AdvancementCommit,
    actor_id: int,
    store: Store | None,
    now: datetime,
    base_url: str,
) -> AdvancementOutcome:
    """Admit the cut's projects into the target round (see the module docstring) and mail
    the owner of each newly admitted project. Admitting tells entrants, so nothing happens
    without ``request.confirm`` (a field error on ``confirm`` says how many projects would be
    admitted; :func:`advancement_preview` lists them)."""
    if not request.confirm:
        preview = await advancement_preview(competition_id, round_id, request, store, base_url)
        raise ValidationFailed.single(
            "confirm", CONFIRM_ADVANCEMENT, count=preview.new, mails=preview.mails
        )
    cut = await _chosen_cut(competition_id, round_id, request, store)
    target, by_rank, by_organizer = cut.target.id, cut.by_rank, cut.by_organizer
    basis = {**dict.fromkeys(by_rank, RANK), **dict.fromkeys(by_organizer, ORGANIZER)}
    async with writing():
        added: list[int] = []
        wanted = list(basis)
        for start in range(0, len(wanted), INSERT_CHUNK):
            rows = [
                Advancement(
                    round=target,
                    submission=submission_id,
                    basis=basis[submission_id],
                    decided_by=actor_id,
                    decided_at=now,
                )
                for submission_id in wanted[start : start + INSERT_CHUNK]
            ]
            # The unique (round, submission) index keeps earlier admissions as they are.
            inserted = (
                await Advancement.insert(*rows)
                .on_conflict(action="DO NOTHING")
                .returning(Advancement.submission)
            )
            added += [row["submission"] for row in inserted]
        if added:
            await audit.record(
                actor_id=actor_id,
                entity="round",
                entity_id=target,
                action="advancement_committed",
                after={
                    "from_round_id": round_id,
                    "top_n": request.top_n,
                    "top_percent": request.top_percent,
                    "by_rank": by_rank,
                    "by_organizer": by_organizer,
                    "advance_all_tied": request.advance_all_tied,
                    "added": sorted(added),
                },
            )
            # Only projects admitted now: a repeated commit mails nobody twice.
            await queue_mails(
                await _admission_mails(
                    competition_id, round_id, cut.target, sorted(added), base_url
                ),
                competition_id=competition_id,
            )
    if added:
        # The target round's projects changed: its live leaderboard, if shown, follows.
        await events.announce(events.ROUND_CHANGED, round_id=target)
        await events.announce(
            events.PROJECTS_ADVANCED,
            competition_id=competition_id,
            from_round_id=round_id,
            round_id=target,
            submission_ids=sorted(added),
        )
    return AdvancementOutcome(
        target_round_id=target, by_rank=by_rank, by_organizer=by_organizer, added=sorted(added)
    )


async def withdraw_advancement(
    competition_id: int, round_id: int, request: AdvancementWithdrawal, actor_id: int
) -> None:
    """Take a project out of a later round it was admitted into; refused with
    :class:`Conflict` once any judge has scored in that round."""
    round_row = await round_of(competition_id, round_id)
    target = _target(await later_rounds(competition_id, round_row), request.target_round_id)
    assert target is not None
    async with writing():
        if await Scorecard.exists().where(Scorecard.round == target):
            raise Conflict(TARGET_SCORED)
        row = (
            await Advancement.select()
            .where(
                (Advancement.round == target) & (Advancement.submission == request.submission_id)
            )
            .first()
        )
        if row is None:
            raise NotFound()
        await Advancement.delete().where(Advancement.id == row["id"])
        await audit.record(
            actor_id=actor_id,
            entity="round",
            entity_id=target,
            action="advancement_withdrawn",
            before={
                "submission_id": row["submission"],
                "basis": row["basis"],
                "decided_by": row["decided_by"],
            },
            after={"from_round_id": round_id},
        )
    await events.announce(events.ROUND_CHANGED, round_id=target)

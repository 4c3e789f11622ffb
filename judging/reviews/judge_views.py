"""What a judge sees: their queue across rounds, and one assigned project with its rubric,
deck and own scorecard (blind rounds hide the team). Reached only through the rules of
:mod:`judging.reviews.services` (assignment, no conflict of interest)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import msgspec

from judging import permissions
from judging.accounts.tables import Account
from judging.applications import services as applications
from judging.applications import slots as application_slots
from judging.applications.answers import shown_answers
from judging.applications.schemas import QuestionOut, SlotOut
from judging.assignments.access import conflicted_projects
from judging.assignments.tables import Assignment
from judging.audit.tables import AuditEvent
from judging.competitions.rubric import FULL_WEIGHT_BP
from judging.competitions.tables import Round, Track
from judging.errors import DomainError
from judging.reviews import screening
from judging.reviews.schemas import (
    JudgeFile,
    JudgeProject,
    JudgeProjectDetail,
    QueueItem,
    QueueStatus,
    RoundQueue,
    RubricCriterion,
    StoredCard,
    TeamMemberOut,
)
from judging.reviews.services import (
    ROUND_COLUMNS,
    SCORABLE_PROJECT,
    assigned_project,
    judging_of,
    judging_round_of,
    queue_status,
    scorecard_out,
    scoring_refusal,
)
from judging.reviews.tables import Scorecard, ScorecardStatus
from judging.submissions import attachments
from judging.submissions.decks import deck_url
from judging.submissions.schemas import AttachmentOut
from judging.submissions.tables import Submission


def judge_project(
    submission: Submission,
    track: Mapping[str, Any],
    blind: bool,
    questions: Iterable[QuestionOut] = (),
    slots: Iterable[SlotOut] = (),
    given: Mapping[str, AttachmentOut] | None = None,
) -> JudgeProject:
    """The project as a judge may see it: in blind rounds nothing that names the team.

    Contacts (email, phone, contact person) and the owner are never included; team members
    appear by name and role only. Of the application form's answers (``questions``: the
    form for the project's track), those the rule
    :func:`judging.permissions.judge_may_read_answer` lets a judge read in this round, and
    by the same rule the files given for its attachment ``slots`` (``given``: slot key ->
    newest file), never under the name they were uploaded with.
    """
    given = given or {}
    files = [
        JudgeFile(
            slot=slot.key,
            label_en=slot.label_en,
            label_zh=slot.label_zh,
            media_type=given[slot.key].media_type,
            size=given[slot.key].size,
            url=given[slot.key].url,
        )
        for slot in slots
        if slot.key in given and permissions.judge_may_read_answer(slot.visibility, blind=blind)
    ]
    stored = submission.answers
    if isinstance(stored, str):
        stored = msgspec.json.decode(stored or "{}")
    answers = shown_answers(
        questions,
        stored if isinstance(stored, dict) else {},
        lambda question: permissions.judge_may_read_answer(question.visibility, blind=blind),
    )
    shown = JudgeProject(
        answers=answers,
        files=files,
        id=submission.id,
        title=submission.title,
        summary=submission.summary,
        description=submission.description,
        track_key=track["key"],
        track_name_en=track["name_en"],
        track_name_zh=track["name_zh"],
        status=submission.status,
        has_deck=bool(submission.deck_sha256),
        deck_url=deck_url(submission.id) if submission.deck_sha256 else None,
    )
    if blind:
        return shown
    team = submission.team
    if isinstance(team, str):
        team = msgspec.json.decode(team or "[]")
    return msgspec.structs.replace(
        shown,
        team=[
            TeamMemberOut(name=str(member.get("name", "")), role=str(member.get("role", "")))
            for member in team
            if isinstance(member, dict)
        ],
        organization=submission.organization,
        country=submission.country,
        website=submission.website,
        video_url=submission.video_url,
    )


def rubric_criteria(rows: Iterable[Mapping[str, Any]]) -> list[RubricCriterion]:
    return [
        RubricCriterion(
            key=row["key"],
            label_en=row["label_en"],
            label_zh=row["label_zh"],
            guidance_en=row["guidance_en"],
            guidance_zh=row["guidance_zh"],
            weight=row["weight_bp"] / FULL_WEIGHT_BP,
            weight_bp=row["weight_bp"],
            scale_min=row["scale_min"],
            scale_max=row["scale_max"],
        )
        for row in rows
    ]


async def project_for_judge(
    judge: Account, round_id: int, submission_id: int, now: datetime
) -> tuple[JudgeProjectDetail, DomainError | None]:
    """The judge's page of a project: project, rubric and their own card, and why they
    cannot score it now (or None). :class:`NotFound` unless assigned and not conflicted."""
    found = await assigned_project(judge, round_id, submission_id)
    judging = await judging_of(found, now)
    track = await Track.select().where(Track.id == found.submission.track).first()
    assert track is not None  # a project's track cannot be deleted while it holds projects
    card = found.card
    refusal = await scoring_refusal(found, now)
    detail = JudgeProjectDetail(
        round=judging,
        project=_scored_deck(
            judge_project(
                found.submission,
                track,
                judging.is_blind,
                await applications.form_for(found.submission.competition, found.submission.track),
                await application_slots.slots_for(
                    found.submission.competition, found.submission.track
                ),
                await attachments.current_files(found.submission.id),
            ),
            card,
            found.submission,
        ),
        rubric=rubric_criteria(found.rubric),
        scorecard=scorecard_out(card) if card else None,
        can_score=refusal is None,
    )
    return detail, refusal


def _scored_deck(
    project: JudgeProject, card: StoredCard | None, submission: Submission
) -> JudgeProject:
    """A submitted card's judge opens the deck version they scored, even if it was replaced
    since (an organizer unlocked the project); otherwise the current deck."""
    if card is None or card.status != ScorecardStatus.SUBMITTED:
        return project
    if card.deck_sha256 in ("", submission.deck_sha256):
        return project
    return msgspec.structs.replace(
        project, has_deck=True, deck_url=deck_url(project.id, card.deck_sha256)
    )


async def returned_reason(card_id: int) -> str:
    """The reason an organizer gave when sending the card back, if they gave one."""
    event = (
        await AuditEvent.select(AuditEvent.after)
        .where(
            (AuditEvent.entity == "scorecard")
            & (AuditEvent.entity_id == card_id)
            & (AuditEvent.action == ScorecardStatus.RETURNED)
        )
        .order_by(AuditEvent.id, ascending=False)
        .output(load_json=True)
        .first()
    )
    after = event["after"] if event else None
    return str(after.get("reason", "")) if isinstance(after, dict) else ""


async def judge_queue(judge: Account, now: datetime) -> list[RoundQueue]:
    """Per round the judge has assignments in: their progress and the projects left and done.

    Projects the judge is conflicted with are left out (they are reassigned), and so are
    withdrawn or disqualified ones (they are not judged).
    """
    rows = await Assignment.select(
        Assignment.round,
        Assignment.submission,
        Assignment.submission.competition.as_alias("competition"),
        Assignment.submission.organization.as_alias("organization"),
        Assignment.submission.title.as_alias("title"),
        Assignment.submission.status.as_alias("project_status"),
        Assignment.submission.track.name_en.as_alias("track_name_en"),
        Assignment.submission.track.name_zh.as_alias("track_name_zh"),
    ).where(Assignment.judge == judge.id)
    if not rows:
        return []
    conflicted = await conflicted_projects(judge, (row["submission"] for row in rows))
    cards = {
        (card["round"], card["submission"]): card
        for card in await Scorecard.select(
            Scorecard.round,
            Scorecard.submission,
            Scorecard.status,
            Scorecard.total,
            Scorecard.updated_at,
            Scorecard.reopened_at,
        ).where(Scorecard.judge == judge.id)
    }
    round_rows = await Round.select(*ROUND_COLUMNS).where(
        Round.id.is_in(sorted({row["round"] for row in rows}))
    )
    # In a screening round the screener's word is what is done, not a card.
    screened = await screening.voted_projects(
        judge.id, [row["id"] for row in round_rows if row["is_screening"]]
    )
    items: dict[int, list[QueueItem]] = defaultdict(list)
    for row in rows:
        if row["submission"] in conflicted or row["project_status"] != SCORABLE_PROJECT:
            continue
        card = cards.get((row["round"], row["submission"]))
        status = (
            QueueStatus.SUBMITTED
            if (row["round"], row["submission"]) in screened
            else queue_status(card)
        )

        items[row["round"]].append(
            QueueItem(
                submission_id=row["submission"],
                title=row["title"],
                track_name_en=row["track_name_en"],
                track_name_zh=row["track_name_zh"],
                card_status=status,
                total=card["total"] if card else None,
                updated_at=card["updated_at"] if card else None,
            )
        )
    queues = []
    for round_row in round_rows:
        listed = sorted(items.get(round_row["id"], []), key=lambda item: item.title.casefold())
        if not listed:
            continue
        done = [item for item in listed if item.card_status == QueueStatus.SUBMITTED]
        # Work already started comes first, then the untouched projects.
        left = sorted(
            (item for item in listed if item.card_status != QueueStatus.SUBMITTED),
            key=lambda item: item.card_status == QueueStatus.NOT_STARTED,
        )
        queues.append(
            RoundQueue(
                round=judging_round_of(round_row, now),
                assigned=len(listed),
                scored=len(done),
                drafts=sum(
                    item.card_status
                    in (QueueStatus.DRAFT, QueueStatus.REOPENED, QueueStatus.RETURNED)
                    for item in listed
                ),
                left=left,
                done=done,
            )
        )
    queues.sort(
        key=lambda queue: (
            queue.round.competition_id,
            not queue.round.is_open,
            queue.round.judging_closes_at is None,
            queue.round.judging_closes_at or now,
            queue.round.id,
        )
    )
    return queues


async def next_to_score(
    judge: Account, round_id: int, submission_id: int, now: datetime
) -> QueueItem | None:
    """The project the judge should score after ``submission_id`` in the round, or None.

    The first project still left to score in the order of their queue (work already started,
    then untouched projects, each by title), other than ``submission_id``: assigned, not
    conflicted, still judged and without a submitted card of theirs.
    """
    for queue in await judge_queue(judge, now):
        if queue.round.id == round_id:
            return next((item for item in queue.left if item.submission_id != submission_id), None)
    return None

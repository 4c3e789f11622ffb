"""Organizers follow a round's judging: cards submitted and drafted per judge and per track,
and reminders to the judges with work left (throttled per judge and round)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import msgspec
from piccolo.querystring import QueryString

from judging.accounts.tables import Account
from judging.assignments.tables import Assignment
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.database import writing
from judging.errors import Conflict, NotFound
from judging.i18n import N_
from judging.outbox.services import queue_mail
from judging.reviews.schemas import (
    JudgeProgress,
    ProjectProgress,
    ReminderOutcome,
    RoundProgress,
    TrackProgress,
)
from judging.reviews.services import SCORABLE_PROJECT, judging_round
from judging.reviews.tables import JudgeReminder, Scorecard, ScorecardStatus
from judging.submissions.participation import round_project_ids
from judging.submissions.tables import Submission

# A judge is reminded of a round at most once in this window, unless an organizer forces it:
# two clicks (or two organizers) must not mail the same judge twice.
REMINDER_THROTTLE = timedelta(hours=6)
REMINDER_MAIL = "judging_reminder"
# Rows of the progress page's table of projects per page.
PROJECTS_PER_PAGE = 50
NOTHING_LEFT = N_("This judge has no project left to score in this round.")


class _TrackCount(msgspec.Struct):
    # A track's projects in the round, and its cards expected and submitted.
    projects: int = 0
    expected: int = 0
    submitted: int = 0


async def _taking_part(round_id: int, assigned: set[int]) -> list[dict[str, Any]]:
    """Id, title and track of every project taking part in the round, and of any other
    judged project assigned in it, by id."""
    ids = sorted(set(await round_project_ids(round_id)) | assigned)
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), 900):
        rows += await Submission.select(Submission.id, Submission.title, Submission.track).where(
            Submission.id.is_in(ids[start : start + 900]) & (Submission.status == SCORABLE_PROJECT)
        )
    return sorted(rows, key=lambda row: row["id"])


async def round_progress(competition_id: int, round_id: int, now: datetime) -> RoundProgress:
    """Cards submitted and drafted per judge, per track and per project of a round, for its
    organizers.

    Every project taking part counts, with or without judges (those judged: not withdrawn or
    disqualified). A project's "expected" cards are its assignments, and at least the round's
    judges per project: a project without judges yet still expects them.
    """
    found = await competitions.get_round(competition_id, round_id)
    needed = found.judges_per_submission
    judging = await judging_round(round_id, now)
    assert judging is not None
    assignments = await Assignment.select(
        Assignment.judge,
        Assignment.submission,
        Assignment.judge.display_name.as_alias("display_name"),
        Assignment.judge.email.as_alias("email"),
    ).where((Assignment.round == round_id) & (Assignment.submission.status == SCORABLE_PROJECT))
    cards = {
        (card["judge"], card["submission"]): card
        for card in await Scorecard.select(
            Scorecard.judge, Scorecard.submission, Scorecard.status, Scorecard.updated_at
        ).where(Scorecard.round == round_id)
    }
    judges: dict[int, JudgeProgress] = {}
    by_track: dict[int | None, _TrackCount] = defaultdict(_TrackCount)
    # Per project: judges assigned, scorecards submitted.
    per_project: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in assignments:
        progress = judges.setdefault(
            row["judge"],
            JudgeProgress(
                judge_id=row["judge"],
                display_name=row["display_name"],
                email=row["email"],
                assigned=0,
                submitted=0,
                drafts=0,
                left=0,
                last_activity=None,
            ),
        )
        card = cards.get((row["judge"], row["submission"]))
        status = card["status"] if card else None
        progress.assigned += 1
        progress.submitted += status == ScorecardStatus.SUBMITTED
        progress.drafts += status in (ScorecardStatus.DRAFT, ScorecardStatus.RETURNED)
        progress.left += status != ScorecardStatus.SUBMITTED
        if card and (progress.last_activity is None or card["updated_at"] > progress.last_activity):
            progress.last_activity = card["updated_at"]
        per_project[row["submission"]][0] += 1
        per_project[row["submission"]][1] += status == ScorecardStatus.SUBMITTED
    projects = [
        ProjectProgress(
            submission_id=row["id"],
            title=row["title"],
            track_id=row["track"],
            judges=per_project[row["id"]][0],
            needed=needed,
            submitted=per_project[row["id"]][1],
        )
        for row in await _taking_part(round_id, set(per_project))
    ]
    for project in projects:
        count = by_track[project.track_id]
        count.projects += 1
        count.expected += max(project.judges, needed)
        count.submitted += project.submitted
    tracks = []
    for track in await competitions.tracks(competition_id):
        count = by_track.get(track["id"], _TrackCount())
        tracks.append(
            TrackProgress(
                track_id=track["id"],
                key=track["key"],
                name_en=track["name_en"],
                name_zh=track["name_zh"],
                projects=count.projects,
                expected=count.expected,
                submitted=count.submitted,
            )
        )
    for reminder in await JudgeReminder.select(
        JudgeReminder.judge, JudgeReminder.last_sent_at
    ).where(JudgeReminder.round == round_id):
        if reminder["judge"] in judges:
            judge = judges[reminder["judge"]]
            judge.last_reminded_at = reminder["last_sent_at"]
            judge.recently_reminded = reminder["last_sent_at"] > now - REMINDER_THROTTLE
    ordered = sorted(judges.values(), key=lambda judge: (-judge.left, judge.display_name))
    return RoundProgress(
        round=judging,
        judges=ordered,
        tracks=tracks,
        expected=sum(max(project.judges, needed) for project in projects),
        submitted=sum(project.submitted for project in projects),
        per_submission=needed,
        projects=sorted(projects, key=lambda p: (min(p.judges, needed), p.submission_id)),
        projects_without_judges=sum(1 for project in projects if not project.judges),
        projects_short=sum(1 for project in projects if project.short),
    )


async def send_reminders(
    competition_id: int,
    round_id: int,
    judge_id: int | None,
    actor: Account,
    base_url: str,
    now: datetime,
    *,
    force: bool = False,
) -> ReminderOutcome:
    """Mail a reminder to one judge (``judge_id``) or to every judge with work left.

    Each mail says how many projects are left, the deadline in the competition's time zone
    and links to the judge's dashboard; each is audited and filed under the competition in
    the outbox. A judge reminded of this round less than ``REMINDER_THROTTLE`` ago is skipped
    (and listed in the outcome) unless ``force``. A named judge with nothing left is refused
    with :class:`Conflict`; an unknown one is :class:`NotFound`.
    """
    progress = await round_progress(competition_id, round_id, now)
    if judge_id is None:
        targets = [judge for judge in progress.judges if judge.left > 0]
    else:
        targets = [judge for judge in progress.judges if judge.judge_id == judge_id]
        if not targets:
            raise NotFound()
        if targets[0].left == 0:
            raise Conflict(NOTHING_LEFT)
    judging = progress.round
    sent = []
    async with writing():
        for judge in targets:
            if not await _claim_reminder(round_id, judge.judge_id, now, force):
                continue
            sent.append(judge.judge_id)
            await queue_mail(
                judge.email,
                REMINDER_MAIL,
                competition_id=competition_id,
                name=judge.display_name,
                left=judge.left,
                assigned=judge.assigned,
                competition_en=judging.competition_name_en,
                competition_zh=judging.competition_name_zh,
                round_en=judging.name_en,
                round_zh=judging.name_zh,
                deadline=judging.judging_closes_at,
                timezone=judging.timezone,
                link=f"{base_url.rstrip('/')}/judge",
            )
            await audit.record(
                actor_id=actor.id,
                entity="round",
                entity_id=round_id,
                action="judging_reminder_sent",
                after={
                    "judge_id": judge.judge_id,
                    "email": judge.email,
                    "left": judge.left,
                    "forced": force,
                },
            )
    skipped = [judge.judge_id for judge in targets if judge.judge_id not in sent]
    return ReminderOutcome(sent=len(sent), skipped=skipped)


async def _claim_reminder(round_id: int, judge_id: int, now: datetime, force: bool) -> bool:
    """Record that the judge is reminded now, unless they were within the throttle window
    (and it is not forced); True when they are to be mailed.

    One upsert on the (round, judge) unique index decides it, so of two reminders racing
    (two clicks, two organizers, two processes) only one claims each judge.
    """
    due = JudgeReminder.last_sent_at <= now - REMINDER_THROTTLE
    claimed = (
        await JudgeReminder.insert(JudgeReminder(round=round_id, judge=judge_id, last_sent_at=now))
        .on_conflict(
            target=(JudgeReminder.round, JudgeReminder.judge),
            action="DO UPDATE",
            values=[
                (JudgeReminder.last_sent_at, now),
                (JudgeReminder.sent_count, QueryString('"judge_reminder"."sent_count" + 1')),
            ],
            where=None if force else due,
        )
        .returning(JudgeReminder.id)
    )
    return bool(claimed)

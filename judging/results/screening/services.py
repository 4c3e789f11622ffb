"""The organizers' side of a screening round: every project taking part with its screeners'
words and its outcome, a decision where they disagree, and admitting the eligible into the
next round (refused while any project is undecided), each team told by mail."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import msgspec

from judging import events
from judging.assignments.tables import Assignment
from judging.audit import services as audit
from judging.audit.tables import AuditEvent
from judging.competitions import services as competitions
from judging.database import writing
from judging.errors import Conflict, NotFound, ValidationFailed
from judging.i18n import N_
from judging.outbox.services import queue_mails
from judging.results.screening.outcome import Outcome, screening_outcome
from judging.results.screening.tables import ScreeningDecision
from judging.reviews.tables import ScreeningVote
from judging.submissions import participation
from judging.submissions.tables import Advancement, Submission

RESULT_MAIL = "screening_result"
SCREENING = "screening"  # an Advancement's basis

NOT_SCREENING = N_("This round is scored, not screened.")
NO_NEXT_ROUND = N_("There is no later round to admit the eligible projects into.")
UNDECIDED = N_(
    "Projects without an outcome yet: %(count)s. Decide the disagreements and wait for the "
    "screeners (or decide for them) before admitting."
)
NEEDS_REASON = N_("Say why, so the decision can be understood later.")
CONFIRM = N_(
    "Admitting tells every team: %(eligible)s projects go on to %(round)s, %(others)s do not. "
    "Confirm to do it."
)


class Word(msgspec.Struct, kw_only=True):
    screener: str
    eligible: bool
    reason: str


class ScreenedProject(msgspec.Struct, kw_only=True):
    submission_id: int
    title: str
    words: list[Word]
    assigned: int
    outcome: Outcome
    decided: bool
    reason: str
    share_reason: bool


class ScreeningOverview(msgspec.Struct, kw_only=True):
    round_id: int
    quorum: int
    next_round_id: int | None
    next_round_en: str
    next_round_zh: str
    projects: list[ScreenedProject]
    counts: dict[str, int]


class DecisionIn(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    eligible: bool
    reason: str = ""
    share_reason: bool = False


class AdmitRequest(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    confirm: bool = False


async def _screening_round(competition_id: int, round_id: int) -> Any:
    found = await competitions.get_round(competition_id, round_id)
    if not found.is_screening:
        raise Conflict(NOT_SCREENING)
    return found


async def _next_round(competition_id: int, position: int, round_id: int) -> Any | None:
    later = [
        found
        for found in await competitions.rounds(competition_id)
        if (found.position, found.id) > (position, round_id)
    ]
    return later[0] if later else None


async def overview(competition_id: int, round_id: int) -> ScreeningOverview:
    """Every project taking part in the screening round, disagreements first."""
    found = await _screening_round(competition_id, round_id)
    ids = await participation.round_project_ids(round_id)
    titles = {
        row["id"]: row["title"]
        for row in await Submission.select(Submission.id, Submission.title).where(
            Submission.id.is_in(ids or [0])
        )
    }
    words: dict[int, list[Word]] = defaultdict(list)
    for row in (
        await ScreeningVote.select(
            ScreeningVote.submission,
            ScreeningVote.eligible,
            ScreeningVote.reason,
            ScreeningVote.judge.display_name.as_alias("screener"),
        )
        .where(ScreeningVote.round == round_id)
        .order_by(ScreeningVote.id)
    ):
        words[row["submission"]].append(
            Word(screener=row["screener"], eligible=row["eligible"], reason=row["reason"])
        )
    assigned: dict[int, int] = defaultdict(int)
    for row in await Assignment.select(Assignment.submission).where(Assignment.round == round_id):
        assigned[row["submission"]] += 1
    decisions = {
        row["submission"]: row
        for row in await ScreeningDecision.select().where(ScreeningDecision.round == round_id)
    }
    projects = []
    for submission_id in ids:
        decision = decisions.get(submission_id)
        said = words.get(submission_id, [])
        projects.append(
            ScreenedProject(
                submission_id=submission_id,
                title=titles.get(submission_id, ""),
                words=said,
                assigned=assigned.get(submission_id, 0),
                outcome=screening_outcome(
                    (word.eligible for word in said),
                    found.screening_quorum,
                    assigned.get(submission_id, 0),
                    decision["eligible"] if decision else None,
                ),
                decided=decision is not None,
                reason=decision["reason"] if decision else "",
                share_reason=bool(decision["share_reason"]) if decision else False,
            )
        )
    order = {"disagreement": 0, "waiting": 1, "not_eligible": 2, "eligible": 3}
    projects.sort(key=lambda project: (order[project.outcome], project.title.casefold()))
    counts = {key: sum(1 for p in projects if p.outcome == key) for key in order}
    target = await _next_round(competition_id, found.position, found.id)
    return ScreeningOverview(
        round_id=round_id,
        quorum=found.screening_quorum,
        next_round_id=target.id if target else None,
        next_round_en=target.name_en if target else "",
        next_round_zh=target.name_zh if target else "",
        projects=projects,
        counts=counts,
    )


async def decide(
    competition_id: int,
    round_id: int,
    submission_id: int,
    decision: DecisionIn,
    actor_id: int,
    now: datetime,
) -> None:
    """An organizer's word on a project of the round; it stands over the screeners'."""
    await _screening_round(competition_id, round_id)
    if submission_id not in await participation.round_project_ids(round_id):
        raise NotFound()
    reason = decision.reason.strip()
    if not reason:
        raise ValidationFailed.single("reason", NEEDS_REASON)
    async with writing():
        await ScreeningDecision.delete().where(
            (ScreeningDecision.round == round_id) & (ScreeningDecision.submission == submission_id)
        )
        await ScreeningDecision(
            round=round_id,
            submission=submission_id,
            eligible=decision.eligible,
            reason=reason,
            share_reason=decision.share_reason,
            decided_by=actor_id,
            decided_at=now,
        ).save()
        await audit.record(
            actor_id=actor_id,
            entity="submission",
            entity_id=submission_id,
            action="screening_decided",
            after={"round_id": round_id, "eligible": decision.eligible, "reason": reason},
        )


async def admit_eligible(
    competition_id: int,
    round_id: int,
    request: AdmitRequest,
    actor_id: int,
    now: datetime,
    base_url: str,
) -> list[int]:
    """Admit the eligible projects into the next round and tell every team; returns the
    projects newly admitted. Refused while a project has no outcome, and until confirmed."""
    found = await overview(competition_id, round_id)
    if found.next_round_id is None:
        raise Conflict(NO_NEXT_ROUND)
    undecided = found.counts["disagreement"] + found.counts["waiting"]
    if undecided:
        raise Conflict(UNDECIDED, count=undecided)
    eligible = [p.submission_id for p in found.projects if p.outcome == "eligible"]
    if not request.confirm:
        raise ValidationFailed.single(
            "confirm",
            CONFIRM,
            eligible=len(eligible),
            others=len(found.projects) - len(eligible),
            round=found.next_round_en,
        )
    competition = await competitions.get_competition(competition_id)
    source = await competitions.get_round(competition_id, round_id)
    async with writing():
        added: list[int] = []
        if eligible:
            inserted = (
                await Advancement.insert(
                    *[
                        Advancement(
                            round=found.next_round_id,
                            submission=submission_id,
                            basis=SCREENING,
                            decided_by=actor_id,
                            decided_at=now,
                        )
                        for submission_id in eligible
                    ]
                )
                .on_conflict(action="DO NOTHING")
                .returning(Advancement.submission)
            )
            added = sorted(row["submission"] for row in inserted)
        owners = {
            row["id"]: row
            for row in await Submission.select(
                Submission.id, Submission.title, Submission.owner.email.as_alias("email")
            ).where(Submission.id.is_in([p.submission_id for p in found.projects] or [0]))
        }
        # Teams told once: a repeated admission mails only the newly admitted.
        first_time = not await AuditEvent.exists().where(
            (AuditEvent.action == "screening_admitted")
            & (AuditEvent.entity_id == found.next_round_id)
        )
        mails = []
        for project in found.projects:
            owner = owners.get(project.submission_id)
            if owner is None or not owner["email"]:
                continue
            newly = project.submission_id in added
            if not newly and not (first_time and project.outcome != "eligible"):
                continue
            mails.append(
                (
                    owner["email"],
                    RESULT_MAIL,
                    {
                        "title": owner["title"],
                        "eligible": project.outcome == "eligible",
                        "reason": project.reason if project.share_reason else "",
                        "competition_en": competition.name_en,
                        "competition_zh": competition.name_zh,
                        "from_round_en": source.name_en,
                        "from_round_zh": source.name_zh,
                        "round_en": found.next_round_en,
                        "round_zh": found.next_round_zh,
                        "link": f"{base_url.rstrip('/')}/projects/{project.submission_id}",
                    },
                )
            )
        await queue_mails(mails, competition_id=competition_id)
        await audit.record(
            actor_id=actor_id,
            entity="round",
            entity_id=found.next_round_id,
            action="screening_admitted",
            after={"from_round_id": round_id, "added": added},
        )
    if added:
        await events.announce(events.ROUND_CHANGED, round_id=found.next_round_id)
        await events.announce(
            events.PROJECTS_ADVANCED,
            competition_id=competition_id,
            from_round_id=round_id,
            round_id=found.next_round_id,
            submission_ids=sorted(added),
        )
    return added

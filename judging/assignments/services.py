"""The judge pool, conflicts of interest, and the assignment of projects to judges per round.

Rules (docs/assignment.md has the solver's):

* The projects of a round are the competition's submitted projects; a round after the first
  takes only those an :class:`Advancement` admits.
* The judges are the competition's judge members; each gets a :class:`JudgeProfile` on
  demand. Inactive judges (dropped out) get nothing new. ``max_load`` counts per round.
* A judge's organization is their profile's, else their account's. A judge never gets a
  project of their organization, of an organization they have a conflict with, or a project
  they have a conflict with.
* "Scored" means a submitted scorecard: scored pairs are never removed by a drop-out; a
  conflict removes the judge anyway and leaves their submitted card out of the ranking.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import msgspec

from judging.accounts.tables import Account
from judging.assignments import planning
from judging.assignments.conflicts import (
    ConflictIndex,
    judge_organization,
    normalized_organization,
)
from judging.assignments.planning import JudgeInfo, Pair, ProjectInfo, RoundState, Shortfall
from judging.assignments.schemas import (
    AssignmentAdd,
    ConflictSource,
    JudgeFields,
    JudgePatch,
    OwnProfileFields,
)
from judging.assignments.solver import AssignmentInfeasible
from judging.assignments.tables import Assignment, Conflict, JudgeProfile
from judging.audit import services as audit
from judging.competitions import services as competitions
from judging.competitions.schemas import InvitationCreate
from judging.competitions.tables import Membership, Round
from judging.database import writing
from judging.errors import Conflict as ConflictError
from judging.errors import FieldError, NotFound, ValidationFailed
from judging.i18n import N_
from judging.outbox.services import queue_mails
from judging.results.participation import round_project_ids
from judging.reviews.tables import Scorecard
from judging.settings import Settings
from judging.submissions.tables import Submission

SCORED = "submitted"
CONFLICT_EXCLUSION = "conflict of interest declared"
DROP_OUT = "judge dropped out"
# Rows per INSERT: well below the bind-parameter limits of SQLite and PostgreSQL.
INSERT_CHUNK = 200


class StalePreview(ConflictError):
    """The plan changed between the preview and the commit; nothing was written.

    ``preview`` is the plan as it is now, to show instead.
    """

    default_message = N_(
        "The assignment changed since your preview. Check the new preview, then commit it."
    )

    def __init__(self, preview: Preview) -> None:
        super().__init__()
        self.preview = preview


class NothingToCommit(StalePreview):
    """No assignment exists (``preview`` says why), so there is nothing to commit."""

    default_message = N_(
        "No assignment satisfies the rules, so there is nothing to commit. See the reasons "
        "in the preview."
    )


@dataclass
class ReassignmentOutcome:
    """What a drop-out or a declared conflict changed, round by round.

    Pairs are (round id, submission id, judge id). ``shortfalls`` say which projects could not
    get their judges back; the removals happen regardless.
    """

    removed: list[tuple[int, int, int]] = field(default_factory=list)
    added: list[tuple[int, int, int]] = field(default_factory=list)
    kept_scored: list[tuple[int, int, int]] = field(default_factory=list)
    excluded_scorecards: list[int] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    conflict_id: int | None = None

    def merge(self, other: ReassignmentOutcome) -> None:
        self.removed += other.removed
        self.added += other.added
        self.kept_scored += other.kept_scored
        self.excluded_scorecards += other.excluded_scorecards
        self.shortfalls += other.shortfalls

    @property
    def changed(self) -> bool:
        return bool(self.removed or self.added or self.excluded_scorecards)


@dataclass
class JudgeUpdate:
    profile: dict[str, Any]
    outcome: ReassignmentOutcome | None = None


@dataclass
class Preview:
    """A proposed assignment of a round (or why none exists); nothing is written."""

    round: Round
    state: RoundState
    problem: planning.Problem
    new_pairs: list[Pair]
    digest: str
    shortfalls: list[Shortfall] = field(default_factory=list)
    headline: tuple[str, dict[str, Any]] | None = None

    @property
    def feasible(self) -> bool:
        return self.headline is None

    @property
    def removed_pairs(self) -> list[Pair]:
        return self.problem.dropped

    def loads(self) -> list[dict[str, Any]]:
        """Per judge: kept, new and total projects, for every judge who has or may get one."""
        return load_table(self.state, self.problem.kept, self.new_pairs)

    def expertise(self) -> tuple[int, int]:
        return planning.expertise_matches(self.state, [*self.problem.kept, *self.new_pairs])


@dataclass
class Commit:
    round_id: int
    added: list[Pair]
    removed: list[Pair]
    mailed_judges: int


def load_table(
    state: RoundState, kept: Iterable[Pair], new: Iterable[Pair] = ()
) -> list[dict[str, Any]]:
    kept_count: dict[int, int] = defaultdict(int)
    new_count: dict[int, int] = defaultdict(int)
    for _, judge_id in kept:
        kept_count[judge_id] += 1
    for _, judge_id in new:
        new_count[judge_id] += 1
    rows = []
    for judge in sorted(state.judges, key=lambda j: (j.display_name.casefold(), j.id)):
        if not judge.available and not kept_count[judge.id]:
            continue
        rows.append(
            {
                "judge_id": judge.id,
                "display_name": judge.display_name,
                "kept": kept_count[judge.id],
                "new": new_count[judge.id],
                "total": kept_count[judge.id] + new_count[judge.id],
                "max_load": judge.max_load,
                "active": judge.available,
            }
        )
    return rows


def _default_base_url(base_url: str | None) -> str:
    # Callers outside a request (scripts, other services) may leave the mail links' base out.
    return base_url if base_url is not None else Settings.from_env().base_url


# --- The judge pool ----------------------------------------------------------------------------


async def ensure_profiles(competition_id: int) -> None:
    """Give every judge member a profile: link the one imported under their email, or create one.

    A created profile mirrors the (audited) membership, with the account's name and
    organization; concurrent requests may both try, and the second insert does nothing.
    """
    members = await Membership.select(
        Membership.account.id.as_alias("account_id"),
        Membership.account.email.as_alias("email"),
        Membership.account.display_name.as_alias("display_name"),
        Membership.account.organization.as_alias("organization"),
    ).where((Membership.competition == competition_id) & (Membership.role == competitions.JUDGE))
    profiles = await JudgeProfile.select(
        JudgeProfile.id, JudgeProfile.email, JudgeProfile.account
    ).where(JudgeProfile.competition == competition_id)
    linked = {row["account"] for row in profiles if row["account"] is not None}
    by_email = {row["email"]: row for row in profiles}
    to_link: list[tuple[int, int]] = []
    to_create: list[JudgeProfile] = []
    for member in members:
        if member["account_id"] in linked:
            continue
        profile = by_email.get(member["email"])
        if profile is None:
            to_create.append(
                JudgeProfile(
                    competition=competition_id,
                    email=member["email"],
                    account=member["account_id"],
                    display_name=member["display_name"],
                    organization=member["organization"],
                    tracks=[],
                    max_load=None,
                    active=True,
                )
            )
        elif profile["account"] is None:
            to_link.append((profile["id"], member["account_id"]))
    if not to_link and not to_create:
        return
    async with writing():
        for profile_id, account_id in to_link:
            await JudgeProfile.update({JudgeProfile.account: account_id}).where(
                (JudgeProfile.id == profile_id) & JudgeProfile.account.is_null()
            )
        for start in range(0, len(to_create), INSERT_CHUNK):
            await JudgeProfile.insert(*to_create[start : start + INSERT_CHUNK]).on_conflict(
                action="DO NOTHING"
            )


def _effective(row: dict[str, Any], members: set[int]) -> dict[str, Any]:
    row["name"] = row["display_name"] or row.get("account_name") or row["email"]
    row["effective_organization"] = judge_organization(
        row["organization"], row.get("account_organization")
    )
    row["member"] = row["account"] in members
    if row["account"] is None or not row["member"]:
        row["status"] = "invited"
    else:
        row["status"] = "active" if row["active"] else "dropped_out"
    return row


async def _judge_members(competition_id: int) -> set[int]:
    rows = await Membership.select(Membership.account).where(
        (Membership.competition == competition_id) & (Membership.role == competitions.JUDGE)
    )
    return {row["account"] for row in rows}


def _profile_query() -> Any:
    return JudgeProfile.select(
        JudgeProfile.all_columns(),
        JudgeProfile.account.display_name.as_alias("account_name"),
        JudgeProfile.account.organization.as_alias("account_organization"),
    ).output(load_json=True)


async def judge_pool(competition_id: int) -> list[dict[str, Any]]:
    """Every judge of the competition (joined or only invited), by name."""
    await competitions.get_competition(competition_id)
    await ensure_profiles(competition_id)
    members = await _judge_members(competition_id)
    rows = await _profile_query().where(JudgeProfile.competition == competition_id)
    judges = [_effective(row, members) for row in rows]
    return sorted(judges, key=lambda row: (row["name"].casefold(), row["id"]))


async def get_profile(competition_id: int, profile_id: int) -> dict[str, Any]:
    """One judge profile of the competition (else :class:`NotFound`)."""
    rows = await _profile_query().where(
        (JudgeProfile.competition == competition_id) & (JudgeProfile.id == profile_id)
    )
    if not rows:
        raise NotFound()
    return _effective(rows[0], await _judge_members(competition_id))


async def own_profile(competition_id: int, account_id: int) -> dict[str, Any]:
    """The signed-in judge's profile in the competition, created on first use."""
    await ensure_profiles(competition_id)
    rows = await _profile_query().where(
        (JudgeProfile.competition == competition_id) & (JudgeProfile.account == account_id)
    )
    if not rows:
        raise NotFound()
    return _effective(rows[0], await _judge_members(competition_id))


async def judge_infos(competition_id: int) -> list[JudgeInfo]:
    """The judges who have joined (an account), with what the assignment needs to know."""
    await ensure_profiles(competition_id)
    members = await _judge_members(competition_id)
    rows = await _profile_query().where(
        (JudgeProfile.competition == competition_id) & JudgeProfile.account.is_not_null()
    )
    infos = []
    for row in rows:
        judge = _effective(row, members)
        infos.append(
            JudgeInfo(
                id=row["account"],
                profile_id=row["id"],
                display_name=judge["name"],
                email=row["email"],
                organization=judge["effective_organization"],
                tracks=tuple(row["tracks"] or ()),
                max_load=row["max_load"],
                available=judge["status"] == "active",
            )
        )
    return infos


async def _track_keys(competition_id: int) -> list[str]:
    return [row["key"] for row in await competitions.tracks(competition_id)]


async def _checked_tracks(competition_id: int, tracks: list[str]) -> list[str]:
    known = await _track_keys(competition_id)
    chosen = set(tracks)
    if chosen - set(known):
        raise ValidationFailed.single("tracks", N_("Choose tracks of this competition."))
    return [key for key in known if key in chosen]


PROFILE_FIELDS = ("display_name", "organization", "tracks", "max_load", "active")


def _profile_values(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in PROFILE_FIELDS}


async def _save_profile(
    competition_id: int,
    profile_id: int,
    values: dict[str, Any],
    *,
    actor_id: int,
    now: datetime,
    base_url: str | None,
) -> JudgeUpdate:
    """Store changed profile values (audited) and move projects the change takes away."""
    values["tracks"] = await _checked_tracks(competition_id, values["tracks"])
    async with writing():
        current = await get_profile(competition_id, profile_id)
        before = _profile_values(current)
        after = {**before, **values}
        if before == after:
            return JudgeUpdate(profile=current)
        await JudgeProfile.update({getattr(JudgeProfile, k): v for k, v in after.items()}).where(
            JudgeProfile.id == profile_id
        )
        await audit.record(
            actor_id=actor_id,
            entity="judge_profile",
            entity_id=profile_id,
            action="updated",
            before=before,
            after=after,
        )
        outcome: ReassignmentOutcome | None = None
        judge_id = current["account"]
        if judge_id is not None:
            organization_changed = normalized_organization(
                judge_organization(before["organization"], current["account_organization"])
            ) != normalized_organization(
                judge_organization(after["organization"], current["account_organization"])
            )
            if organization_changed:
                outcome = await _resolve_conflicts(
                    competition_id, judge_id, actor_id=actor_id, now=now, base_url=base_url
                )
            if before["active"] and not after["active"]:
                dropped = await reassign_after_drop_out(
                    competition_id=competition_id,
                    judge_id=judge_id,
                    actor_id=actor_id,
                    now=now,
                    base_url=base_url,
                )
                outcome = dropped if outcome is None else _merged(outcome, dropped)
    return JudgeUpdate(profile=await get_profile(competition_id, profile_id), outcome=outcome)


def _merged(first: ReassignmentOutcome, second: ReassignmentOutcome) -> ReassignmentOutcome:
    first.merge(second)
    return first


async def update_judge(
    competition_id: int,
    profile_id: int,
    fields: JudgeFields,
    *,
    actor_id: int,
    now: datetime,
    base_url: str | None = None,
) -> JudgeUpdate:
    """An organizer sets a judge's name, organization, expertise, load limit and status.

    Marking a judge inactive is a drop-out (:func:`reassign_after_drop_out`); a new
    organization may create conflicts, which are resolved like declared ones.
    """
    return await _save_profile(
        competition_id,
        profile_id,
        msgspec.structs.asdict(fields),
        actor_id=actor_id,
        now=now,
        base_url=base_url,
    )


async def patch_judge(
    competition_id: int,
    profile_id: int,
    patch: JudgePatch,
    *,
    actor_id: int,
    now: datetime,
    base_url: str | None = None,
) -> JudgeUpdate:
    current = _profile_values(await get_profile(competition_id, profile_id))
    sent = {k: v for k, v in msgspec.structs.asdict(patch).items() if v is not msgspec.UNSET}
    return await _save_profile(
        competition_id,
        profile_id,
        {**current, **sent},
        actor_id=actor_id,
        now=now,
        base_url=base_url,
    )


async def update_own_profile(
    competition_id: int,
    account_id: int,
    fields: OwnProfileFields,
    *,
    now: datetime,
    base_url: str | None = None,
) -> JudgeUpdate:
    """A judge edits their name shown to organizers, organization and expertise."""
    profile = await own_profile(competition_id, account_id)
    return await _save_profile(
        competition_id,
        profile["id"],
        msgspec.structs.asdict(fields),
        actor_id=account_id,
        now=now,
        base_url=base_url,
    )


async def invite_judge(
    *,
    competition_id: int,
    email: str,
    inviter: Account,
    base_url: str,
    now: datetime,
    ttl: timedelta,
) -> None:
    """Invite a judge (the link goes through the outbox) and add them to the pool right away,
    so organizers can set their expertise and load before they join."""
    invitation, _ = await competitions.create_invitation(
        competition_id=competition_id,
        form=InvitationCreate(email=email, role=competitions.JUDGE),
        inviter=inviter,
        base_url=base_url,
        now=now,
        ttl=ttl,
    )
    async with writing():
        created = (
            await JudgeProfile.insert(
                JudgeProfile(
                    competition=competition_id,
                    email=invitation.email,
                    display_name="",
                    organization="",
                    tracks=[],
                    max_load=None,
                    active=True,
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(JudgeProfile.id)
        )
        for row in created:
            await audit.record(
                actor_id=inviter.id,
                entity="judge_profile",
                entity_id=row["id"],
                action="created",
                after={"competition_id": competition_id, "email": invitation.email},
            )


# --- Conflicts ---------------------------------------------------------------------------------


async def conflicts(competition_id: int, judge_id: int | None = None) -> list[dict[str, Any]]:
    """Conflicts of the competition (of one judge), newest first, with names and titles."""
    query = Conflict.select(
        Conflict.all_columns(),
        Conflict.judge.display_name.as_alias("judge_name"),
        Conflict.judge.email.as_alias("judge_email"),
        Conflict.submission.title.as_alias("submission_title"),
    ).where(Conflict.competition == competition_id)
    if judge_id is not None:
        query = query.where(Conflict.judge == judge_id)
    rows = await query.order_by(Conflict.id, ascending=False)
    names = {info.id: info.display_name for info in await judge_infos(competition_id)}
    for row in rows:
        row["judge_name"] = names.get(row["judge"], row["judge_name"])
    return rows


async def _require_judge(competition_id: int, judge_id: int) -> None:
    if judge_id not in await _judge_members(competition_id):
        raise ValidationFailed.single("judge_id", N_("Choose a judge of this competition."))


async def declare_conflict(
    *,
    competition_id: int,
    judge_id: int,
    submission_id: int | None,
    organization: str,
    reason: str,
    source: ConflictSource,
    actor_id: int,
    now: datetime,
    base_url: str | None = None,
) -> ReassignmentOutcome:
    """Record a conflict of ``judge_id`` with one project or with an organization.

    In every round whose judging is still open, the judge leaves the projects the conflict
    covers (a submitted scorecard stays, excluded from the ranking) and those projects get
    other judges from the solver. Returns what changed, ``conflict_id`` included.
    """
    organization = organization.strip()
    if (submission_id is None) == (not organization):
        raise ValidationFailed(
            [
                FieldError(
                    "submission_id" if submission_id is None else "organization",
                    N_("Choose either a project or an organization."),
                )
            ]
        )
    await competitions.get_competition(competition_id)
    await _require_judge(competition_id, judge_id)
    existing = await Conflict.select(Conflict.submission, Conflict.organization).where(
        (Conflict.competition == competition_id) & (Conflict.judge == judge_id)
    )
    if submission_id is not None:
        belongs = await Submission.exists().where(
            (Submission.id == submission_id) & (Submission.competition == competition_id)
        )
        if not belongs:
            raise ValidationFailed.single(
                "submission_id", N_("Choose a project of this competition.")
            )
        if any(row["submission"] == submission_id for row in existing):
            raise ValidationFailed.single("submission_id", N_("This conflict is already recorded."))
    elif any(
        normalized_organization(row["organization"]) == normalized_organization(organization)
        for row in existing
    ):
        raise ValidationFailed.single("organization", N_("This conflict is already recorded."))
    async with writing():
        conflict = Conflict(
            competition=competition_id,
            judge=judge_id,
            submission=submission_id,
            organization=organization,
            reason=reason.strip(),
            source=source,
            created_by=actor_id,
        )
        await conflict.save()
        await audit.record(
            actor_id=actor_id,
            entity="conflict",
            entity_id=conflict.id,
            action="created",
            after={
                "competition_id": competition_id,
                "judge_id": judge_id,
                "submission_id": submission_id,
                "organization": organization,
                "reason": conflict.reason,
                "source": source,
            },
        )
        outcome = await _resolve_conflicts(
            competition_id, judge_id, actor_id=actor_id, now=now, base_url=base_url
        )
    outcome.conflict_id = conflict.id
    return outcome


async def remove_conflict(competition_id: int, conflict_id: int, actor_id: int) -> None:
    """Remove a conflict an organizer set; one the judge declared stays."""
    async with writing():
        row = (
            await Conflict.select()
            .where((Conflict.id == conflict_id) & (Conflict.competition == competition_id))
            .first()
        )
        if row is None:
            raise NotFound()
        if row["source"] != "organizer":
            raise ConflictError(
                N_(
                    "The judge declared this conflict; only conflicts set by organizers can "
                    "be removed."
                )
            )
        await Conflict.delete().where(Conflict.id == conflict_id)
        await audit.record(
            actor_id=actor_id,
            entity="conflict",
            entity_id=conflict_id,
            action="deleted",
            before={
                "judge_id": row["judge"],
                "submission_id": row["submission"],
                "organization": row["organization"],
                "reason": row["reason"],
                "source": row["source"],
            },
        )


# --- The state of a round ------------------------------------------------------------------------


async def round_projects(found: Round) -> list[ProjectInfo]:
    """The projects taking part in the round (see :mod:`judging.results.participation`)."""
    rows: list[dict[str, Any]] = []
    ids = await round_project_ids(found.id)
    for start in range(0, len(ids), 900):
        rows += await Submission.select(
            Submission.id,
            Submission.title,
            Submission.organization,
            Submission.track.key.as_alias("track_key"),
        ).where(Submission.id.is_in(ids[start : start + 900]))
    rows.sort(key=lambda row: row["id"])
    return [
        ProjectInfo(
            id=row["id"],
            title=row["title"],
            track=row["track_key"] or "",
            organization=row["organization"] or "",
        )
        for row in rows
    ]


async def _round_state(found: Round) -> RoundState:
    projects = await round_projects(found)
    judges = await judge_infos(found.competition)
    conflict_rows = await Conflict.select(
        Conflict.judge, Conflict.submission, Conflict.organization
    ).where(Conflict.competition == found.competition)
    assignments = await Assignment.select(Assignment.submission, Assignment.judge).where(
        Assignment.round == found.id
    )
    scored = await Scorecard.select(Scorecard.submission, Scorecard.judge).where(
        (Scorecard.round == found.id) & (Scorecard.status == SCORED)
    )
    pairs = [(row["submission"], row["judge"]) for row in assignments]
    known = {judge.id for judge in judges}
    strangers = sorted({judge_id for _, judge_id in pairs} - known)
    if strangers:
        # Assigned once, no longer judges here: they keep what they have and get nothing new.
        for row in await Account.select(
            Account.id, Account.display_name, Account.email, Account.organization
        ).where(Account.id.is_in(strangers)):
            judges.append(
                JudgeInfo(
                    id=row["id"],
                    profile_id=None,
                    display_name=row["display_name"],
                    email=row["email"],
                    organization=row["organization"],
                    tracks=(),
                    max_load=None,
                    available=False,
                )
            )
    return RoundState(
        round_id=found.id,
        per_submission=found.judges_per_submission,
        projects=projects,
        judges=judges,
        conflicts=ConflictIndex(conflict_rows),
        assignments=pairs,
        scored={(row["submission"], row["judge"]) for row in scored},
    )


async def round_state(competition_id: int, round_id: int) -> tuple[Round, RoundState]:
    found = await competitions.get_round(competition_id, round_id)
    return found, await _round_state(found)


async def round_assignments(competition_id: int, round_id: int) -> list[dict[str, Any]]:
    """The round's assignment rows with judge names, project titles and whether scored."""
    await competitions.get_round(competition_id, round_id)
    rows = (
        await Assignment.select(
            Assignment.id,
            Assignment.submission,
            Assignment.judge,
            Assignment.submission.title.as_alias("title"),
        )
        .where(Assignment.round == round_id)
        .order_by(Assignment.id)
    )
    scored = {
        (row["submission"], row["judge"])
        for row in await Scorecard.select(Scorecard.submission, Scorecard.judge).where(
            (Scorecard.round == round_id) & (Scorecard.status == SCORED)
        )
    }
    for row in rows:
        row["scored"] = (row["submission"], row["judge"]) in scored
    return rows


def _open(found: Round | dict[str, Any], now: datetime) -> bool:
    closes = found["judging_closes_at"] if isinstance(found, dict) else found.judging_closes_at
    return closes is None or closes > now


async def _open_rounds(competition_id: int, now: datetime) -> list[Round]:
    rows = await Round.objects().where(Round.competition == competition_id).order_by(Round.id)
    return [row for row in rows if _open(row, now)]


# --- Preview and commit --------------------------------------------------------------------------


async def _solve(problem: planning.Problem) -> list[Pair]:
    # Large rounds take seconds in OR-Tools: keep the event loop serving other requests.
    return await asyncio.to_thread(planning.solve_problem, problem)


async def _preview(found: Round, state: RoundState) -> Preview:
    problem = planning.build_problem(state)
    try:
        new_pairs = await _solve(problem)
    except AssignmentInfeasible as infeasible:
        return Preview(
            round=found,
            state=state,
            problem=problem,
            new_pairs=[],
            digest="",
            shortfalls=planning.explain(infeasible.report, state),
            headline=planning.headline(infeasible.report),
        )
    return Preview(
        round=found,
        state=state,
        problem=problem,
        new_pairs=new_pairs,
        digest=planning.plan_digest(problem, new_pairs),
    )


async def preview_round(competition_id: int, round_id: int) -> Preview:
    """The exact optimal assignment of the round, keeping every existing pair that is not
    conflicted; nothing is written."""
    found, state = await round_state(competition_id, round_id)
    return await _preview(found, state)


async def commit_round(
    competition_id: int,
    round_id: int,
    digest: str,
    *,
    actor_id: int,
    now: datetime,
    base_url: str | None = None,
) -> Commit:
    """Write the previewed plan: add its new pairs, remove conflicted ones, mail the judges.

    The plan is computed again; when it is not the one previewed (``digest``),
    :class:`StalePreview` carries the new preview and nothing is written.
    """
    preview = await preview_round(competition_id, round_id)
    if not preview.feasible:
        raise NothingToCommit(preview)
    if preview.digest != digest:
        raise StalePreview(preview)
    async with writing():
        await competitions.lock_rounds([round_id])
        found = await competitions.get_round(competition_id, round_id)
        state = await _round_state(found)
        if planning.build_problem(state).fingerprint() != preview.problem.fingerprint():
            raise StalePreview(await _preview(found, state))
        outcome = ReassignmentOutcome()
        await _remove_pairs(
            found,
            preview.removed_pairs,
            exclude_submitted=True,
            reason=CONFLICT_EXCLUSION,
            actor_id=actor_id,
            outcome=outcome,
        )
        await _insert_pairs(round_id, preview.new_pairs, actor_id)
        await audit.record(
            actor_id=actor_id,
            entity="round",
            entity_id=round_id,
            action="assignments_committed",
            after={
                "pairs": [[sid, jid] for sid, jid in preview.new_pairs],
                "removed": [[sid, jid] for sid, jid in preview.removed_pairs],
                "digest": digest,
            },
        )
        mailed = await _mail_judges(
            competition_id, [(round_id, sid, jid) for sid, jid in preview.new_pairs], base_url
        )
    return Commit(
        round_id=round_id,
        added=preview.new_pairs,
        removed=preview.removed_pairs,
        mailed_judges=mailed,
    )


async def _insert_pairs(round_id: int, pairs: list[Pair], actor_id: int | None) -> None:
    rows = [
        Assignment(round=round_id, submission=sid, judge=jid, created_by=actor_id)
        for sid, jid in pairs
    ]
    for start in range(0, len(rows), INSERT_CHUNK):
        await Assignment.insert(*rows[start : start + INSERT_CHUNK])


async def _mail_judges(
    competition_id: int, added: list[tuple[int, int, int]], base_url: str | None
) -> int:
    """One mail per judge who got new projects, naming the rounds and how many."""
    if not added:
        return 0
    competition = await competitions.get_competition(competition_id)
    per_judge: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for round_id, _, judge_id in added:
        per_judge[judge_id][round_id] += 1
    rounds = {
        row["id"]: row
        for row in await Round.select(Round.id, Round.name_en, Round.name_zh).where(
            Round.id.is_in(sorted({round_id for round_id, _, _ in added}))
        )
    }
    emails = {
        row["id"]: row["email"]
        for row in await Account.select(Account.id, Account.email).where(
            Account.id.is_in(sorted(per_judge))
        )
    }
    link = f"{_default_base_url(base_url).rstrip('/')}/judge"
    return await queue_mails(
        (
            emails[judge_id],
            "assignment_added",
            {
                "competition_en": competition.name_en,
                "competition_zh": competition.name_zh,
                "rounds": [
                    {
                        "name_en": rounds[round_id]["name_en"],
                        "name_zh": rounds[round_id]["name_zh"],
                        "count": count,
                    }
                    for round_id, count in sorted(counts.items())
                ],
                "link": link,
            },
        )
        for judge_id, counts in sorted(per_judge.items())
    )


# --- Adding and removing one assignment by hand ---------------------------------------------------


async def add_assignment(
    competition_id: int,
    round_id: int,
    form: AssignmentAdd,
    *,
    actor_id: int,
    now: datetime,
    base_url: str | None = None,
) -> int:
    """Assign one judge to one project, under the solver's rules; returns the assignment id."""
    async with writing():
        await competitions.lock_rounds([round_id])
        _, state = await round_state(competition_id, round_id)
        errors = []
        if form.submission_id not in state.project_by_id:
            errors.append(FieldError("submission_id", N_("Choose a project of this round.")))
        judge = state.judge_by_id.get(form.judge_id)
        if judge is None or not judge.available:
            errors.append(FieldError("judge_id", N_("Choose an active judge of this competition.")))
        if errors:
            raise ValidationFailed(errors)
        issues = planning.pair_issues(state, form.submission_id, form.judge_id)
        if issues:
            raise ValidationFailed(planning.issue_errors(issues))
        assignment = Assignment(
            round=round_id, submission=form.submission_id, judge=form.judge_id, created_by=actor_id
        )
        await assignment.save()
        await audit.record(
            actor_id=actor_id,
            entity="assignment",
            entity_id=assignment.id,
            action="created",
            after={
                "round_id": round_id,
                "submission_id": form.submission_id,
                "judge_id": form.judge_id,
                "by": "organizer",
            },
        )
        await _mail_judges(
            competition_id, [(round_id, form.submission_id, form.judge_id)], base_url
        )
    return assignment.id


async def remove_assignment(
    competition_id: int, round_id: int, assignment_id: int, *, actor_id: int
) -> None:
    """Remove one assignment; refused once the judge submitted a scorecard for it."""
    async with writing():
        found = await competitions.get_round(competition_id, round_id)
        row = (
            await Assignment.select(Assignment.submission, Assignment.judge)
            .where((Assignment.id == assignment_id) & (Assignment.round == round_id))
            .first()
        )
        if row is None:
            raise NotFound()
        card = await _scorecard(round_id, row["submission"], row["judge"])
        if card is not None and card["status"] == SCORED:
            raise ConflictError(
                N_(
                    "This judge has already scored this project, so the assignment stays. "
                    "Send the scorecard back first if it must go."
                )
            )
        outcome = ReassignmentOutcome()
        await _remove_pairs(
            found,
            [(row["submission"], row["judge"])],
            exclude_submitted=False,
            reason="removed by an organizer",
            actor_id=actor_id,
            outcome=outcome,
        )


async def _scorecard(round_id: int, submission_id: int, judge_id: int) -> dict[str, Any] | None:
    return (
        await Scorecard.select(
            Scorecard.id,
            Scorecard.status,
            Scorecard.scores,
            Scorecard.total,
            Scorecard.comment_to_entrant,
            Scorecard.note_to_organizers,
            Scorecard.excluded,
            Scorecard.excluded_reason,
            Scorecard.version,
        )
        .where(
            (Scorecard.round == round_id)
            & (Scorecard.submission == submission_id)
            & (Scorecard.judge == judge_id)
        )
        .output(load_json=True)
        .first()
    )


# --- Drop-outs and conflicts: remove, then refill with the solver -------------------------------


async def _remove_pairs(
    found: Round,
    pairs: Iterable[Pair],
    *,
    exclude_submitted: bool,
    reason: str,
    actor_id: int | None,
    outcome: ReassignmentOutcome,
) -> list[Pair]:
    """Delete these assignments (audited) and the judges' unsubmitted scorecards with them.

    A submitted scorecard is kept with its assignment unless ``exclude_submitted``; then the
    assignment goes and the card stays, excluded from the ranking.
    """
    removed: list[Pair] = []
    for submission_id, judge_id in pairs:
        row = (
            await Assignment.select(Assignment.id)
            .where(
                (Assignment.round == found.id)
                & (Assignment.submission == submission_id)
                & (Assignment.judge == judge_id)
            )
            .first()
        )
        if row is None:
            continue
        card = await _scorecard(found.id, submission_id, judge_id)
        if card is not None and card["status"] == SCORED:
            if not exclude_submitted:
                outcome.kept_scored.append((found.id, submission_id, judge_id))
                continue
            await Scorecard.update(
                {Scorecard.excluded: True, Scorecard.excluded_reason: CONFLICT_EXCLUSION}
            ).where(Scorecard.id == card["id"])
            await audit.record(
                actor_id=actor_id,
                entity="scorecard",
                entity_id=card["id"],
                action="excluded",
                before={"excluded": card["excluded"], "excluded_reason": card["excluded_reason"]},
                after={"excluded": True, "excluded_reason": CONFLICT_EXCLUSION},
            )
            outcome.excluded_scorecards.append(card["id"])
        elif card is not None:
            await Scorecard.delete().where(Scorecard.id == card["id"])
            await audit.record(
                actor_id=actor_id,
                entity="scorecard",
                entity_id=card["id"],
                action="deleted",
                # The whole card: a deleted draft must still be readable in the trail.
                before={
                    "round_id": found.id,
                    "submission_id": submission_id,
                    "judge_id": judge_id,
                    **{name: value for name, value in card.items() if name != "id"},
                },
                after={"reason": reason},
            )
        await Assignment.delete().where(Assignment.id == row["id"])
        await audit.record(
            actor_id=actor_id,
            entity="assignment",
            entity_id=row["id"],
            action="deleted",
            before={"round_id": found.id, "submission_id": submission_id, "judge_id": judge_id},
            after={"reason": reason},
        )
        outcome.removed.append((found.id, submission_id, judge_id))
        removed.append((submission_id, judge_id))
    return removed


async def _refill(
    found: Round,
    targets: set[int],
    *,
    unavailable: set[int],
    actor_id: int | None,
    outcome: ReassignmentOutcome,
) -> None:
    """Give ``targets`` back their K judges with the solver, everything else kept.

    When no assignment of all targets exists, the reasons are reported and each target is
    then filled on its own where possible, so one hard project does not hold up the rest.
    """
    state = await _round_state(found)
    problem = planning.build_problem(state, refill=targets, unavailable=unavailable)
    if problem.dropped:
        # Conflicted pairs on these projects go too: a conflict is never kept.
        removed = await _remove_pairs(
            found,
            problem.dropped,
            exclude_submitted=True,
            reason=CONFLICT_EXCLUSION,
            actor_id=actor_id,
            outcome=outcome,
        )
        gone = set(removed)
        state.assignments = [pair for pair in state.assignments if pair not in gone]
        problem = planning.build_problem(state, refill=targets, unavailable=unavailable)
    if not problem.targets:
        return
    try:
        added = await _solve(problem)
    except AssignmentInfeasible as infeasible:
        outcome.shortfalls += planning.explain(infeasible.report, state)
        added = []
        for submission_id in problem.targets:
            single = planning.build_problem(state, refill={submission_id}, unavailable=unavailable)
            try:
                pairs = await _solve(single)
            except AssignmentInfeasible:
                continue
            added += pairs
            state.assignments += pairs
    if not added:
        return
    await _insert_pairs(found.id, added, actor_id)
    await audit.record(
        actor_id=actor_id,
        entity="round",
        entity_id=found.id,
        action="assignments_reassigned",
        after={"pairs": [[sid, jid] for sid, jid in added]},
    )
    outcome.added += [(found.id, sid, jid) for sid, jid in added]


async def reassign_after_drop_out(
    *,
    competition_id: int,
    judge_id: int,
    actor_id: int | None,
    now: datetime,
    base_url: str | None = None,
) -> ReassignmentOutcome:
    """Take a dropped-out judge's unscored projects away in every open round and refill them.

    Scored projects (a submitted scorecard) stay with the judge; drafts go with the
    assignment. The judge gets nothing new. When some projects cannot be refilled, the
    outcome says why, and the removal stands: a dropped judge keeps no unscored project.
    """
    outcome = ReassignmentOutcome()
    async with writing():
        rounds = await _open_rounds(competition_id, now)
        await competitions.lock_rounds(found.id for found in rounds)
        for found in rounds:
            rows = await Assignment.select(Assignment.submission).where(
                (Assignment.round == found.id) & (Assignment.judge == judge_id)
            )
            removed = await _remove_pairs(
                found,
                [(row["submission"], judge_id) for row in rows],
                exclude_submitted=False,
                reason=DROP_OUT,
                actor_id=actor_id,
                outcome=outcome,
            )
            if removed:
                await _refill(
                    found,
                    {sid for sid, _ in removed},
                    unavailable={judge_id},
                    actor_id=actor_id,
                    outcome=outcome,
                )
        await _mail_judges(competition_id, outcome.added, base_url)
    return outcome


async def _resolve_conflicts(
    competition_id: int,
    judge_id: int,
    *,
    actor_id: int | None,
    now: datetime,
    base_url: str | None,
) -> ReassignmentOutcome:
    """Remove the judge from every project they now conflict with (open rounds) and refill."""
    outcome = ReassignmentOutcome()
    async with writing():
        rounds = await _open_rounds(competition_id, now)
        await competitions.lock_rounds(found.id for found in rounds)
        for found in rounds:
            state = await _round_state(found)
            conflicted = [
                pair
                for pair in state.assignments
                if pair[1] == judge_id and pair[0] in state.project_by_id and state.conflicted(pair)
            ]
            removed = await _remove_pairs(
                found,
                conflicted,
                exclude_submitted=True,
                reason=CONFLICT_EXCLUSION,
                actor_id=actor_id,
                outcome=outcome,
            )
            if removed:
                await _refill(
                    found,
                    {sid for sid, _ in removed},
                    unavailable=set(),
                    actor_id=actor_id,
                    outcome=outcome,
                )
        await _mail_judges(competition_id, outcome.added, base_url)
    return outcome


async def declare_project_conflict(
    *,
    round_id: int,
    submission_id: int,
    judge_id: int,
    reason: str,
    now: datetime,
    base_url: str | None = None,
) -> ReassignmentOutcome:
    """A judge declares a conflict with a project assigned to them in ``round_id``."""
    if not await is_assigned(round_id, submission_id, judge_id):
        raise NotFound()
    found = await Round.objects().get(Round.id == round_id)
    return await declare_conflict(
        competition_id=found.competition,
        judge_id=judge_id,
        submission_id=submission_id,
        organization="",
        reason=reason,
        source="judge",
        actor_id=judge_id,
        now=now,
        base_url=base_url,
    )


async def is_assigned(round_id: int, submission_id: int, judge_id: int) -> bool:
    """The judge is assigned to the project in the round and still judges its competition."""
    assigned = await Assignment.exists().where(
        (Assignment.round == round_id)
        & (Assignment.submission == submission_id)
        & (Assignment.judge == judge_id)
    )
    if not assigned:
        return False
    found = await Round.select(Round.competition).where(Round.id == round_id).first()
    return found is not None and judge_id in await _judge_members(found["competition"])


# --- What pages show ------------------------------------------------------------------------------


async def competition_projects(competition_id: int) -> list[dict[str, Any]]:
    """Every project of the competition (any status), for choosing one in a conflict form."""
    return (
        await Submission.select(Submission.id, Submission.title, Submission.organization)
        .where(Submission.competition == competition_id)
        .order_by(Submission.title)
    )

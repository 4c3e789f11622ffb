"""Who may not judge whom: the one conflict-of-interest rule of the platform.

A judge may not see or score a project when they stand behind it or a conflict covers it:

* they entered it (its owner account);
* its team or contact lists their email;
* it shares an organization with them: the project's organization field or its entrant
  account's organization, against the judge's profile organization or account organization;
* a conflict row (declared by the judge or set by an organizer) names the project or one of
  its organizations.

Pure rules over plain values. :class:`ConflictIndex` answers for one pair (the project page,
the deck, a scorecard, a manual assignment) and for many at once (the queue, the solver's
input); both go through the same :meth:`ConflictIndex.tie`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


def normalized_organization(value: str | None) -> str:
    """The organization as compared: trimmed and case-folded; empty matches nothing."""
    return (value or "").strip().casefold()


def normalized_email(value: str | None) -> str:
    """An email as compared: trimmed and case-folded; empty matches nothing."""
    return (value or "").strip().casefold()


def judge_organization(profile_organization: str | None, account_organization: str | None) -> str:
    """A judge's organization as shown: the judge profile's, else the account's."""
    own = (profile_organization or "").strip()
    return own if own else (account_organization or "").strip()


def same_organization(first: str | None, second: str | None) -> bool:
    """True when both name the same non-empty organization (case and spaces around ignored)."""
    left = normalized_organization(first)
    return bool(left) and left == normalized_organization(second)


def team_emails(team: Any) -> list[str]:
    """The emails a project's ``team`` JSON lists (entries without one are skipped)."""
    if not isinstance(team, list):
        return []
    return [str(m.get("email") or "") for m in team if isinstance(m, Mapping) and m.get("email")]


class Tie(StrEnum):
    """Why a judge may not judge a project, most personal first."""

    OWN_PROJECT = "own_project"
    TEAM_MEMBER = "team_member"
    SAME_ORGANIZATION = "same_organization"
    DECLARED = "conflict"


def _normalized(values: Iterable[str | None], normalize: Any) -> frozenset[str]:
    return frozenset(filter(None, (normalize(value) for value in values)))


@dataclass(frozen=True)
class ProjectParties:
    """Who stands behind a project: the account that entered it, the emails of its team and
    contact, and its organizations (its own field and its entrant account's), normalized."""

    submission_id: int
    owner_id: int | None = None
    emails: frozenset[str] = frozenset()
    organizations: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        submission_id: int,
        *,
        owner_id: int | None = None,
        emails: Iterable[str | None] = (),
        organizations: Iterable[str | None] = (),
    ) -> ProjectParties:
        return cls(
            submission_id,
            owner_id,
            _normalized(emails, normalized_email),
            _normalized(organizations, normalized_organization),
        )


@dataclass(frozen=True)
class JudgeIdentity:
    """Who a judge is in a competition: their account, emails and organizations (the
    profile's and the account's: a conflict of interest counts both), normalized."""

    judge_id: int
    emails: frozenset[str] = frozenset()
    organizations: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        judge_id: int,
        *,
        emails: Iterable[str | None] = (),
        organizations: Iterable[str | None] = (),
    ) -> JudgeIdentity:
        return cls(
            judge_id,
            _normalized(emails, normalized_email),
            _normalized(organizations, normalized_organization),
        )


class ConflictIndex:
    """Conflict rows of one competition, indexed for "may judge J see project P?" questions.

    ``rows`` are mappings with ``judge`` (account id), ``submission`` (id or None) and
    ``organization``: the conflicts in force (not withdrawn).
    """

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.projects: set[tuple[int, int]] = set()
        self.organizations: dict[int, set[str]] = defaultdict(set)
        for row in rows:
            if row.get("submission") is not None:
                self.projects.add((row["submission"], row["judge"]))
            organization = normalized_organization(row.get("organization"))
            if organization:
                self.organizations[row["judge"]].add(organization)

    def declared(self, project: ProjectParties, judge_id: int) -> bool:
        """A conflict row covers the pair: for this project, or for one of its organizations."""
        if (project.submission_id, judge_id) in self.projects:
            return True
        return not project.organizations.isdisjoint(self.organizations.get(judge_id, ()))

    def tie(self, project: ProjectParties, judge: JudgeIdentity) -> Tie | None:
        """Why ``judge`` may not judge ``project``, or None when they may."""
        if project.owner_id is not None and project.owner_id == judge.judge_id:
            return Tie.OWN_PROJECT
        if not project.emails.isdisjoint(judge.emails):
            return Tie.TEAM_MEMBER
        if not project.organizations.isdisjoint(judge.organizations):
            return Tie.SAME_ORGANIZATION
        if self.declared(project, judge.judge_id):
            return Tie.DECLARED
        return None

    def conflicted(self, project: ProjectParties, judge: JudgeIdentity) -> bool:
        """True when ``judge`` may not see or score ``project``."""
        return self.tie(project, judge) is not None

    def conflicted_pairs(
        self, projects: Iterable[ProjectParties], judges: Iterable[JudgeIdentity]
    ) -> set[tuple[int, int]]:
        """Every (submission id, judge id) pair :meth:`tie` refuses, without trying each pair:
        judges are looked up by account, email and organization."""
        judge_list = list(judges)
        by_email: dict[str, set[int]] = defaultdict(set)
        by_organization: dict[str, set[int]] = defaultdict(set)
        wanted = {judge.judge_id for judge in judge_list}
        for judge in judge_list:
            for email in judge.emails:
                by_email[email].add(judge.judge_id)
            for organization in judge.organizations | self.organizations.get(judge.judge_id, set()):
                by_organization[organization].add(judge.judge_id)
        declared_projects: dict[int, set[int]] = defaultdict(set)
        for submission_id, judge_id in self.projects:
            if judge_id in wanted:
                declared_projects[submission_id].add(judge_id)
        pairs: set[tuple[int, int]] = set()
        for project in projects:
            tied = set(declared_projects.get(project.submission_id, ()))
            if project.owner_id is not None and project.owner_id in wanted:
                tied.add(project.owner_id)
            for email in project.emails:
                tied |= by_email.get(email, set())
            for organization in project.organizations:
                tied |= by_organization.get(organization, set())
            pairs.update((project.submission_id, judge_id) for judge_id in tied)
        return pairs

"""Who may not judge whom: declared conflicts, organization conflicts and same organization.

Pure rules over plain values, shared by the assignment solver's input, manual additions and
the reassignment after a conflict is declared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any


def normalized_organization(value: str | None) -> str:
    """The organization as compared: trimmed and case-folded; empty matches nothing."""
    return (value or "").strip().casefold()


def judge_organization(profile_organization: str | None, account_organization: str | None) -> str:
    """A judge's organization in a competition: the judge profile's, else the account's."""
    own = (profile_organization or "").strip()
    return own if own else (account_organization or "").strip()


def same_organization(first: str | None, second: str | None) -> bool:
    """True when both name the same non-empty organization (case and spaces around ignored)."""
    left = normalized_organization(first)
    return bool(left) and left == normalized_organization(second)


class ConflictIndex:
    """Conflict rows of one competition, indexed for "may judge J see project P?" questions.

    ``rows`` are mappings with ``judge`` (account id), ``submission`` (id or None) and
    ``organization``. Same-organization conflicts need the organizations of both sides, so
    :meth:`conflicted` takes them as arguments.
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

    def declared(self, submission_id: int, judge_id: int, project_organization: str) -> bool:
        """A conflict row covers the pair: for this project, or for the project's organization."""
        if (submission_id, judge_id) in self.projects:
            return True
        organization = normalized_organization(project_organization)
        return bool(organization) and organization in self.organizations.get(judge_id, ())

    def conflicted(
        self,
        submission_id: int,
        judge_id: int,
        project_organization: str,
        judge_organization: str,
    ) -> bool:
        """Declared or set conflict, or judge and project of the same organization."""
        return same_organization(project_organization, judge_organization) or self.declared(
            submission_id, judge_id, project_organization
        )

    def declared_pairs(
        self, projects: Mapping[int, str], judge_ids: Iterable[int]
    ) -> set[tuple[int, int]]:
        """Every (submission id, judge id) pair a conflict row covers.

        ``projects`` maps submission id to organization. Same-organization pairs are left to
        the caller (the solver finds them from the organizations it is given).
        """
        wanted = set(judge_ids)
        pairs = {pair for pair in self.projects if pair[0] in projects and pair[1] in wanted}
        by_organization: dict[str, list[int]] = defaultdict(list)
        for submission_id, organization in projects.items():
            normalized = normalized_organization(organization)
            if normalized:
                by_organization[normalized].append(submission_id)
        for judge_id, organizations in self.organizations.items():
            if judge_id not in wanted:
                continue
            for organization in organizations:
                pairs.update((sid, judge_id) for sid in by_organization.get(organization, ()))
        return pairs

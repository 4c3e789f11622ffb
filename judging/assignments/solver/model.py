"""What the solver takes and returns: projects, judges, pairs, the plan, why none exists, and
the errors it raises."""

from __future__ import annotations

from typing import Literal, NamedTuple

import msgspec


class Pair(NamedTuple):
    """One assignment: this judge reviews this submission."""

    submission_id: str
    judge_id: str


class Project(msgspec.Struct, frozen=True):
    """A submission to be judged.

    ``track`` is compared verbatim with judges' tracks; an empty ``track`` never
    matches. An empty ``organization`` never clashes with anybody.
    """

    submission_id: str
    track: str = ""
    organization: str = ""


class Judge(msgspec.Struct, frozen=True):
    """A judge.

    ``tracks`` may be given as any iterable of strings and is stored as a
    frozenset; an empty set means a generalist (eligible everywhere, never an
    expertise match). ``max_load`` is the most projects the judge may hold in
    total, kept pairs included; ``None`` means unlimited.
    """

    judge_id: str
    tracks: frozenset[str] = frozenset()
    max_load: int | None = None
    organization: str = ""

    def __post_init__(self) -> None:
        # A bare string would silently become a set of characters.
        if isinstance(self.tracks, str):
            raise TypeError(f"Judge {self.judge_id!r}: tracks must be a collection, not a str")
        if not isinstance(self.tracks, frozenset):
            msgspec.structs.force_setattr(self, "tracks", frozenset(self.tracks))


class AssignmentPlan(msgspec.Struct, frozen=True, kw_only=True):
    """An optimal assignment.

    Attributes
    ----------
    per_submission:
        K, the number of judges every project now has.
    pairs:
        The complete assignment (kept pairs and new pairs), sorted by
        (submission_id, judge_id).
    new_pairs:
        Only the pairs chosen by the solver (what the caller must insert), sorted.
    loads:
        Total load (kept + new) of every judge, keyed and ordered by judge_id.
    expertise_matches:
        Pairs in ``pairs`` whose project track is one of the judge's tracks.
    new_expertise_matches:
        The same count restricted to ``new_pairs``.
    load_sum_of_squares:
        Sum over judges of total load squared.
    """

    per_submission: int
    pairs: list[Pair]
    new_pairs: list[Pair]
    loads: dict[str, int]
    expertise_matches: int
    new_expertise_matches: int
    load_sum_of_squares: int


ReasonCode = Literal[
    "submission_over_assigned",
    "judge_over_max_load",
    "too_few_eligible_judges",
    "insufficient_capacity",
    "flow_shortfall",
]


class InfeasibilityReason(msgspec.Struct, frozen=True, kw_only=True):
    """One reason why no assignment exists.

    For every code ``missing == required - capacity > 0``; what the numbers
    count depends on the code:

    ``submission_over_assigned``
        ``submission_ids=(s,)``; ``required`` kept judges on s, ``capacity`` = K.
    ``judge_over_max_load``
        ``judge_ids=(j,)``; ``required`` kept pairs of j, ``capacity`` = max_load.
    ``too_few_eligible_judges``
        ``submission_ids=(s,)``; ``required`` judges s still needs, ``capacity``
        eligible judges with room left (listed in ``judge_ids``).
    ``insufficient_capacity``
        ``required`` new pairs needed overall, ``capacity`` new pairs the judges
        can still take overall.
    ``flow_shortfall``
        ``submission_ids`` the projects that cannot all be covered (source side
        of the minimum cut), ``judge_ids`` the full judges they compete for,
        ``required`` the judges those projects still need, ``capacity`` the most
        they can get.
    """

    code: ReasonCode
    message: str
    submission_ids: tuple[str, ...] = ()
    judge_ids: tuple[str, ...] = ()
    required: int = 0
    capacity: int = 0
    missing: int = 0


class InfeasibilityReport(msgspec.Struct, frozen=True, kw_only=True):
    """Why no assignment exists.

    ``required`` is the number of new pairs needed, ``achievable`` the most that
    can be placed under the rules (a maximum flow), ``reasons`` the explanation.
    """

    reasons: tuple[InfeasibilityReason, ...]
    required: int
    achievable: int

    def message(self) -> str:
        """The report as English sentences, one reason per line."""
        head = "No assignment satisfies the rules"
        if self.achievable < self.required:
            head += (
                f": {self.required} new assignment(s) are needed but at most "
                f"{self.achievable} can be made"
            )
        head += "."
        return "\n".join([head, *(f"- {reason.message}" for reason in self.reasons)])


PairIssueCode = Literal[
    "already_assigned",
    "conflict",
    "same_organization",
    "judge_at_max_load",
    "submission_full",
]


class PairIssue(msgspec.Struct, frozen=True, kw_only=True):
    """Why a hand-made assignment is not allowed.

    ``count``/``limit`` are the judge's current load and max_load for
    ``judge_at_max_load``, and the project's current judges and K for
    ``submission_full``; 0 otherwise.
    """

    code: PairIssueCode
    message: str
    submission_id: str
    judge_id: str
    count: int = 0
    limit: int = 0


class AssignmentError(Exception):
    """Base class of the errors raised by this module."""


class AssignmentInputError(AssignmentError, ValueError):
    """The input breaks a precondition (bad K, duplicate or unknown id, ...).

    ``code`` is a stable machine-readable identifier, ``str(error)`` a sentence.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class AssignmentInfeasible(AssignmentError):
    """No assignment satisfies the rules; ``report`` says why."""

    def __init__(self, report: InfeasibilityReport) -> None:
        super().__init__(report.message())
        self.report = report

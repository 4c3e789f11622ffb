"""What the domains above hold of a project (its scorecards, its assignments), asked without
importing them.

Submissions sits below assignments and reviews (the layers in pyproject.toml), yet freezes a
project once judging of it has begun (:mod:`judging.submissions.locking`). The foreign keys by
which those domains refer to a project, and an assignment to its round, are declared where
every domain's tables meet, :mod:`judging.piccolo_app` (see :mod:`judging.declared`). The
questions here ask for the rows behind them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from piccolo.columns import ForeignKey

from judging.declared import Declared


@dataclass(frozen=True)
class ProjectReferences:
    # A scorecard's project.
    scorecards: ForeignKey
    # An assignment's project, and the same assignment's round (a competitions Round).
    assignments: ForeignKey
    assignment_rounds: ForeignKey


REFERENCES: Declared[ProjectReferences] = Declared(
    "The foreign keys by which scorecards and assignments refer to a project"
)


async def has_scorecards(submission_id: int) -> bool:
    """True once any scorecard (in any round and state) exists for the project."""
    scored = REFERENCES.get().scorecards
    return await scored._meta.table.exists().where(scored == submission_id)


async def assigned_in_opened_round(submission_id: int, now: datetime) -> bool:
    """True when the project is assigned in a round whose ``judging_opens_at`` is set and not
    after ``now``."""
    found = REFERENCES.get()
    opens_at = found.assignment_rounds.judging_opens_at
    return await found.assignments._meta.table.exists().where(
        (found.assignments == submission_id) & opens_at.is_not_null() & (opens_at <= now)
    )

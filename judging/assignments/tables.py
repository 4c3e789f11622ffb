"""Tables of the assignments domain: the judge pool, conflicts of interest, and assignments."""

from typing import Any

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from judging.accounts.tables import Account
from judging.competitions.tables import Competition, Round
from judging.submissions.tables import Submission


class JudgeProfile(Table, tablename="judge_profile"):
    """A judge of one competition: expertise, load limit and organization.

    Keyed by email so organizers can import judges before they accept their invitation;
    ``account`` is set once they join.
    """

    competition = ForeignKey(
        references=Competition, on_delete=OnDelete.cascade, index=True, null=False
    )
    email = Varchar(length=254)
    account = ForeignKey(references=Account, null=True, index=True)
    display_name = Varchar(length=120, default="")
    organization = Varchar(length=200, default="")
    # Track keys of expertise; empty means a generalist.
    tracks = JSON(default="[]")
    # Null means no limit.
    max_load = Integer(null=True, default=None)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Conflict(Table, tablename="conflict"):
    """A conflict of interest: a judge with one project, or with a whole organization.

    A judge may withdraw one they declared: ``withdrawn_at`` is set and the row is kept (the
    organizers see it), but it no longer counts.
    """

    competition = ForeignKey(
        references=Competition, on_delete=OnDelete.cascade, index=True, null=False
    )
    judge = ForeignKey(references=Account, index=True, null=False)
    submission = ForeignKey(references=Submission, null=True, on_delete=OnDelete.cascade)
    organization = Varchar(length=200, default="")
    reason = Text(default="")
    # "judge" when declared by the judge, "organizer" when set by an organizer.
    source = Varchar(length=20, default="judge")
    created_by = ForeignKey(references=Account, null=True)
    created_at = Timestamptz(default=TimestamptzNow())
    withdrawn_at = Timestamptz(null=True, default=None)
    withdrawn_reason = Text(default="")

    @classmethod
    def in_force(cls) -> Any:
        """The condition every reader of the conflicts that count adds: not withdrawn."""
        return cls.withdrawn_at.is_null()


class Assignment(Table, tablename="assignment"):
    """A judge asked to score a project in a round. Removing one deletes the row (audited)."""

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True, null=False)
    submission = ForeignKey(
        references=Submission, on_delete=OnDelete.cascade, index=True, null=False
    )
    judge = ForeignKey(references=Account, index=True, null=False)
    created_by = ForeignKey(references=Account, null=True)
    created_at = Timestamptz(default=TimestamptzNow())

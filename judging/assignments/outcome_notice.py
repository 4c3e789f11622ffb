"""What a drop-out or a conflict changed, kept in the session for the next page to say once.

The pool page (after a judge's edit) and the conflicts page (after a new conflict) both show
it; :func:`judging.assignments.views.outcome_notice` builds what is kept.
"""

from __future__ import annotations

import msgspec
from litestar import Request

from judging.assignments import views
from judging.assignments.reassignment import ReassignmentOutcome
from judging.assignments.schemas import OutcomeNotice

SESSION_KEY = "assignments_outcome"


def keep(request: Request, outcome: ReassignmentOutcome | None) -> None:
    """Keep what ``outcome`` changed for the next page (the session is per user)."""
    notice = views.outcome_notice(outcome)
    if notice is None:
        return
    session = request.scope.get("session")
    if not isinstance(session, dict):
        return
    # The session holds plain JSON values; the notice is read back by take().
    request.set_session({**session, SESSION_KEY: msgspec.to_builtins(notice)})


def take(request: Request) -> OutcomeNotice | None:
    """The kept notice, removed from the session; None when there is none."""
    session = request.scope.get("session")
    if not isinstance(session, dict) or SESSION_KEY not in session:
        return None
    remaining = dict(session)
    notice = remaining.pop(SESSION_KEY)
    request.set_session(remaining)
    return msgspec.convert(notice, OutcomeNotice)

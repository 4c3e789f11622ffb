"""Cross-domain reactions without upward imports.

A lower domain announces what happened (a scorecard was saved); the domains above it that
care listen. Listeners are Litestar ``EventListener``s, made with
``litestar.events.listener``; each higher domain subscribes its own when it is imported, and
``judging.app`` imports every domain, so a served app has them all.

``announce`` awaits the listeners in the announcing coroutine, after its commit, rather than
handing them to the app's background emitter (``app.emit``): a service called from a script,
a test or another service has no running app, and a reaction (a live board hearing of a new
score) is done when the service returns. Litestar's wrapper logs a listener's error instead of
raising it, so a reaction never fails the change that caused it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from litestar.events import EventListener

# A judge's scorecard changed (saved, submitted or reopened), once committed. Arguments:
# round_id, submission_id, status_before (None for a new card), status_after.
SCORECARD_SAVED = "scorecard_saved"
# What a round's live leaderboard shows may have changed otherwise (a scorecard moderated, a
# policy adopted, projects admitted into the round or withdrawn from it), once committed.
# Arguments: round_id.
ROUND_CHANGED = "round_changed"
# An entrant submitted a project, once committed. Arguments: competition_id, submission_id.
PROJECT_SUBMITTED = "project_submitted"
# A round's ranking was published as a new version. Arguments: competition_id, round_id,
# version.
ROUND_PUBLISHED = "round_published"
# Projects were admitted into a later round (by rank, by the organizers, after screening).
# Arguments: competition_id, from_round_id, round_id (the round they entered),
# submission_ids (only those admitted now).
PROJECTS_ADVANCED = "projects_advanced"

_LISTENERS: defaultdict[str, list[EventListener]] = defaultdict(list)


def subscribe(*listeners: EventListener) -> None:
    """Have ``listeners`` hear the events they were made for (once each)."""
    for found in listeners:
        for event_id in found.event_ids:
            if found not in _LISTENERS[event_id]:
                _LISTENERS[event_id].append(found)


def listeners_of(event_id: str) -> tuple[EventListener, ...]:
    """Who hears ``event_id``, in the order they subscribed."""
    return tuple(_LISTENERS.get(event_id, ()))


async def announce(event_id: str, **arguments: Any) -> None:
    """Tell every listener of ``event_id``; call it after the change is committed."""
    for found in listeners_of(event_id):
        await found.fn(**arguments)

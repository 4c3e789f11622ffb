"""Where an entrant's projects stand (published results, admissions into later rounds), as the
entrant's pages ask for it.

Results sit above submissions: the results domain gives these lookups to the app when it is
built (see judging.app.create_app), and the submissions pages ask through them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection


@dataclass(frozen=True)
class StandingLookups:
    # Project ids -> each project's standing (what results.publication.entrant_results says).
    of_projects: Callable[[Iterable[int]], Awaitable[Mapping[int, Any]]]
    # One project id -> its standing.
    of_project: Callable[[int], Awaitable[Any]]


def standings(request: ASGIConnection) -> StandingLookups:
    return request.app.state.standings

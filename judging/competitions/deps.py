"""The competition and the round a path names, as handler dependencies (404 when absent).

A handler asks for ``competition`` or ``competition_round`` by name instead of looking them
up itself; the path's ids are still checked by the guards first (a stranger gets 403 before
anything is read).
"""

from __future__ import annotations

from litestar.di import NamedDependency, Provide
from litestar.params import FromPath

from judging.competitions import services
from judging.competitions.tables import Competition, Round


async def provide_competition(competition_id: FromPath[int]) -> Competition:
    """The competition of the path's ``competition_id``."""
    return await services.get_competition(competition_id)


async def provide_round(competition_id: FromPath[int], round_id: FromPath[int]) -> Round:
    """The path's ``round_id``, which must be a round of the path's competition."""
    return await services.get_round(competition_id, round_id)


DEPENDENCIES = {
    "competition": Provide(provide_competition),
    "competition_round": Provide(provide_round),
}

PathCompetition = NamedDependency[Competition]
"""A handler's ``competition: PathCompetition`` parameter receives the path's competition."""
PathRound = NamedDependency[Round]
"""A handler's ``competition_round: PathRound`` parameter receives the path's round."""

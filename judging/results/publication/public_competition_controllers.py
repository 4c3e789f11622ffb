"""A competition's public page: whether it takes entries now (or when it will, or when it
stopped), its tracks and rounds, each round linked to its published results once it has any
and to its live board while that is public.

Here rather than in competitions, which sits below results and cannot ask what is published.
"""

from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromPath
from litestar.response import Template

from judging.competitions import services as competitions
from judging.results.publication.services import published_round_ids
from judging.submissions.windows import submission_window
from judging.web.context import Context
from judging.web.pages import render


class PublicCompetitionPages(Controller):
    path = "/competitions"
    include_in_schema = False

    @get("/{slug:str}", name="competition_public")
    async def show(self, slug: FromPath[str], context: Context) -> Template:
        competition = await competitions.public_competition(slug)
        window = await submission_window(competition.id)
        return render(
            "competitions/public.html",
            competition=competition,
            window=window,
            entry_phase=window.phase(context.now),
            tracks=await competitions.tracks(competition.id),
            rounds=await competitions.rounds(competition.id),
            published_rounds=await published_round_ids(competition.id),
        )

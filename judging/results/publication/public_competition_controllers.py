"""A competition's public page: its tracks and rounds, each round linked to its published
results once it has any.

Here rather than in competitions, which sits below results and cannot ask what is published.
"""

from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromPath
from litestar.response import Template

from judging.competitions import services as competitions
from judging.results.publication.services import published_round_ids
from judging.web.pages import render


class PublicCompetitionPages(Controller):
    path = "/competitions"
    include_in_schema = False

    @get("/{slug:str}", name="competition_public")
    async def show(self, slug: FromPath[str]) -> Template:
        competition = await competitions.public_competition(slug)
        return render(
            "competitions/public.html",
            competition=competition,
            tracks=await competitions.tracks(competition.id),
            rounds=await competitions.rounds(competition.id),
            published_rounds=await published_round_ids(competition.id),
        )

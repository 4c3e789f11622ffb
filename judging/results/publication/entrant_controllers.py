"""An entrant's own results over the JSON API (the project page shows the same)."""

from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromPath

from judging.results.publication.entrant_results import project_results
from judging.results.publication.schemas import EntrantResult, RoundName
from judging.submissions.guards import is_on_project_team


class EntrantResultApi(Controller):
    """Results and admissions of your own projects."""

    path = "/api/v1/projects/{submission_id:int}"
    tags = ["projects"]
    guards = [is_on_project_team]

    @get(
        "/results",
        summary="Your project's results, one per round with a published ranking that includes it",
        description=(
            "From the round's latest published version: rank in the track, score, the mean "
            "of each criterion (scaled 0-100), the number of judges, and the judges' comments "
            "to entrants in no particular order and without any judge's name or label."
        ),
    )
    async def index(self, submission_id: FromPath[int]) -> list[EntrantResult]:
        return (await project_results(submission_id)).results

    @get(
        "/admissions",
        summary="The rounds your project is admitted into by the organizers, in round order",
        description=(
            "Each admission as soon as the organizers commit it (a mail tells the owner too), "
            "whether or not the results of the round it advanced from are published yet."
        ),
    )
    async def admissions(self, submission_id: FromPath[int]) -> list[RoundName]:
        return (await project_results(submission_id)).admitted_to

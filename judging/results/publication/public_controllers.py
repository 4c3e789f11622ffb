"""Published results for everyone (no sign-in): pages, the score sheet and ranking files, API.

Only public competitions answer; a private one, an unknown round or a round without a
published version is 404 for everyone, organizers included (they use their own pages).
"""

from __future__ import annotations

from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.response import Template

from judging.errors import NotFound
from judging.results.publication import exports, snapshots
from judging.results.publication.public_results import public_results, public_snapshot
from judging.results.publication.schemas import PublicResults
from judging.web.pages import attachment, render

# Versions never change, so shared caches may keep their files a while.
VERSION_CACHE = "public, max-age=300"


async def _page(request: Request, slug: str, round_id: int, version: int | None) -> Template:
    results = await public_results(slug, round_id, version)
    link = request.app.route_reverse
    files = {"slug": slug, "round_id": round_id, "version": results.version}
    return render(
        "results/public_results.html",
        results=results,
        organizer_base=None,
        versions_base=link("public_results", slug=slug, round_id=round_id),
        latest_url=link("public_results", slug=slug, round_id=round_id),
        downloads={
            "titled_csv": link("public_results_titled_csv", **files),
            "ranking_csv": link("public_results_ranking_csv", **files),
            "scores_csv": link("public_results_scores_csv", **files),
            "rubric_json": link("public_results_rubric", **files),
        },
        cli_command=snapshots.cli_command(round_id, results.version, results.policy),
    )


async def _export(slug: str, round_id: int, version: int, name: str) -> Response[bytes]:
    snapshot = await public_snapshot(slug, round_id, version)
    content, media_type = await exports.export_file(snapshot, name)
    filename = exports.export_name(round_id, version, name)
    return attachment(content, media_type, filename, VERSION_CACHE)


class PublicResultPages(Controller):
    """A round's published ranking: the latest version, any earlier one, and their files."""

    path = "/competitions/{slug:str}/results/{round_id:int}"
    include_in_schema = False

    @get("/", name="public_results")
    async def latest(
        self, request: Request, slug: FromPath[str], round_id: FromPath[int]
    ) -> Template:
        return await _page(request, slug, round_id, None)

    @get("/v/{version:int}", name="public_results_version")
    async def version(
        self, request: Request, slug: FromPath[str], round_id: FromPath[int], version: FromPath[int]
    ) -> Template:
        return await _page(request, slug, round_id, version)

    @get("/v/{version:int}/ranking.csv", name="public_results_ranking_csv")
    async def ranking_csv(
        self, slug: FromPath[str], round_id: FromPath[int], version: FromPath[int]
    ) -> Response[bytes]:
        return await _export(slug, round_id, version, "ranking.csv")

    @get("/v/{version:int}/ranking-with-titles.csv", name="public_results_titled_csv")
    async def titled_csv(
        self, slug: FromPath[str], round_id: FromPath[int], version: FromPath[int]
    ) -> Response[bytes]:
        results = await public_results(slug, round_id, version)
        if results.withdrawn is not None:
            raise NotFound()
        filename = exports.export_name(round_id, version, "ranking-with-titles.csv")
        return attachment(
            exports.titled_ranking_csv(results), exports.CSV_MEDIA_TYPE, filename, VERSION_CACHE
        )

    @get("/v/{version:int}/scores.csv", name="public_results_scores_csv")
    async def scores_csv(
        self, slug: FromPath[str], round_id: FromPath[int], version: FromPath[int]
    ) -> Response[bytes]:
        return await _export(slug, round_id, version, "scores.csv")

    @get("/v/{version:int}/rubric.json", name="public_results_rubric")
    async def rubric_json(
        self, slug: FromPath[str], round_id: FromPath[int], version: FromPath[int]
    ) -> Response[bytes]:
        return await _export(slug, round_id, version, "rubric.json")


class PublicResultApi(Controller):
    """Published rankings of public competitions; no sign-in needed."""

    path = "/api/v1/public/competitions/{slug:str}/results/{round_id:int}"
    tags = ["results"]

    @get(
        "/",
        summary="The latest published ranking of a round of a public competition",
        description=(
            "One row per ranked or scored project, in published order: `rank`, `track_rank`, "
            "`title` (null for a project withdrawn or disqualified since; `status` says "
            "which), `track` and `score`. `content_hash` identifies the version; its files "
            "are at /competitions/{slug}/results/{round_id}/v/{version}/ranking.csv, "
            "ranking-with-titles.csv (the same lines with titles and track names), "
            "scores.csv and rubric.json."
        ),
    )
    async def latest(self, slug: FromPath[str], round_id: FromPath[int]) -> PublicResults:
        return await public_results(slug, round_id)

"""Organizers publish a round's ranking, list its versions and download each version's files."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.clock import utcnow
from judging.competitions import services as competitions
from judging.competitions.guards import is_organizer
from judging.errors import Conflict, DomainError, ValidationFailed
from judging.results.publication import exports, services, snapshots, withdrawal
from judging.results.publication.public_results import organizer_results
from judging.results.publication.schemas import (
    PublicationDetail,
    PublicationOut,
    PublicationSummary,
    PublishRequest,
    WithdrawalOut,
    WithdrawalRequest,
)
from judging.settings import Settings
from judging.web.forms import parse_form
from judging.web.pages import attachment, problem_context, render, see_other


async def _export(competition_id: int, round_id: int, version: int, name: str) -> Response[bytes]:
    snapshot = await services.snapshot_row(competition_id, round_id, version)
    content, media_type = await exports.export_file(snapshot, name)
    filename = exports.export_name(round_id, version, name)
    return attachment(content, media_type, filename)


class PublicationPages(Controller):
    """The round's publications: publish, list versions with their checks, view, download."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}/results"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="round_publications")
    async def index(
        self,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        published: FromQuery[int] = 0,
        mails: FromQuery[int] = 0,
        withdrawn: FromQuery[int] = 0,
    ) -> Template:
        return await self._page(
            competition_id, round_id, published=published, mails=mails, withdrawn=withdrawn
        )

    @post("/publish")
    async def publish(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        try:
            data = parse_form(await request.form(), PublishRequest)
            if not data.confirm:
                # What publishing would do, and a button that confirms exactly that version.
                preview = await services.publish_preview(
                    competition_id, round_id, settings.base_url, data.notify_entrants
                )
                return render(
                    "results/publish_confirm.html",
                    competition=await competitions.get_competition(competition_id),
                    judging=await competitions.get_round(competition_id, round_id),
                    preview=preview,
                )
            out = await services.publish(
                competition_id,
                round_id,
                request.user,
                utcnow(),
                settings.base_url,
                notify_entrants=data.notify_entrants,
                confirm=True,
                expected_version=data.version,
            )
        except (ValidationFailed, Conflict) as problem:
            return await self._page(competition_id, round_id, problem=problem)
        return see_other(
            f"/organize/{competition_id}/rounds/{round_id}/results"
            f"?published={out.version}&mails={out.mails_queued}"
        )

    @post("/v/{version:int}/withdraw")
    async def withdraw(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        version: FromPath[int],
    ) -> Template | Redirect:
        try:
            data = parse_form(await request.form(), WithdrawalRequest)
            await withdrawal.withdraw_version(
                competition_id, round_id, version, data, request.user, utcnow()
            )
        except (ValidationFailed, Conflict) as problem:
            return await self._page(competition_id, round_id, problem=problem)
        return see_other(
            f"/organize/{competition_id}/rounds/{round_id}/results?withdrawn={version}"
        )

    @get("/v/{version:int}", name="round_publication")
    async def version(
        self, competition_id: FromPath[int], round_id: FromPath[int], version: FromPath[int]
    ) -> Template:
        results = await organizer_results(competition_id, round_id, version)
        base = f"/organize/{competition_id}/rounds/{round_id}/results"
        return render(
            "results/public_results.html",
            results=results,
            organizer_base=base,
            versions_base=base,
            latest_url=f"{base}/v/{results.latest_version}",
            downloads=exports.export_links(competition_id, round_id, version),
            cli_command=snapshots.cli_command(round_id, version, results.policy),
        )

    @get("/v/{version:int}/ranking.csv", name="round_publication_ranking_csv")
    async def ranking_csv(
        self, competition_id: FromPath[int], round_id: FromPath[int], version: FromPath[int]
    ) -> Response[bytes]:
        return await _export(competition_id, round_id, version, "ranking.csv")

    @get("/v/{version:int}/ranking.xlsx", name="round_publication_ranking_xlsx")
    async def ranking_xlsx(
        self, competition_id: FromPath[int], round_id: FromPath[int], version: FromPath[int]
    ) -> Response[bytes]:
        return await _export(competition_id, round_id, version, "ranking.xlsx")

    @get("/v/{version:int}/scores.csv", name="round_publication_scores_csv")
    async def scores_csv(
        self, competition_id: FromPath[int], round_id: FromPath[int], version: FromPath[int]
    ) -> Response[bytes]:
        return await _export(competition_id, round_id, version, "scores.csv")

    @get("/v/{version:int}/scores.xlsx", name="round_publication_scores_xlsx")
    async def scores_xlsx(
        self, competition_id: FromPath[int], round_id: FromPath[int], version: FromPath[int]
    ) -> Response[bytes]:
        return await _export(competition_id, round_id, version, "scores.xlsx")

    @get("/v/{version:int}/rubric.json", name="round_publication_rubric")
    async def rubric_json(
        self, competition_id: FromPath[int], round_id: FromPath[int], version: FromPath[int]
    ) -> Response[bytes]:
        return await _export(competition_id, round_id, version, "rubric.json")

    async def _page(
        self,
        competition_id: int,
        round_id: int,
        *,
        published: int = 0,
        mails: int = 0,
        withdrawn: int = 0,
        problem: DomainError | None = None,
    ) -> Template:
        competition = await competitions.get_competition(competition_id)
        current = await competitions.get_round(competition_id, round_id)
        overview = await services.overview(competition_id, round_id)
        return render(
            "results/publications.html",
            status_code=problem.status_code if problem else 200,
            competition=competition,
            judging=current,
            overview=overview,
            published=published,
            mails=mails,
            withdrawn=withdrawn,
            withdrawals=await withdrawal.round_withdrawals(round_id),
            links={
                summary.version: exports.export_links(competition_id, round_id, summary.version)
                for summary, _ in overview.versions
            },
            now=utcnow(),
            form={},
            **problem_context(problem),
        )


class PublicationApi(Controller):
    """Published versions of a round's ranking, for its organizers. Unsafe requests carry the
    ``x-csrftoken`` header."""

    path = "/api/v1/competitions/{competition_id:int}/rounds/{round_id:int}/publications"
    tags = ["results"]
    guards = [is_organizer]

    @post(
        "/",
        summary="Publish the round's current ranking as its next version",
        description=(
            "Stores an immutable snapshot: the anonymized score sheet (judges as J1, J2, ...), "
            "the rubric, the policy and the ranking computed from them, with the SHA-256 of "
            "all of them. The first version mails the owner of every scored project; later "
            "ones only with `notify_entrants`. Publishing is public and mails entrants, so it "
            "needs `confirm: true`: without it nothing is published and the answer is 400 "
            "with a field error on `confirm` saying which version would be made and how many "
            "result mails queued. With `version` (the number you confirmed) it is 409 when "
            "someone published that number meanwhile. 409 also when no scorecard of the round "
            "counts yet, or when another publication took the same version number at the "
            "same instant."
        ),
        raises=[Conflict],
    )
    async def publish(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[PublishRequest],
        settings: NamedDependency[Settings],
    ) -> PublicationOut:
        return await services.publish(
            competition_id,
            round_id,
            request.user,
            utcnow(),
            settings.base_url,
            notify_entrants=data.notify_entrants,
            confirm=data.confirm,
            expected_version=data.version,
        )

    @post(
        "/{version:int}/withdrawal",
        summary="Withdraw a published version from public view, with a reason",
        description=(
            "The version is kept exactly as published (organizers still read it and its "
            "files); its public page and the public API say it was withdrawn, when and why, "
            "instead of the ranking, its public files answer 404 and entrants no longer see "
            "a result from it. Audited. 409 when the version is already withdrawn; 400 "
            "without a reason of at least 3 characters."
        ),
        raises=[Conflict],
    )
    async def withdraw(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        version: FromPath[int],
        data: JSONBody[WithdrawalRequest],
    ) -> WithdrawalOut:
        return await withdrawal.withdraw_version(
            competition_id, round_id, version, data, request.user, utcnow()
        )

    @get("/", summary="Published versions of the round, newest first")
    async def index(
        self, competition_id: FromPath[int], round_id: FromPath[int]
    ) -> list[PublicationSummary]:
        summaries = await services.publications(competition_id, round_id)
        return await withdrawal.marked(round_id, summaries)

    @get(
        "/{version:int}",
        summary="A published version: hash, policy, a fresh verification, the exports and the "
        "scoring command that reproduces it",
        description=(
            "`verification.hash_matches`: the SHA-256 of the stored inputs and output equals "
            "`content_hash`; `verification.ranking_matches`: ranking the stored score sheet "
            "with the stored rubric and policy gives the stored ranking byte for byte."
        ),
    )
    async def show(
        self, competition_id: FromPath[int], round_id: FromPath[int], version: FromPath[int]
    ) -> PublicationDetail:
        detail = await services.publication_detail(competition_id, round_id, version)
        [marked] = await withdrawal.marked(round_id, [detail])
        return marked

"""Organizers publish a round's ranking, list its versions and download each version's files."""

from __future__ import annotations

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.competitions.deps import PathCompetition, PathRound
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition, Round
from judging.errors import Conflict, DomainError
from judging.i18n import N_
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
from judging.results.sheets.policy_words import policy_sentence, tie_breaker_names
from judging.web.context import Context, RequestContext
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import attachment, problem_context, redirect_to, render
from judging.web.redisplay import form_page
from judging.web.templating import locale_of


async def _export(competition_id: int, round_id: int, version: int, name: str) -> Response[bytes]:
    snapshot = await services.snapshot_row(competition_id, round_id, version)
    content, media_type = await exports.export_file(snapshot, name)
    filename = exports.export_name(round_id, version, name)
    return attachment(content, media_type, filename)


PUBLISHED = N_("Version %(version)s is published.")
MAILS_QUEUED = N_("Result mails queued in the outbox: %(count)s.")
NO_MAIL = N_("No result mail was sent.")
WITHDRAWN = N_("Version %(version)s is withdrawn from public view.")


def policy_words(prepared: services.Prepared | None, locale: str) -> str:
    """The scoring policy publishing would store, in words (ties as its rubric breaks them)."""
    if prepared is None:
        return ""
    rubric = msgspec.json.decode(prepared.rubric_json)
    return policy_sentence(prepared.policy, locale, tie_breaker_names(rubric, locale))


async def publications_page(
    request: Request,
    competition: Competition,
    competition_round: Round,
    context: RequestContext,
    failed: DomainError | None = None,
) -> Template:
    """The round's publications: what publishing would store, every version with its checks
    and files (with ``failed``: why the last publish or withdrawal was refused)."""
    competition_id, round_id = competition.id, competition_round.id
    overview = await services.overview(competition_id, round_id)
    return render(
        "results/publications.html",
        status_code=failed.status_code if failed else 200,
        competition=competition,
        judging=competition_round,
        overview=overview,
        policy_words=policy_words(overview.prepared, locale_of(request)),
        withdrawals=await withdrawal.round_withdrawals(round_id),
        links={
            summary.version: exports.export_links(competition_id, round_id, summary.version)
            for summary, _ in overview.versions
        },
        now=context.now,
        form={},
        **problem_context(failed),
    )


class PublicationPages(Controller):
    """The round's publications: publish, list versions with their checks, view, download."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}/results"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="round_publications")
    async def index(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        context: Context,
    ) -> Template:
        return await publications_page(request, competition, competition_round, context)

    @post("/publish", name="round_publish", opt=form_page(publications_page))
    async def publish(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        context: Context,
    ) -> Template | Redirect:
        data = parse_form(await request.form(), PublishRequest)
        competition_id, round_id = competition.id, competition_round.id
        try:
            if not data.confirm:
                # What publishing would do, and a button that confirms exactly that version.
                preview = await services.publish_preview(
                    competition_id, round_id, context.base_url, data.notify_entrants
                )
                return render(
                    "results/publish_confirm.html",
                    competition=competition,
                    judging=competition_round,
                    preview=preview,
                    policy_words=policy_words(preview.prepared, locale_of(request)),
                )
            out = await services.publish(
                competition_id,
                round_id,
                context.actor,
                context.now,
                context.base_url,
                notify_entrants=data.notify_entrants,
                confirm=True,
                expected_version=data.version,
            )
        except Conflict as refused:
            return await publications_page(
                request, competition, competition_round, context, refused
            )
        notify(request, PUBLISHED, anchor="publish-notice", version=out.version)
        if out.mails_queued:
            notify(request, MAILS_QUEUED, anchor="publish-mails", count=out.mails_queued)
        else:
            notify(request, NO_MAIL, anchor="publish-mails")
        return redirect_to(
            request, "round_publications", competition_id=competition_id, round_id=round_id
        )

    @post(
        "/v/{version:int}/withdraw",
        name="round_publication_withdraw",
        opt=form_page(publications_page),
    )
    async def withdraw(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        version: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        data = parse_form(await request.form(), WithdrawalRequest)
        try:
            await withdrawal.withdraw_version(
                competition.id, competition_round.id, version, data, context.actor, context.now
            )
        except Conflict as refused:
            return await publications_page(
                request, competition, competition_round, context, refused
            )
        notify(request, WITHDRAWN, anchor="withdraw-notice", version=version)
        return redirect_to(
            request,
            "round_publications",
            competition_id=competition.id,
            round_id=competition_round.id,
        )

    @get("/v/{version:int}", name="round_publication")
    async def version(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        version: FromPath[int],
    ) -> Template:
        results = await organizer_results(competition_id, round_id, version)
        base = request.app.route_reverse(
            "round_publications", competition_id=competition_id, round_id=round_id
        )
        latest = request.app.route_reverse(
            "round_publication",
            competition_id=competition_id,
            round_id=round_id,
            version=results.latest_version,
        )
        return render(
            "results/public_results.html",
            results=results,
            organizer_base=base,
            versions_base=base,
            latest_url=latest,
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
        context: Context,
    ) -> PublicationOut:
        return await services.publish(
            competition_id,
            round_id,
            context.actor,
            context.now,
            context.base_url,
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
        context: Context,
    ) -> WithdrawalOut:
        return await withdrawal.withdraw_version(
            competition_id, round_id, version, data, context.actor, context.now
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

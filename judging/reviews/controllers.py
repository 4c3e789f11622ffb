"""Judges' pages and API (queue, project page, scorecard) and the organizers' progress view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.accounts.tokens import SCORE, TOKEN_SCOPE
from judging.assignments.views import paginate
from judging.competitions import services as competitions
from judging.competitions.deps import PathCompetition, PathRound
from judging.competitions.guards import is_judge, is_organizer
from judging.competitions.tables import Competition, Round
from judging.countries import country_name
from judging.errors import Conflict, DomainError, Forbidden
from judging.i18n import N_, translate
from judging.markdown import render_markdown
from judging.reviews import judge_views, screening, services
from judging.reviews.progress import (
    PROJECTS_PER_PAGE,
    REMINDER_THROTTLE,
    round_progress,
    send_reminders,
)
from judging.reviews.schemas import (
    JudgeProjectDetail,
    ProgressQuery,
    QueueStatus,
    ReminderOutcome,
    ReminderRequest,
    RoundProgress,
    RoundQueue,
    ScorecardOut,
    ScorecardReopen,
    ScorecardSave,
    ScreeningVoteIn,
)
from judging.reviews.score_checks import SCORE_DECIMALS, SCORE_MESSAGES, score_from_text
from judging.reviews.tables import ScorecardStatus
from judging.web.context import Context, RequestContext, provide_context
from judging.web.forms import parse_form, query_form
from judging.web.notices import notify
from judging.web.pages import redirect_to, render, render_form
from judging.web.redisplay import form_page
from judging.web.templating import locale_of

SCORE_PREFIX = "scores."
THROTTLE_HOURS = int(REMINDER_THROTTLE.total_seconds() // 3600)

SCORECARD_NOTICE = "scorecard-notice"
NEXT_PROJECT_ANCHOR = "next-project-notice"
DRAFT_NOTICE = N_("Draft saved. You can finish it later.")
SUBMITTED_NOTICE = N_("Scores submitted. You can still change them until judging closes.")
SCREENED_NOTICE = N_("Your word is saved. You can still change it until screening closes.")
NEXT_PROJECT_NOTICE = N_("This is the next project left for you to score in this round.")
ROUND_DONE_NOTICE = N_("Nothing else is left for you to score in this round. Thank you!")
# The query of the form's "… and go to the next project" button (its formaction).
THEN = "then"
THEN_NEXT = "next"
REOPENED_NOTICE = N_(
    "Your scores are reopened as a draft. They do not count until you submit them again."
)
REMINDERS_SENT = N_("Reminders queued in the outbox: %(count)s.")
NO_REMINDER_NEEDED = N_("No judge has work left, so no reminder was sent.")
REMINDERS_SKIPPED = N_(
    "Judges not mailed again because they were reminded less than %(hours)s hours ago: %(count)s."
)
REMIND_AGAIN_HINT = N_("Each judge's row says when; “Remind again now” mails one of them anyway.")


def scorecard_from_form(form: FormMultiDict) -> ScorecardSave:
    """The scoring form as a :class:`ScorecardSave`: ``scores.<key>`` inputs, blank ones left
    out; text that is not a number is passed on as NaN for the service to report by field."""
    fields = parse_form(form, ScorecardSave)
    scores = {
        name.removeprefix(SCORE_PREFIX): score_from_text(str(value))
        for name, value in form.items()
        if name.startswith(SCORE_PREFIX)
    }
    return msgspec.structs.replace(fields, scores=scores)


def card_form_values(card: ScorecardOut | None) -> dict[str, Any]:
    """A saved card as the values of the scoring form (version 0 when there is none yet)."""
    # Keyed by the inputs' names (``scores.<criterion key>``), as a sent form is.
    if card is None:
        return {"version": 0}
    values: dict[str, Any] = {
        f"{SCORE_PREFIX}{key}": f"{value:g}" for key, value in card.scores.items()
    }
    values.update(
        comment_to_entrant=card.comment_to_entrant,
        note_to_organizers=card.note_to_organizers,
        version=card.version,
    )
    return values


def request_context(request: Request) -> RequestContext:
    """The ``context`` dependency, for a page builder (which is given only the request)."""
    return provide_context(request, request.app.state.settings)


async def judge_project_page(
    request: Request,
    round_id: int,
    submission_id: int,
    values: Mapping[str, Any] | None = None,
    failed: DomainError | None = None,
) -> Template:
    """A judge's project page with the scoring form (the saved card unless ``values``)."""
    context = request_context(request)
    detail, refusal = await judge_views.project_for_judge(
        context.actor, round_id, submission_id, context.now
    )
    card = detail.scorecard
    returned = card is not None and card.status == ScorecardStatus.RETURNED
    upcoming = (
        None
        if refusal is not None
        else await judge_views.next_to_score(context.actor, round_id, submission_id, context.now)
    )
    return render_form(
        "reviews/judge_project.html",
        values=card_form_values(card) if values is None else values,
        failed=failed,
        judging=detail.round,
        project=detail.project,
        criteria=detail.rubric,
        card=card,
        refusal=refusal,
        description_html=render_markdown(detail.project.description),
        country=country_name(detail.project.country or "", locale_of(request)),
        returned_reason=await judge_views.returned_reason(card.id) if returned else "",
        next_project=upcoming,
        score_messages=SCORE_MESSAGES,
        score_decimals=SCORE_DECIMALS,
        ScorecardStatus=ScorecardStatus,
        vote=await screening.own_vote(context.actor_id, round_id, submission_id)
        if detail.round.is_screening
        else None,
        # A screening round has no rubric: only the window and the project's status refuse.
        screening_refusal=None
        if refusal is None or refusal.message == services.RUBRIC_NOT_READY
        else refusal,
    )


async def judge_reopen_page(
    request: Request, round_id: int, submission_id: int, failed: DomainError | None = None
) -> Template | Redirect:
    """Ask before withdrawing a submitted card; the project page when there is none to reopen."""
    context = request_context(request)
    detail, refusal = await judge_views.project_for_judge(
        context.actor, round_id, submission_id, context.now
    )
    card = detail.scorecard
    if refusal is not None or card is None or card.status != ScorecardStatus.SUBMITTED:
        # Nothing to reopen: the project page says why (closed round, a draft already).
        return redirect_to(request, "judge_project", round_id=round_id, submission_id=submission_id)
    return render_form(
        "reviews/judge_reopen.html",
        values={"version": card.version},
        failed=failed,
        judging=detail.round,
        project=detail.project,
        card=card,
    )


class JudgePages(Controller):
    path = "/judge"
    include_in_schema = False
    guards = [is_judge]

    @get("/", name="judge_dashboard")
    async def dashboard(self, context: Context) -> Template:
        return render(
            "reviews/judge_dashboard.html",
            queues=await judge_views.judge_queue(context.actor, context.now),
            competitions=await competitions.competitions_for(context.actor, competitions.JUDGE),
            QueueStatus=QueueStatus,
        )

    @get("/rounds/{round_id:int}/projects/{submission_id:int}", name="judge_project")
    async def project(
        self, request: Request, round_id: FromPath[int], submission_id: FromPath[int]
    ) -> Template:
        return await judge_project_page(request, round_id, submission_id)

    @post(
        "/rounds/{round_id:int}/projects/{submission_id:int}",
        name="judge_scorecard_save",
        opt=form_page(judge_project_page),
    )
    async def save(
        self,
        request: Request,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        form = await request.form()
        data = scorecard_from_form(form)
        try:
            await services.save_scorecard(context.actor, round_id, submission_id, data, context.now)
        except (Conflict, Forbidden) as problem:
            # Not a form mistake, so not the form page's redisplay: the saved card is shown
            # again, nothing typed is kept over a newer version. A draft refused over the
            # submitted card keeps the typing, to be submitted instead.
            kept = form if problem.message == services.SUBMITTED_NOT_DRAFTED else None
            return await judge_project_page(
                request, round_id, submission_id, values=kept, failed=problem
            )
        if data.action == "submit":
            notify(request, SUBMITTED_NOTICE, anchor=SCORECARD_NOTICE)
        else:
            notify(request, DRAFT_NOTICE, anchor=SCORECARD_NOTICE)
        if request.query_params.get(THEN) != THEN_NEXT:
            return redirect_to(
                request, "judge_project", round_id=round_id, submission_id=submission_id
            )
        upcoming = await judge_views.next_to_score(
            context.actor, round_id, submission_id, context.now
        )
        if upcoming is None:
            notify(request, ROUND_DONE_NOTICE, anchor=NEXT_PROJECT_ANCHOR)
            # The top of the queue, where the message is (a round's anchor would scroll past it).
            return redirect_to(request, "judge_dashboard")
        notify(request, NEXT_PROJECT_NOTICE, anchor=NEXT_PROJECT_ANCHOR)
        return redirect_to(
            request, "judge_project", round_id=round_id, submission_id=upcoming.submission_id
        )

    @post(
        "/rounds/{round_id:int}/projects/{submission_id:int}/screening",
        name="judge_screening_save",
        opt=form_page(judge_project_page),
    )
    async def screen(
        self,
        request: Request,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        vote = parse_form(await request.form(), ScreeningVoteIn)
        try:
            await screening.save_vote(context.actor, round_id, submission_id, vote, context.now)
        except (Conflict, Forbidden) as problem:
            return await judge_project_page(request, round_id, submission_id, failed=problem)
        notify(request, SCREENED_NOTICE, anchor=SCORECARD_NOTICE)
        return redirect_to(request, "judge_project", round_id=round_id, submission_id=submission_id)

    @get("/rounds/{round_id:int}/projects/{submission_id:int}/reopen", name="judge_reopen")
    async def confirm_reopen(
        self, request: Request, round_id: FromPath[int], submission_id: FromPath[int]
    ) -> Template | Redirect:
        """Ask before withdrawing a submitted card; nothing changes until the form is sent."""
        return await judge_reopen_page(request, round_id, submission_id)

    @post(
        "/rounds/{round_id:int}/projects/{submission_id:int}/reopen",
        name="judge_scorecard_reopen",
        opt=form_page(judge_reopen_page),
    )
    async def reopen(
        self,
        request: Request,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        data = parse_form(await request.form(), ScorecardReopen)
        try:
            await services.reopen_scorecard(
                context.actor, round_id, submission_id, data.version, context.now
            )
        except (Conflict, Forbidden) as problem:
            # A refusal (a newer version, a closed window) is explained on the project page,
            # not on the confirmation page the form is on.
            return await judge_project_page(request, round_id, submission_id, failed=problem)
        notify(request, REOPENED_NOTICE, anchor=SCORECARD_NOTICE)
        return redirect_to(request, "judge_project", round_id=round_id, submission_id=submission_id)


class JudgeApi(Controller):
    """A judge's queue, assigned projects and own scorecards. Unsafe requests carry the
    ``x-csrftoken`` header."""

    # A judge's token with the score scope may make these writes.
    opt = {TOKEN_SCOPE: SCORE}
    path = "/api/v1/judge"
    tags = ["judging"]
    guards = [is_judge]

    @get("/queue", summary="Your queue per round: progress, judging window, projects left and done")
    async def queue(self, context: Context) -> list[RoundQueue]:
        return await judge_views.judge_queue(context.actor, context.now)

    @get(
        "/rounds/{round_id:int}/projects/{submission_id:int}",
        summary="An assigned project (nothing naming the team in blind rounds), the rubric and "
        "your own scorecard",
    )
    async def project(
        self,
        request: Request,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        context: Context,
    ) -> JudgeProjectDetail:
        detail, refusal = await judge_views.project_for_judge(
            context.actor, round_id, submission_id, context.now
        )
        if refusal is None:
            return detail
        message = translate(locale_of(request), refusal.message, **refusal.params)
        return msgspec.structs.replace(detail, refusal=message)

    @put(
        "/rounds/{round_id:int}/projects/{submission_id:int}/scorecard",
        summary="Save your scorecard as a draft or submit it",
        description=(
            "`version` is the version you loaded (0 for a card not saved yet); a card changed "
            'since then is refused with 409 and nothing changes. `action` "submit" needs a '
            'score for every criterion. `action` "draft" over a submitted card is refused '
            "with 409 (reopen it first with `POST .../scorecard/reopen`). Field errors name "
            "`scores.<criterion key>`."
        ),
        raises=[Forbidden, Conflict],
    )
    async def save(
        self,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        data: JSONBody[ScorecardSave],
        context: Context,
    ) -> ScorecardOut:
        return await services.save_scorecard(
            context.actor, round_id, submission_id, data, context.now
        )

    @post(
        "/rounds/{round_id:int}/projects/{submission_id:int}/scorecard/reopen",
        status_code=200,
        summary="Reopen your submitted scorecard as a draft",
        description=(
            "Withdraws the submission: the card becomes a draft (`reopened_at` set), keeps its "
            "scores and comments and no longer counts until it is submitted again. `version` "
            "is the version you loaded; a changed card, a card that is not submitted (409) or "
            "a closed judging window (403) refuse it and nothing changes. A draft `PUT` over a "
            "submitted card is refused with 409: this is the only way to withdraw one."
        ),
        raises=[Forbidden, Conflict],
    )
    async def reopen(
        self,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        data: JSONBody[ScorecardReopen],
        context: Context,
    ) -> ScorecardOut:
        return await services.reopen_scorecard(
            context.actor, round_id, submission_id, data.version, context.now
        )


async def round_progress_page(
    request: Request,
    competition: Competition,
    competition_round: Round,
    failed: DomainError | None = None,
) -> Template:
    """A round's judging progress, per judge, per track and per project (a page of them),
    with the reminder buttons."""
    query = parse_form(query_form(request, ProgressQuery), ProgressQuery)
    progress = await round_progress(
        competition.id, competition_round.id, request_context(request).now
    )
    return render_form(
        "reviews/round_progress.html",
        failed=failed,
        competition=competition,
        progress=progress,
        judging=progress.round,
        throttle_hours=THROTTLE_HOURS,
        listed=paginate(progress.projects, query.page, PROJECTS_PER_PAGE),
        tracks={track.track_id: track for track in progress.tracks},
    )


class RoundProgressPages(Controller):
    """Organizers watch a round's judging and remind judges who have work left."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}/progress"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="round_progress")
    async def show(
        self, request: Request, competition: PathCompetition, competition_round: PathRound
    ) -> Template:
        return await round_progress_page(request, competition, competition_round)

    @post("/reminders", name="round_progress_remind", opt=form_page(round_progress_page))
    async def remind(
        self,
        request: Request,
        competition: PathCompetition,
        competition_round: PathRound,
        context: Context,
    ) -> Template | Redirect:
        target = parse_form(await request.form(), ReminderRequest)
        try:
            outcome = await send_reminders(
                competition.id,
                competition_round.id,
                None if target.to == "all" else int(target.to),
                context.actor,
                context.base_url,
                context.now,
                force=target.force,
            )
        except Conflict as problem:
            # A refusal, not a form mistake: the form page's redisplay covers only those.
            return await round_progress_page(
                request, competition, competition_round, failed=problem
            )
        if outcome.sent:
            notify(request, REMINDERS_SENT, anchor="reminder-notice", count=outcome.sent)
        elif not outcome.skipped:
            notify(request, NO_REMINDER_NEEDED, anchor="reminder-notice")
        if outcome.skipped:
            notify(
                request,
                REMINDERS_SKIPPED,
                anchor="reminder-skipped",
                hours=THROTTLE_HOURS,
                count=len(outcome.skipped),
            )
            notify(request, REMIND_AGAIN_HINT, anchor="reminder-skipped-hint")
        return redirect_to(
            request,
            "round_progress",
            competition_id=competition.id,
            round_id=competition_round.id,
        )


class RoundProgressApi(Controller):
    """A round's judging progress and reminders, for its organizers."""

    path = "/api/v1/competitions/{competition_id:int}/rounds/{round_id:int}/progress"
    tags = ["judging"]
    guards = [is_organizer]

    @get("/", summary="Judging progress of a round per judge and per track")
    async def show(
        self, competition_id: FromPath[int], round_id: FromPath[int], context: Context
    ) -> RoundProgress:
        return await round_progress(competition_id, round_id, context.now)

    @post(
        "/reminders",
        status_code=200,
        summary="Mail a reminder to one judge (`to`: account id) or to every judge with work "
        'left (`to`: "all")',
        description=(
            "A judge reminded of this round in the last 6 hours is not mailed again but listed "
            "in `skipped` (account ids); `force`: true mails them anyway."
        ),
        raises=[Conflict],
    )
    async def remind(
        self,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[ReminderRequest],
        context: Context,
    ) -> ReminderOutcome:
        return await send_reminders(
            competition_id,
            round_id,
            None if data.to == "all" else int(data.to),
            context.actor,
            context.base_url,
            context.now,
            force=data.force,
        )

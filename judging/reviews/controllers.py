"""Judges' pages and API (queue, project page, scorecard) and the organizers' progress view."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.clock import utcnow
from judging.competitions import services as competitions
from judging.competitions.guards import is_judge, is_organizer
from judging.errors import Conflict, DomainError, Forbidden, ValidationFailed
from judging.i18n import translate
from judging.reviews import judge_views, services
from judging.reviews.progress import REMINDER_THROTTLE, round_progress, send_reminders
from judging.reviews.schemas import (
    JudgeProjectDetail,
    ReminderOutcome,
    ReminderRequest,
    RoundProgress,
    RoundQueue,
    ScorecardOut,
    ScorecardReopen,
    ScorecardSave,
)
from judging.settings import Settings
from judging.submissions.countries import country_name
from judging.submissions.markdown import render_markdown
from judging.web.forms import parse_form
from judging.web.pages import problem_context, render, see_other
from judging.web.templating import locale_of

SCORE_PREFIX = "scores."
NOTICES = ("draft", "submitted", "reopened")
# Declaring a conflict (the assignments domain) sends the judge back here with this notice.
DASHBOARD_NOTICES = ("conflict_declared",)
# What <input type="number"> sends; anything else is reported as "Enter a number."
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _score(value: object) -> float | None:
    text = str(value).strip()
    if not text:
        return None
    return float(text) if _NUMBER.match(text) else float("nan")


def scorecard_from_form(form: FormMultiDict) -> ScorecardSave:
    """The scoring form as a :class:`ScorecardSave`: ``scores.<key>`` inputs, blank ones left
    out; text that is not a number is passed on as NaN for the service to report by field."""
    fields = parse_form(form, ScorecardSave)
    scores = {
        name.removeprefix(SCORE_PREFIX): _score(value)
        for name, value in form.items()
        if name.startswith(SCORE_PREFIX)
    }
    return msgspec.structs.replace(fields, scores=scores)


def card_form_values(card: ScorecardOut | None) -> dict[str, Any]:
    """A saved card as the values of the scoring form (version 0 when there is none yet)."""
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


class JudgePages(Controller):
    path = "/judge"
    include_in_schema = False
    guards = [is_judge]

    @get("/", name="judge_dashboard")
    async def dashboard(self, request: Request, notice: FromQuery[str] = "") -> Template:
        return render(
            "reviews/judge_dashboard.html",
            queues=await judge_views.judge_queue(request.user, utcnow()),
            competitions=await competitions.competitions_for(request.user, competitions.JUDGE),
            notice=notice if notice in DASHBOARD_NOTICES else "",
        )

    @get("/rounds/{round_id:int}/projects/{submission_id:int}", name="judge_project")
    async def project(
        self,
        request: Request,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        notice: FromQuery[str] = "",
    ) -> Template:
        return await self._project_page(request, round_id, submission_id, notice=notice)

    @post("/rounds/{round_id:int}/projects/{submission_id:int}")
    async def save(
        self, request: Request, round_id: FromPath[int], submission_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            data = scorecard_from_form(form)
            await services.save_scorecard(request.user, round_id, submission_id, data, utcnow())
        except ValidationFailed as failed:
            return await self._project_page(
                request, round_id, submission_id, values=form, problem=failed
            )
        except (Conflict, Forbidden) as problem:
            # The saved card is shown again: nothing typed is kept over a newer version. A
            # draft refused over the submitted card keeps the typing, to be submitted instead.
            kept = form if problem.message == services.SUBMITTED_NOT_DRAFTED else None
            return await self._project_page(
                request, round_id, submission_id, values=kept, problem=problem
            )
        notice = "submitted" if data.action == "submit" else "draft"
        return see_other(f"/judge/rounds/{round_id}/projects/{submission_id}?notice={notice}")

    @get("/rounds/{round_id:int}/projects/{submission_id:int}/reopen", name="judge_reopen")
    async def confirm_reopen(
        self, request: Request, round_id: FromPath[int], submission_id: FromPath[int]
    ) -> Template | Redirect:
        """Ask before withdrawing a submitted card; nothing changes until the form is sent."""
        return await self._reopen_page(request, round_id, submission_id)

    @post("/rounds/{round_id:int}/projects/{submission_id:int}/reopen")
    async def reopen(
        self, request: Request, round_id: FromPath[int], submission_id: FromPath[int]
    ) -> Template | Redirect:
        try:
            data = parse_form(await request.form(), ScorecardReopen)
            await services.reopen_scorecard(
                request.user, round_id, submission_id, data.version, utcnow()
            )
        except ValidationFailed as failed:
            return await self._reopen_page(request, round_id, submission_id, problem=failed)
        except (Conflict, Forbidden) as problem:
            return await self._project_page(request, round_id, submission_id, problem=problem)
        return see_other(f"/judge/rounds/{round_id}/projects/{submission_id}?notice=reopened")

    async def _reopen_page(
        self,
        request: Request,
        round_id: int,
        submission_id: int,
        *,
        problem: DomainError | None = None,
    ) -> Template | Redirect:
        detail, refusal = await judge_views.project_for_judge(
            request.user, round_id, submission_id, utcnow()
        )
        card = detail.scorecard
        if refusal is not None or card is None or card.status != services.SUBMITTED:
            # Nothing to reopen: the project page says why (closed round, a draft already).
            return see_other(f"/judge/rounds/{round_id}/projects/{submission_id}")
        return render(
            "reviews/judge_reopen.html",
            status_code=problem.status_code if problem else 200,
            judging=detail.round,
            project=detail.project,
            card=card,
            form={"version": card.version},
            **problem_context(problem),
        )

    async def _project_page(
        self,
        request: Request,
        round_id: int,
        submission_id: int,
        *,
        values: Mapping[str, Any] | None = None,
        problem: DomainError | None = None,
        notice: str = "",
    ) -> Template:
        detail, refusal = await judge_views.project_for_judge(
            request.user, round_id, submission_id, utcnow()
        )
        card = detail.scorecard
        returned = card is not None and card.status == services.RETURNED
        return render(
            "reviews/judge_project.html",
            status_code=problem.status_code if problem else 200,
            judging=detail.round,
            project=detail.project,
            criteria=detail.rubric,
            card=card,
            refusal=refusal,
            description_html=render_markdown(detail.project.description),
            country=country_name(detail.project.country or "", locale_of(request)),
            returned_reason=await judge_views.returned_reason(card.id) if returned else "",
            notice=notice if notice in NOTICES else "",
            form=dict(values) if values is not None else card_form_values(card),
            **problem_context(problem),
        )


class JudgeApi(Controller):
    """A judge's queue, assigned projects and own scorecards. Unsafe requests carry the
    ``x-csrftoken`` header."""

    path = "/api/v1/judge"
    tags = ["judging"]
    guards = [is_judge]

    @get("/queue", summary="Your queue per round: progress, judging window, projects left and done")
    async def queue(self, request: Request) -> list[RoundQueue]:
        return await judge_views.judge_queue(request.user, utcnow())

    @get(
        "/rounds/{round_id:int}/projects/{submission_id:int}",
        summary="An assigned project (nothing naming the team in blind rounds), the rubric and "
        "your own scorecard",
    )
    async def project(
        self, request: Request, round_id: FromPath[int], submission_id: FromPath[int]
    ) -> JudgeProjectDetail:
        detail, refusal = await judge_views.project_for_judge(
            request.user, round_id, submission_id, utcnow()
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
        request: Request,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        data: JSONBody[ScorecardSave],
    ) -> ScorecardOut:
        return await services.save_scorecard(request.user, round_id, submission_id, data, utcnow())

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
        request: Request,
        round_id: FromPath[int],
        submission_id: FromPath[int],
        data: JSONBody[ScorecardReopen],
    ) -> ScorecardOut:
        return await services.reopen_scorecard(
            request.user, round_id, submission_id, data.version, utcnow()
        )


class RoundProgressPages(Controller):
    """Organizers watch a round's judging and remind judges who have work left."""

    path = "/organize/{competition_id:int}/rounds/{round_id:int}/progress"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="round_progress")
    async def show(
        self,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        sent: FromQuery[int] = -1,
        skipped: FromQuery[int] = 0,
    ) -> Template:
        return await self._page(competition_id, round_id, sent=sent, skipped=skipped)

    @post("/reminders")
    async def remind(
        self,
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        try:
            target = parse_form(await request.form(), ReminderRequest)
            outcome = await send_reminders(
                competition_id,
                round_id,
                None if target.to == "all" else int(target.to),
                request.user,
                settings.base_url,
                utcnow(),
                force=target.force,
            )
        except (ValidationFailed, Conflict) as problem:
            return await self._page(competition_id, round_id, problem=problem)
        return see_other(
            f"/organize/{competition_id}/rounds/{round_id}/progress"
            f"?sent={outcome.sent}&skipped={len(outcome.skipped)}"
        )

    @staticmethod
    async def _page(
        competition_id: int,
        round_id: int,
        *,
        sent: int = -1,
        skipped: int = 0,
        problem: DomainError | None = None,
    ) -> Template:
        progress = await round_progress(competition_id, round_id, utcnow())
        return render(
            "reviews/round_progress.html",
            status_code=problem.status_code if problem else 200,
            competition=await competitions.get_competition(competition_id),
            progress=progress,
            judging=progress.round,
            sent=sent,
            skipped=max(skipped, 0),
            throttle_hours=int(REMINDER_THROTTLE.total_seconds() // 3600),
            form={},
            **problem_context(problem),
        )


class RoundProgressApi(Controller):
    """A round's judging progress and reminders, for its organizers."""

    path = "/api/v1/competitions/{competition_id:int}/rounds/{round_id:int}/progress"
    tags = ["judging"]
    guards = [is_organizer]

    @get("/", summary="Judging progress of a round per judge and per track")
    async def show(self, competition_id: FromPath[int], round_id: FromPath[int]) -> RoundProgress:
        return await round_progress(competition_id, round_id, utcnow())

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
        request: Request,
        competition_id: FromPath[int],
        round_id: FromPath[int],
        data: JSONBody[ReminderRequest],
        settings: NamedDependency[Settings],
    ) -> ReminderOutcome:
        return await send_reminders(
            competition_id,
            round_id,
            None if data.to == "all" else int(data.to),
            request.user,
            settings.base_url,
            utcnow(),
            force=data.force,
        )

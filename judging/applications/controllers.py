"""A competition's application form: the organizers' pages and API for its questions, and a
preview of the form as an entrant sees it."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Redirect, Template

from judging.applications import services, slots
from judging.applications.forms import parse_question_form, question_form_values
from judging.applications.schemas import QuestionFields, QuestionOut
from judging.applications.tables import FileType, QuestionKind, Visibility
from judging.competitions import services as competitions
from judging.competitions.deps import PathCompetition
from judging.competitions.forms import track_positions
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition
from judging.countries import country_choices
from judging.errors import Conflict, ValidationFailed
from judging.i18n import N_
from judging.web.context import Context
from judging.web.notices import notify
from judging.web.pages import redirect_to, render_form
from judging.web.redisplay import form_page
from judging.web.templating import locale_of

QUESTION_ADDED = N_("The question is added to the application form.")
QUESTION_SAVED = N_("The question is saved.")
QUESTIONS_ORDERED = N_("The order of the questions is saved.")
QUESTION_DELETED = N_("The question is deleted.")

KIND_LABELS = {
    QuestionKind.SHORT_TEXT: N_("Short text"),
    QuestionKind.LONG_TEXT: N_("Long text (Markdown)"),
    QuestionKind.NUMBER: N_("Number"),
    QuestionKind.SINGLE_CHOICE: N_("One choice"),
    QuestionKind.MULTIPLE_CHOICE: N_("Several choices"),
    QuestionKind.YES_NO: N_("Yes or no"),
    QuestionKind.DATE: N_("Date"),
    QuestionKind.URL: N_("Web address"),
    QuestionKind.EMAIL: N_("Email address"),
    QuestionKind.COUNTRY: N_("Country or region"),
}
FILE_TYPE_LABELS = {
    FileType.PDF: N_("PDF"),
    FileType.XLSX: N_("Excel workbook (XLSX)"),
    FileType.VIDEO: N_("Video (MP4 or WebM)"),
    FileType.IMAGE: N_("Image (PNG or JPEG)"),
}
VISIBILITY_LABELS = {
    Visibility.JUDGES: N_("Judges"),
    Visibility.NOT_IN_BLIND: N_("Judges, except in blind rounds"),
    Visibility.ORGANIZERS: N_("Organizers only"),
}


async def organizer_tracks(competition_id: int) -> dict[int, dict[str, Any]]:
    """The competition's tracks by id, for the editors' "asked in" choice."""
    return {row["id"]: row for row in await competitions.tracks(competition_id)}


async def form_page_of(
    competition: Competition,
    values: Any = None,
    failed: ValidationFailed | None = None,
) -> Template:
    """The form's questions, their order, and the form to add one."""
    return render_form(
        "applications/questions.html",
        values=values if values is not None else {"visibility": Visibility.JUDGES},
        failed=failed,
        competition=competition,
        questions=await services.questions(competition.id),
        answered=await services.answer_counts(competition.id),
        slots=await slots.slots(competition.id),
        files_given=await slots.file_counts(competition.id),
        tracks=await organizer_tracks(competition.id),
        kind_labels=KIND_LABELS,
        visibility_labels=VISIBILITY_LABELS,
        file_type_labels=FILE_TYPE_LABELS,
    )


async def question_page(
    competition: Competition,
    question_id: int,
    values: Any = None,
    failed: ValidationFailed | None = None,
    refusal: Conflict | None = None,
) -> Template:
    question = await services.get_question(competition.id, question_id)
    page = render_form(
        "applications/question_form.html",
        values=question_form_values(question) if values is None else values,
        failed=failed,
        competition=competition,
        question=question,
        answered=(await services.answer_counts(competition.id)).get(question.key, 0),
        tracks=await organizer_tracks(competition.id),
        kind_labels=KIND_LABELS,
        visibility_labels=VISIBILITY_LABELS,
        refusal=refusal,
    )
    if refusal is not None:
        page.status_code = refusal.status_code
    return page


def to_form(
    request: Request, competition_id: int, notice: str, anchor: str = "questions-notice"
) -> Redirect:
    """Back to the form's page, saying what was done."""
    notify(request, notice, anchor=anchor)
    return redirect_to(request, "application_form", competition_id=competition_id)


class ApplicationFormPages(Controller):
    path = "/organize/{competition_id:int}/form"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="application_form")
    async def questions(self, competition: PathCompetition) -> Template:
        return await form_page_of(competition)

    @post("/", name="application_question_add", opt=form_page(form_page_of))
    async def add(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Redirect:
        fields = parse_question_form(await request.form())
        await services.add_question(competition.id, fields, context.actor_id)
        return to_form(request, competition.id, QUESTION_ADDED)

    @post("/order", name="application_questions_order", opt=form_page(form_page_of))
    async def reorder(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Redirect:
        positions = track_positions(await request.form())
        await services.reorder_questions(competition.id, positions, context.actor_id)
        return to_form(request, competition.id, QUESTIONS_ORDERED)

    @get("/preview", name="application_form_preview")
    async def preview(
        self,
        request: Request,
        competition: PathCompetition,
        track: Annotated[int | None, QueryParameter(name="track")] = None,
    ) -> Template:
        """The form as an entrant in ``track`` sees it (every question without a track)."""
        tracks = await organizer_tracks(competition.id)
        chosen = track if track in tracks else None
        return render_form(
            "applications/preview.html",
            values={},
            competition=competition,
            questions=await services.form_for(competition.id, chosen),
            tracks=tracks,
            chosen_track=chosen,
            countries=country_choices(locale_of(request)),
        )

    @get("/{question_id:int}", name="application_question")
    async def question(self, competition: PathCompetition, question_id: FromPath[int]) -> Template:
        return await question_page(competition, question_id)

    @post("/{question_id:int}", name="application_question_save", opt=form_page(question_page))
    async def save(
        self,
        request: Request,
        competition: PathCompetition,
        question_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        form = await request.form()
        fields = parse_question_form(form)
        try:
            await services.update_question(competition.id, question_id, fields, context.actor_id)
        except Conflict as refused:
            # Shown with what was typed, and why it would cost answers.
            return await question_page(competition, question_id, values=form, refusal=refused)
        return to_form(request, competition.id, QUESTION_SAVED)

    @post("/{question_id:int}/delete", name="application_question_delete")
    async def delete_question(
        self,
        request: Request,
        competition: PathCompetition,
        question_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        try:
            await services.delete_question(competition.id, question_id, context.actor_id)
        except Conflict as refused:
            return await question_page(competition, question_id, refusal=refused)
        return to_form(request, competition.id, QUESTION_DELETED)


class ApplicationFormApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}/questions"
    tags = ["applications"]
    guards = [is_organizer]

    @get("/", summary="The questions of a competition's application form, in order")
    async def list_questions(self, competition: PathCompetition) -> list[QuestionOut]:
        return await services.questions(competition.id)

    @post(
        "/",
        summary="Add a question (last unless a position is given)",
        description=(
            "`kind` decides which settings apply: `max_length` for the text kinds; "
            "`min_value`, `max_value`, `whole_number` and `unit` for numbers; `choices` "
            "(at least two) for the choice kinds. `visibility` says who besides the team and "
            "the organizers reads the answers: `judges`, `not_in_blind` (judges outside "
            "blind rounds) or `organizers`. Answers go in a project's `answers` object, by key."
        ),
    )
    async def add_question(
        self, competition: PathCompetition, context: Context, data: JSONBody[QuestionFields]
    ) -> QuestionOut:
        return await services.add_question(competition.id, data, context.actor_id)

    @put(
        "/{question_id:int}",
        summary="Replace a question (its key is fixed)",
        description="409 when answers already given would become invalid or unasked.",
        raises=[Conflict],
    )
    async def replace_question(
        self,
        competition: PathCompetition,
        question_id: FromPath[int],
        context: Context,
        data: JSONBody[QuestionFields],
    ) -> QuestionOut:
        return await services.update_question(competition.id, question_id, data, context.actor_id)

    @delete(
        "/{question_id:int}",
        summary="Delete a question nobody answered (409 when it has answers)",
        raises=[Conflict],
    )
    async def delete_question(
        self, competition: PathCompetition, question_id: FromPath[int], context: Context
    ) -> None:
        await services.delete_question(competition.id, question_id, context.actor_id)

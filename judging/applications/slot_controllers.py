"""The files an application asks for: the organizers' pages and API for attachment slots."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post, put
from litestar.datastructures import FormMultiDict
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from judging.applications import slots
from judging.applications.controllers import (
    FILE_TYPE_LABELS,
    VISIBILITY_LABELS,
    organizer_tracks,
    to_form,
)
from judging.applications.schemas import SlotFields, SlotOut
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.competitions.tables import Competition
from judging.errors import Conflict, FieldError, ValidationFailed
from judging.i18n import N_
from judging.web.context import Context
from judging.web.forms import parse_form
from judging.web.pages import render_form
from judging.web.redisplay import form_page

SLOT_ADDED = N_("The file is added to the application form.")
SLOT_SAVED = N_("The file's settings are saved.")
SLOT_DELETED = N_("The file is taken off the application form.")


CHOOSE_KINDS = N_("Tick at least one kind of file.")


def parse_slot_form(form: FormMultiDict) -> SlotFields:
    """The editor's form as :class:`SlotFields`; no kind ticked is an error, not the default
    (the page shows the kinds, so an empty choice is a choice)."""
    errors = [] if form.getall("file_types", []) else [FieldError("file_types", CHOOSE_KINDS)]
    try:
        fields = parse_form(form, SlotFields)
    except ValidationFailed as failed:
        raise ValidationFailed([*failed.errors, *errors]) from None
    if errors:
        raise ValidationFailed(errors)
    return fields


def slot_form_values(slot: SlotOut) -> dict[str, Any]:
    """A stored slot as the editor's inputs (ticked kinds as a list)."""
    values = {name: getattr(slot, name) for name in SlotFields.__struct_fields__}
    values["required"] = "true" if slot.required else ""
    values["track_id"] = "" if slot.track_id is None else slot.track_id
    values["file_types"] = [str(kind) for kind in slot.file_types]
    return values


async def slot_page(
    competition: Competition,
    slot_id: int,
    values: Any = None,
    failed: ValidationFailed | None = None,
    refusal: Conflict | None = None,
) -> Template:
    slot = await slots.get_slot(competition.id, slot_id)
    page = render_form(
        "applications/slot_form.html",
        values=slot_form_values(slot) if values is None else values,
        failed=failed,
        competition=competition,
        slot=slot,
        given=(await slots.file_counts(competition.id)).get(slot.key, 0),
        tracks=await organizer_tracks(competition.id),
        file_type_labels=FILE_TYPE_LABELS,
        visibility_labels=VISIBILITY_LABELS,
        refusal=refusal,
    )
    if refusal is not None:
        page.status_code = refusal.status_code
    return page


async def new_slot_page(
    competition: Competition, values: Any = None, failed: ValidationFailed | None = None
) -> Template:
    return render_form(
        "applications/slot_new.html",
        values=values if values is not None else {"file_types": ["pdf"], "max_mb": 20},
        failed=failed,
        competition=competition,
        tracks=await organizer_tracks(competition.id),
        file_type_labels=FILE_TYPE_LABELS,
        visibility_labels=VISIBILITY_LABELS,
    )


class AttachmentSlotPages(Controller):
    path = "/organize/{competition_id:int}/form/files"
    include_in_schema = False
    guards = [is_organizer]

    @get("/new", name="application_slot_new")
    async def new(self, competition: PathCompetition) -> Template:
        return await new_slot_page(competition)

    @post("/", name="application_slot_add", opt=form_page(new_slot_page))
    async def add(
        self, request: Request, competition: PathCompetition, context: Context
    ) -> Redirect:
        fields = parse_slot_form(await request.form())
        await slots.add_slot(competition.id, fields, context.actor_id)
        return to_form(request, competition.id, SLOT_ADDED, anchor="slots-notice")

    @get("/{slot_id:int}", name="application_slot")
    async def slot(self, competition: PathCompetition, slot_id: FromPath[int]) -> Template:
        return await slot_page(competition, slot_id)

    @post("/{slot_id:int}", name="application_slot_save", opt=form_page(slot_page))
    async def save(
        self,
        request: Request,
        competition: PathCompetition,
        slot_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        form = await request.form()
        fields = parse_slot_form(form)
        try:
            await slots.update_slot(competition.id, slot_id, fields, context.actor_id)
        except Conflict as refused:
            return await slot_page(competition, slot_id, values=form, refusal=refused)
        return to_form(request, competition.id, SLOT_SAVED, anchor="slots-notice")

    @post("/{slot_id:int}/delete", name="application_slot_delete")
    async def delete_slot(
        self,
        request: Request,
        competition: PathCompetition,
        slot_id: FromPath[int],
        context: Context,
    ) -> Template | Redirect:
        try:
            await slots.delete_slot(competition.id, slot_id, context.actor_id)
        except Conflict as refused:
            return await slot_page(competition, slot_id, refusal=refused)
        return to_form(request, competition.id, SLOT_DELETED, anchor="slots-notice")


class AttachmentSlotApi(Controller):
    path = "/api/v1/competitions/{competition_id:int}/attachment-slots"
    tags = ["applications"]
    guards = [is_organizer]

    @get("/", summary="The files a competition's application asks for, in order")
    async def list_slots(self, competition: PathCompetition) -> list[SlotOut]:
        return await slots.slots(competition.id)

    @post(
        "/",
        summary="Ask for a file (last unless a position is given)",
        description=(
            "`file_types`: any of `pdf`, `xlsx`, `video` (MP4, WebM), `image` (PNG, JPEG), "
            "checked by content; `max_mb` the largest file (the server's upload limit still "
            "applies); `visibility` as for questions. Projects give the file at "
            "PUT /api/v1/projects/{id}/files/{key}."
        ),
    )
    async def add_slot(
        self, competition: PathCompetition, context: Context, data: JSONBody[SlotFields]
    ) -> SlotOut:
        return await slots.add_slot(competition.id, data, context.actor_id)

    @put(
        "/{slot_id:int}",
        summary="Replace a slot's settings (its key is fixed)",
        description="409 when files of other tracks would no longer be asked or shown.",
        raises=[Conflict],
    )
    async def replace_slot(
        self,
        competition: PathCompetition,
        slot_id: FromPath[int],
        context: Context,
        data: JSONBody[SlotFields],
    ) -> SlotOut:
        return await slots.update_slot(competition.id, slot_id, data, context.actor_id)

    @delete(
        "/{slot_id:int}",
        summary="Take a file off the form (409 when projects gave it)",
        raises=[Conflict],
    )
    async def delete_slot(
        self, competition: PathCompetition, slot_id: FromPath[int], context: Context
    ) -> None:
        await slots.delete_slot(competition.id, slot_id, context.actor_id)

"""The rules of submissions: entrants create, edit, upload a deck, submit and withdraw.

Every service that changes a project takes the acting account and ``now``, refuses a project
the account does not own with :class:`NotFound` (never confirming that the id exists),
refuses changes outside the submission window and, once judging has opened for the project,
changes to what judges assess (:mod:`judging.submissions.locking`), checks the version the
entrant read, and records the change in the audit trail. Every deck a project had is kept as
a :class:`DeckVersion` (:mod:`judging.submissions.decks`), so the deck URL can serve the version
a judge scored. The submission window is :mod:`judging.submissions.windows`.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import msgspec

from judging import events
from judging.accounts.tables import Account
from judging.applications import services as applications
from judging.applications import slots as application_slots
from judging.applications.answers import answers_for_track, written_answers
from judging.audit import services as audit
from judging.competitions.tables import Track
from judging.database import writing
from judging.errors import (
    Conflict,
    DomainError,
    FieldError,
    Forbidden,
    NotFound,
    ValidationFailed,
)
from judging.i18n import N_
from judging.outbox.services import queue_mail
from judging.submissions import (
    attachment_files,
    attachments,
    decks,
    locking,
    storage,
    team,
    windows,
)
from judging.submissions.schemas import (
    AttachmentOut,
    DeckOut,
    ProjectFields,
    ProjectOut,
    ProjectPatch,
    SubmissionWindow,
    TeamMember,
    check_project_fields,
)
from judging.submissions.search import search_text_for
from judging.submissions.tables import Attachment, DeckVersion, Submission, SubmissionStatus

# The columns an entrant writes, as stored (``track_id`` is the ``track`` column).
FIELD_NAMES = tuple(name for name in ProjectFields.__struct_fields__ if name != "track_id")

STALE_VERSION = N_(
    "Someone changed this project since you opened it. Reload the page, check the current "
    "version and make your change again."
)
DISQUALIFIED_LOCKED = N_("This project was disqualified and can no longer be changed.")
ALREADY_SUBMITTED = N_("This project is already submitted.")
ALREADY_WITHDRAWN = N_("This project is already withdrawn.")
NEEDS_SUMMARY = N_("Write a one-paragraph summary before submitting.")
NEEDS_DECK = N_("Upload a pitch deck (PDF) before submitting.")
UNKNOWN_TRACK = N_("Choose one of the offered values.")
NO_DECK = N_("No pitch deck was uploaded for this project.")
EMAIL_NOT_CONFIRMED = N_(
    "Confirm your email address before you submit: open the link we sent to %(email)s."
)
NO_DECK_VERSION = N_("This project never had a pitch deck with this content hash.")


# ---------------------------------------------------------------- reading


async def owned_by(account_id: int) -> list[dict[str, Any]]:
    """The projects an entrant is on the team of (see :mod:`judging.submissions.team`), newest
    first, with competition and track names."""
    return (
        await Submission.select(
            Submission.id,
            Submission.title,
            Submission.status,
            Submission.updated_at,
            Submission.submitted_at,
            Submission.deck_sha256,
            Submission.version,
            Submission.competition.id.as_alias("competition_id"),
            Submission.competition.name_en.as_alias("competition_name_en"),
            Submission.competition.name_zh.as_alias("competition_name_zh"),
            Submission.competition.timezone.as_alias("timezone"),
            Submission.track.name_en.as_alias("track_name_en"),
            Submission.track.name_zh.as_alias("track_name_zh"),
        )
        .where(team.team_condition(account_id))
        .order_by(Submission.id, ascending=False)
    )


async def own_project(account_id: int, submission_id: int) -> dict[str, Any]:
    """A project the account is on the team of, with its competition and track names, else
    :class:`NotFound`."""
    row = (
        await Submission.select(
            Submission.all_columns(),
            Submission.competition.name_en.as_alias("competition_name_en"),
            Submission.competition.name_zh.as_alias("competition_name_zh"),
            Submission.competition.timezone.as_alias("timezone"),
            Submission.track.name_en.as_alias("track_name_en"),
            Submission.track.name_zh.as_alias("track_name_zh"),
        )
        .where((Submission.id == submission_id) & team.team_condition(account_id))
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound()
    return row


async def edit_lock(
    project: dict[str, Any], window: SubmissionWindow, now: datetime
) -> DomainError | None:
    """Why the entrant cannot change the project's fields or deck now (shown on a read-only
    form), or None: disqualified, judging began (unless an organizer unlocked it), or outside
    the submission window (an unlocked project is open to its entrant whatever the window)."""
    if project["status"] == SubmissionStatus.DISQUALIFIED:
        return Conflict(DISQUALIFIED_LOCKED)
    if locking.is_unlocked(project):
        return None
    refusal = await locking.lock_refusal(project, now)
    return refusal if refusal is not None else windows.window_refusal(window, now)


async def _require_editable(project: dict[str, Any], now: datetime) -> None:
    """Refuse a change of what judges assess (fields, deck) with the reason of :func:`edit_lock`."""
    refusal = await edit_lock(project, await windows.submission_window(project["competition"]), now)
    if refusal is not None:
        raise refusal


async def _require_window(project: dict[str, Any], now: datetime) -> None:
    """The submission window, which an organizer's unlock lifts for this project."""
    if not locking.is_unlocked(project):
        await windows.require_open(project["competition"], now)


def fields_of(project: dict[str, Any]) -> ProjectFields:
    """The entrant-written fields of a stored project."""
    values = {name: project[name] for name in FIELD_NAMES}
    return msgspec.convert({**values, "track_id": project["track"]}, ProjectFields, strict=False)


def project_out(
    project: dict[str, Any], window: SubmissionWindow, lock: DomainError | None
) -> ProjectOut:
    """The API's view of a project for its owner; ``lock`` is :func:`edit_lock`'s answer."""
    deck = (
        DeckOut(
            sha256=project["deck_sha256"],
            size=project["deck_size"],
            uploaded_at=project["deck_uploaded_at"],
            url=decks.deck_url(project["id"]),
        )
        if project["deck_sha256"]
        else None
    )
    return ProjectOut(
        id=project["id"],
        competition_id=project["competition"],
        track_id=project["track"],
        title=project["title"],
        summary=project["summary"],
        description=project["description"],
        team=[msgspec.convert(member, TeamMember) for member in project["team"]],
        organization=project["organization"],
        country=project["country"],
        website=project["website"],
        video_url=project["video_url"],
        contact_name=project["contact_name"],
        contact_email=project["contact_email"],
        contact_phone=project["contact_phone"],
        answers=project["answers"],
        status=project["status"],
        deck=deck,
        submitted_at=project["submitted_at"],
        updated_at=project["updated_at"],
        version=project["version"],
        submission_opens_at=window.opens_at,
        submission_closes_at=window.closes_at,
        editable=lock is None,
        judging_locked=lock is not None and lock.message == locking.JUDGING_LOCKED,
    )


# ---------------------------------------------------------------- writing


def _stored_values(fields: ProjectFields) -> dict[str, Any]:
    values = msgspec.to_builtins(fields)
    values["track"] = values.pop("track_id")
    return values


async def _checked_values(competition_id: int, fields: ProjectFields) -> dict[str, Any]:
    """The columns to store: the fields, the answers as the competition's application form
    checks them for the project's track, and the search text of both. A draft may leave
    required questions unanswered; submitting asks for them."""
    values = _stored_values(fields)
    form = await applications.questions(competition_id)
    values["answers"] = answers_for_track(form, fields.track_id, fields.answers)
    values["search_text"] = search_text_for(
        fields.title, fields.organization, values["team"], written_answers(form, values["answers"])
    )
    return values


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only what changed, for the audit trail."""
    changed = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in changed}, {key: after[key] for key in changed}


async def _checked_track(track_id: int, competition_id: int | None = None) -> dict[str, Any]:
    """The track, in a public competition (or in ``competition_id`` when given)."""
    query = Track.select(Track.id, Track.competition).where(Track.id == track_id)
    if competition_id is not None:
        query = query.where(Track.competition == competition_id)
    else:
        query = query.where(Track.competition.is_public.eq(True))
    track = await query.first()
    if track is None:
        raise ValidationFailed.single("track_id", UNKNOWN_TRACK)
    return track


async def create_project(account: Account, fields: ProjectFields, now: datetime) -> int:
    """Create a draft project owned by ``account``; returns its id."""
    fields = check_project_fields(fields)
    track = await _checked_track(fields.track_id)
    await windows.require_open(track["competition"], now)
    values = await _checked_values(track["competition"], fields)
    async with writing():
        submission = Submission(
            competition=track["competition"],
            owner=account.id,
            status=SubmissionStatus.DRAFT,
            created_at=now,
            updated_at=now,
            version=1,
            **values,
        )
        await submission.save()
        await audit.record(
            actor_id=account.id,
            entity="submission",
            entity_id=submission.id,
            action="created",
            after={
                **{key: value for key, value in values.items() if key != "search_text"},
                "competition": track["competition"],
                "status": SubmissionStatus.DRAFT,
            },
        )
    return submission.id


def _require_changeable(project: dict[str, Any]) -> None:
    if project["status"] == SubmissionStatus.DISQUALIFIED:
        raise Conflict(DISQUALIFIED_LOCKED)


def _require_version(project: dict[str, Any], version: int) -> None:
    if project["version"] != version:
        raise Conflict(STALE_VERSION)


async def _save(
    account: Account,
    project: dict[str, Any],
    version: int,
    values: dict[str, Any],
    action: str,
    now: datetime,
    audited: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write ``values`` if the row is still at ``version`` (compare-and-set), and audit it
    (with ``audited``: what changed beside the row, such as a file given).

    Call inside ``writing()``. Returns the values before and after, as audited.
    """
    before, after = _changes(project, values)
    after = {**after, **(audited or {})}
    columns = {Submission._meta.get_column_by_name(key): value for key, value in values.items()}
    updated = (
        await Submission.update(
            {**columns, Submission.updated_at: now, Submission.version: version + 1}
        )
        .where((Submission.id == project["id"]) & (Submission.version == version))
        .returning(Submission.id)
    )
    if not updated:
        raise Conflict(STALE_VERSION)
    await audit.record(
        actor_id=account.id,
        entity="submission",
        entity_id=project["id"],
        action=action,
        before={**before, "version": version},
        after={**after, "version": version + 1},
    )
    return after


async def update_project(
    account: Account, submission_id: int, version: int, fields: ProjectFields, now: datetime
) -> None:
    """Replace the entrant-written fields of the account's project, if ``version`` is current."""
    fields = check_project_fields(fields)
    async with writing():
        project = await own_project(account.id, submission_id)
        await _require_editable(project, now)
        _require_version(project, version)
        await _checked_track(fields.track_id, project["competition"])
        values = await _checked_values(project["competition"], fields)
        await _save(account, project, version, values, "updated", now)


async def patch_project(
    account: Account, submission_id: int, patch: ProjectPatch, now: datetime
) -> None:
    """Change only the fields sent; the merged project must still be a valid project."""
    project = await own_project(account.id, submission_id)
    current = msgspec.to_builtins(fields_of(project))
    sent = {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if name != "version" and value is not msgspec.UNSET
    }
    if "answers" in sent:
        # The answers sent replace those answers only; the others are kept.
        sent["answers"] = {**current["answers"], **sent["answers"]}
    merged = msgspec.convert({**current, **msgspec.to_builtins(sent)}, ProjectFields, strict=False)
    await update_project(account, submission_id, patch.version, merged, now)


async def attach_deck(
    account: Account,
    submission_id: int,
    source: BinaryIO,
    *,
    data_dir: str | Path,
    max_bytes: int,
    now: datetime,
) -> None:
    """Check and store ``source`` as the project's pitch deck, then point the row at it.

    The file is complete on disk before the row names it; the old deck stays on disk and
    among the project's :class:`DeckVersion` rows (judges may have scored it; another project
    may share its content).
    """
    project = await own_project(account.id, submission_id)
    await _require_editable(project, now)
    deck = await storage.store_deck(source, data_dir, max_bytes)
    async with writing():
        project = await own_project(account.id, submission_id)
        await _require_editable(project, now)
        await decks.keep_deck_version(project["id"], deck, account.id, now)
        await _save(
            account,
            project,
            project["version"],
            {"deck_sha256": deck.sha256, "deck_size": deck.size, "deck_uploaded_at": now},
            "deck_uploaded",
            now,
        )


async def attach_file(
    account: Account,
    submission_id: int,
    slot_key: str,
    source: BinaryIO,
    filename: str,
    *,
    data_dir: str | Path,
    max_bytes: int,
    now: datetime,
) -> AttachmentOut:
    """Check ``source`` against the slot (its kinds by content, its size limit, never above
    the server's upload limit), store it, and give it to the project as the slot's file.

    The file it replaces stays among the project's files, reachable by its hash. A PDF's text
    is searched for the team's names, organization and contact: what it finds is kept with the
    file, so the entrant is warned and the organizers see it (in a blind round the file would
    name the team). :class:`NotFound` for a slot the project's track is not asked for.
    """
    project = await own_project(account.id, submission_id)
    await _require_editable(project, now)
    slot = next(
        (
            found
            for found in await application_slots.slots_for(project["competition"], project["track"])
            if found.key == slot_key
        ),
        None,
    )
    if slot is None:
        raise NotFound()
    max_mb = max(1, min(slot.max_mb, max_bytes // (1024 * 1024)))
    stored = await attachment_files.store_attachment(
        source, data_dir, max_mb, slot.file_types, attachments.field_name(slot_key)
    )
    named: list[str] = []
    if stored.extension == "pdf":
        path = attachment_files.attachment_path(data_dir, stored.sha256, stored.extension)
        text = await asyncio.to_thread(attachment_files.pdf_text, path)
        names = [member.get("name", "") for member in project["team"]]
        named = attachment_files.names_found(
            text, [*names, project["organization"], project["contact_name"]]
        )
    async with writing():
        project = await own_project(account.id, submission_id)
        await _require_editable(project, now)
        await Attachment(
            submission=submission_id,
            competition=project["competition"],
            slot=slot_key,
            sha256=stored.sha256,
            size=stored.size,
            media_type=stored.media_type,
            extension=stored.extension,
            filename=Path(filename).name[:255],
            named=named,
            uploaded_by=account.id,
            uploaded_at=now,
        ).save()
        await _save(
            account,
            project,
            project["version"],
            {},
            "attachment_uploaded",
            now,
            audited={
                "slot": slot_key,
                "sha256": stored.sha256,
                "size": stored.size,
                "named": named,
            },
        )
    return (await attachments.current_files(submission_id))[slot_key]


async def submit_project(
    account: Account, submission_id: int, version: int, now: datetime, base_url: str
) -> None:
    """Submit a draft (or withdrawn) project; a confirmation mail goes to the owner, whose
    email address must be confirmed (see :mod:`judging.accounts.verification`)."""
    if account.email_verified_at is None:
        raise Forbidden(EMAIL_NOT_CONFIRMED, email=account.email)
    async with writing():
        project = await own_project(account.id, submission_id)
        _require_changeable(project)
        if project["status"] == SubmissionStatus.SUBMITTED:
            raise Conflict(ALREADY_SUBMITTED)
        await _require_window(project, now)
        _require_version(project, version)
        missing = []
        if not project["summary"].strip():
            missing.append(FieldError("summary", NEEDS_SUMMARY))
        if not project["deck_sha256"]:
            missing.append(FieldError("deck", NEEDS_DECK))
        try:
            await applications.checked_answers(
                project["competition"], project["track"], project["answers"], complete=True
            )
        except ValidationFailed as unanswered:
            missing.extend(unanswered.errors)
        missing.extend(
            await attachments.missing_files(project["competition"], project["track"], project["id"])
        )
        if missing:
            raise ValidationFailed(missing)
        await _save(
            account,
            project,
            version,
            {"status": SubmissionStatus.SUBMITTED, "submitted_at": now},
            "submitted",
            now,
        )
        window = await windows.submission_window(project["competition"])
        await queue_mail(
            account.email,
            "submission_received",
            competition_id=project["competition"],
            title=project["title"],
            competition_en=project["competition_name_en"],
            competition_zh=project["competition_name_zh"],
            track_en=project["track_name_en"],
            track_zh=project["track_name_zh"],
            submitted_at=now,
            closes_at=window.closes_at,
            timezone=window.timezone,
            link=f"{base_url.rstrip('/')}/projects/{submission_id}",
        )
    await events.announce(
        events.PROJECT_SUBMITTED,
        competition_id=project["competition"],
        submission_id=submission_id,
    )


async def withdraw_project(
    account: Account, submission_id: int, version: int, now: datetime
) -> None:
    """Withdraw the project from the competition (allowed at any time, unless disqualified)."""
    async with writing():
        project = await own_project(account.id, submission_id)
        _require_changeable(project)
        if project["status"] == SubmissionStatus.WITHDRAWN:
            raise Conflict(ALREADY_WITHDRAWN)
        _require_version(project, version)
        await _save(
            account, project, version, {"status": SubmissionStatus.WITHDRAWN}, "withdrawn", now
        )


# ---------------------------------------------------------------- the deck file


async def readable_deck(
    viewer: Account | None,
    submission_id: int,
    data_dir: str | Path,
    sha256: str | None = None,
    *,
    may_read: decks.DeckAccess,
) -> Path:
    """The deck file of a project ``viewer`` may read; :class:`NotFound` for anyone else.

    Who may read it is ``may_read``'s answer (the rule :func:`judging.permissions.can_read_deck`,
    asked where its facts are: see :data:`judging.submissions.decks.DeckAccess`). Without
    ``sha256`` the project's current deck; with it, that version, if the project ever had a
    deck with this content hash (whoever may read the project may read each version).
    Anonymous visitors get :class:`NotFound` too: the answer never confirms that an id exists.
    """
    if viewer is None:
        raise NotFound()
    submission = await Submission.objects().where(Submission.id == submission_id).first()
    if submission is None or not await may_read(viewer, submission):
        raise NotFound()
    if sha256 is not None and not storage.is_sha256(sha256):
        raise NotFound(NO_DECK_VERSION)
    if sha256 is None:
        if not submission.deck_sha256:
            raise NotFound(NO_DECK)
        sha256 = submission.deck_sha256
    elif sha256 != submission.deck_sha256 and not await DeckVersion.exists().where(
        (DeckVersion.submission == submission_id) & (DeckVersion.sha256 == sha256)
    ):
        raise NotFound(NO_DECK_VERSION)
    path = storage.deck_path(data_dir, sha256)
    if not path.is_file():
        raise NotFound(NO_DECK)
    return path

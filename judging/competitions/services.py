"""The rules of competitions: roles and invitations, and setting up tracks and rounds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import msgspec
from piccolo.engine.postgres import PostgresEngine

from judging.accounts import services as accounts
from judging.accounts.tables import Account
from judging.audit import services as audit
from judging.competitions import usage
from judging.competitions.schemas import (
    CompetitionFields,
    CompetitionOut,
    CompetitionPatch,
    InvitationAcceptance,
    InvitationCreate,
    InvitationStatus,
    RoundFields,
    RoundOut,
    RoundPatch,
    TrackFields,
    TrackOut,
    TrackPatch,
)
from judging.competitions.tables import Competition, Invitation, Membership, Round, Track
from judging.database import engine, writing
from judging.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from judging.i18n import N_
from judging.outbox.services import queue_mail


async def lock_rounds(round_ids: Iterable[int], *, shared: bool = False) -> None:
    """Lock these rounds' rows until the transaction ends (PostgreSQL; call inside writing()).

    Changes that must not interleave within a round take the lock: exclusive to change what
    the round is judged by (its rubric, its assignments), shared to add a judge's scorecard,
    so that saves do not wait for each other. On SQLite writing() already lets one writer in
    at a time.
    """
    ids = sorted(set(round_ids))
    if ids and isinstance(engine(), PostgresEngine):
        await (
            Round.select(Round.id)
            .where(Round.id.is_in(ids))
            .lock_rows("SHARE" if shared else "UPDATE")
        )


async def lock_competition(competition_id: int) -> None:
    """Lock the competition's row until the transaction ends (PostgreSQL; inside writing()),
    for changes that read before they write, such as replacing a pending invitation."""
    if isinstance(engine(), PostgresEngine):
        await (
            Competition.select(Competition.id)
            .where(Competition.id == competition_id)
            .lock_rows("UPDATE")
        )


ORGANIZER = "organizer"
JUDGE = "judge"


async def roles_of(account_id: int) -> dict[int, set[str]]:
    """Competition id -> roles the account holds there."""
    rows = await Membership.select(Membership.competition, Membership.role).where(
        Membership.account == account_id
    )
    roles: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        roles[row["competition"]].add(row["role"])
    return dict(roles)


async def has_role(account: Account, competition_id: int, role: str) -> bool:
    """Platform admins hold every organizer role; judge roles must be held explicitly."""
    if role == ORGANIZER and account.is_platform_admin:
        return True
    return await Membership.exists().where(
        (Membership.account == account.id)
        & (Membership.competition == competition_id)
        & (Membership.role == role)
    )


async def get_competition(competition_id: int) -> Competition:
    competition = await Competition.objects().where(Competition.id == competition_id).first()
    if competition is None:
        raise NotFound()
    return competition


async def public_competition(slug: str) -> Competition:
    """The public competition at ``slug`` (else :class:`NotFound`)."""
    competition = (
        await Competition.objects()
        .where((Competition.slug == slug) & (Competition.is_public.eq(True)))
        .first()
    )
    if competition is None:
        raise NotFound()
    return competition


async def competitions_for(account: Account, role: str | None = None) -> list[dict[str, Any]]:
    """Competitions the account holds a role in (all of them for a platform admin organizer view)."""
    roles = await roles_of(account.id)
    if account.is_platform_admin and role in (None, ORGANIZER):
        rows = await Competition.select().order_by(Competition.id)
    else:
        wanted = [cid for cid, held in roles.items() if role is None or role in held]
        rows = (
            await Competition.select().where(Competition.id.is_in(wanted)).order_by(Competition.id)
            if wanted
            else []
        )
    for row in rows:
        row["roles"] = sorted(roles.get(row["id"], set()))
    return rows


async def public_competitions() -> list[dict[str, Any]]:
    return (
        await Competition.select()
        .where(Competition.is_public.eq(True))
        .order_by(Competition.id, ascending=False)
    )


async def add_membership(
    competition_id: int, account_id: int, role: str, actor_id: int | None
) -> None:
    """Give ``account_id`` the role; a no-op when it is already held."""
    exists = await Membership.exists().where(
        (Membership.competition == competition_id)
        & (Membership.account == account_id)
        & (Membership.role == role)
    )
    if exists:
        return
    membership = Membership(competition=competition_id, account=account_id, role=role)
    await membership.save()
    await audit.record(
        actor_id=actor_id,
        entity="membership",
        entity_id=membership.id,
        action="created",
        after={"competition_id": competition_id, "account_id": account_id, "role": role},
    )


async def members(competition_id: int) -> list[dict[str, Any]]:
    return (
        await Membership.select(
            Membership.id,
            Membership.role,
            Membership.account.id.as_alias("account_id"),
            Membership.account.display_name.as_alias("display_name"),
            Membership.account.email.as_alias("email"),
            Membership.account.organization.as_alias("organization"),
        )
        .where(Membership.competition == competition_id)
        .order_by(Membership.role)
        .order_by(Membership.id)
    )


async def invitations(competition_id: int, now: datetime) -> list[dict[str, Any]]:
    """The competition's invitations, newest first, each with its ``status``."""
    rows = (
        await Invitation.select()
        .where(Invitation.competition == competition_id)
        .order_by(Invitation.id, ascending=False)
    )
    for row in rows:
        row["status"] = invitation_status(row, now)
    return rows


def invitation_status(row: dict[str, Any], now: datetime) -> InvitationStatus:
    if row["used_at"] is not None:
        return "accepted"
    if row["revoked_at"] is not None:
        return "revoked"
    return "expired" if row["expires_at"] <= now else "pending"


class SentInvitation(msgspec.Struct, frozen=True):
    """An invitation just mailed; ``resent`` when it replaced a pending one to the address."""

    invitation: Invitation
    link: str
    resent: bool


async def create_invitation(
    *,
    competition_id: int,
    form: InvitationCreate,
    inviter: Account,
    base_url: str,
    now: datetime,
    ttl: timedelta,
) -> SentInvitation:
    """Create a single-use invitation and mail its link.

    An address never holds two pending invitations to one role: inviting it again sends the
    invitation again, with a new link, and the older link stops working.
    """
    competition = await get_competition(competition_id)
    token = accounts.new_token()
    link = f"{base_url.rstrip('/')}/invitations/{token}"
    email = accounts.normalize_email(form.email)
    async with writing():
        # Two organizers inviting the same address at once: the second waits and replaces.
        await lock_competition(competition.id)
        replaced = (
            await Invitation.update({Invitation.revoked_at: now, Invitation.revoked_by: inviter.id})
            .where(
                (Invitation.competition == competition.id)
                & (Invitation.email == email)
                & (Invitation.role == form.role)
                & Invitation.used_at.is_null()
                & Invitation.revoked_at.is_null()
            )
            .returning(Invitation.id)
        )
        invitation = Invitation(
            token_hash=accounts.token_digest(token),
            email=email,
            competition=competition.id,
            role=form.role,
            created_by=inviter.id,
            expires_at=now + ttl,
        )
        await invitation.save()
        await audit.record(
            actor_id=inviter.id,
            entity="invitation",
            entity_id=invitation.id,
            action="resent" if replaced else "created",
            before={"replaced": [row["id"] for row in replaced]} if replaced else None,
            after={"email": email, "role": form.role, "competition_id": competition.id},
        )
        await queue_mail(
            email,
            "invitation",
            competition_id=competition.id,
            inviter=inviter.display_name,
            role=form.role,
            competition_en=competition.name_en,
            competition_zh=competition.name_zh,
            link=link,
            expires_at=invitation.expires_at,
            timezone=competition.timezone,
        )
    return SentInvitation(invitation=invitation, link=link, resent=bool(replaced))


async def revoke_invitation(
    competition_id: int, invitation_id: int, organizer: Account, now: datetime
) -> None:
    """Withdraw a pending invitation: its link stops working. Accepted ones stay (409)."""
    async with writing():
        invitation = (
            await Invitation.objects()
            .where((Invitation.id == invitation_id) & (Invitation.competition == competition_id))
            .first()
        )
        if invitation is None:
            raise NotFound()
        # Compare-and-set: an acceptance racing the revocation leaves exactly one winner.
        revoked = (
            await Invitation.update(
                {Invitation.revoked_at: now, Invitation.revoked_by: organizer.id}
            )
            .where(
                (Invitation.id == invitation.id)
                & Invitation.used_at.is_null()
                & Invitation.revoked_at.is_null()
            )
            .returning(Invitation.id)
        )
        if not revoked:
            raise Conflict(N_("This invitation was already accepted or revoked."))
        await audit.record(
            actor_id=organizer.id,
            entity="invitation",
            entity_id=invitation.id,
            action="revoked",
            before={"email": invitation.email, "role": invitation.role},
        )


_INVALID_INVITATION = N_("This invitation link is invalid, already used or expired.")


async def valid_invitation(token: str, now: datetime) -> Invitation:
    """The unused, unrevoked, unexpired invitation of ``token``, else :class:`NotFound`."""
    invitation = (
        await Invitation.objects()
        .where(Invitation.token_hash == accounts.token_digest(token))
        .first()
    )
    if (
        invitation is None
        or invitation.used_at is not None
        or invitation.revoked_at is not None
        or invitation.expires_at <= now
    ):
        raise NotFound(_INVALID_INVITATION)
    return invitation


async def accept_invitation(
    token: str,
    now: datetime,
    account: Account | None,
    form: InvitationAcceptance | None,
) -> Account:
    """Spend the invitation and give the role, creating the account for a newcomer.

    A signed-in invitee must be signed in with the invited email; a newcomer fills
    ``form``. An existing account that is not signed in must sign in first.
    """
    invitation = await valid_invitation(token, now)
    if account is not None and account.email != invitation.email:
        raise Forbidden(
            N_("This invitation was sent to %(email)s. Sign out and open the link again."),
            email=invitation.email,
        )
    if account is None:
        if await accounts.account_by_email(invitation.email) is not None:
            raise Forbidden(
                N_("An account exists for %(email)s. Sign in first, then open the link again."),
                email=invitation.email,
            )
        if form is None:
            raise ValidationFailed.single("display_name", N_("This field is required."))
        if form.password != form.password_confirm:
            raise ValidationFailed.single("password_confirm", N_("The two passwords do not match."))
    async with writing():
        # Spend first (compare-and-set): of two racing acceptances (or an acceptance and a
        # revocation) exactly one proceeds.
        spent = (
            await Invitation.update({Invitation.used_at: now})
            .where(
                (Invitation.id == invitation.id)
                & Invitation.used_at.is_null()
                & Invitation.revoked_at.is_null()
            )
            .returning(Invitation.id)
        )
        if not spent:
            raise NotFound(_INVALID_INVITATION)
        if account is None:
            assert form is not None
            account = await accounts.create_account(
                email=invitation.email,
                display_name=form.display_name,
                password=form.password,
                organization=form.organization,
            )
        await Invitation.update({Invitation.used_by: account.id}).where(
            Invitation.id == invitation.id
        )
        await add_membership(invitation.competition, account.id, invitation.role, account.id)
    return account


# --- Setting up a competition: the competition itself, its tracks and rounds -----------------


@cache
def time_zones() -> frozenset[str]:
    """Every IANA time zone name this machine knows (read once per process)."""
    return frozenset(available_timezones())


def _changes(patch: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH body actually sent."""
    return {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if value is not msgspec.UNSET
    }


def _competition_values(competition: Competition) -> dict[str, Any]:
    return {name: getattr(competition, name) for name in CompetitionFields.__struct_fields__}


def competition_fields(competition: Competition) -> CompetitionFields:
    return CompetitionFields(**_competition_values(competition))


def competition_out(competition: Competition) -> CompetitionOut:
    return CompetitionOut(id=competition.id, **_competition_values(competition))


async def _check_competition(fields: CompetitionFields, competition_id: int | None) -> None:
    errors = []
    if fields.timezone not in time_zones():
        errors.append(
            FieldError("timezone", N_("Enter a time zone such as Asia/Shanghai or Europe/Berlin."))
        )
    taken = Competition.exists().where(Competition.slug == fields.slug)
    if competition_id is not None:
        taken = taken.where(Competition.id != competition_id)
    if await taken:
        errors.append(FieldError("slug", N_("Another competition already uses this address.")))
    if errors:
        raise ValidationFailed(errors)


async def create_competition(fields: CompetitionFields, actor_id: int) -> Competition:
    """A new competition (platform admins only; the guard says so)."""
    async with writing():
        await _check_competition(fields, None)
        competition = Competition(**msgspec.structs.asdict(fields))
        await competition.save()
        await audit.record(
            actor_id=actor_id,
            entity="competition",
            entity_id=competition.id,
            action="created",
            after=fields,
        )
    return competition


async def update_competition(
    competition_id: int, fields: CompetitionFields, actor_id: int
) -> Competition:
    """Replace the competition's settings; an unchanged form records nothing."""
    async with writing():
        competition = await get_competition(competition_id)
        before = _competition_values(competition)
        after = msgspec.structs.asdict(fields)
        if before == after:
            return competition
        await _check_competition(fields, competition_id)
        await Competition.update(after).where(Competition.id == competition_id)
        await audit.record(
            actor_id=actor_id,
            entity="competition",
            entity_id=competition_id,
            action="updated",
            before=before,
            after=after,
        )
    return await get_competition(competition_id)


async def patch_competition(
    competition_id: int, patch: CompetitionPatch, actor_id: int
) -> Competition:
    current = competition_fields(await get_competition(competition_id))
    fields = msgspec.structs.replace(current, **_changes(patch))
    return await update_competition(competition_id, fields, actor_id)


# Tracks


async def tracks(competition_id: int) -> list[dict[str, Any]]:
    """The competition's tracks in their order."""
    return (
        await Track.select()
        .where(Track.competition == competition_id)
        .order_by(Track.position)
        .order_by(Track.id)
    )


async def get_track(competition_id: int, track_id: int) -> Track:
    """The track, which must belong to the competition (else :class:`NotFound`)."""
    track = (
        await Track.objects()
        .where((Track.id == track_id) & (Track.competition == competition_id))
        .first()
    )
    if track is None:
        raise NotFound()
    return track


def _track_values(track: Track) -> dict[str, Any]:
    return {name: getattr(track, name) for name in TrackFields.__struct_fields__}


def track_fields(track: Track) -> TrackFields:
    return TrackFields(**_track_values(track))


def track_out(track: Track | dict[str, Any]) -> TrackOut:
    row = track if isinstance(track, dict) else track.to_dict()
    return TrackOut(
        id=row["id"],
        competition_id=row["competition"],
        key=row["key"],
        name_en=row["name_en"],
        name_zh=row["name_zh"],
        position=row["position"],
    )


async def add_track(competition_id: int, fields: TrackFields, actor_id: int) -> Track:
    """A new track; it goes last unless a position is given."""
    async with writing():
        await get_competition(competition_id)
        if await Track.exists().where(
            (Track.competition == competition_id) & (Track.key == fields.key)
        ):
            raise ValidationFailed.single("key", N_("Another track already uses this key."))
        position = fields.position
        if position is None:
            existing = await tracks(competition_id)
            position = max((row["position"] for row in existing), default=-1) + 1
        track = Track(
            competition=competition_id,
            key=fields.key,
            name_en=fields.name_en,
            name_zh=fields.name_zh,
            position=position,
        )
        await track.save()
        await audit.record(
            actor_id=actor_id,
            entity="track",
            entity_id=track.id,
            action="created",
            after={"competition_id": competition_id, **_track_values(track)},
        )
    return track


async def update_track(
    competition_id: int, track_id: int, fields: TrackFields, actor_id: int
) -> Track:
    """Rename or move a track; its key is fixed (judges' expertise and imports refer to it)."""
    async with writing():
        track = await get_track(competition_id, track_id)
        if fields.key != track.key:
            raise ValidationFailed.single(
                "key",
                N_("The key of a track cannot change: judges' expertise and imports use it."),
            )
        before = _track_values(track)
        after = {**before, **msgspec.structs.asdict(fields)}
        if after["position"] is None:
            after["position"] = track.position
        if before == after:
            return track
        await Track.update(after).where(Track.id == track_id)
        await audit.record(
            actor_id=actor_id,
            entity="track",
            entity_id=track_id,
            action="updated",
            before=before,
            after=after,
        )
    return await get_track(competition_id, track_id)


async def patch_track(
    competition_id: int, track_id: int, patch: TrackPatch, actor_id: int
) -> Track:
    current = track_fields(await get_track(competition_id, track_id))
    fields = msgspec.structs.replace(current, **_changes(patch))
    return await update_track(competition_id, track_id, fields, actor_id)


async def reorder_tracks(competition_id: int, positions: dict[int, int], actor_id: int) -> None:
    """Give tracks new positions (track id -> position); ids of other competitions are refused."""
    async with writing():
        current = {row["id"]: row for row in await tracks(competition_id)}
        if any(track_id not in current for track_id in positions):
            raise NotFound()
        for track_id, position in positions.items():
            before = current[track_id]["position"]
            if before == position:
                continue
            await Track.update({Track.position: position}).where(Track.id == track_id)
            await audit.record(
                actor_id=actor_id,
                entity="track",
                entity_id=track_id,
                action="updated",
                before={"position": before},
                after={"position": position},
            )


async def delete_track(competition_id: int, track_id: int, actor_id: int) -> None:
    """Delete a track without projects; one with projects is refused (they would go with it)."""
    async with writing():
        track = await get_track(competition_id, track_id)
        count = await usage.projects_in_track(track_id)
        if count:
            raise Conflict(
                N_(
                    "Projects in this track: %(count)s. A track that holds projects cannot "
                    "be deleted; move them to another track first."
                ),
                count=count,
            )
        await Track.delete().where(Track.id == track_id)
        await audit.record(
            actor_id=actor_id,
            entity="track",
            entity_id=track_id,
            action="deleted",
            before={"competition_id": competition_id, **_track_values(track)},
        )


# Rounds

MIN_YEAR, MAX_YEAR = 1900, 2999
ROUND_WINDOWS = (
    "submission_opens_at",
    "submission_closes_at",
    "judging_opens_at",
    "judging_closes_at",
)


async def rounds(competition_id: int) -> list[dict[str, Any]]:
    """The competition's rounds in their order."""
    return (
        await Round.select()
        .where(Round.competition == competition_id)
        .order_by(Round.position)
        .order_by(Round.id)
    )


async def get_round(competition_id: int, round_id: int) -> Round:
    """The round, which must belong to the competition (else :class:`NotFound`)."""
    found = (
        await Round.objects()
        .where((Round.id == round_id) & (Round.competition == competition_id))
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def _round_values(found: Round | dict[str, Any]) -> dict[str, Any]:
    get = found.get if isinstance(found, dict) else lambda name: getattr(found, name)
    return {name: get(name) for name in RoundFields.__struct_fields__}


def round_fields(found: Round) -> RoundFields:
    return RoundFields(**_round_values(found))


def round_out(found: Round | dict[str, Any], timezone: str, frozen: bool) -> RoundOut:
    """The round with its times in the competition's time zone."""
    values = _round_values(found)
    zone = ZoneInfo(timezone)
    for name in ROUND_WINDOWS:
        if values[name] is not None:
            values[name] = values[name].astimezone(zone)
    row = found if isinstance(found, dict) else found.to_dict()
    return RoundOut(id=row["id"], competition_id=row["competition"], rubric_frozen=frozen, **values)


def in_utc(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A time without an offset is read in ``zone``; every time is returned in UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


# (earlier, later, may they be equal, the field blamed, the message) for every pair of times.
_WINDOW_RULES = (
    (
        "submission_opens_at",
        "submission_closes_at",
        False,
        "submission_closes_at",
        N_("Submissions must close after they open."),
    ),
    (
        "judging_opens_at",
        "judging_closes_at",
        False,
        "judging_closes_at",
        N_("Judging must close after it opens."),
    ),
    (
        "submission_opens_at",
        "judging_opens_at",
        True,
        "judging_opens_at",
        N_("Judging cannot open before submissions open."),
    ),
    (
        "submission_closes_at",
        "judging_closes_at",
        True,
        "judging_closes_at",
        N_("Judging cannot close before submissions close."),
    ),
)


def _check_windows(values: dict[str, Any]) -> list[FieldError]:
    """Each window closes after it opens; judging neither opens nor closes before submissions."""
    errors = []
    for earlier, later, may_equal, field, message in _WINDOW_RULES:
        first, second = values[earlier], values[later]
        if first is None or second is None:
            continue
        if second < first or (second == first and not may_equal):
            errors.append(FieldError(field, message))
    return errors


async def _round_values_to_save(
    competition: Competition, fields: RoundFields, round_id: int | None
) -> dict[str, Any]:
    """Column values of a valid round (times in UTC), else :class:`ValidationFailed`."""
    zone = ZoneInfo(competition.timezone)
    values = msgspec.structs.asdict(fields)
    errors: list[FieldError] = []
    for name in ROUND_WINDOWS:
        try:
            values[name] = in_utc(values[name], zone)
        except OverflowError:
            values[name] = None
            errors.append(FieldError(name, N_("Enter a valid date and time.")))
            continue
        # Far-off years are typing slips, and near year 1 or 9999 zones leave the calendar.
        if values[name] is not None and not MIN_YEAR <= values[name].year <= MAX_YEAR:
            values[name] = None
            errors.append(FieldError(name, N_("Enter a valid date and time.")))
    errors += _check_windows(values)
    others = await rounds(competition.id)
    others = [row for row in others if row["id"] != round_id]
    if values["position"] is None:
        values["position"] = max((row["position"] for row in others), default=0) + 1
    elif any(row["position"] == values["position"] for row in others):
        errors.append(FieldError("position", N_("Another round already has this position.")))
    if errors:
        raise ValidationFailed(errors)
    return values


async def create_round(competition_id: int, fields: RoundFields, actor_id: int) -> Round:
    """A new round; it goes last unless a position is given."""
    async with writing():
        competition = await get_competition(competition_id)
        values = await _round_values_to_save(competition, fields, None)
        created = Round(competition=competition_id, **values)
        await created.save()
        await audit.record(
            actor_id=actor_id,
            entity="round",
            entity_id=created.id,
            action="created",
            after={"competition_id": competition_id, **values},
        )
    return created


async def update_round(
    competition_id: int, round_id: int, fields: RoundFields, actor_id: int
) -> Round:
    """Replace a round's settings (its rubric is edited on its own)."""
    async with writing():
        competition = await get_competition(competition_id)
        current = await get_round(competition_id, round_id)
        before = _round_values(current)
        after = await _round_values_to_save(competition, fields, round_id)
        if before == after:
            return current
        await Round.update(after).where(Round.id == round_id)
        await audit.record(
            actor_id=actor_id,
            entity="round",
            entity_id=round_id,
            action="updated",
            before=before,
            after=after,
        )
    return await get_round(competition_id, round_id)


async def patch_round(
    competition_id: int, round_id: int, patch: RoundPatch, actor_id: int
) -> Round:
    current = round_fields(await get_round(competition_id, round_id))
    fields = msgspec.structs.replace(current, **_changes(patch))
    return await update_round(competition_id, round_id, fields, actor_id)

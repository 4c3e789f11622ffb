"""Invitations: how organizers and judges join a competition, by a single-use link mailed to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import msgspec

from judging.accounts import services as accounts
from judging.accounts.tables import Account
from judging.audit import services as audit
from judging.competitions.schemas import (
    InvitationAcceptance,
    InvitationCreate,
    InvitationOut,
    InvitationStatus,
    InvitationView,
)
from judging.competitions.services import add_membership, get_competition, lock_competition
from judging.competitions.tables import Invitation
from judging.database import writing
from judging.errors import Conflict, Forbidden, NotFound, ValidationFailed
from judging.i18n import N_
from judging.outbox.services import queue_mail


async def invitations(competition_id: int, now: datetime) -> list[InvitationView]:
    """The competition's invitations, newest first, each with its ``status``."""
    rows = (
        await Invitation.select()
        .where(Invitation.competition == competition_id)
        .order_by(Invitation.id, ascending=False)
    )
    return [
        msgspec.convert({**row, "status": invitation_status(row, now)}, InvitationView)
        for row in rows
    ]


def invitation_status(row: dict[str, Any], now: datetime) -> InvitationStatus:
    if row["used_at"] is not None:
        return InvitationStatus.ACCEPTED
    if row["revoked_at"] is not None:
        return InvitationStatus.REVOKED
    return InvitationStatus.EXPIRED if row["expires_at"] <= now else InvitationStatus.PENDING


class SentInvitation(msgspec.Struct, frozen=True):
    """An invitation just mailed; ``resent`` when it replaced a pending one to the address."""

    invitation: Invitation
    link: str
    resent: bool


def invitation_out(invitation: InvitationView) -> InvitationOut:
    """An invitation of :func:`invitations` as the API lists it."""
    return InvitationOut(
        id=invitation.id,
        email=invitation.email,
        role=invitation.role,
        expires_at=invitation.expires_at.isoformat(),
        used=invitation.status != InvitationStatus.PENDING,
        status=invitation.status,
    )


def sent_invitation_out(sent: SentInvitation) -> InvitationOut:
    """An invitation just sent, with its link, as the API answers it."""
    return InvitationOut(
        id=sent.invitation.id,
        email=sent.invitation.email,
        role=sent.invitation.role,  # type: ignore[arg-type]
        expires_at=sent.invitation.expires_at.isoformat(),
        used=False,
        link=sent.link,
    )


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


@dataclass(frozen=True)
class Accepted:
    """Who accepted an invitation, and the role in which competition it gave them."""

    account: Account
    competition_id: int
    role: str


async def accept_invitation(
    token: str,
    now: datetime,
    account: Account | None,
    form: InvitationAcceptance | None,
) -> Accepted:
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
    return Accepted(account=account, competition_id=invitation.competition, role=invitation.role)

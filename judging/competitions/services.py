"""The rules of competitions: who holds which role, and invitations into a role."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from judging.accounts import services as accounts
from judging.accounts.tables import Account
from judging.audit import services as audit
from judging.competitions.schemas import InvitationAcceptance, InvitationCreate
from judging.competitions.tables import Competition, Invitation, Membership
from judging.database import writing
from judging.errors import Forbidden, NotFound, ValidationFailed
from judging.i18n import N_
from judging.outbox.services import queue_mail

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


async def invitations(competition_id: int) -> list[dict[str, Any]]:
    return (
        await Invitation.select()
        .where(Invitation.competition == competition_id)
        .order_by(Invitation.id, ascending=False)
    )


async def create_invitation(
    *,
    competition_id: int,
    form: InvitationCreate,
    inviter: Account,
    base_url: str,
    now: datetime,
    ttl: timedelta,
) -> tuple[Invitation, str]:
    """Create a single-use invitation and mail its link; returns the row and the link."""
    competition = await get_competition(competition_id)
    token = accounts.new_token()
    link = f"{base_url.rstrip('/')}/invitations/{token}"
    email = accounts.normalize_email(form.email)
    async with writing():
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
            action="created",
            after={"email": email, "role": form.role, "competition_id": competition.id},
        )
        await queue_mail(
            email,
            "invitation",
            inviter=inviter.display_name,
            role=form.role,
            competition_en=competition.name_en,
            competition_zh=competition.name_zh,
            link=link,
            expires_at=invitation.expires_at,
            timezone=competition.timezone,
        )
    return invitation, link


_INVALID_INVITATION = N_("This invitation link is invalid, already used or expired.")


async def valid_invitation(token: str, now: datetime) -> Invitation:
    """The unused, unexpired invitation of ``token``, else :class:`NotFound`."""
    invitation = (
        await Invitation.objects()
        .where(Invitation.token_hash == accounts.token_digest(token))
        .first()
    )
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= now:
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
        # Spend first (compare-and-set): of two racing acceptances exactly one proceeds.
        spent = (
            await Invitation.update({Invitation.used_at: now})
            .where((Invitation.id == invitation.id) & Invitation.used_at.is_null())
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

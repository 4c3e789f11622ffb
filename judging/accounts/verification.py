"""Proving an email address: a single-use link mailed at sign-up (and again on request), whose
use marks the account's address verified. Accounts made by invitation (the link came to the
address), by an admin or for the demo are verified when created."""

from __future__ import annotations

from datetime import datetime, timedelta

from judging.accounts.services import new_token, token_digest
from judging.accounts.tables import Account, EmailVerification
from judging.audit import services as audit
from judging.database import writing
from judging.errors import Conflict, NotFound
from judging.i18n import N_
from judging.outbox.services import queue_mail

VERIFICATION_TTL = timedelta(days=7)
# A new link may be asked for this often: enough for a lost mail, too slow to flood a box.
RESEND_AFTER = timedelta(minutes=1)

INVALID_LINK = N_(
    "This confirmation link is invalid, used or expired. Sign in and ask for a new one."
)
ALREADY_VERIFIED = N_("Your email address is confirmed already.")
RESENT_TOO_SOON = N_("A link was sent less than a minute ago. Check your mailbox first.")


def verification_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/verify/{token}"


async def send_verification(account: Account, base_url: str, now: datetime) -> None:
    """Mail the account a new confirmation link (older ones stay valid until used or
    expired); refused when the address is confirmed already or a link went out a minute ago."""
    if account.email_verified_at is not None:
        raise Conflict(ALREADY_VERIFIED)
    async with writing():
        if await EmailVerification.exists().where(
            (EmailVerification.account == account.id)
            & (EmailVerification.created_at > now - RESEND_AFTER)
        ):
            raise Conflict(RESENT_TOO_SOON)
        token = new_token()
        await EmailVerification(
            token_hash=token_digest(token),
            account=account.id,
            created_at=now,
            expires_at=now + VERIFICATION_TTL,
        ).save()
        await queue_mail(
            account.email,
            "email_verification",
            name=account.display_name,
            link=verification_link(base_url, token),
            days=VERIFICATION_TTL.days,
        )


async def valid_verification(token: str, now: datetime) -> EmailVerification:
    """The unused, unexpired link of ``token``, else :class:`NotFound`."""
    found = (
        await EmailVerification.objects()
        .where(EmailVerification.token_hash == token_digest(token))
        .first()
    )
    if found is None or found.used_at is not None or found.expires_at <= now:
        raise NotFound(INVALID_LINK)
    return found


async def verify_email(token: str, now: datetime) -> Account:
    """Spend the link and mark its account's address confirmed (once; a second use is
    :class:`NotFound`, as for an unknown link)."""
    async with writing():
        link = await valid_verification(token, now)
        spent = (
            await EmailVerification.update({EmailVerification.used_at: now})
            .where((EmailVerification.id == link.id) & EmailVerification.used_at.is_null())
            .returning(EmailVerification.id)
        )
        if not spent:
            raise NotFound(INVALID_LINK)
        account = await Account.objects().get(Account.id == link.account)
        await mark_verified(account, now)
    return account


async def mark_verified(account: Account, now: datetime) -> None:
    """Record that the holder proved the address (once; audited). Call in ``writing()``, or
    for the demo's entrants, who are set up as if they had opened their links."""
    if account.email_verified_at is not None:
        return
    account.email_verified_at = now
    await account.save([Account.email_verified_at])
    await audit.record(
        actor_id=account.id,
        entity="account",
        entity_id=account.id,
        action="email_verified",
        after={"email": account.email},
    )

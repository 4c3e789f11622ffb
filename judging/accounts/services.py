"""The rules of accounts: registration, sign-in, passwords and profile."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from judging.accounts.passwords import hash_password, verify_password
from judging.accounts.schemas import (
    PasswordChange,
    ProfileUpdate,
    Registration,
)
from judging.accounts.schemas import (
    PasswordReset as PasswordResetForm,
)
from judging.accounts.session import credential_fingerprint
from judging.accounts.tables import Account, PasswordReset
from judging.accounts.throttle import Requester, ResetMailThrottle, SignInThrottle
from judging.audit import services as audit
from judging.clock import utcnow
from judging.database import writing
from judging.errors import FieldError, NotFound, ValidationFailed
from judging.i18n import N_
from judging.outbox.services import queue_mail


def normalize_email(email: str) -> str:
    return email.strip().lower()


def token_digest(token: str) -> str:
    """Tokens are stored as SHA-256 digests; the plain token only ever travels in the link."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


async def account_by_email(email: str) -> Account | None:
    return await Account.objects().where(Account.email == normalize_email(email)).first()


def _check_confirmation(field: str, password: str, confirmation: str) -> None:
    if password != confirmation:
        raise ValidationFailed.single(field, N_("The two passwords do not match."))


async def create_account(
    *,
    email: str,
    display_name: str,
    password: str,
    organization: str = "",
    is_platform_admin: bool = False,
    email_verified: bool = True,
) -> Account:
    """Create an active account; refuses an email that is already registered.

    ``email_verified`` is false for self-registration only: an invitation's link came to the
    address, and an admin or the demo vouches for it (see :mod:`judging.accounts.verification`).
    """
    email = normalize_email(email)
    password_hash = await hash_password(password)
    async with writing():
        if await account_by_email(email) is not None:
            raise ValidationFailed.single("email", N_("An account with this email already exists."))
        account = Account(
            email=email,
            display_name=display_name.strip(),
            organization=organization.strip(),
            password_hash=password_hash,
            is_platform_admin=is_platform_admin,
            email_verified_at=utcnow() if email_verified else None,
        )
        await account.save()
        await audit.record(
            actor_id=account.id,
            entity="account",
            entity_id=account.id,
            action="created",
            after={"email": email, "is_platform_admin": is_platform_admin},
        )
    return account


async def register_entrant(form: Registration) -> Account:
    """Sign-up for entrants: anyone may register; roles beyond entrant come by invitation."""
    _check_confirmation("password_confirm", form.password, form.password_confirm)
    return await create_account(
        email=form.email,
        display_name=form.display_name,
        password=form.password,
        organization=form.organization,
        email_verified=False,
    )


async def authenticate(
    email: str, password: str, requester: Requester, throttle: SignInThrottle, now: datetime
) -> Account:
    """The account for these credentials, or a form error.

    The attempt is counted before the password is checked, so parallel guesses cannot all be
    checked before the first failure is recorded (see :mod:`judging.accounts.throttle`).
    """
    reserved = await throttle.reserve(email, requester, now)
    account = await account_by_email(email)
    valid = await verify_password(account.password_hash if account else None, password)
    if account is None or not valid or not account.is_active:
        raise ValidationFailed([FieldError("password", N_("The email or password is incorrect."))])
    await throttle.succeeded(reserved, now)
    return account


async def change_password(account: Account, form: PasswordChange) -> Account:
    """Change a password after checking the current one."""
    if not await verify_password(account.password_hash, form.current_password):
        raise ValidationFailed.single("current_password", N_("The current password is incorrect."))
    _check_confirmation("new_password_confirm", form.new_password, form.new_password_confirm)
    account.password_hash = await hash_password(form.new_password)
    async with writing():
        await account.save([Account.password_hash])
        await audit.record(
            actor_id=account.id, entity="account", entity_id=account.id, action="password_changed"
        )
    return account


async def update_profile(account: Account, form: ProfileUpdate) -> Account:
    before = {
        "display_name": account.display_name,
        "organization": account.organization,
        "locale": account.locale,
    }
    account.display_name = form.display_name.strip()
    account.organization = form.organization.strip()
    account.locale = form.locale
    async with writing():
        await account.save([Account.display_name, Account.organization, Account.locale])
        await audit.record(
            actor_id=account.id,
            entity="account",
            entity_id=account.id,
            action="profile_updated",
            before=before,
            after={
                "display_name": account.display_name,
                "organization": account.organization,
                "locale": account.locale,
            },
        )
    return account


async def save_locale(account: Account, locale: str) -> None:
    """The language switch, remembered for a signed-in account."""
    account.locale = locale
    await account.save([Account.locale])


async def request_password_reset(
    email: str,
    requester: Requester,
    limits: ResetMailThrottle,
    base_url: str,
    now: datetime,
    ttl: timedelta,
) -> None:
    """Mail a single-use reset link when the account exists; say nothing either way.

    Requests are limited per address and per email, counted whether or not the account
    exists. The new link voids every older one (only an account's newest link is valid).
    """
    await limits.take(email, requester, now)
    account = await account_by_email(email)
    if account is None or not account.is_active:
        return
    token = new_token()
    async with writing():
        await PasswordReset(
            token_hash=token_digest(token),
            account=account.id,
            credential=credential_fingerprint(account),
            expires_at=now + ttl,
        ).save()
        await queue_mail(
            account.email,
            "password_reset",
            name=account.display_name,
            link=f"{base_url.rstrip('/')}/password/reset/{token}",
            minutes=int(ttl.total_seconds() // 60),
        )


INVALID_RESET = N_("This password reset link is invalid, used or expired. Ask for a new one.")


async def valid_reset(token: str, now: datetime) -> PasswordReset:
    """The reset of ``token`` if it may still set a password, else :class:`NotFound`.

    It may when it is unused, unexpired, the account's newest link, and issued for the
    password the account has now: asking again or changing the password voids older links.
    """
    reset = (
        await PasswordReset.objects().where(PasswordReset.token_hash == token_digest(token)).first()
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        raise NotFound(INVALID_RESET)
    account = await Account.objects().get(Account.id == reset.account)
    superseded = await PasswordReset.exists().where(
        (PasswordReset.account == reset.account) & (PasswordReset.id > reset.id)
    )
    if superseded or reset.credential != credential_fingerprint(account):
        raise NotFound(INVALID_RESET)
    return reset


async def reset_password(
    token: str,
    form: PasswordResetForm,
    requester: Requester,
    throttle: SignInThrottle,
    now: datetime,
) -> Account:
    """Set a new password through a reset link, which is then spent.

    Only the holder reads the mail, so a reset also lifts the sign-in limits that strangers'
    guesses put on the account (the caller signs the holder in).
    """
    _check_confirmation("password_confirm", form.password, form.password_confirm)
    await valid_reset(token, now)
    password_hash = await hash_password(form.password)
    async with writing():
        reset = await valid_reset(token, now)
        # Spend the token with a compare-and-set, so two concurrent uses cannot both win.
        spent = (
            await PasswordReset.update({PasswordReset.used_at: now})
            .where((PasswordReset.id == reset.id) & PasswordReset.used_at.is_null())
            .returning(PasswordReset.id)
        )
        if not spent:
            raise NotFound(INVALID_RESET)
        account = await Account.objects().get(Account.id == reset.account)
        account.password_hash = password_hash
        await account.save([Account.password_hash])
        await audit.record(
            actor_id=account.id, entity="account", entity_id=account.id, action="password_reset"
        )
    await throttle.forgive(account.email, requester.address, now)
    return account

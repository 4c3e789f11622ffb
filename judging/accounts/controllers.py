"""Sign-in, sign-up, passwords and profile: pages and the JSON API."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.accounts import services, verification
from judging.accounts.deps import (
    RoleLookup,
    provide_requester,
    provide_reset_throttle,
    provide_role_lookup,
    provide_throttle,
    reset_ttl,
)
from judging.accounts.guards import is_signed_in
from judging.accounts.schemas import (
    AccountOut,
    LocaleSwitch,
    PasswordChange,
    PasswordReset,
    PasswordResetRequest,
    ProfileUpdate,
    Registration,
    SignIn,
)
from judging.accounts.session import remember_device, start_session
from judging.accounts.tables import Account
from judging.accounts.throttle import Requester, ResetMailThrottle, SignInThrottle
from judging.accounts.tokens import ACCOUNT, TOKEN_SCOPE
from judging.errors import Conflict, TooManyAttempts, ValidationFailed
from judging.i18n import LOCALE_COOKIE, N_
from judging.settings import Settings
from judging.web.context import Context, RequestContext
from judging.web.forms import parse_form
from judging.web.notices import notify
from judging.web.pages import redirect_to, render, render_form, safe_next, see_other
from judging.web.redisplay import form_page

THROTTLE_DEPENDENCIES = {
    "throttle": Provide(provide_throttle, sync_to_thread=False),
    "requester": Provide(provide_requester, sync_to_thread=False),
}
PROFILE_SAVED = N_("Saved.")
REGISTERED = N_(
    "Welcome! Your account is created and you are signed in. Confirm your email address with "
    "the link we sent to %(email)s before you submit a project."
)
EMAIL_CONFIRMED = N_("Thank you: your email address is confirmed.")
LINK_RESENT = N_("A new confirmation link is on its way to %(email)s.")
PASSWORD_CHANGED = N_("Your password was changed. Other devices were signed out.")


async def login_page(values: Any = None, failed: ValidationFailed | None = None) -> Template:
    return render_form("accounts/login.html", values=values, failed=failed)


async def register_page(values: Any = None, failed: ValidationFailed | None = None) -> Template:
    return render_form("accounts/register.html", values=values, failed=failed)


async def forgot_page(values: Any = None, failed: ValidationFailed | None = None) -> Template:
    return render_form("accounts/password_forgot.html", values=values, failed=failed)


async def reset_page(token: str, failed: ValidationFailed | None = None) -> Template:
    # Shown again after a failure without checking the link again: a mismatch is told first.
    return render_form("accounts/password_reset.html", failed=failed, token=token)


async def profile_page(
    context: RequestContext, values: Any = None, failed: ValidationFailed | None = None
) -> Template:
    if values is None:
        account = context.actor
        values = {
            "display_name": account.display_name,
            "organization": account.organization,
            "locale": account.locale,
        }
    return render_form("accounts/profile.html", values=values, failed=failed)


async def password_change_page(failed: ValidationFailed | None = None) -> Template:
    return render_form("accounts/password_change.html", failed=failed)


class SignInPages(Controller):
    include_in_schema = False
    dependencies = {
        **THROTTLE_DEPENDENCIES,
        "reset_limits": Provide(provide_reset_throttle, sync_to_thread=False),
    }

    @get("/login", name="login")
    async def login_form(self, context: Context, next: FromQuery[str] = "") -> Template | Redirect:
        if context.actor is not None:
            return see_other(safe_next(next))
        return await login_page({"next": next})

    @post("/login", opt=form_page(login_page))
    async def login(
        self,
        request: Request,
        context: Context,
        throttle: NamedDependency[SignInThrottle],
        requester: NamedDependency[Requester],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        data = parse_form(await request.form(), SignIn)
        account = await services.authenticate(
            data.email, data.password, requester, throttle, context.now
        )
        start_session(request, account)
        return remember_device(see_other(safe_next(data.next)), throttle, account, settings)

    @post("/logout", name="logout")
    async def logout(self, request: Request) -> Redirect:
        request.clear_session()
        return redirect_to(request, "home")

    @get("/register", name="register")
    async def register_form(self) -> Template:
        return await register_page()

    @post("/register", opt=form_page(register_page))
    async def register(self, request: Request, context: Context) -> Redirect:
        account = await services.register_entrant(parse_form(await request.form(), Registration))
        await verification.send_verification(account, context.base_url, context.now)
        start_session(request, account)
        notify(request, REGISTERED, anchor="welcome-notice", email=account.email)
        return redirect_to(request, "home")

    @get("/verify/{token:str}", name="email_verify")
    async def verify_form(self, token: FromPath[str], context: Context) -> Template:
        """The confirmation page: a button, so a mail scanner opening the link confirms
        nothing."""
        await verification.valid_verification(token, context.now)
        return render("accounts/verify.html", token=token)

    @post("/verify/{token:str}", name="email_verify_confirm")
    async def verify(self, request: Request, token: FromPath[str], context: Context) -> Redirect:
        await verification.verify_email(token, context.now)
        notify(request, EMAIL_CONFIRMED, anchor="verified-notice")
        return redirect_to(request, "home")

    @get("/password/forgot", name="password_forgot")
    async def forgot_form(self) -> Template:
        return await forgot_page()

    @post("/password/forgot", opt=form_page(forgot_page))
    async def forgot(
        self,
        request: Request,
        context: Context,
        settings: NamedDependency[Settings],
        requester: NamedDependency[Requester],
        reset_limits: NamedDependency[ResetMailThrottle],
    ) -> Template:
        data = parse_form(await request.form(), PasswordResetRequest)
        await services.request_password_reset(
            data.email, requester, reset_limits, context.base_url, context.now, reset_ttl(settings)
        )
        return render("accounts/password_forgot_sent.html", email=data.email)

    @get("/password/reset/{token:str}", name="password_reset")
    async def reset_form(self, token: FromPath[str], context: Context) -> Template:
        await services.valid_reset(token, context.now)
        return await reset_page(token)

    @post("/password/reset/{token:str}", opt=form_page(reset_page))
    async def reset(
        self,
        request: Request,
        token: FromPath[str],
        context: Context,
        throttle: NamedDependency[SignInThrottle],
        requester: NamedDependency[Requester],
    ) -> Redirect:
        form = parse_form(await request.form(), PasswordReset)
        account = await services.reset_password(token, form, requester, throttle, context.now)
        start_session(request, account)
        return redirect_to(request, "home")

    @post("/lang", name="switch_language")
    async def switch_language(self, request: Request, context: Context) -> Redirect:
        form = await request.form()
        try:
            data = parse_form(form, LocaleSwitch)
        except ValidationFailed:
            # The switch is a button in every page's header, not a form with a page of its own:
            # a forged locale just leads home.
            return redirect_to(request, "home")
        if context.actor is not None:
            await services.save_locale(context.actor, data.locale)
        response = see_other(safe_next(data.next))
        response.set_cookie(LOCALE_COOKIE, data.locale, max_age=365 * 24 * 3600, samesite="lax")
        return response


class AccountPages(Controller):
    path = "/account"
    include_in_schema = False
    guards = [is_signed_in]

    @get("/", name="account")
    async def profile_form(self, context: Context) -> Template:
        return await profile_page(context)

    @post("/", opt=form_page(profile_page))
    async def update_profile(self, request: Request, context: Context) -> Redirect:
        await services.update_profile(
            context.actor, parse_form(await request.form(), ProfileUpdate)
        )
        notify(request, PROFILE_SAVED, anchor="profile-notice")
        return redirect_to(request, "account")

    @post("/verification", name="email_verification_resend")
    async def resend(self, request: Request, context: Context) -> Template | Redirect:
        """Mail a new confirmation link; back to where the request came from."""
        account = context.actor
        assert account is not None  # the controller's guard
        try:
            await verification.send_verification(account, context.base_url, context.now)
        except Conflict as refused:
            notify(request, refused.message, anchor="verification-notice", category="error")
        else:
            notify(request, LINK_RESENT, anchor="verification-notice", email=account.email)
        return redirect_to(request, "entrant_dashboard")

    @get("/password", name="password_change")
    async def password_form(self) -> Template:
        return await password_change_page()

    @post("/password", opt=form_page(password_change_page))
    async def change_password(self, request: Request, context: Context) -> Redirect:
        form = parse_form(await request.form(), PasswordChange)
        account = await services.change_password(context.actor, form)
        # This session stays signed in; every other session of the account is now invalid.
        start_session(request, account)
        notify(request, PASSWORD_CHANGED, anchor="password-notice")
        return redirect_to(request, "password_change")


async def account_out(account: Account, role_lookup: RoleLookup) -> AccountOut:
    roles = await role_lookup(account.id)
    held = [
        {"competition_id": cid, "role": role}
        for cid, roles_held in sorted(roles.items())
        for role in sorted(roles_held)
    ]
    return msgspec.convert({**account.to_dict(), "roles": held}, AccountOut)


class SessionApi(Controller):
    """JSON sign-in for API clients; the session cookie then authenticates further calls."""

    path = "/api/v1"
    tags = ["accounts"]
    dependencies = {
        **THROTTLE_DEPENDENCIES,
        "role_lookup": Provide(provide_role_lookup, sync_to_thread=False),
    }

    @post("/session", status_code=201, summary="Sign in", raises=[TooManyAttempts])
    async def sign_in(
        self,
        request: Request,
        data: JSONBody[SignIn],
        context: Context,
        throttle: NamedDependency[SignInThrottle],
        requester: NamedDependency[Requester],
        settings: NamedDependency[Settings],
        role_lookup: NamedDependency[RoleLookup],
    ) -> Response[AccountOut]:
        account = await services.authenticate(
            data.email, data.password, requester, throttle, context.now
        )
        start_session(request, account)
        response = Response(await account_out(account, role_lookup), status_code=201)
        return remember_device(response, throttle, account, settings)

    @delete("/session", status_code=204, summary="Sign out", guards=[is_signed_in])
    async def sign_out(self, request: Request) -> None:
        request.clear_session()

    @get(
        "/me",
        summary="The signed-in account and its roles",
        guards=[is_signed_in],
        opt={TOKEN_SCOPE: ACCOUNT},
    )
    async def me(self, context: Context, role_lookup: NamedDependency[RoleLookup]) -> AccountOut:
        return await account_out(context.actor, role_lookup)

    @post("/account/password", status_code=204, summary="Change password", guards=[is_signed_in])
    async def change_password(
        self, request: Request, data: JSONBody[PasswordChange], context: Context
    ) -> None:
        account = await services.change_password(context.actor, data)
        start_session(request, account)

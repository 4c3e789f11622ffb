"""Sign-in, sign-up, passwords and profile: pages and the JSON API."""

from __future__ import annotations

from litestar import Controller, Request, Response, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from judging.accounts import services
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
    CompetitionRole,
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
from judging.clock import utcnow
from judging.errors import TooManyAttempts, ValidationFailed
from judging.i18n import LOCALE_COOKIE
from judging.settings import Settings
from judging.web.forms import parse_form
from judging.web.pages import render, render_form, safe_next, see_other

THROTTLE_DEPENDENCIES = {
    "throttle": Provide(provide_throttle, sync_to_thread=False),
    "requester": Provide(provide_requester, sync_to_thread=False),
}


class SignInPages(Controller):
    include_in_schema = False
    dependencies = {
        **THROTTLE_DEPENDENCIES,
        "reset_limits": Provide(provide_reset_throttle, sync_to_thread=False),
    }

    @get("/login", name="login")
    async def login_form(self, request: Request, next: FromQuery[str] = "") -> Template | Redirect:
        if request.user is not None:
            return see_other(safe_next(next))
        return render_form("accounts/login.html", values={"next": next})

    @post("/login")
    async def login(
        self,
        request: Request,
        throttle: NamedDependency[SignInThrottle],
        requester: NamedDependency[Requester],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            data = parse_form(form, SignIn)
            account = await services.authenticate(
                data.email, data.password, requester, throttle, utcnow()
            )
        except ValidationFailed as failed:
            return render_form("accounts/login.html", values=form, failed=failed)
        start_session(request, account)
        return remember_device(see_other(safe_next(data.next)), throttle, account, settings)

    @post("/logout", name="logout")
    async def logout(self, request: Request) -> Redirect:
        request.clear_session()
        return see_other("/")

    @get("/register", name="register")
    async def register_form(self) -> Template:
        return render_form("accounts/register.html")

    @post("/register")
    async def register(self, request: Request) -> Template | Redirect:
        form = await request.form()
        try:
            account = await services.register_entrant(parse_form(form, Registration))
        except ValidationFailed as failed:
            return render_form("accounts/register.html", values=form, failed=failed)
        start_session(request, account)
        return see_other("/")

    @get("/password/forgot", name="password_forgot")
    async def forgot_form(self) -> Template:
        return render_form("accounts/password_forgot.html")

    @post("/password/forgot")
    async def forgot(
        self,
        request: Request,
        settings: NamedDependency[Settings],
        requester: NamedDependency[Requester],
        reset_limits: NamedDependency[ResetMailThrottle],
    ) -> Template:
        form = await request.form()
        try:
            data = parse_form(form, PasswordResetRequest)
        except ValidationFailed as failed:
            return render_form("accounts/password_forgot.html", values=form, failed=failed)
        await services.request_password_reset(
            data.email, requester, reset_limits, settings.base_url, utcnow(), reset_ttl(settings)
        )
        return render("accounts/password_forgot_sent.html", email=data.email)

    @get("/password/reset/{token:str}", name="password_reset")
    async def reset_form(self, token: FromPath[str]) -> Template:
        await services.valid_reset(token, utcnow())
        return render_form("accounts/password_reset.html", token=token)

    @post("/password/reset/{token:str}")
    async def reset(
        self,
        request: Request,
        token: FromPath[str],
        throttle: NamedDependency[SignInThrottle],
        requester: NamedDependency[Requester],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            account = await services.reset_password(
                token, parse_form(form, PasswordReset), requester, throttle, utcnow()
            )
        except ValidationFailed as failed:
            return render_form("accounts/password_reset.html", failed=failed, token=token)
        start_session(request, account)
        return see_other("/")

    @post("/lang", name="switch_language")
    async def switch_language(self, request: Request) -> Redirect:
        form = await request.form()
        try:
            data = parse_form(form, LocaleSwitch)
        except ValidationFailed:
            return see_other("/")
        if request.user is not None:
            await services.save_locale(request.user, data.locale)
        response = see_other(safe_next(data.next))
        response.set_cookie(LOCALE_COOKIE, data.locale, max_age=365 * 24 * 3600, samesite="lax")
        return response


class AccountPages(Controller):
    path = "/account"
    include_in_schema = False
    guards = [is_signed_in]

    @get("/", name="account")
    async def profile_form(self, request: Request, saved: FromQuery[bool] = False) -> Template:
        account = request.user
        return render_form(
            "accounts/profile.html",
            values={
                "display_name": account.display_name,
                "organization": account.organization,
                "locale": account.locale,
            },
            saved=saved,
        )

    @post("/")
    async def update_profile(self, request: Request) -> Template | Redirect:
        form = await request.form()
        try:
            await services.update_profile(request.user, parse_form(form, ProfileUpdate))
        except ValidationFailed as failed:
            return render_form("accounts/profile.html", values=form, failed=failed)
        return see_other("/account?saved=true")

    @get("/password", name="password_change")
    async def password_form(self, saved: FromQuery[bool] = False) -> Template:
        return render_form("accounts/password_change.html", saved=saved)

    @post("/password")
    async def change_password(self, request: Request) -> Template | Redirect:
        form = await request.form()
        try:
            account = await services.change_password(request.user, parse_form(form, PasswordChange))
        except ValidationFailed as failed:
            return render_form("accounts/password_change.html", failed=failed)
        # This session stays signed in; every other session of the account is now invalid.
        start_session(request, account)
        return see_other("/account/password?saved=true")


async def account_out(account: Account, role_lookup: RoleLookup) -> AccountOut:
    roles = await role_lookup(account.id)
    return AccountOut(
        id=account.id,
        email=account.email,
        display_name=account.display_name,
        organization=account.organization,
        locale=account.locale,
        is_platform_admin=account.is_platform_admin,
        roles=[
            CompetitionRole(competition_id=cid, role=role)  # type: ignore[arg-type]
            for cid, held in sorted(roles.items())
            for role in sorted(held)
        ],
    )


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
        throttle: NamedDependency[SignInThrottle],
        requester: NamedDependency[Requester],
        settings: NamedDependency[Settings],
        role_lookup: NamedDependency[RoleLookup],
    ) -> Response[AccountOut]:
        account = await services.authenticate(
            data.email, data.password, requester, throttle, utcnow()
        )
        start_session(request, account)
        response = Response(await account_out(account, role_lookup), status_code=201)
        return remember_device(response, throttle, account, settings)

    @delete("/session", status_code=204, summary="Sign out", guards=[is_signed_in])
    async def sign_out(self, request: Request) -> None:
        request.clear_session()

    @get("/me", summary="The signed-in account and its roles", guards=[is_signed_in])
    async def me(self, request: Request, role_lookup: NamedDependency[RoleLookup]) -> AccountOut:
        return await account_out(request.user, role_lookup)

    @post("/account/password", status_code=204, summary="Change password", guards=[is_signed_in])
    async def change_password(self, request: Request, data: JSONBody[PasswordChange]) -> None:
        account = await services.change_password(request.user, data)
        start_session(request, account)

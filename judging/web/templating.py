"""The Jinja environment: i18n, locale-aware filters, and asset URLs."""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from litestar.connection import ASGIConnection
from markupsafe import Markup, escape

from judging import permissions
from judging.audit.labels import action_label
from judging.clock import utcnow
from judging.i18n import (
    HTML_LANG,
    LOCALE_COOKIE,
    LOCALES,
    format_countdown,
    format_datetime_local,
    format_file_size,
    format_list_local,
    format_number_local,
    format_period_local,
    localize_params,
    negotiate_locale,
    text_language,
    translations,
)
from judging.markdown import render_markdown
from judging.settings import PROJECT_ROOT

TEMPLATE_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = PROJECT_ROOT / "static"


def locale_of(connection: ASGIConnection) -> str:
    """The locale of this request, negotiated once and cached on the connection."""
    # Read the scope dict directly: Litestar builds a new State object on every .state access.
    state = connection.scope.setdefault("state", {})
    cached = state.get("locale")
    if cached:
        return cached
    account = connection.scope.get("user")
    settings = connection.app.state.settings
    locale = negotiate_locale(
        getattr(account, "locale", None),
        connection.cookies.get(LOCALE_COOKIE),
        connection.headers.get("accept-language"),
        settings.default_locale,
    )
    state["locale"] = locale
    return locale


def _request_locale(context: Context) -> str:
    request = context.get("request")
    return locale_of(request) if request is not None else "en"


def _fill(context: Context, text: str, variables: dict[str, Any]) -> str:
    # As Jinja's "newstyle" gettext: always a format string, escaped when autoescaping; and
    # a Moment among the values (from an error or a notice) in the page's date style.
    template = Markup(text) if context.eval_ctx.autoescape else text
    return template % localize_params(variables, _request_locale(context))


@pass_context
def _gettext(context: Context, message: str, **variables: Any) -> str:
    return _fill(context, translations(_request_locale(context)).gettext(message), variables)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, count: int, **variables: Any) -> str:
    """The plural form for ``count`` in the page's language; ``%(num)s`` is the count."""
    text = translations(_request_locale(context)).ngettext(singular, plural, count)
    return _fill(context, text, {"num": count, **variables})


@pass_context
def _datetime_filter(context: Context, value: datetime | None, timezone: str | None = None) -> str:
    request = context.get("request")
    zone = timezone or (request.app.state.settings.default_timezone if request else "UTC")
    return format_datetime_local(value, _request_locale(context), zone)


@pass_context
def _countdown_filter(context: Context, until: datetime) -> Markup:
    """``{{ closes_at | countdown }}``: how long until then, in a ``<time>`` that
    static/js/countdown.js keeps current while the page stays open."""
    text = format_countdown(until, utcnow(), _request_locale(context))
    return Markup('<time class="countdown" datetime="%s">%s</time>') % (until.isoformat(), text)


@pass_context
def _filesize_filter(context: Context, size: int | None) -> str:
    return format_file_size(size, _request_locale(context))


@pass_context
def _list_filter(context: Context, items: Any) -> Markup:
    """Items (text or markup) joined as the page's language lists them: "a, b, and c", "a、b和c"."""
    # CLDR's list patterns hold no markup characters, so joining escaped items stays safe.
    return Markup(format_list_local([escape(item) for item in items], _request_locale(context)))


@pass_context
def _lang_attr(context: Context, text: str | None) -> Markup:
    """`` lang="…"`` for an element showing people's writing in another language than the
    page's, so screen readers read it with the right voice; nothing otherwise."""
    language = text_language(text)
    if language is None or language == HTML_LANG[_request_locale(context)]:
        return Markup("")
    return Markup(' lang="%s"') % language


@pass_context
def _period_filter(
    context: Context, start: datetime | None, end: datetime | None, timezone: str | None = None
) -> str:
    """``{{ opens_at | period(closes_at, timezone) }}``: both ends, the zone named once."""
    request = context.get("request")
    zone = timezone or (request.app.state.settings.default_timezone if request else "UTC")
    return format_period_local(start, end, _request_locale(context), zone)


@pass_context
def _number_filter(context: Context, value: float | int | None, digits: int = 2) -> str:
    return format_number_local(value, _request_locale(context), digits)


@pass_context
def _localized(context: Context, item: Any, field: str) -> str:
    """``item.<field>_zh`` in Chinese and ``item.<field>_en`` otherwise, falling back to the other."""
    first, second = ("zh", "en") if _request_locale(context) == "zh_CN" else ("en", "zh")
    getter = (
        item.get
        if isinstance(item, dict)
        else lambda key, default=None: getattr(item, key, default)
    )
    return getter(f"{field}_{first}") or getter(f"{field}_{second}") or ""


@pass_context
def _audit_action_filter(context: Context, action: str) -> str:
    """``{{ event.action | audit_action }}``: an audit event's kind in the page's language."""
    return action_label(action, _request_locale(context))


@pass_context
def _current_locale(context: Context) -> str:
    return _request_locale(context)


@pass_context
def _html_lang(context: Context) -> str:
    return HTML_LANG[_request_locale(context)]


@pass_context
def _signed_in_account(context: Context) -> Any:
    """The signed-in account, or None; also on error pages rendered before sign-in was read."""
    request = context.get("request")
    return request.scope.get("user") if request is not None else None


@cache
def _asset_digest(path: str) -> str:
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]


def asset(path: str) -> str:
    """URL of a static file with a content hash, so browsers cache it safely forever."""
    return f"/static/{path}?v={_asset_digest(path)}"


def build_environment(template_dir: Path = TEMPLATE_DIR) -> Environment:
    """The one Jinja environment of the web app."""
    environment = Environment(
        loader=FileSystemLoader(template_dir),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    # Ours already fill the placeholders as newstyle ones do (and localize moments): use them
    # as they are rather than Jinja's wrappers around them.
    environment.globals.update(gettext=_gettext, ngettext=_ngettext)
    environment.filters.update(
        datetime=_datetime_filter,
        period=_period_filter,
        number=_number_filter,
        filesize=_filesize_filter,
        countdown=_countdown_filter,
        join_list=_list_filter,
        lang_attr=_lang_attr,
        audit_action=_audit_action_filter,
        markdown=render_markdown,
    )
    environment.globals.update(
        localized=_localized,
        signed_in_account=_signed_in_account,
        current_locale=_current_locale,
        html_lang=_html_lang,
        asset=asset,
        LOCALES=LOCALES,
        # The permission rules the pages ask, the same the guards and services ask.
        can_organize_any=permissions.can_organize_any,
        can_judge_any=permissions.can_judge_any,
    )
    return environment

"""Translations (Babel catalogs compiled in memory), locale negotiation and locale formatting."""

from __future__ import annotations

import io
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALES = ("en", "zh_CN")
LOCALE_COOKIE = "lang"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
HTML_LANG = {"en": "en", "zh_CN": "zh-CN"}


def N_(msgid: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return msgid


@cache
def translations(locale: str) -> Translations:
    """The catalog of ``locale``, compiled from its ``.po`` file once per process."""
    po_path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return Translations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def translate(locale: str, msgid: str, **params: Any) -> str:
    """Translate ``msgid`` into ``locale`` and fill ``%(name)s`` placeholders."""
    text = translations(locale).gettext(msgid)
    return text % params if params else text


def parse_accept_language(header: str) -> list[str]:
    """Language tags of an Accept-Language header, best first (by q, then header order)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*":
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def supported_locale(tag: str | None) -> str | None:
    """Our locale for a language tag such as ``zh``, ``zh-Hans-CN`` or ``en-GB``, if we have one."""
    if not tag:
        return None
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    if (
        locale.language == "zh"
        and locale.script != "Hant"
        and locale.territory not in {"TW", "HK", "MO"}
    ):
        return "zh_CN"
    if locale.language == "en":
        return "en"
    return None


def negotiate_locale(
    saved: str | None, cookie: str | None, accept_language: str | None, default: str
) -> str:
    """The saved preference, else the language switch cookie, else Accept-Language, else default."""
    for candidate in (saved, cookie):
        if candidate in LOCALES:
            return candidate
    for tag in parse_accept_language(accept_language or ""):
        if locale := supported_locale(tag):
            return locale
    return default


@cache
def _babel_locale(locale: str) -> Locale:
    return Locale.parse(locale)


def format_datetime_local(value: datetime | None, locale: str, timezone: str) -> str:
    """A date and time in the competition's time zone, formatted for the locale."""
    if value is None:
        return ""
    zone = ZoneInfo(timezone)
    return format_datetime(value, format="medium", tzinfo=zone, locale=_babel_locale(locale)) + (
        f" ({_zone_label(value, zone)})"
    )


def _zone_label(value: datetime, zone: ZoneInfo) -> str:
    # The zone name, not an abbreviation: "CST" means different things to different teams.
    return str(zone.key)


def format_number_local(value: float | int | None, locale: str, digits: int = 2) -> str:
    """A number formatted for the locale with at most ``digits`` decimals."""
    if value is None:
        return ""
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_babel_locale(locale))

"""Translations (Babel catalogs compiled in memory), locale negotiation and locale formatting."""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache, reduce
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyuca
from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_time,
    format_timedelta,
    get_datetime_format,
    get_timezone_name,
)
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from babel.units import format_unit
from pypinyin import Style, pinyin

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
    """Translate ``msgid`` into ``locale`` and fill ``%(name)s`` placeholders (a
    :class:`Moment` among them is written in the locale's date style)."""
    text = translations(locale).gettext(msgid)
    return text % localize_params(params, locale) if params else text


def translate_plural(locale: str, singular: str, plural: str, count: int, **params: Any) -> str:
    """The plural form of the message for ``count`` in ``locale``; ``%(num)s`` is the count."""
    text = translations(locale).ngettext(singular, plural, count)
    return text % {"num": count, **localize_params(params, locale)}


@dataclass(frozen=True, slots=True)
class Moment:
    """A moment to be shown in a competition's time zone, in the reader's date style.

    Services put one in an error's or notice's parameters instead of a formatted string, since
    they do not know the language of the page that will show it.
    """

    at: datetime
    timezone: str

    def __str__(self) -> str:
        return format_datetime_local(self.at, "en", self.timezone)


def localize_params(params: dict[str, Any], locale: str) -> dict[str, Any]:
    """``params`` with each :class:`Moment` formatted for ``locale``, and each list (or tuple)
    joined as the locale lists things (:func:`format_list_local`).

    A list stays a list through the session and JSON, so a service that names several things
    passes them as one, not joined with an English comma.
    """
    return {name: _localized_param(value, locale) for name, value in params.items()}


def _localized_param(value: Any, locale: str) -> Any:
    if isinstance(value, Moment):
        return format_datetime_local(value.at, locale, value.timezone)
    if isinstance(value, list | tuple):
        return format_list_local((str(item) for item in value), locale)
    return value


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


# Translators: a date and time followed by the name of its time zone.
MOMENT_IN_ZONE = N_("%(moment)s (%(zone)s)")
# Translators: a period from one date and time to another ("…" stands for a side not set).
PERIOD = N_("%(start)s – %(end)s")


def format_datetime_local(value: datetime | None, locale: str, timezone: str) -> str:
    """A date and time in the competition's time zone, to the minute, and the zone's name.

    The one date style of pages and mails: CLDR's medium date and short time of the locale
    ("Dec 3, 2026, 9:00 AM" / "2026年12月3日 09:00"), then the zone in the locale's words
    ("China Standard Time" / "中国标准时间"; summer time where it applies), never an
    abbreviation such as "CST", which means different things to different teams.
    """
    if value is None:
        return ""
    moment, zone = _moment_and_zone(value, locale, timezone)
    return translations(locale).gettext(MOMENT_IN_ZONE) % {"moment": moment, "zone": zone}


def format_period_local(
    start: datetime | None, end: datetime | None, locale: str, timezone: str
) -> str:
    """From ``start`` to ``end`` in the style of :func:`format_datetime_local`, the zone named
    once when both ends share it ("Dec 3, 2026, 9:00 AM – Dec 10, 2026, 6:00 PM (China
    Standard Time)"); "…" for an end not set; empty when neither is."""
    if start is None and end is None:
        return ""
    catalog = translations(locale)
    if start is not None and end is not None:
        (first, first_zone), (last, last_zone) = (
            _moment_and_zone(start, locale, timezone),
            _moment_and_zone(end, locale, timezone),
        )
        if first_zone == last_zone:
            period = catalog.gettext(PERIOD) % {"start": first, "end": last}
            return catalog.gettext(MOMENT_IN_ZONE) % {"moment": period, "zone": first_zone}
    return catalog.gettext(PERIOD) % {
        "start": format_datetime_local(start, locale, timezone) if start else "…",
        "end": format_datetime_local(end, locale, timezone) if end else "…",
    }


def _moment_and_zone(value: datetime, locale: str, timezone: str) -> tuple[str, str]:
    babel_locale = _babel_locale(locale)
    local = value.astimezone(ZoneInfo(timezone))
    moment = (
        get_datetime_format("medium", locale=babel_locale)
        .replace("'", "")
        .replace("{0}", format_time(local, "short", locale=babel_locale))
        .replace("{1}", format_date(local, "medium", locale=babel_locale))
    )
    return moment, get_timezone_name(local, width="long", locale=babel_locale)


def format_countdown(until: datetime, now: datetime, locale: str) -> str:
    """How long until ``until``, as the locale says it ("in 3 days", "3天后"), in one unit
    rounded as Babel rounds it (a deadline 36 hours away is "in 2 days")."""
    return format_timedelta(
        until - now, add_direction=True, threshold=1.5, locale=_babel_locale(locale)
    )


def format_number_local(value: float | int | None, locale: str, digits: int = 2) -> str:
    """A number formatted for the locale with at most ``digits`` decimals."""
    if value is None:
        return ""
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_babel_locale(locale))


_KIB = 1024
_MIB = 1024 * 1024


def format_file_size(size: int | None, locale: str) -> str:
    """A file size for people: kilobytes under a megabyte ("320 kB"), else megabytes with one
    decimal ("1.5 MB"); binary multiples, as the upload limit is counted; CLDR unit names."""
    if size is None:
        return ""
    babel_locale = _babel_locale(locale)
    if size < _MIB:
        kilobytes = max(1, math.ceil(size / _KIB)) if size else 0
        return format_unit(kilobytes, "digital-kilobyte", "short", locale=babel_locale)
    return format_unit(
        size / _MIB, "digital-megabyte", "short", format="#,##0.#", locale=babel_locale
    )


# The last item of a list cut short, standing for the items left out.
MORE = "…"


def format_list_local(items: Iterable[str], locale: str) -> str:
    """Items joined as the locale lists them ("a, b, and c" / "a、b和c"); a list cut short,
    ending in :data:`MORE`, is joined by the middle separator only ("a, b, …" / "a、b、…")."""
    shown = list(items)
    babel_locale = _babel_locale(locale)
    if len(shown) > 1 and shown[-1] == MORE:
        middle = babel_locale.list_patterns["standard"]["middle"]
        return reduce(middle.format, shown)
    return format_list(shown, style="standard", locale=babel_locale)


@cache
def _collator() -> pyuca.Collator:
    return pyuca.Collator()


def _pinyin_key(text: str) -> tuple[tuple[tuple[str, int], ...], str]:
    # Character by character, as Chinese dictionaries order: syllable, then tone (neutral last).
    syllables = pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors="default")
    key = []
    for (syllable,) in syllables:
        letters = syllable.rstrip("12345")
        tone = int(syllable[len(letters) :] or 0)
        key.append((letters.casefold(), tone))
    return tuple(key), text


def sort_key(locale: str) -> Callable[[str], Any]:
    """A key that orders names as readers of ``locale`` expect: by pinyin in Chinese (so 阿富汗
    comes first and 中国 under Z), by the Unicode Collation Algorithm otherwise (so Åland
    Islands sorts with A and Côte d’Ivoire before Cuba)."""
    if locale == "zh_CN":
        return _pinyin_key
    return _collator().sort_key


def sorted_for(items: Iterable[Any], locale: str, key: Callable[[Any], str] = str) -> list[Any]:
    """``items`` ordered by ``key(item)`` in the collation of ``locale``."""
    collation = sort_key(locale)
    return sorted(items, key=lambda item: collation(key(item)))


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def text_language(text: str | None) -> str | None:
    """The HTML language tag of a piece of people's writing, from its script, or None.

    Counts Han characters and words of other letters (an English word weighs as one Chinese
    character, roughly a word): two thirds or more Han is ``"zh-CN"``, two thirds or more
    Latin words is ``"en"``; anything else (mixed, other scripts, no letters) is None, so the
    text keeps the page's language.
    """
    han = latin = other = 0
    in_word: str | None = None
    for char in text or "":
        if _HAN.match(char):
            han += 1
            in_word = None
            continue
        if not unicodedata.category(char).startswith("L"):
            # Apostrophes and hyphens stay inside a word ("don't", "AI-powered").
            if char not in "'’-" or in_word is None:
                in_word = None
            continue
        script = "latin" if unicodedata.name(char, "").startswith("LATIN") else "other"
        if script != in_word:
            if script == "latin":
                latin += 1
            else:
                other += 1
            in_word = script
    total = han + latin + other
    if not total:
        return None
    if han * 3 >= total * 2:
        return HTML_LANG["zh_CN"]
    if latin * 3 >= total * 2:
        return HTML_LANG["en"]
    return None

"""Countries and regions by ISO 3166-1 alpha-2 code, named in the reader's language (CLDR)."""

from __future__ import annotations

from functools import cache

from babel import Locale

from judging.i18n import sorted_for

# CLDR pseudo-regions that are not places a team comes from.
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})


@cache
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code CLDR names."""
    return frozenset(
        code
        for code in Locale.parse("en").territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


@cache
def country_choices(locale: str) -> list[tuple[str, str]]:
    """(code, name) pairs in the order readers of ``locale`` look for a name (pinyin in
    Chinese, the Unicode Collation Algorithm in English), for a select input."""
    names = Locale.parse(locale).territories
    pairs = ((code, names.get(code, code)) for code in country_codes())
    return sorted_for(pairs, locale, key=lambda pair: pair[1])


def named_countries(codes: list[str], locale: str) -> list[tuple[str, str]]:
    """(code, name) pairs of ``codes``, in the same order as :func:`country_choices`."""
    return sorted_for(
        ((code, country_name(code, locale)) for code in codes), locale, key=lambda pair: pair[1]
    )


def country_name(code: str, locale: str) -> str:
    """The name of the country ``code`` in ``locale`` (the code itself if CLDR has none)."""
    return Locale.parse(locale).territories.get(code, code) if code else ""

"""Countries and regions by ISO 3166-1 alpha-2 code, named in the reader's language (CLDR)."""

from __future__ import annotations

from functools import cache

from babel import Locale

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
    """(code, name) pairs sorted by name in ``locale``, for a select input."""
    names = Locale.parse(locale).territories
    return sorted(((code, names.get(code, code)) for code in country_codes()), key=lambda c: c[1])


def country_name(code: str, locale: str) -> str:
    return Locale.parse(locale).territories.get(code, code) if code else ""

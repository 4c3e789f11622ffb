"""The web and mail addresses people type: one rule each, with the hint and the error that
state it, for every form that asks for one (a project's website and video link, an
application's answers)."""

from __future__ import annotations

from urllib.parse import urlsplit

from judging.i18n import N_

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
EMAIL_ERROR = N_("Enter a valid email address.")

WEB_ADDRESS_HINT = N_("A web address starting with https:// or http://")
WEB_ADDRESS_ERROR = N_(
    "Enter a web address starting with https:// or http://, such as https://example.org."
)


def is_web_address(value: str) -> bool:
    """Whether ``value`` is an absolute ``https://`` or ``http://`` address with a host and no
    spaces (no ``javascript:``, ``ftp:`` or relative links on the judges' pages)."""
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # a malformed address such as "http://[oops"
        return False
    return parts.scheme in {"http", "https"} and bool(host) and not any(c.isspace() for c in value)

"""Composing bilingual mails from templates: Chinese first, then English, in one message."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from judging.i18n import format_datetime_local, translations
from judging.settings import PROJECT_ROOT

MAIL_LOCALES = ("zh_CN", "en")


class ComposedMail:
    __slots__ = ("body", "subject")

    def __init__(self, subject: str, body: str) -> None:
        self.subject = subject
        self.body = body


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(PROJECT_ROOT / "templates" / "mail"),
        extensions=["jinja2.ext.i18n"],
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["maildate"] = lambda value, timezone, locale: format_datetime_local(
        value, locale, timezone
    )
    return environment


def compose(kind: str, *, locales: tuple[str, ...] = MAIL_LOCALES, **context: Any) -> ComposedMail:
    """Render ``mail/<kind>.subject.txt`` and ``mail/<kind>.body.txt`` in both languages, or
    only in ``locales`` (a recipient whose language is known)."""
    environment = _environment()
    subjects: list[str] = []
    bodies: list[str] = []
    for locale in locales:
        # Rendering is synchronous, so installing this locale's catalog cannot interleave.
        environment.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
        values = {**context, "locale": locale}
        subjects.append(environment.get_template(f"{kind}.subject.txt").render(values).strip())
        bodies.append(environment.get_template(f"{kind}.body.txt").render(values).strip())
    subject = " / ".join(dict.fromkeys(subjects))
    return ComposedMail(subject=subject, body="\n\n-----\n\n".join(bodies) + "\n")

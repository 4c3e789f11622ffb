"""Every template escapes what it prints: none turns autoescape off, and ``| safe`` is kept to
markup the app itself builds (the CSRF input, the server-drawn charts)."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# What these print is built by the app from numbers and fixed markup, never from user text.
SAFE_ALLOWED = {"csrf_input", "charts.distribution_svg", "charts.leniency_svg"}


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_no_template_turns_autoescape_off():
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in _templates()
        if re.search(r"{%-?\s*autoescape\s+false", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_safe_is_used_only_on_markup_the_app_builds():
    used = {
        match.group(1)
        for path in _templates()
        for match in re.finditer(r"{{-?\s*([\w.]+)\s*\|\s*safe\b", path.read_text(encoding="utf-8"))
    }
    assert used <= SAFE_ALLOWED, used - SAFE_ALLOWED
    assert len(_templates()) > 20

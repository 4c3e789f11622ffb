"""Project descriptions: Markdown rendered to HTML that is safe to show to judges and organizers.

Two layers: markdown-it never passes raw HTML through (it is escaped as text), and nh3 then
keeps only the tags and link schemes listed here, so no script, event attribute or
``javascript:`` link can reach a page even if the parser had a bug.
"""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "a",
        "br",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
# "*" empty: no attribute on every tag (nh3 would otherwise allow lang and title anywhere).
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "*": set()}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        # A relative link would point into this site from text the site did not write.
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: str) -> Markup:
    """Entrant-written Markdown as sanitized HTML, ready to place in a template."""
    cleaned = _cleaner().clean(_parser().render(text or ""))
    # Safe to mark: nh3 kept only the tags, attributes and link schemes listed above.
    return Markup(cleaned)

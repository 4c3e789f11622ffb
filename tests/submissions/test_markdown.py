"""Project descriptions are Markdown rendered safely: no script, no raw HTML, no unsafe links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from judging.markdown import ALLOWED_TAGS, render_markdown


def _attributes(html: str) -> set[tuple[str, str]]:
    """(tag, attribute) pairs of the HTML, as a browser would parse them."""
    found: set[tuple[str, str]] = set()

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.update((tag, name) for name, _ in attrs)

    Collector().feed(html)
    return found


def test_formatting_lists_and_tables_are_kept():
    html = render_markdown(
        "# Plan\n\n**bold** *em* `code`\n\n- one\n- two\n\n> quoted\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    for fragment in ("<h1>Plan</h1>", "<strong>bold</strong>", "<em>em</em>", "<code>code</code>"):
        assert fragment in html
    for tag in ("<ul>", "<li>one</li>", "<blockquote>", "<table>", "<th>a</th>", "<td>2</td>"):
        assert tag in html


def test_script_tags_are_shown_as_text_never_run():
    html = render_markdown("Hello <script>alert('x')</script>")
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_raw_html_is_escaped():
    html = render_markdown('<div onclick="steal()">hi</div>\n\n<iframe src="https://evil.example">')
    assert "<div" not in html
    assert "<iframe" not in html
    assert "&lt;div" in html


@pytest.mark.parametrize(
    "link",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "<javascript:alert(1)>",
    ],
)
def test_script_links_never_come_through(link):
    html = render_markdown(link)
    assert ("a", "href") not in _attributes(html)


def test_event_attributes_never_come_through():
    html = render_markdown(
        '<img src=x onerror="alert(1)"> <b onclick=x>b</b>\n\n'
        '[x](https://ok.example "t\\" onmouseover=\\"alert(1)") **<i onload=y>**'
    )
    assert _attributes(html) == {("a", "href"), ("a", "rel")}


def test_only_listed_tags_come_through():
    html = render_markdown("# T\n\n[x](https://ok.example) <span>s</span> <img src=x>")
    tags = {tag for tag, _ in _attributes(html)} | set(re.findall(r"<([a-z0-9]+)", html))
    assert tags <= ALLOWED_TAGS


def test_web_and_mail_links_get_a_safe_rel():
    html = render_markdown("[site](https://coldbox.example) [mail](mailto:team@coldbox.example)")
    assert '<a href="https://coldbox.example" rel="noopener noreferrer nofollow">site</a>' in html
    assert '<a href="mailto:team@coldbox.example" rel="noopener noreferrer nofollow">' in html


def test_relative_links_and_images_are_dropped():
    html = render_markdown(
        "[admin](/admin) [far](//evil.example) ![pixel](https://t.example/p.png)"
    )
    assert 'href="/admin"' not in html
    assert "evil.example" not in html
    assert "<img" not in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""

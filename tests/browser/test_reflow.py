"""In Chromium, at 320 px (WCAG 1.4.10 reflow) and at 200% zoom of a 1280 px window, the pages
with the widest tables never scroll sideways as a whole (their tables scroll inside their own
box), and in Chinese a round's links stay whole words instead of one character per line."""

from __future__ import annotations

import pytest

from judging.competitions.tables import Round
from tests.browser.accessibility_checks import scrolls_sideways, wider_than_window
from tests.browser.accessibility_world import open_as, prepare_demo

pytestmark = pytest.mark.browser

# (viewport width, device pixel ratio): a small phone, and 1280 px zoomed to 200%.
WINDOWS = {"320px": (320, 1), "200%": (640, 2)}


def _organizer_pages(ids) -> list[tuple[str, dict]]:
    c = {"competition_id": ids.competition}
    prelim = {**c, "round_id": ids.preliminary}
    return [
        ("round_progress", prelim),
        ("organizer_assignments", prelim),
        ("organizer_assignments", {**c, "round_id": ids.final}),
        ("round_publications", prelim),
        ("round_publication", {**prelim, "version": 1}),
        ("round_ranking", prelim),
        ("round_calibration", prelim),
        ("competition_rounds", c),
        ("organizer_judges", c),
        ("organizer_submissions", c),
    ]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("window", list(WINDOWS))
async def test_wide_pages_reflow_without_sideways_scrolling(
    live_server, browser, demo, app, window, language
):
    ids = await prepare_demo(demo)
    width, ratio = WINDOWS[window]
    page = await open_as(browser, live_server, "organizer", width, language, ratio)
    public = app.route_reverse("public_results", slug=ids.slug, round_id=ids.preliminary)
    wide = []
    for path in [app.route_reverse(name, **params) for name, params in _organizer_pages(ids)] + [
        public
    ]:
        await page.goto(f"{live_server}{path}")
        if await scrolls_sideways(page):
            wide.append(f"{path} ({window}, {language}): {await wider_than_window(page)}")
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("width", [1280, 390])
async def test_a_rounds_links_stay_on_one_line_each_in_chinese(
    live_server, browser, demo, app, width
):
    await prepare_demo(demo)  # the final round too, as in `make run`
    page = await open_as(browser, live_server, "organizer", width, "zh_CN")
    await page.goto(
        f"{live_server}{app.route_reverse('competition_rounds', competition_id=demo.id)}"
    )
    links = await page.locator("table .action-links a").evaluate_all(
        """links => links.map((link) => ({
          text: link.innerText,
          height: link.getBoundingClientRect().height,
          line: parseFloat(getComputedStyle(link).lineHeight),
        }))"""
    )
    rounds = await Round.count().where(Round.competition == demo.id)
    # A screening round has one link more: its screening page.
    screening = await Round.count().where(
        (Round.competition == demo.id) & Round.is_screening.eq(True)
    )
    assert len(links) == 8 * rounds + screening
    assert "实时排行榜" in [link["text"] for link in links]
    broken = [link["text"] for link in links if link["height"] > 1.5 * link["line"]]
    assert not broken, f"links broken over several lines: {broken}"

"""The organizers' ranking is shown a hundred projects at a time, by track and with a title
search, and the whole of it is a CSV download."""

from __future__ import annotations

import csv
import io

from judging.accounts.tables import Account
from judging.competitions.tables import Criterion
from judging.results.ranking.board import ranking_page_of
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.results.conftest import _card
from tests.submissions.organizer_world import add_many


def _rows(count: int) -> list[tuple]:
    return [
        (
            n,
            str(n),
            str(n),
            f"Project {n:03d}",
            "ai" if n % 2 else "bio",
            "50.00",
            3,
            False,
            "1.0",
            [],
        )
        for n in range(1, count + 1)
    ]


def test_a_view_is_paged_by_a_hundred_and_a_page_too_far_shows_the_last():
    page = ranking_page_of(_rows(250), None, "", 2)
    beyond = ranking_page_of(_rows(250), None, "", 99)

    assert (page.total, page.pages, page.first, len(page.rows)) == (250, 3, 101, 100)
    assert page.rows[0][0] == 101
    assert (beyond.page, beyond.first, len(beyond.rows)) == (3, 201, 50)
    assert page.has_previous
    assert page.has_next
    assert not beyond.has_next


def test_a_search_and_a_track_narrow_the_view_before_paging():
    found = ranking_page_of(_rows(250), "ai", "PROJECT 1", 1)
    empty = ranking_page_of(_rows(250), None, "nothing like it", 1)

    assert {row[4] for row in found.rows} == {"ai"}
    assert all("project 1" in row[3].casefold() for row in found.rows)
    assert found.total == len([n for n in range(1, 251) if n % 2 and f"{n:03d}".startswith("1")])
    assert (empty.total, empty.pages, empty.first, empty.rows) == (0, 1, 0, [])


async def _large_round(demo, scored_round, count: int = 120):
    await add_many(demo, count, prefix="Bulk project")
    keys = [
        row["key"]
        for row in await Criterion.select(Criterion.key).where(Criterion.round == scored_round.id)
    ]
    judges = await Account.objects().where(Account.email.like("judge%")).order_by(Account.id)
    bulk = await Submission.objects().where(Submission.title.like("Bulk project %"))
    await Scorecard.insert(
        *(
            _card(scored_round.id, project.id, judge.id, {k: (i + j) % 11 for k in keys})
            for i, project in enumerate(bulk)
            for j, judge in enumerate(judges[:3])
        )
    )


async def test_the_page_shows_a_hundred_projects_and_links_to_the_next(
    organizer, demo, scored_round
):
    await _large_round(demo, scored_round)
    path = f"/organize/{demo.id}/rounds/{scored_round.id}/ranking"

    first = await organizer.get(path)
    second = await organizer.get(f"{path}?page=2")

    assert first.status_code == 200
    assert "Projects 1–100 of 130" in first.text
    assert "Page 1 of 2" in first.text
    assert 'rel="next" href="' in first.text
    assert "Projects 101–130 of 130" in second.text
    assert len(first.content) < 150_000


async def test_a_search_keeps_its_words_in_the_pager_and_finds_by_title(
    organizer, demo, scored_round
):
    await _large_round(demo, scored_round)
    path = f"/organize/{demo.id}/rounds/{scored_round.id}/ranking"

    found = await organizer.get(f"{path}?q=bulk+project+00")
    nothing = await organizer.get(f"{path}?q=zzz")

    assert "Projects 1–100 of 100" in found.text
    assert 'value="bulk project 00"' in found.text
    assert "No ranked project's title contains" in nothing.text


async def test_the_whole_ranking_downloads_as_csv_safe_for_spreadsheets(
    organizer, demo, scored_round
):
    await _large_round(demo, scored_round)
    project = await Submission.objects().where(Submission.title == "Bulk project 0001").first()
    await Submission.update({Submission.title: '=HYPERLINK("http://x")'}).where(
        Submission.id == project.id
    )

    response = await organizer.get(f"/organize/{demo.id}/rounds/{scored_round.id}/ranking.csv")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(lines) == 130
    ranks = [int(line["rank"]) for line in lines]
    assert ranks == sorted(ranks)  # overall order; tied projects share a rank
    assert ranks[0] == 1
    assert any(line["title"].startswith("'=HYPERLINK") for line in lines)

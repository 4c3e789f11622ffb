"""Before committing, organizers see which judge gets which project: the previewed plan's
pairs, filtered by judge, track and title and paged, the very plan a commit writes."""

import re

import pytest

from judging.assignments.conflicts import ConflictIndex
from judging.assignments.planning import JudgeInfo, ProjectInfo, RoundState
from judging.assignments.schemas import PairFilters
from judging.assignments.tables import Assignment, Conflict
from judging.assignments.views import filter_pairs, paginate, plan_pairs
from judging.submissions.tables import Submission
from tests.assignments.assignment_world import (
    account,
    pairs,
    preliminary,
    preview_digest,
    sign_in,
)

DIGEST = re.compile(r'name="digest" value="([0-9a-f]{64})"')
PAIR_ROW = re.compile(r'data-pair="(\d+)-(\d+)"')


# --- The pure table: pairs, filters, pages ------------------------------------------------------


def _state() -> RoundState:
    projects = [
        ProjectInfo(id=1, title="Solar Kiln", track="energy", organization=""),
        ProjectInfo(id=2, title="apple Vision", track="ai", organization=""),
        ProjectInfo(id=3, title="Batteries", track="energy", organization=""),
    ]
    judges = [
        JudgeInfo(
            id=10 + number,
            profile_id=number,
            display_name=f"Judge {number}",
            email=f"j{number}@example.com",
            organization="",
            tracks=("energy",) if number == 1 else (),
            max_load=None,
            available=True,
        )
        for number in (1, 2)
    ]
    return RoundState(
        round_id=1,
        per_submission=1,
        projects=projects,
        judges=judges,
        conflicts=ConflictIndex([]),
        assignments=[(1, 11)],
    )


def test_plan_pairs_lists_kept_and_new_pairs_by_title_with_the_expertise_match():
    rows = plan_pairs(_state(), kept=[(1, 11)], new=[(2, 12), (3, 11)])
    assert [(row.title, row.judge_name, row.new, row.expertise) for row in rows] == [
        ("apple Vision", "Judge 2", True, False),
        ("Batteries", "Judge 1", True, True),
        ("Solar Kiln", "Judge 1", False, True),
    ]


def test_filter_pairs_keeps_one_judges_one_tracks_or_matching_titles():
    rows = plan_pairs(_state(), kept=[(1, 11)], new=[(2, 12), (3, 11)])
    by_judge = filter_pairs(rows, PairFilters(judge=11))
    assert [row.submission_id for row in by_judge.items] == [3, 1]
    by_track = filter_pairs(rows, PairFilters(pair_track="ai"))
    assert [row.submission_id for row in by_track.items] == [2]
    by_title = filter_pairs(rows, PairFilters(project="KILN"))
    assert [row.submission_id for row in by_title.items] == [1]
    both = filter_pairs(rows, PairFilters(judge=12, pair_track="energy"))
    assert (both.items, both.total, both.pages) == ([], 0, 1)


@pytest.mark.parametrize(
    ("page", "shown", "first", "count"),
    [(1, 1, 0, 50), (3, 3, 100, 20), (0, 1, 0, 50), (-5, 1, 0, 50), (10**12, 3, 100, 20)],
)
def test_paginate_clamps_the_page_into_the_table(page, shown, first, count):
    paged = paginate(list(range(120)), page, 50)
    assert (paged.page, paged.pages, paged.total) == (shown, 3, 120)
    assert paged.items[:1] == [first]
    assert len(paged.items) == count


def test_paginate_an_empty_table_is_one_empty_page():
    paged = paginate([], 4, 50)
    assert (paged.items, paged.page, paged.pages, paged.total) == ([], 1, 1, 0)


# --- The page -------------------------------------------------------------------------------------


def _preview_page(competition_id: int, round_id: int) -> str:
    return f"/organize/{competition_id}/rounds/{round_id}/assignments/preview"


def _listed(html: str) -> set[tuple[int, int]]:
    return {(int(sid), int(jid)) for sid, jid in PAIR_ROW.findall(html)}


async def test_preview_lists_each_pair_of_the_plan_the_commit_writes(client, demo):
    round_ = await preliminary(demo.id)
    await sign_in(client, "organizer")
    posted = await client.post_form(_preview_page(demo.id, round_.id))
    assert posted.status_code == 200
    assert 'id="preview-pairs"' in posted.text
    page = await client.get(_preview_page(demo.id, round_.id))
    assert page.status_code == 200
    planned = await preview_digest(client, demo.id, round_.id)
    expected = {(pair["submission_id"], pair["judge_id"]) for pair in planned["new_pairs"]}
    assert _listed(posted.text) == _listed(page.text) == expected
    digest = DIGEST.search(page.text).group(1)
    assert digest == DIGEST.search(posted.text).group(1) == planned["digest"]
    assert await Assignment.count() == 0
    committed = await client.post_form(
        f"/organize/{demo.id}/rounds/{round_.id}/assignments/commit", {"digest": digest}
    )
    assert committed.status_code == 303
    assert await pairs(round_.id) == expected


async def _projects(competition_id: int) -> dict[int, dict]:
    rows = await Submission.select(
        Submission.id, Submission.title, Submission.track.key.as_alias("track_key")
    ).where((Submission.competition == competition_id) & (Submission.status == "submitted"))
    return {row["id"]: row for row in rows}


async def test_preview_pairs_filter_by_judge_track_and_title(client, demo):
    round_ = await preliminary(demo.id)
    judge1 = await account("judge1")
    projects = await _projects(demo.id)
    await sign_in(client, "organizer")
    path = _preview_page(demo.id, round_.id)
    everything = _listed((await client.get(path)).text)
    mine = _listed((await client.get(path, params={"judge": judge1.id})).text)
    assert mine
    assert mine == {pair for pair in everything if pair[1] == judge1.id}
    in_ai = _listed((await client.get(path, params={"pair_track": "ai"})).text)
    assert in_ai
    assert in_ai == {pair for pair in everything if projects[pair[0]]["track_key"] == "ai"}
    first = next(iter(projects.values()))
    word = first["title"].split()[0]
    named = _listed((await client.get(path, params={"project": word.upper()})).text)
    assert {pair for pair in everything if pair[0] == first["id"]} <= named
    assert all(word.casefold() in projects[sid]["title"].casefold() for sid, _ in named)


async def test_preview_pairs_never_pair_a_judge_with_a_conflicted_project(client, demo):
    round_ = await preliminary(demo.id)
    judge1 = await account("judge1")
    project = next(iter((await _projects(demo.id)).values()))
    await Conflict(competition=demo.id, judge=judge1.id, submission=project["id"]).save()
    await sign_in(client, "organizer")
    listed = _listed((await client.get(_preview_page(demo.id, round_.id))).text)
    assert {sid for sid, _ in listed} >= {project["id"]}
    assert (project["id"], judge1.id) not in listed


async def test_an_unknown_judge_lists_no_pair(client, demo):
    round_ = await preliminary(demo.id)
    await sign_in(client, "organizer")
    page = await client.get(_preview_page(demo.id, round_.id), params={"judge": "987654"})
    assert page.status_code == 200
    assert _listed(page.text) == set()
    assert "No pair matches the filter." in page.text


async def test_a_page_past_the_last_shows_the_last(client, demo):
    round_ = await preliminary(demo.id)
    await sign_in(client, "organizer")
    path = _preview_page(demo.id, round_.id)
    first = _listed((await client.get(path)).text)
    assert _listed((await client.get(path, params={"page": "4000"})).text) == first


@pytest.mark.parametrize(
    "query",
    [
        {"page": "-1"},
        {"page": "0"},
        {"page": "99999999999"},
        {"page": "two"},
        {"judge": str(2**31)},
        {"judge": str(2**70)},
        {"judge": "-3"},
        {"judge": "x"},
        {"project": "a\x00b"},
        {"pair_track": "t" * 41},
        {"project": "p" * 201},
    ],
)
async def test_a_hostile_query_is_refused_with_400_not_500(client, demo, query):
    round_ = await preliminary(demo.id)
    await sign_in(client, "organizer")
    response = await client.get(_preview_page(demo.id, round_.id), params=query)
    assert response.status_code == 400

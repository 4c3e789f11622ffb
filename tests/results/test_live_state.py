"""The live board built from its inputs (pure): progress always, ranks and totals once revealed,
nothing that names the team in blind rounds."""

import pandas as pd
from msgspec.structs import replace

from judging.results.live.schemas import LiveRound, TakingPart
from judging.results.live.state import build_state

ROUND = LiveRound(
    id=7,
    competition=3,
    name_en="Final",
    name_zh="决赛",
    is_blind=False,
    leaderboard_public=True,
    reveal_totals=False,
    competition_name_en="China Gate Master 2021",
    competition_name_zh="2021“中国门”大师创新创业大赛",
    competition_is_public=True,
)


def project(submission_id: int, title: str) -> TakingPart:
    return TakingPart(
        id=submission_id,
        title=title,
        organization=f"Org {submission_id}",
        track_key="ai",
        track_name_en="Artificial intelligence",
        track_name_zh="人工智能",
    )


PROJECTS = [project(30, "Crop drones"), project(10, "Edge AI"), project(20, "Bio sensors")]
# Judges 1 and 2 are assigned to every project.
ASSIGNED = [(sid, judge) for sid in (10, 20, 30) for judge in (1, 2)]
RANKING = pd.DataFrame(
    {
        "submission_id": [20, 10, 30],
        "rank": pd.array([1, 2, None], dtype="Int64"),
        "score": [81.23456, 64.5, 55.0],
    }
)


def revealed(**changes) -> LiveRound:
    return replace(ROUND, reveal_totals=True, **changes)


def test_before_reveal_projects_are_in_pitch_order_without_ranks_or_totals():
    state = build_state(ROUND, PROJECTS, ASSIGNED, [(10, 1)], RANKING)
    assert [(item.submission_id, item.pitch) for item in state.projects] == [
        (10, 1),
        (20, 2),
        (30, 3),
    ]
    assert not state.revealed
    assert all(item.rank is None and item.score is None for item in state.projects)


def test_progress_counts_submitted_cards_of_assigned_judges_only():
    submitted = [(10, 1), (10, 2), (20, 1), (20, 9)]  # judge 9 is not assigned to project 20
    state = build_state(ROUND, PROJECTS, ASSIGNED, submitted, None)
    assert [(item.cards_in, item.cards_expected) for item in state.projects] == [
        (2, 2),
        (1, 2),
        (0, 2),
    ]
    assert (state.cards_in, state.cards_expected) == (3, 6)


def test_after_reveal_projects_are_ranked_with_totals_to_two_decimals():
    state = build_state(revealed(), PROJECTS, ASSIGNED, [], RANKING)
    assert [(item.submission_id, item.rank, item.score) for item in state.projects] == [
        (20, 1, 81.23),
        (10, 2, 64.5),
        (30, None, 55.0),
    ]


def test_after_reveal_projects_without_scores_come_last_in_pitch_order():
    ranking = RANKING[RANKING["submission_id"] == 20]
    state = build_state(revealed(), PROJECTS, ASSIGNED, [], ranking)
    assert [(item.submission_id, item.score) for item in state.projects] == [
        (20, 81.23),
        (10, None),
        (30, None),
    ]


def test_blind_round_shows_titles_without_organizations():
    state = build_state(replace(ROUND, is_blind=True), PROJECTS, ASSIGNED, [], None)
    assert [item.organization for item in state.projects] == [None, None, None]
    assert state.projects[0].title == "Edge AI"


def test_board_is_public_only_while_the_competition_is_public_too():
    assert build_state(ROUND, PROJECTS, ASSIGNED, [], None).public
    private_competition = replace(ROUND, competition_is_public=False)
    assert not build_state(private_competition, PROJECTS, ASSIGNED, [], None).public
    private_board = replace(ROUND, leaderboard_public=False)
    assert not build_state(private_board, PROJECTS, ASSIGNED, [], None).public

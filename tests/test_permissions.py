"""The permission rules, each a pure function of its facts (judging.permissions)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from judging.permissions import (
    JUDGE,
    ORGANIZER,
    admits_every_competition,
    board_is_public,
    can_judge,
    can_judge_any,
    can_judge_project,
    can_organize,
    can_organize_any,
    can_read_deck,
    can_view_board,
    holds_role,
    holds_role_anywhere,
    is_assigned_judge,
    is_member,
)


@dataclass(frozen=True)
class Person:
    id: int = 7
    is_platform_admin: bool = False


ENTRANT = Person()
ADMIN = Person(is_platform_admin=True)
NONE: frozenset[str] = frozenset()


# ---------------------------------------------------------------- roles in a competition


def test_an_organizer_organizes_the_competition():
    assert can_organize(ENTRANT, {ORGANIZER})


def test_a_judge_does_not_organize_the_competition():
    assert not can_organize(ENTRANT, {JUDGE})


def test_a_platform_admin_organizes_every_competition_without_a_role_there():
    assert can_organize(ADMIN, NONE)


def test_only_the_judge_role_makes_a_judge():
    assert can_judge({JUDGE})
    assert not can_judge({ORGANIZER})


def test_a_platform_admin_is_not_a_judge_without_the_role():
    # can_judge reads no account: nothing but the role makes a judge.
    assert not holds_role(ADMIN, NONE, JUDGE)
    assert holds_role(ADMIN, {JUDGE}, JUDGE)


def test_a_member_holds_some_role_or_organizes_as_a_platform_admin():
    assert is_member(ENTRANT, {JUDGE})
    assert is_member(ADMIN, NONE)
    assert not is_member(ENTRANT, NONE)


@pytest.mark.parametrize(
    ("account", "roles", "role", "expected"),
    [
        (ENTRANT, {ORGANIZER}, ORGANIZER, True),
        (ENTRANT, {JUDGE}, ORGANIZER, False),
        (ADMIN, NONE, ORGANIZER, True),
        (ENTRANT, {JUDGE}, JUDGE, True),
        (ENTRANT, {ORGANIZER}, JUDGE, False),
        (ENTRANT, {ORGANIZER}, None, True),
        (ENTRANT, NONE, None, False),
        (ADMIN, NONE, None, True),
    ],
)
def test_holding_a_role_is_the_rule_of_that_role(account, roles, role, expected):
    assert holds_role(account, roles, role) is expected


def test_a_platform_admin_organizes_somewhere_even_before_any_competition_exists():
    assert can_organize_any(ADMIN, {})
    assert holds_role_anywhere(ADMIN, {}, ORGANIZER)


def test_organizing_somewhere_needs_the_organizer_role_in_one_competition():
    assert can_organize_any(ENTRANT, {1: {JUDGE}, 2: {ORGANIZER}})
    assert not can_organize_any(ENTRANT, {1: {JUDGE}})


def test_judging_somewhere_needs_the_judge_role_in_one_competition():
    assert can_judge_any({1: {ORGANIZER}, 2: {JUDGE}})
    assert not can_judge_any({1: {ORGANIZER}})
    assert not holds_role_anywhere(ADMIN, {}, JUDGE)


def test_only_a_platform_admin_organizer_counts_in_every_competition():
    assert admits_every_competition(ADMIN, ORGANIZER)
    assert admits_every_competition(ADMIN, None)
    assert not admits_every_competition(ADMIN, JUDGE)
    assert not admits_every_competition(ENTRANT, ORGANIZER)
    assert not admits_every_competition(ENTRANT, None)


# ---------------------------------------------------------------- a judge and a project


def test_an_assigned_judge_is_assigned_and_still_judges():
    assert is_assigned_judge({JUDGE}, assigned=True)
    assert not is_assigned_judge({JUDGE}, assigned=False)
    assert not is_assigned_judge(NONE, assigned=True)


def test_a_conflicted_judge_cannot_judge_the_project_assigned_to_them():
    assert can_judge_project({JUDGE}, assigned=True, conflicted=False)
    assert not can_judge_project({JUDGE}, assigned=True, conflicted=True)


def test_a_judge_who_left_the_competition_cannot_judge_its_projects():
    assert not can_judge_project({ORGANIZER}, assigned=True, conflicted=False)


def test_an_unassigned_judge_cannot_judge_the_project():
    assert not can_judge_project({JUDGE}, assigned=False, conflicted=False)


# ---------------------------------------------------------------- the deck


def _deck(account, roles=NONE, *, owns=False, assigned=False, conflicted=False):
    return can_read_deck(account, roles, owns=owns, assigned=assigned, conflicted=conflicted)


def test_the_owner_reads_their_deck():
    assert _deck(ENTRANT, owns=True)


def test_organizers_and_platform_admins_read_every_deck_of_the_competition():
    assert _deck(ENTRANT, {ORGANIZER})
    assert _deck(ADMIN)


def test_an_organizer_reads_a_deck_they_are_conflicted_with():
    assert _deck(ENTRANT, {ORGANIZER, JUDGE}, assigned=True, conflicted=True)


def test_an_assigned_judge_without_a_conflict_reads_the_deck():
    assert _deck(ENTRANT, {JUDGE}, assigned=True)


def test_a_conflicted_judge_cannot_open_the_deck():
    assert not _deck(ENTRANT, {JUDGE}, assigned=True, conflicted=True)


def test_a_judge_not_assigned_to_the_project_cannot_open_the_deck():
    assert not _deck(ENTRANT, {JUDGE})


def test_a_stranger_cannot_open_the_deck():
    assert not _deck(ENTRANT)


# ---------------------------------------------------------------- the live board


def test_a_board_is_public_only_when_both_it_and_its_competition_are():
    assert board_is_public(board_public=True, competition_public=True)
    assert not board_is_public(board_public=True, competition_public=False)
    assert not board_is_public(board_public=False, competition_public=True)


@pytest.mark.parametrize("account", [None, ENTRANT])
def test_anyone_watches_a_public_board(account):
    assert can_view_board(account, NONE, board_public=True, competition_public=True)


@pytest.mark.parametrize("account", [None, ENTRANT])
def test_nobody_but_organizers_watches_a_private_board(account):
    assert not can_view_board(account, {JUDGE}, board_public=False, competition_public=True)
    assert not can_view_board(account, NONE, board_public=True, competition_public=False)


def test_organizers_and_platform_admins_watch_a_private_board():
    assert can_view_board(ENTRANT, {ORGANIZER}, board_public=False, competition_public=False)
    assert can_view_board(ADMIN, NONE, board_public=False, competition_public=False)

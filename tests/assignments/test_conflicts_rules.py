"""The conflict rules as pure functions: organizations, declared conflicts, same organization."""

from judging.assignments.conflicts import ConflictIndex, judge_organization, same_organization


def test_organizations_match_ignoring_case_and_surrounding_spaces():
    assert same_organization("  Nanjing University ", "nanjing UNIVERSITY")


def test_an_empty_organization_matches_nothing():
    assert not same_organization("", "")
    assert not same_organization("   ", "  ")


def test_the_profile_organization_wins_over_the_account_organization():
    assert judge_organization("Munich Ventures", "Old Employer") == "Munich Ventures"
    assert judge_organization("  ", "Old Employer") == "Old Employer"


def test_an_organization_conflict_covers_every_project_of_that_organization():
    index = ConflictIndex([{"judge": 7, "submission": None, "organization": "CellCure Ltd"}])
    assert index.conflicted(1, 7, "cellcure ltd", "Elsewhere")
    assert not index.conflicted(1, 8, "cellcure ltd", "Elsewhere")
    assert index.declared_pairs({1: "CellCure Ltd", 2: "Other"}, [7, 8]) == {(1, 7)}


def test_a_project_conflict_covers_only_that_project():
    index = ConflictIndex([{"judge": 7, "submission": 3, "organization": ""}])
    assert index.conflicted(3, 7, "", "")
    assert not index.conflicted(4, 7, "", "")


def test_judge_and_project_of_the_same_organization_are_in_conflict_without_a_row():
    assert ConflictIndex([]).conflicted(1, 7, "Southeast University", "southeast university")

"""The conflict rule as pure functions: organizations, emails, owners and conflict rows."""

from judging.assignments.conflicts import (
    ConflictIndex,
    JudgeIdentity,
    ProjectParties,
    Tie,
    judge_organization,
    same_organization,
)


def test_organizations_match_ignoring_case_and_surrounding_spaces():
    assert same_organization("  Nanjing University ", "nanjing UNIVERSITY")


def test_an_empty_organization_matches_nothing():
    assert not same_organization("", "")
    assert not same_organization("   ", "  ")
    empty = ProjectParties.of(1, organizations=["", "  "])
    assert ConflictIndex([]).tie(empty, JudgeIdentity.of(7, organizations=[""])) is None


def test_the_profile_organization_is_shown_over_the_account_organization():
    assert judge_organization("Munich Ventures", "Old Employer") == "Munich Ventures"
    assert judge_organization("  ", "Old Employer") == "Old Employer"


def test_an_organization_conflict_covers_every_project_of_that_organization():
    index = ConflictIndex([{"judge": 7, "submission": None, "organization": "CellCure Ltd"}])
    cellcure = ProjectParties.of(1, organizations=["cellcure ltd"])
    other = ProjectParties.of(2, organizations=["Other"])
    assert index.tie(cellcure, JudgeIdentity.of(7, organizations=["Elsewhere"])) is Tie.DECLARED
    assert not index.conflicted(cellcure, JudgeIdentity.of(8, organizations=["Elsewhere"]))
    judges = [JudgeIdentity.of(7), JudgeIdentity.of(8)]
    assert index.conflicted_pairs([cellcure, other], judges) == {(1, 7)}


def test_an_organization_conflict_covers_the_entrants_organization_too():
    index = ConflictIndex([{"judge": 7, "submission": None, "organization": "CellCure Ltd"}])
    project = ProjectParties.of(1, organizations=["", "CELLCURE LTD"])
    assert index.conflicted(project, JudgeIdentity.of(7))


def test_a_project_conflict_covers_only_that_project():
    index = ConflictIndex([{"judge": 7, "submission": 3, "organization": ""}])
    assert index.conflicted(ProjectParties.of(3), JudgeIdentity.of(7))
    assert not index.conflicted(ProjectParties.of(4), JudgeIdentity.of(7))


def test_judge_and_project_of_the_same_organization_are_in_conflict_without_a_row():
    project = ProjectParties.of(1, organizations=["Southeast University"])
    judge = JudgeIdentity.of(7, organizations=["Munich Ventures", "southeast university "])
    assert ConflictIndex([]).tie(project, judge) is Tie.SAME_ORGANIZATION


def test_the_owner_of_a_project_may_not_judge_it():
    assert ConflictIndex([]).tie(ProjectParties.of(1, owner_id=7), JudgeIdentity.of(7)) is (
        Tie.OWN_PROJECT
    )


def test_a_team_member_by_email_may_not_judge_the_project():
    project = ProjectParties.of(1, emails=["", " Li.Na@Example.com"])
    judge = JudgeIdentity.of(7, emails=["li.na@example.com"])
    assert ConflictIndex([]).tie(project, judge) is Tie.TEAM_MEMBER


def test_the_batched_form_finds_what_the_single_form_finds():
    index = ConflictIndex(
        [
            {"judge": 1, "submission": 10, "organization": ""},
            {"judge": 2, "submission": None, "organization": "Acme"},
        ]
    )
    projects = [
        ProjectParties.of(10),
        ProjectParties.of(11, owner_id=3),
        ProjectParties.of(12, emails=["d@x.org"], organizations=["acme"]),
        ProjectParties.of(13, organizations=["Beta"]),
    ]
    judges = [
        JudgeIdentity.of(1),
        JudgeIdentity.of(2),
        JudgeIdentity.of(3),
        JudgeIdentity.of(4, emails=["D@X.org"], organizations=["beta"]),
        JudgeIdentity.of(5),
    ]
    single = {
        (project.submission_id, judge.judge_id)
        for project in projects
        for judge in judges
        if index.conflicted(project, judge)
    }
    assert index.conflicted_pairs(projects, judges) == single
    assert single == {(10, 1), (11, 3), (12, 2), (12, 4), (13, 4)}

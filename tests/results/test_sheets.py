"""The round's score sheet: which cards count, and a CSV the scoring CLI reproduces."""

import asyncio
import sys

import msgspec

from judging.accounts.tables import Account
from judging.results.sheets.score_sheet import anonymized, rank_sheet_text, round_sheet, sheet_csv
from judging.reviews.tables import Scorecard
from judging.submissions.participation import round_project_ids
from judging.submissions.tables import Advancement, Submission
from tests.results.conftest import score


async def test_first_round_takes_every_submitted_project(demo, scored_round):
    submitted = await Submission.count().where(Submission.status == "submitted")
    assert len(await round_project_ids(scored_round.id)) == submitted


async def test_later_round_takes_only_admitted_projects(demo, scored_round):
    from judging.competitions.tables import Round

    final = Round(competition=demo.id, name_en="Final", name_zh="决赛", position=2)
    await final.save()
    first = (await round_project_ids(scored_round.id))[0]
    await Advancement(round=final.id, submission=first).save()
    assert await round_project_ids(final.id) == [first]


async def test_withdrawn_projects_drop_out_of_the_sheet(demo, scored_round):
    project_id = (await round_project_ids(scored_round.id))[0]
    await Submission.update({Submission.status: "withdrawn"}).where(Submission.id == project_id)
    sheet = await round_sheet(scored_round.id)
    assert project_id not in set(sheet.scores["submission_id"])


async def test_drafts_and_excluded_cards_do_not_count(demo, scored_round):
    judge4 = await Account.objects().get(Account.email.like("judge4%"))
    project_id = (await round_project_ids(scored_round.id))[0]
    await score(scored_round.id, project_id, judge4.id, {"innovation": 10}, status="draft")
    await Scorecard.update({Scorecard.excluded: True}).where(
        (Scorecard.submission == project_id) & (Scorecard.judge != judge4.id)
    )
    sheet = await round_sheet(scored_round.id)
    assert project_id not in set(sheet.scores["submission_id"])


async def test_sheet_has_one_row_per_card_and_criterion(demo, scored_round):
    sheet = await round_sheet(scored_round.id)
    cards = await Scorecard.count().where(Scorecard.round == scored_round.id)
    assert len(sheet.scores) == cards * len(sheet.rubric.keys)
    assert list(sheet.scores.columns) == [
        "submission_id",
        "judge_id",
        "track",
        "criterion",
        "score",
    ]


async def test_anonymized_sheet_names_judges_j1_to_jn(demo, scored_round):
    sheet = await round_sheet(scored_round.id)
    labels = sorted(set(anonymized(sheet.scores)["judge_id"]))
    assert labels == ["J1", "J2", "J3"]


async def test_scoring_cli_reproduces_the_ranking_from_the_exported_sheet(
    demo, scored_round, tmp_path
):
    sheet = await round_sheet(scored_round.id)
    text = sheet_csv(anonymized(sheet.scores))
    expected = rank_sheet_text(text, sheet.rubric, sheet.policy)
    (tmp_path / "scores.csv").write_text(text)
    rubric = {
        "criteria": [
            {"key": c.key, "weight": c.weight, "min": c.min, "max": c.max}
            for c in sheet.rubric.criteria
        ],
        "tie_breakers": list(sheet.rubric.tie_breakers),
    }
    (tmp_path / "rubric.json").write_bytes(msgspec.json.encode(rubric))
    policy = sheet.policy
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "scoring",
        "rank",
        str(tmp_path / "scores.csv"),
        "--rubric",
        str(tmp_path / "rubric.json"),
        "--out",
        str(tmp_path / "ranking.csv"),
        "--normalize",
        policy.normalize,
        "--aggregate",
        policy.aggregate,
        "--trim",
        str(policy.trim),
        "--min-judges",
        str(policy.min_judges),
        "--disagreement",
        str(policy.disagreement),
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()
    from scoring import ranking_to_csv

    assert (tmp_path / "ranking.csv").read_text() == ranking_to_csv(expected.table)


async def test_round_ranking_names_every_ranked_project(demo, scored_round):
    from judging.results.sheets.round_ranking import round_ranking

    ranking = await round_ranking(scored_round.id)
    assert ranking.table["title"].notna().all()
    assert ranking.table["rank"].notna().all()
    assert len(ranking.table) + len(ranking.unscored) == len(ranking.sheet.projects)


async def test_round_ranking_takes_another_policy_for_a_preview(demo, scored_round):
    import scoring
    from judging.results.sheets.round_ranking import round_ranking

    ranking = await round_ranking(
        scored_round.id, scoring.Policy(normalize="none", aggregate="mean")
    )
    assert ranking.policy.aggregate == "mean"
    assert ranking.sheet.policy.aggregate == "trimmed"

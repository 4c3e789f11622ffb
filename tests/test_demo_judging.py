"""The demo's judging under way: what `judging demo` shows organizers and judges on first start."""

import pytest

from judging.accounts.tables import Account
from judging.assignments.tables import Assignment
from judging.audit.tables import AuditEvent
from judging.clock import utcnow
from judging.competitions.rubric import round_rubric
from judging.competitions.tables import Round
from judging.demo import demo_email
from judging.demo.judging import LEFT_FOR_THE_VISITOR, seed_demo_judging
from judging.results.sheets.round_ranking import round_ranking
from judging.reviews.services import rubric_is_ready
from judging.reviews.tables import Scorecard
from judging.submissions import locking, services, windows
from judging.submissions.participation import round_project_ids
from judging.submissions.tables import Submission


@pytest.fixture
async def judged(demo):
    await seed_demo_judging()
    rounds = await Round.objects().where(Round.competition == demo.id).order_by(Round.position)
    return rounds


async def test_every_taking_part_project_gets_its_panel(judged):
    preliminary = judged[0]
    pairs = await Assignment.select(Assignment.submission).where(Assignment.round == preliminary.id)
    per_project = {}
    for pair in pairs:
        per_project[pair["submission"]] = per_project.get(pair["submission"], 0) + 1
    assert sorted(per_project) == await round_project_ids(preliminary.id)
    assert set(per_project.values()) == {preliminary.judges_per_submission}


async def test_judge1_keeps_projects_to_score_and_every_other_pair_is_submitted(judged):
    preliminary = judged[0]
    judge1 = await Account.objects().get(Account.email == demo_email("judge1"))
    pairs = await Assignment.select(Assignment.submission, Assignment.judge).where(
        Assignment.round == preliminary.id
    )
    cards = {
        (card["submission"], card["judge"]): card["status"]
        for card in await Scorecard.select(
            Scorecard.submission, Scorecard.judge, Scorecard.status
        ).where(Scorecard.round == preliminary.id)
    }
    unscored = [pair for pair in pairs if (pair["submission"], pair["judge"]) not in cards]
    assert [pair["judge"] for pair in unscored] == [judge1.id] * LEFT_FOR_THE_VISITOR
    assert set(cards.values()) == {"submitted"}
    assert len(cards) == len(pairs) - LEFT_FOR_THE_VISITOR


async def test_the_ranking_ranks_every_fully_judged_project(judged):
    ranking = await round_ranking(judged[0].id)
    table = ranking.table
    waiting = table[table["n_judges"] < judged[0].min_judges]
    assert len(waiting) == LEFT_FOR_THE_VISITOR
    assert waiting["rank"].isna().all()
    assert table.loc[table["n_judges"] >= judged[0].min_judges, "rank"].notna().all()
    assert ranking.unscored.empty


async def test_judges_differ_in_leniency_for_the_calibration_page(judged):
    agreement = (await round_ranking(judged[0].id)).result.agreement()
    leniency = agreement.judges.set_index("judge_id")["leniency"]
    assert leniency.max() - leniency.min() > 1.5
    assert 0 < agreement.krippendorff_alpha < 1


async def test_a_final_with_the_same_rubric_waits_for_advanced_projects(judged):
    preliminary, final = judged
    assert (final.name_en, final.position) == ("Final roadshow", 2)
    rubric = await round_rubric(final.id)
    assert rubric_is_ready(rubric)
    assert [row["key"] for row in rubric] == [
        row["key"] for row in await round_rubric(preliminary.id)
    ]
    assert await round_project_ids(final.id) == []


async def test_it_is_done_through_the_services_so_it_is_audited(judged):
    actions = [row["action"] for row in await AuditEvent.select(AuditEvent.action)]
    assert actions.count("assignments_committed") == 1
    assert actions.count("submitted") == await Scorecard.count()
    assert "replaced" in actions


async def test_submissions_closed_before_judging_opened(judged):
    preliminary = judged[0]
    now = utcnow()
    assert preliminary.submission_closes_at < preliminary.judging_opens_at <= now
    window = await windows.submission_window(preliminary.competition)
    assert not window.is_open(now)


async def test_no_entrant_can_change_a_project_under_judging(judged):
    submitted = await Submission.select().where(Submission.status == "submitted")
    window = await windows.submission_window(judged[0].competition)
    refusals = {
        (await services.edit_lock(project, window, utcnow())).message for project in submitted
    }
    assert refusals == {locking.JUDGING_LOCKED}


async def test_the_seed_is_set_up_by_its_people_and_mails_no_one(demo):
    from judging.outbox.tables import OutboxMessage

    events = await AuditEvent.select(AuditEvent.entity, AuditEvent.action, AuditEvent.actor)
    admin = await Account.objects().get(Account.email == demo_email("admin"))
    organizer = await Account.objects().get(Account.email == demo_email("organizer"))
    created = {(row["entity"], row["actor"]) for row in events if row["action"] == "created"}
    assert ("competition", admin.id) in created
    assert ("track", organizer.id) in created
    assert ("round", organizer.id) in created
    entered = [row for row in events if row["entity"] == "submission"]
    assert len(entered) >= await Submission.count()
    assert await OutboxMessage.count() == 0


async def test_the_judging_seed_mails_no_one(judged):
    from judging.outbox.tables import OutboxMessage

    assert await OutboxMessage.count() == 0

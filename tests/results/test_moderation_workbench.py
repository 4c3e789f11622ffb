"""A project's breakdown, and moderating its scorecards: exclude, include, send back."""

import msgspec

import scoring
from judging.accounts.tables import Account
from judging.assignments.tables import Assignment
from judging.audit.tables import AuditEvent
from judging.competitions.tables import Round
from judging.demo import DEMO_PASSWORD, demo_email
from judging.outbox.tables import OutboxMessage
from judging.results.sheets.score_sheet import round_sheet
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.results.conftest import score
from tests.support import app_client


def _base(demo, round_id: int) -> str:
    return f"/organize/{demo.id}/rounds/{round_id}"


def _api(demo, round_id: int) -> str:
    return f"/api/v1/competitions/{demo.id}/rounds/{round_id}"


async def _first_project(round_id: int) -> Submission:
    card = await Scorecard.objects().where(Scorecard.round == round_id).order_by(Scorecard.id)
    return await Submission.objects().get(Submission.id == card[0].submission)


async def _card(submission_id: int, handle: str) -> Scorecard:
    judge = await Account.objects().get(Account.email == demo_email(handle))
    return await Scorecard.objects().get(
        (Scorecard.submission == submission_id) & (Scorecard.judge == judge.id)
    )


async def test_breakdown_lists_every_card_with_raw_normalized_criteria_and_notes(
    organizer, demo, scored_round
):
    project = await _first_project(scored_round.id)
    judge4 = await Account.objects().get(Account.email == demo_email("judge4"))
    await score(
        scored_round.id,
        project.id,
        judge4.id,
        {"innovation": 4},
        status="draft",
        note_to_organizers="Conflict with their lab? Checking.",
    )
    response = await organizer.api(
        "GET", f"{_api(demo, scored_round.id)}/ranking/projects/{project.id}"
    )
    assert response.status_code == 200, response.text
    body = response.json()
    sheet = await round_sheet(scored_round.id)
    result = scoring.rank(sheet.scores, sheet.rubric, sheet.policy)
    row = result.table[result.table["submission_id"] == project.id].iloc[0]
    assert (body["score"], body["flagged"], body["score_std"]) == (
        float(row["score"]),
        bool(row["flagged"]),
        float(row["score_std"]),
    )
    cards = {card["judge_name"]: card for card in body["cards"]}
    assert len(cards) == 4
    normalized = result.scorecards[result.scorecards["submission_id"] == project.id]
    for judge_id, raw, value in zip(
        normalized["judge_id"],
        normalized["judge_score"],
        normalized["normalized_score"],
        strict=True,
    ):
        card = next(card for card in body["cards"] if card["judge_id"] == judge_id)
        assert card["counted"] is True
        assert card["total"] == float(raw)
        assert card["normalized"] == float(value)
        assert card["comment_to_entrant"].startswith("c")
        assert len(card["scores"]) == len(sheet.rubric.keys)
    draft = next(card for card in body["cards"] if card["judge_id"] == judge4.id)
    assert (draft["status"], draft["counted"], draft["normalized"]) == ("draft", False, None)
    assert draft["note_to_organizers"] == "Conflict with their lab? Checking."
    page = await organizer.get(f"{_base(demo, scored_round.id)}/ranking/projects/{project.id}")
    assert page.status_code == 200
    assert "Conflict with their lab? Checking." in page.text
    assert page.text.count('class="card-detail"') == 4


async def test_an_excluded_card_leaves_the_ranking_and_shows_its_reason(
    organizer, demo, scored_round
):
    project = await _first_project(scored_round.id)
    card = await _card(project.id, "judge1")
    response = await organizer.post_form(
        f"{_base(demo, scored_round.id)}/scorecards/{card.id}/exclude",
        {"reason": "Judge admitted scoring the wrong deck.", "version": str(card.version)},
    )
    assert response.status_code == 303
    sheet = await round_sheet(scored_round.id)
    assert card.judge not in set(sheet.scores[sheet.scores["submission_id"] == project.id].judge_id)
    body = (await organizer.get(f"{_api(demo, scored_round.id)}/ranking")).json()
    row = next(p for p in body["ranking"]["projects"] if p["submission_id"] == project.id)
    assert row["n_judges"] == 2
    assert response.headers["location"].endswith(f"/ranking/projects/{project.id}#card-{card.id}")
    page = await organizer.get(response.headers["location"])
    assert page.text.count("The scorecard is left out of the ranking.") == 1
    again = await organizer.get(response.headers["location"])
    assert "The scorecard is left out of the ranking." not in again.text
    assert "Judge admitted scoring the wrong deck." in page.text
    assert "Left out of the ranking" in page.text
    saved = await Scorecard.objects().get(Scorecard.id == card.id)
    assert (saved.excluded, saved.version) == (True, card.version + 1)
    event = await AuditEvent.objects().where(AuditEvent.action == "excluded").first()
    assert event.entity_id == card.id
    after = msgspec.json.decode(event.after) if isinstance(event.after, str) else event.after
    assert after["reason"] == "Judge admitted scoring the wrong deck."


async def test_the_audit_history_of_a_card_is_in_its_breakdown(organizer, demo, scored_round):
    project = await _first_project(scored_round.id)
    card = await _card(project.id, "judge2")
    url = f"{_api(demo, scored_round.id)}/scorecards/{card.id}"
    await organizer.api("POST", f"{url}/exclude", json={"reason": "Outlier", "version": 1})
    await organizer.api("POST", f"{url}/include", json={"reason": "Checked", "version": 2})
    body = (
        await organizer.get(f"{_api(demo, scored_round.id)}/ranking/projects/{project.id}")
    ).json()
    history = next(c for c in body["cards"] if c["id"] == card.id)["history"]
    assert [event["action"] for event in history] == ["excluded", "included"]
    assert history[0]["after"]["reason"] == "Outlier"
    assert history[0]["actor_name"] == "Li Wei 李伟"


async def test_a_reason_of_fewer_than_three_characters_is_refused_beside_the_field(
    organizer, demo, scored_round
):
    project = await _first_project(scored_round.id)
    card = await _card(project.id, "judge1")
    response = await organizer.post_form(
        f"{_base(demo, scored_round.id)}/scorecards/{card.id}/exclude",
        {"reason": "  x ", "version": str(card.version)},
    )
    assert response.status_code == 400
    assert f'id="reason-{card.id}-excluded-error"' in response.text
    assert not (await Scorecard.objects().get(Scorecard.id == card.id)).excluded


async def test_moderating_a_card_changed_since_the_page_was_read_is_refused(
    organizer, demo, scored_round
):
    project = await _first_project(scored_round.id)
    card = await _card(project.id, "judge1")
    response = await organizer.api(
        "POST",
        f"{_api(demo, scored_round.id)}/scorecards/{card.id}/exclude",
        json={"reason": "Too late", "version": card.version - 1},
    )
    assert response.status_code == 409
    assert not (await Scorecard.objects().get(Scorecard.id == card.id)).excluded


async def test_a_card_of_another_round_is_not_found(organizer, demo, scored_round):
    other = Round(competition=demo.id, name_en="Final", name_zh="决赛", position=2)
    await other.save()
    card = await Scorecard.objects().first()
    response = await organizer.api(
        "POST",
        f"{_api(demo, other.id)}/scorecards/{card.id}/exclude",
        json={"reason": "Wrong round", "version": card.version},
    )
    assert response.status_code == 404


async def test_a_returned_card_goes_back_to_its_judge_with_a_mail(
    organizer, demo, scored_round, app
):
    project = await _first_project(scored_round.id)
    card = await _card(project.id, "judge1")
    await Assignment(round=scored_round.id, submission=project.id, judge=card.judge).save()
    response = await organizer.post_form(
        f"{_base(demo, scored_round.id)}/scorecards/{card.id}/return",
        {"reason": "Please score market potential again.", "version": str(card.version)},
    )
    assert response.status_code == 303
    saved = await Scorecard.objects().get(Scorecard.id == card.id)
    assert (saved.status, saved.version) == ("returned", card.version + 1)
    event = await AuditEvent.objects().where(AuditEvent.action == "returned").first()
    assert event.entity_id == card.id
    mail = await OutboxMessage.objects().where(OutboxMessage.kind == "scorecard_returned").first()
    assert (mail.to_address, mail.competition_id) == (demo_email("judge1"), demo.id)
    assert project.title in mail.body
    assert "Please score market potential again." in mail.body
    assert f"/judge/rounds/{scored_round.id}/projects/{project.id}" in mail.body
    sheet = await round_sheet(scored_round.id)
    assert card.judge not in set(sheet.scores[sheet.scores["submission_id"] == project.id].judge_id)
    async with app_client(app) as judge:
        await judge.sign_in(demo_email("judge1"), DEMO_PASSWORD)
        page = await judge.get(f"/judge/rounds/{scored_round.id}/projects/{project.id}")
        assert "Please score market potential again." in page.text
        scores = {key: 5 for key in sheet.rubric.keys}
        saved_again = await judge.api(
            "PUT",
            f"/api/v1/judge/rounds/{scored_round.id}/projects/{project.id}/scorecard",
            json={"scores": scores, "version": saved.version, "action": "submit"},
        )
        assert saved_again.status_code == 200, saved_again.text
        assert saved_again.json()["status"] == "submitted"


async def test_a_mail_about_a_blind_round_names_no_project(organizer, demo, scored_round):
    await Round.update({Round.is_blind: True}).where(Round.id == scored_round.id)
    project = await _first_project(scored_round.id)
    card = await _card(project.id, "judge2")
    response = await organizer.api(
        "POST",
        f"{_api(demo, scored_round.id)}/scorecards/{card.id}/return",
        json={"reason": "Comment is empty.", "version": card.version},
    )
    assert response.status_code == 200
    mail = await OutboxMessage.objects().where(OutboxMessage.kind == "scorecard_returned").first()
    assert project.title not in mail.body
    assert "a project" in mail.body


async def test_only_a_submitted_card_can_be_sent_back(organizer, demo, scored_round):
    project = await _first_project(scored_round.id)
    judge4 = await Account.objects().get(Account.email == demo_email("judge4"))
    draft = await score(scored_round.id, project.id, judge4.id, {}, status="draft")
    response = await organizer.api(
        "POST",
        f"{_api(demo, scored_round.id)}/scorecards/{draft.id}/return",
        json={"reason": "Not yet", "version": draft.version},
    )
    assert response.status_code == 409
    assert await OutboxMessage.count() == 0


async def test_a_project_of_another_competition_has_no_breakdown(organizer, demo, scored_round):
    from judging.competitions.tables import Competition, Track

    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    track = Track(competition=other.id, key="ai", name_en="AI", name_zh="人工智能")
    await track.save()
    project = Submission(competition=other.id, track=track.id, title="Elsewhere")
    await project.save()
    response = await organizer.get(f"{_api(demo, scored_round.id)}/ranking/projects/{project.id}")
    assert response.status_code == 404

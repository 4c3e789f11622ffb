"""Organizers message a segment of entrants or judges: placeholders checked, a preview for one
recipient, one mail each in the recipient's language through the outbox, and the message
kept with its recipients in the competition's mail log."""

from __future__ import annotations

import pytest

from judging.accounts.tables import Account
from judging.applications.tables import Question
from judging.audit.tables import AuditEvent
from judging.competitions.tables import Round, Track
from judging.demo import demo_email
from judging.errors import ValidationFailed
from judging.messages.schemas import MessageFields
from judging.messages.tables import Message, MessageRecipient
from judging.messages.texts import check_texts, fill
from judging.outbox.tables import OutboxMessage
from judging.submissions.tables import Submission
from tests.reviews.judging_world import build_world
from tests.submissions.organizer_world import sign_in_organizer

TEXTS = {
    "subject_en": "About {project}",
    "subject_zh": "关于{project}",
    "body_en": "Dear {name},\n\nyour project {project} in {track}: submit before {deadline}.",
    "body_zh": "{name}您好：\n\n您在{track}赛道的项目{project}请于{deadline}前提交。",
}


def _fields(**values) -> MessageFields:
    return MessageFields(**{**TEXTS, **values})


@pytest.fixture
async def organizer(client, demo):
    await sign_in_organizer(client)
    return client


def _pages(demo) -> str:
    return f"/organize/{demo.id}/messages"


def _api(demo) -> str:
    return f"/api/v1/competitions/{demo.id}/messages"


def test_placeholders_are_the_audiences_own_and_braces_are_paired():
    check_texts(_fields())
    with pytest.raises(ValidationFailed) as refused:
        check_texts(_fields(body_en="Hello {team}", subject_zh="关于{project"))
    errors = {error.field: error for error in refused.value.errors}
    assert set(errors) == {"body_en", "subject_zh"}
    assert errors["body_en"].params["name"] == "team"
    with pytest.raises(ValidationFailed):
        check_texts(_fields(audience="judges", round_id=1))  # {project} and {track}: entrants'
    assert fill("{{literal}} {name}", {"name": "Ada"}) == "{literal} Ada"


async def test_the_preview_counts_the_segment_and_fills_in_the_first_recipient(organizer, demo):
    ai = await Track.objects().get(Track.key == "ai")
    response = await organizer.api(
        "POST", f"{_api(demo)}/preview", json={**TEXTS, "track_id": ai.id, "status": "submitted"}
    )
    assert response.status_code == 200, response.text
    preview = response.json()
    owners = {
        row["owner"]
        for row in await Submission.select(Submission.owner).where(
            (Submission.track == ai.id) & (Submission.status == "submitted")
        )
    }
    assert preview["recipients"] == len(owners)
    assert preview["subject_en"].startswith("About ")
    assert "{" not in preview["body_en"]
    assert "人工智能" in preview["body_zh"]
    assert "Artificial intelligence" in preview["body_en"]


async def test_sending_mails_each_person_once_in_their_language_and_keeps_the_log(organizer, demo):
    entrant1 = await Account.objects().get(Account.email == demo_email("entrant1"))
    await Account.update({Account.locale: "zh_CN"}).where(Account.id == entrant1.id)
    refused = await organizer.api("POST", _api(demo), json=TEXTS)
    assert refused.status_code == 409  # not confirmed
    assert await OutboxMessage.count().where(OutboxMessage.kind == "organizer_message") == 0
    sent = await organizer.api("POST", _api(demo), json={**TEXTS, "confirm": True})
    assert sent.status_code == 201, sent.text
    message = sent.json()
    owners = {row["owner"] for row in await Submission.select(Submission.owner) if row["owner"]}
    assert message["recipients"] == len(owners)
    mails = await OutboxMessage.objects().where(OutboxMessage.kind == "organizer_message")
    emails = [
        row["email"]
        for row in await Account.select(Account.email).where(Account.id.is_in(list(owners)))
    ]
    assert sorted(mail.to_address for mail in mails) == sorted(emails)
    chinese = next(mail for mail in mails if mail.to_address == demo_email("entrant1"))
    # entrant1 has two projects: one mail naming both, in Chinese only.
    assert "Low-dose CT lung nodule screening" in chinese.body
    assert "Pathology slide triage" in chinese.body
    assert "您好" in chinese.body
    assert "Dear" not in chinese.body
    both = next(mail for mail in mails if mail.to_address == demo_email("entrant2"))
    assert "Dear" in both.body
    assert "您好" in both.body
    kept = await MessageRecipient.objects().where(MessageRecipient.message == message["id"])
    assert {row.outbox_id for row in kept} == {mail.id for mail in mails}
    log = (await organizer.get(_pages(demo))).text
    assert f'id="message-{message["id"]}"' in log
    detail = (await organizer.get(f"{_pages(demo)}/{message['id']}")).text
    assert demo_email("entrant1") in detail
    assert "Waiting in the outbox" in detail
    event = await AuditEvent.objects().get(AuditEvent.action == "message_sent")
    assert event.entity_id == message["id"]


async def test_entrants_whose_application_lacks_a_required_answer_are_a_segment(organizer, demo):
    first = (
        await Submission.objects()
        .where(Submission.competition == demo.id)
        .order_by(Submission.id)
        .first()
    )
    await Submission.update({Submission.answers: {}}).where(Submission.id == first.id)
    preview = await organizer.api(
        "POST", f"{_api(demo)}/preview", json={**TEXTS, "missing_required": True}
    )
    assert preview.json()["recipients"] == 1
    owner = await Account.objects().get(Account.id == first.owner)
    assert preview.json()["email"] == owner.email
    # A question every project lacks makes everyone lack something.
    await Question(
        competition=demo.id,
        key="pitch_city",
        kind="short_text",
        label_en="City",
        label_zh="城市",
        required=True,
    ).save()
    everyone = await organizer.api(
        "POST", f"{_api(demo)}/preview", json={**TEXTS, "missing_required": True}
    )
    owners = {row["owner"] for row in await Submission.select(Submission.owner) if row["owner"]}
    assert everyone.json()["recipients"] == len(owners)


async def test_judges_with_work_left_in_a_round_are_a_segment(organizer, demo):
    world = await build_world(demo.id)
    texts = {
        "subject_en": "{left} cards left in {round}",
        "subject_zh": "{round}还有 {left} 份评分表",
        "body_en": "Dear {name}, please finish by {deadline}.",
        "body_zh": "{name}您好，请于{deadline}前完成。",
    }
    response = await organizer.api(
        "POST",
        f"{_api(demo)}/preview",
        json={**texts, "audience": "judges", "round_id": world.round_id, "work_left": True},
    )
    assert response.status_code == 200, response.text
    assert response.json()["recipients"] == 2
    assert response.json()["subject_en"] == "3 cards left in Preliminary round"
    no_round = await organizer.api(
        "POST", f"{_api(demo)}/preview", json={**texts, "audience": "judges"}
    )
    assert no_round.status_code == 400
    assert no_round.json()["errors"][0]["field"] == "round_id"


async def test_the_page_previews_then_sends_on_confirmation(organizer, demo):
    preliminary = await Round.objects().get(Round.competition == demo.id)
    form = {**TEXTS, "audience": "entrants", "round_id": str(preliminary.id)}
    preview = await organizer.post_form(f"{_pages(demo)}/preview", form)
    assert preview.status_code == 200, preview.text
    assert 'id="message-preview"' in preview.text
    assert "This message goes to" in preview.text
    assert "taking part in Preliminary round" not in preview.text  # {result} not used here
    with_result = await organizer.api(
        "POST",
        f"{_api(demo)}/preview",
        json={**TEXTS, "body_en": "You are {result}.", "round_id": preliminary.id},
    )
    assert with_result.json()["body_en"] == "You are taking part in Preliminary round."
    sent = await organizer.post_form(_pages(demo), {**form, "confirm": "true"})
    assert sent.status_code == 303, sent.text
    page = (await organizer.get(sent.headers["location"])).text
    assert "The message is on its way to" in page
    assert await Message.count() == 1


async def test_a_bad_placeholder_is_shown_beside_its_text_on_the_page(organizer, demo):
    response = await organizer.post_form(
        f"{_pages(demo)}/preview", {**TEXTS, "body_en": "Dear {team}"}
    )
    assert response.status_code == 400
    assert 'id="body_en-error"' in response.text
    assert "{team} is not a placeholder of this message." in response.text
    assert await Message.count() == 0


async def test_a_segment_that_reaches_nobody_is_not_sent(organizer, demo):
    response = await organizer.api(
        "POST", _api(demo), json={**TEXTS, "status": "disqualified", "confirm": True}
    )
    assert response.status_code == 409
    assert "reach nobody" in response.json()["detail"]
    assert await Message.count() == 0


async def test_a_cofounder_of_a_matching_project_gets_the_message_too(organizer, demo):
    from judging.clock import utcnow
    from judging.submissions.tables import TeamMember
    from tests.support import make_account

    project = (
        await Submission.objects()
        .where(Submission.competition == demo.id)
        .order_by(Submission.id)
        .first()
    )
    cofounder = await make_account("cofounder@example.com", name="Co Founder")
    await TeamMember(
        submission=project.id,
        email=cofounder.email,
        account=cofounder.id,
        accepted_at=utcnow(),
    ).save()
    sent = await organizer.api(
        "POST", _api(demo), json={**TEXTS, "track_id": project.track, "confirm": True}
    )
    assert sent.status_code == 201, sent.text
    mail = await OutboxMessage.objects().get(OutboxMessage.to_address == "cofounder@example.com")
    assert project.title in mail.body
    assert "Co Founder" in mail.body

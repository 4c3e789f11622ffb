"""Webhooks: the organizers' endpoints hear each chosen event, signed, retried with backoff
until they answer 2xx, listed with their answers, and replayable; tested against a real
HTTP receiver on 127.0.0.1."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import msgspec
import pytest

from judging.accounts.tables import Account
from judging.clock import utcnow
from judging.competitions.tables import Round
from judging.demo import DEMO_PASSWORD, demo_email
from judging.demo.judging import seed_demo_judging
from judging.integrations import services, signing
from judging.integrations.schemas import WebhookFields
from judging.integrations.tables import Webhook, WebhookDelivery
from judging.results.advancement import services as advancement
from judging.results.advancement.schemas import AdvancementCommit
from judging.results.publication import services as publication
from judging.submissions import services as submissions
from judging.submissions.tables import Submission
from tests.reviews.judging_world import api_path, build_world, card_json, scores


@pytest.fixture
async def organizer_client(client):
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    return client


async def _add(client, competition_id: int, url: str, *events: str):
    response = await client.post_form(
        f"/organize/{competition_id}/webhooks/",
        {"url": url, "events": list(events), "description": "CRM sync"},
    )
    assert response.status_code == 303, response.text
    return await Webhook.objects().order_by(Webhook.id, ascending=False).first()


async def _deliver(at=None) -> int:
    async with services.sending_client() as client:
        return await services.deliver_due(at or utcnow(), client)


async def _submitted_card(app, world) -> None:
    from tests.support import app_client

    async with app_client(app) as judge:
        await judge.sign_in(demo_email("judge1"), DEMO_PASSWORD)
        saved = await judge.api(
            "PUT",
            f"{api_path(world, world.projects[0])}/scorecard",
            json=card_json(scores(), action="submit"),
        )
        assert saved.status_code == 200, saved.text


async def test_a_submitted_scorecard_reaches_the_endpoint_signed(
    app, demo, organizer_client, receiver
):
    world = await build_world(demo.id)
    hook = await _add(organizer_client, demo.id, receiver.url, signing.SCORECARD_SUBMITTED)

    await _submitted_card(app, world)
    assert await _deliver() == 1

    [got] = receiver.received
    assert got.path == "/hooks/judging"
    assert got.headers[signing.EVENT_HEADER] == "scorecard.submitted"
    assert signing.verify(hook.secret, got.headers[signing.SIGNATURE_HEADER], got.body, utcnow())
    assert not signing.verify(
        hook.secret, got.headers[signing.SIGNATURE_HEADER], got.body + b" ", utcnow()
    )
    body = msgspec.json.decode(got.body)
    assert body["event"] == "scorecard.submitted"
    assert body["competition_id"] == demo.id
    assert body["data"] == {"round_id": world.round_id, "submission_id": world.projects[0]}
    assert "scores" not in got.body.decode()
    page = await organizer_client.get(f"/organize/{demo.id}/webhooks/{hook.id}")
    assert "Delivered" in page.text
    assert hook.secret in page.text


async def test_drafts_and_unchosen_events_send_nothing(app, demo, organizer_client, receiver):
    world = await build_world(demo.id)
    await _add(organizer_client, demo.id, receiver.url, signing.ROUND_PUBLISHED)
    from tests.support import app_client

    async with app_client(app) as judge:
        await judge.sign_in(demo_email("judge1"), DEMO_PASSWORD)
        path = f"{api_path(world, world.projects[1])}/scorecard"
        assert (await judge.api("PUT", path, json=card_json(scores()))).status_code == 200
    await _submitted_card(app, world)

    assert await WebhookDelivery.count() == 0
    assert await _deliver() == 0
    assert receiver.received == []


async def test_a_failing_endpoint_is_retried_with_backoff_under_the_same_delivery_id(
    app, demo, organizer_client, receiver
):
    world = await build_world(demo.id)
    await _add(organizer_client, demo.id, receiver.url, signing.SCORECARD_SUBMITTED)
    receiver.answer(500, 503)
    await _submitted_card(app, world)
    start = utcnow()

    assert await _deliver(start) == 0
    first = await WebhookDelivery.objects().first()
    assert (first.attempts, first.last_status) == (1, 500)
    assert "maintenance" in first.last_response
    assert first.next_attempt_at == start + timedelta(seconds=30)
    assert await _deliver(start + timedelta(seconds=29)) == 0  # not due yet
    assert await _deliver(start + timedelta(seconds=31)) == 0  # 503
    second = await WebhookDelivery.objects().first()
    assert second.next_attempt_at == start + timedelta(seconds=31 + 60)
    assert await _deliver(start + timedelta(seconds=92)) == 1

    assert len(receiver.received) == 3
    assert len({got.headers[signing.DELIVERY_HEADER] for got in receiver.received}) == 1
    assert len({got.body for got in receiver.received}) == 1
    done = await WebhookDelivery.objects().first()
    assert (done.attempts, done.last_status, done.next_attempt_at) == (3, 200, None)
    assert done.delivered_at is not None


async def test_a_delivery_is_given_up_after_its_last_attempt_and_can_be_replayed(
    app, demo, organizer_client, receiver
):
    world = await build_world(demo.id)
    hook = await _add(organizer_client, demo.id, receiver.url, signing.SCORECARD_SUBMITTED)
    receiver.answer(*[500] * signing.MAX_ATTEMPTS)
    await _submitted_card(app, world)
    at = utcnow()
    for _ in range(signing.MAX_ATTEMPTS):
        await _deliver(at)
        at = (await WebhookDelivery.objects().first()).next_attempt_at or at
    given_up = await WebhookDelivery.objects().first()
    assert given_up.attempts == signing.MAX_ATTEMPTS
    assert given_up.next_attempt_at is None
    page = await organizer_client.get(f"/organize/{demo.id}/webhooks/{hook.id}")
    assert f"Given up after {signing.MAX_ATTEMPTS} attempts" in page.text

    replayed = await organizer_client.post_form(
        f"/organize/{demo.id}/webhooks/{hook.id}/deliveries/{given_up.id}/replay"
    )
    assert replayed.status_code == 303
    assert await _deliver() == 1

    last = receiver.received[-1]
    assert last.body == receiver.received[0].body
    assert last.headers[signing.DELIVERY_HEADER] == str(given_up.id)
    assert signing.verify(hook.secret, last.headers[signing.SIGNATURE_HEADER], last.body, utcnow())


async def test_an_unreachable_endpoint_is_recorded_as_no_answer(app, demo, organizer_client):
    world = await build_world(demo.id)
    await _add(organizer_client, demo.id, "http://127.0.0.1:9/hooks", signing.SCORECARD_SUBMITTED)
    await _submitted_card(app, world)

    assert await _deliver() == 0

    failed = await WebhookDelivery.objects().first()
    assert failed.last_status is None
    assert "ConnectError" in failed.last_response
    assert failed.next_attempt_at is not None


async def test_a_removed_endpoint_hears_nothing_more(app, demo, organizer_client, receiver):
    world = await build_world(demo.id)
    hook = await _add(organizer_client, demo.id, receiver.url, signing.SCORECARD_SUBMITTED)
    removed = await organizer_client.post_form(f"/organize/{demo.id}/webhooks/{hook.id}/remove")
    assert removed.status_code == 303

    await _submitted_card(app, world)

    assert await _deliver() == 0
    assert receiver.received == []
    assert (
        await organizer_client.get(f"/organize/{demo.id}/webhooks/{hook.id}")
    ).status_code == 404


async def test_submitting_publishing_and_advancing_each_queue_their_event(
    app, demo, organizer_client, receiver
):
    await _add(
        organizer_client,
        demo.id,
        receiver.url,
        signing.PROJECT_SUBMITTED,
        signing.ROUND_PUBLISHED,
        signing.PROJECT_ADVANCED,
    )
    await seed_demo_judging()
    organizer = await Account.objects().get(Account.email == demo_email("organizer"))
    rounds = await Round.objects().where(Round.competition == demo.id).order_by(Round.id)
    preliminary, final = rounds[0], rounds[-1]
    project = (
        await Submission.objects()
        .where((Submission.competition == demo.id) & (Submission.status == "submitted"))
        .first()
    )
    owner = await Account.objects().get(Account.id == project.owner)
    now = utcnow()
    # The demo's entries closed yesterday and its projects have no deck file; the test needs
    # one project that may be submitted again.
    await Submission.update({Submission.deck_sha256: "0" * 64}).where(Submission.id == project.id)
    await Round.update({Round.submission_closes_at: now + timedelta(days=1)}).where(
        Round.id == preliminary.id
    )
    await submissions.withdraw_project(owner, project.id, project.version, now)
    await submissions.submit_project(owner, project.id, project.version + 1, now, "http://x")
    await publication.publish(demo.id, preliminary.id, organizer, now, "http://x", confirm=True)
    outcome = await advancement.commit_advancement(
        demo.id,
        preliminary.id,
        AdvancementCommit(target_round_id=final.id, top_n=1, advance_all_tied=True, confirm=True),
        organizer.id,
        None,
        now,
        "http://x",
    )

    assert await _deliver() == 3
    bodies = [msgspec.json.decode(got.body) for got in receiver.received]
    by_event = {body["event"]: body["data"] for body in bodies}
    assert by_event["project.submitted"]["submission_id"] == project.id
    assert by_event["project.submitted"]["title"] == project.title
    assert by_event["round.published"] == {"round_id": preliminary.id, "version": 1}
    assert by_event["project.advanced"] == {
        "from_round_id": preliminary.id,
        "round_id": final.id,
        "submission_ids": outcome.added,
    }


async def test_two_senders_at_once_send_each_delivery_once(demo, organizer_client, receiver):
    hook = await _add(organizer_client, demo.id, receiver.url, signing.ROUND_PUBLISHED)
    for version in range(1, 41):
        await services.queue_event(
            demo.id, signing.ROUND_PUBLISHED, {"round_id": 1, "version": version}, utcnow()
        )

    delivered = await asyncio.gather(_deliver(), _deliver(), _deliver())

    assert sum(delivered) == 40
    versions = sorted(msgspec.json.decode(got.body)["data"]["version"] for got in receiver.received)
    assert versions == list(range(1, 41))
    assert await WebhookDelivery.count().where(WebhookDelivery.webhook == hook.id) == 40


async def test_the_form_refuses_an_address_it_cannot_send_to_and_keeps_what_was_typed(
    demo, organizer_client
):
    response = await organizer_client.post_form(
        f"/organize/{demo.id}/webhooks/",
        {"url": "http://crm.example.com/hook", "events": ["round.published"]},
    )

    assert response.status_code == 400
    assert "https://" in response.text
    assert 'value="http://crm.example.com/hook"' in response.text
    assert await Webhook.count() == 0


async def test_the_api_adds_lists_and_replays(demo, organizer_client, receiver):
    added = await organizer_client.api(
        "POST",
        f"/api/v1/competitions/{demo.id}/webhooks",
        json={"url": receiver.url, "events": ["round.published"]},
    )
    assert added.status_code == 201, added.text
    hook = added.json()
    assert hook["secret"].startswith("whsec_")
    await services.queue_event(demo.id, "round.published", {"round_id": 1, "version": 1}, utcnow())
    await _deliver()

    listed = await organizer_client.get(
        f"/api/v1/competitions/{demo.id}/webhooks/{hook['id']}/deliveries"
    )
    [delivery] = listed.json()
    assert delivery["state"] == "delivered"
    assert delivery["last_status"] == 200
    again = await organizer_client.api(
        "POST",
        f"/api/v1/competitions/{demo.id}/webhooks/{hook['id']}/deliveries/{delivery['id']}/replay",
    )
    assert again.status_code == 201
    assert again.json()["replay_of"] == delivery["id"]
    assert again.json()["state"] == "pending"


@pytest.mark.parametrize(
    ("url", "production", "allowed"),
    [
        ("https://crm.example.com/hook", True, True),
        ("https://crm.example.com/hook", False, True),
        ("http://crm.example.com/hook", False, False),
        ("http://127.0.0.1:8080/hook", False, True),
        ("http://localhost/hook", False, True),
        ("http://127.0.0.1:8080/hook", True, False),
        ("https://10.0.0.5/hook", True, False),
        ("https://[::1]/hook", True, False),
        ("https://169.254.169.254/latest/meta-data", True, False),
        ("https://user:secret@crm.example.com/hook", True, False),
        ("ftp://crm.example.com/hook", True, False),
        ("not a url", True, False),
        ("https://[bad/hook", True, False),
    ],
)
def test_which_addresses_may_receive_webhooks(url, production, allowed):
    assert (services.endpoint_problem(url, production) is None) == allowed


def test_a_signature_is_refused_when_tampered_with_or_old():
    now = utcnow()
    header = signing.signature("whsec_x", int(now.timestamp()), b'{"a":1}')
    assert signing.verify("whsec_x", header, b'{"a":1}', now)
    assert not signing.verify("whsec_y", header, b'{"a":1}', now)
    assert not signing.verify("whsec_x", header, b'{"a":2}', now)
    assert not signing.verify("whsec_x", header, b'{"a":1}', now + timedelta(minutes=6))
    assert not signing.verify("whsec_x", "t=abc,v1=00", b'{"a":1}', now)


def test_retries_wait_longer_each_time_and_stop():
    waits = [signing.retry_wait(n) for n in range(1, signing.MAX_ATTEMPTS + 1)]
    assert waits[:3] == [timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2)]
    assert all(wait <= signing.LONGEST_WAIT for wait in waits[:-1] if wait)
    assert waits[-1] is None


async def test_a_served_process_without_redis_sends_deliveries_by_itself(demo, receiver, tmp_path):
    from tests.support import running_server

    await services.add_webhook(
        demo.id,
        WebhookFields(url=receiver.url, events=["round.published"]),
        None,
        utcnow(),
        production=False,
    )
    async with running_server(tmp_path):
        await services.queue_event(demo.id, "round.published", {"round_id": 7}, utcnow())
        for _ in range(200):
            if receiver.received:
                break
            await asyncio.sleep(0.05)

    assert [msgspec.json.decode(got.body)["data"] for got in receiver.received] == [{"round_id": 7}]

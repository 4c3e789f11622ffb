"""Personal data: a person downloads what the platform holds about them and asks for its
erasure; an organizer confirms, and every personal field goes while scores, rankings,
published results and the audit trail stay consistent."""

from __future__ import annotations

import io
import json
import zipfile

from judging.accounts.tables import Account, ApiToken
from judging.assignments.tables import JudgeProfile
from judging.audit.tables import AuditEvent
from judging.clock import utcnow
from judging.competitions.tables import Round
from judging.demo import DEMO_PASSWORD, demo_email
from judging.demo.judging import seed_demo_judging
from judging.privacy.tables import ErasureRequest
from judging.results.publication import services as publication
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission
from tests.support import TEST_PASSWORD, app_client, make_account


async def _signed_in(client, handle: str):
    await client.sign_in(demo_email(handle), DEMO_PASSWORD)
    return client


async def _archive(client) -> tuple[dict, zipfile.ZipFile]:
    response = await client.get("/account/data/download")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["cache-control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return json.loads(archive.read("data.json")), archive


async def test_an_entrant_downloads_their_account_projects_and_mails_and_nobody_elses(client, demo):
    from judging.outbox.services import queue_mail

    await queue_mail(demo_email("entrant1"), "password_reset", name="E", link="http://x", minutes=5)
    await queue_mail(demo_email("entrant2"), "password_reset", name="F", link="http://y", minutes=5)
    await _signed_in(client, "entrant1")
    mine = await Submission.objects().where(Submission.owner.email == demo_email("entrant1"))
    others = await Submission.objects().where(Submission.owner.email == demo_email("entrant2"))

    data, _ = await _archive(client)

    assert data["account"]["email"] == demo_email("entrant1")
    assert sorted(p["id"] for p in data["projects"]) == sorted(p.id for p in mine)
    assert not {p.id for p in others} & {p["id"] for p in data["projects"]}
    assert "password_hash" not in json.dumps(data)
    assert isinstance(data["projects"][0]["team"], list)
    assert len(data["mails"]) == 1
    assert "http://x" in data["mails"][0]["body"]


async def test_the_archive_holds_the_projects_files(client, demo, settings, tmp_path):
    from judging.submissions.storage import store_deck
    from judging.submissions.tables import DeckVersion
    from tests.submissions.entrant_world import small_pdf

    await _signed_in(client, "entrant1")
    project = (
        await Submission.objects().where(Submission.owner.email == demo_email("entrant1")).first()
    )
    deck = await store_deck(io.BytesIO(small_pdf(text="Our deck")), settings.data_dir, 10**6)
    await DeckVersion(submission=project.id, sha256=deck.sha256, size=deck.size).save()

    _, archive = await _archive(client)

    names = archive.namelist()
    [deck_name] = [n for n in names if n.startswith(f"files/project-{project.id}/deck-")]
    assert archive.read(deck_name).startswith(b"%PDF-")


async def test_a_judge_downloads_their_own_scorecards_with_their_comments(client, demo):
    await seed_demo_judging()
    judge = await Account.objects().get(Account.email == demo_email("judge1"))
    await _signed_in(client, "judge1")

    data, _ = await _archive(client)

    cards = await Scorecard.select(Scorecard.id).where(Scorecard.judge == judge.id)
    assert len(data["scorecards"]) == len(cards) > 0
    assert isinstance(data["scorecards"][0]["scores"], dict)  # JSON, not JSON in a string
    assert data["judge_profiles"][0]["email"] == demo_email("judge1")
    api = await client.get("/api/v1/account/data")
    assert api.status_code == 200
    assert len(api.json()["scorecards"]) == len(cards)


async def test_someone_in_no_competition_is_erased_at_once(app, client, db):
    await make_account("lurker@example.com", name="Lurker Li")
    await client.sign_in("lurker@example.com", TEST_PASSWORD)

    asked = await client.post_form("/account/data/erasure", {"confirm": "true"})

    assert asked.status_code == 303
    account = await Account.objects().first()
    assert account.email == f"erased-{account.id}@erased.invalid"
    assert account.display_name == f"Erased person {account.id}"
    assert not account.is_active
    assert (await client.get("/api/v1/me")).status_code == 401
    async with app_client(app) as again:
        response = await again.post_form(
            "/login", {"email": "lurker@example.com", "password": TEST_PASSWORD}
        )
        assert response.status_code == 400


async def test_erasure_needs_the_box_ticked(client, db):
    await make_account("careful@example.com")
    await client.sign_in("careful@example.com", TEST_PASSWORD)

    refused = await client.post_form("/account/data/erasure", {"reason": "please"})

    assert refused.status_code == 400
    assert 'id="confirm-error"' in refused.text
    assert await ErasureRequest.count() == 0


async def test_a_judges_erasure_keeps_scores_rankings_and_the_published_version(app, client, demo):
    await seed_demo_judging()
    judge = await Account.objects().get(Account.email == demo_email("judge1"))
    organizer = await Account.objects().get(Account.email == demo_email("organizer"))
    preliminary = (
        await Round.objects().where(Round.competition == demo.id).order_by(Round.id).first()
    )
    published = await publication.publish(
        demo.id, preliminary.id, organizer, utcnow(), "http://x", confirm=True
    )
    cards_before = (
        await Scorecard.select(Scorecard.id, Scorecard.scores, Scorecard.total)
        .where(Scorecard.judge == judge.id)
        .order_by(Scorecard.id)
    )
    public = f"/api/v1/public/competitions/{demo.slug}/results/{preliminary.id}"
    public_before = (await client.get(public)).json()
    await ApiToken(
        account=judge.id,
        name="x",
        token_hash="0" * 64,
        shown_part="cgm_x",
        scopes="read",
        expires_at=utcnow(),
    ).save()

    await _signed_in(client, "judge1")
    asked = await client.post_form(
        "/account/data/erasure", {"confirm": "true", "reason": "Leaving"}
    )
    assert asked.status_code == 303
    async with app_client(app) as organizer_client:
        await _signed_in(organizer_client, "organizer")
        listed = await organizer_client.get(f"/organize/{demo.id}/data-requests/")
        assert demo_email("judge1") in listed.text
        request = await ErasureRequest.objects().first()
        erased = await organizer_client.post_form(
            f"/organize/{demo.id}/data-requests/{request.id}/erase"
        )
        assert erased.status_code == 303
        public_after = (await organizer_client.get(public)).json()

    account = await Account.objects().get(Account.id == judge.id)
    assert account.email == f"erased-{judge.id}@erased.invalid"
    assert (await client.get("/api/v1/me")).status_code == 401  # the judge's session ended
    cards_after = (
        await Scorecard.select(Scorecard.id, Scorecard.scores, Scorecard.total)
        .where(Scorecard.judge == judge.id)
        .order_by(Scorecard.id)
    )
    assert cards_after == cards_before
    assert public_after == public_before
    assert (await publication.latest_version(preliminary.id)) == published.version
    profile = await JudgeProfile.objects().where(JudgeProfile.account == judge.id).first()
    assert profile.email == account.email
    assert profile.display_name == account.display_name
    trail = await AuditEvent.select(AuditEvent.before, AuditEvent.after)
    assert demo_email("judge1") not in json.dumps(trail, default=str)
    assert (
        await ApiToken.count().where((ApiToken.account == judge.id) & ApiToken.revoked_at.is_null())
        == 0
    )
    assert (await ErasureRequest.objects().first()).status == "erased"


async def test_a_declined_request_tells_the_person_why(app, client, demo):
    await _signed_in(client, "judge2")
    await client.post_form("/account/data/erasure", {"confirm": "true"})
    request = await ErasureRequest.objects().first()
    async with app_client(app) as organizer_client:
        await _signed_in(organizer_client, "organizer")
        path = f"/organize/{demo.id}/data-requests/{request.id}/decline"
        without = await organizer_client.post_form(path, {"note": ""})
        declined = await organizer_client.post_form(
            path, {"note": "Your scores are under appeal until 1 March."}
        )

    assert without.status_code == 400
    assert declined.status_code == 303
    page = await client.get("/account/data/")
    assert "Your scores are under appeal until 1 March." in page.text
    assert (await Account.objects().get(Account.email == demo_email("judge2"))).is_active


async def test_asking_twice_is_refused_while_the_first_waits(client, demo):
    await _signed_in(client, "judge2")
    first = await client.api("POST", "/api/v1/account/data/erasure", json={"confirm": True})
    second = await client.api("POST", "/api/v1/account/data/erasure", json={"confirm": True})

    assert first.status_code == 201
    assert first.json()["status"] == "pending"
    assert second.status_code == 409


async def test_an_organizer_never_decides_their_own_request(client, demo):
    await _signed_in(client, "organizer")
    await client.post_form("/account/data/erasure", {"confirm": "true"})
    request = await ErasureRequest.objects().first()

    refused = await client.api(
        "POST", f"/api/v1/competitions/{demo.id}/data-requests/{request.id}/erase"
    )

    assert refused.status_code == 409
    assert (await ErasureRequest.objects().first()).status == "pending"


async def test_another_competitions_people_are_not_listed_or_decided(app, client, demo):
    await make_account("elsewhere@example.com")
    await client.sign_in("elsewhere@example.com", TEST_PASSWORD)
    lurker = await Account.objects().get(Account.email == "elsewhere@example.com")
    row = ErasureRequest(account=lurker.id)
    await row.save()
    async with app_client(app) as organizer_client:
        await _signed_in(organizer_client, "organizer")
        listed = await organizer_client.get(f"/api/v1/competitions/{demo.id}/data-requests")
        erase = await organizer_client.api(
            "POST", f"/api/v1/competitions/{demo.id}/data-requests/{row.id}/erase"
        )

    assert listed.json() == []
    assert erase.status_code == 404
    assert (await Account.objects().get(Account.id == lurker.id)).is_active

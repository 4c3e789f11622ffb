"""Publishing and admitting into the next round say what will happen and wait for a yes; a
published version can be withdrawn from public view with a reason, and is kept."""

from __future__ import annotations

from judging.audit.tables import AuditEvent
from judging.outbox.tables import OutboxMessage
from judging.results.publication.services import RESULTS_MAIL
from judging.results.publication.tables import RankingSnapshot
from judging.submissions.tables import Advancement
from tests.results.publication_world import publish, stored


def _results(round_) -> str:
    return f"/organize/{round_.competition}/rounds/{round_.id}/results"


def _api(round_) -> str:
    return f"/api/v1/competitions/{round_.competition}/rounds/{round_.id}/publications"


def _advancement(round_) -> str:
    return f"/organize/{round_.competition}/rounds/{round_.id}/advancement"


async def test_publishing_without_confirmation_shows_what_will_happen_and_stores_nothing(
    organizer, scored_round
):
    response = await organizer.post_form(f"{_results(scored_round)}/publish")
    assert response.status_code == 200, response.text
    assert 'id="publish-confirm"' in response.text
    assert '<dd id="confirm-version">1</dd>' in response.text
    assert '<dd id="confirm-mails">10</dd>' in response.text
    assert await RankingSnapshot.count() == 0
    assert await OutboxMessage.count().where(OutboxMessage.kind == RESULTS_MAIL) == 0


async def test_the_confirmed_publication_stores_the_version_shown(organizer, scored_round):
    response = await organizer.post_form(
        f"{_results(scored_round)}/publish", {"confirm": "true", "version": "1"}
    )
    assert response.status_code == 303, response.text
    assert (await stored(scored_round.id, 1)) is not None


async def test_a_confirmation_of_a_version_taken_meanwhile_publishes_nothing(
    organizer, scored_round
):
    await publish(scored_round)
    response = await organizer.post_form(
        f"{_results(scored_round)}/publish", {"confirm": "true", "version": "1"}
    )
    assert response.status_code == 409
    assert await RankingSnapshot.count() == 1


async def test_the_api_publishes_only_with_confirm_true(organizer, scored_round):
    refused = await organizer.api("POST", _api(scored_round), json={})
    assert refused.status_code == 400, refused.text
    assert "confirm" in refused.text
    assert await RankingSnapshot.count() == 0
    published = await organizer.api("POST", _api(scored_round), json={"confirm": True})
    assert published.status_code == 201, published.text
    assert published.json()["version"] == 1


async def test_admitting_without_confirmation_lists_the_projects_and_admits_nothing(
    organizer, tied_round
):
    preliminary, final = tied_round
    response = await organizer.post_form(
        _advancement(preliminary),
        {"target_round_id": str(final.id), "top_n": "1"},
    )
    assert response.status_code == 200, response.text
    assert 'id="advancement-confirm"' in response.text
    assert "Low-dose CT lung nodule screening" in response.text
    assert "Final" in response.text
    assert await Advancement.count() == 0


async def test_the_api_admits_only_with_confirm_true(organizer, tied_round):
    preliminary, final = tied_round
    url = f"/api/v1/competitions/{preliminary.competition}/rounds/{preliminary.id}/advancement"
    body = {"target_round_id": final.id, "top_n": 1}
    refused = await organizer.api("POST", url, json=body)
    assert refused.status_code == 400, refused.text
    assert "confirm" in refused.text
    assert await Advancement.count() == 0
    admitted = await organizer.api("POST", url, json={**body, "confirm": True})
    assert admitted.status_code == 200, admitted.text
    assert len(admitted.json()["added"]) == 4


async def test_a_withdrawn_version_is_kept_audited_and_says_so_in_public(
    organizer, client, demo, scored_round
):
    await publish(scored_round)
    before = await stored(scored_round.id, 1)
    response = await organizer.api(
        "POST", f"{_api(scored_round)}/1/withdrawal", json={"reason": "A judge was conflicted."}
    )
    assert response.status_code == 201, response.text
    assert await stored(scored_round.id, 1) == before
    event = await AuditEvent.objects().where(AuditEvent.action == "publication_withdrawn").first()
    assert event is not None
    assert event.entity_id == scored_round.id
    public = f"/api/v1/public/competitions/{demo.slug}/results/{scored_round.id}"
    body = (await client.get(public)).json()
    assert body["withdrawn"]["reason"] == "A judge was conflicted."
    assert body["rows"] == []
    page = await client.get(f"/competitions/{demo.slug}/results/{scored_round.id}")
    assert 'id="withdrawn-notice"' in page.text
    assert "A judge was conflicted." in page.text
    files = f"/competitions/{demo.slug}/results/{scored_round.id}/v/1"
    for name in ("ranking.csv", "ranking-with-titles.csv"):
        assert (await client.get(f"{files}/{name}")).status_code == 404, name


async def test_a_version_is_withdrawn_once_and_only_with_a_reason(organizer, scored_round):
    await publish(scored_round)
    url = f"{_api(scored_round)}/1/withdrawal"
    assert (await organizer.api("POST", url, json={"reason": ""})).status_code == 400
    assert (await organizer.api("POST", url, json={"reason": "Wrong rubric"})).status_code == 201
    assert (await organizer.api("POST", url, json={"reason": "Again"})).status_code == 409


async def test_the_organizers_api_says_which_versions_are_withdrawn(organizer, scored_round):
    await publish(scored_round)
    await publish(scored_round)
    await organizer.api(
        "POST", f"{_api(scored_round)}/1/withdrawal", json={"reason": "Wrong rubric"}
    )
    listed = (await organizer.api("GET", _api(scored_round))).json()
    assert (listed[0]["version"], listed[0]["withdrawn"]) == (2, None)
    assert (listed[1]["version"], listed[1]["withdrawn"]["reason"]) == (1, "Wrong rubric")
    detail = (await organizer.api("GET", f"{_api(scored_round)}/1")).json()
    assert detail["withdrawn"]["reason"] == "Wrong rubric"
    assert (await organizer.api("GET", f"{_api(scored_round)}/2")).json()["withdrawn"] is None


async def test_the_organizer_withdraws_a_version_from_its_page(organizer, scored_round):
    await publish(scored_round)
    response = await organizer.post_form(
        f"{_results(scored_round)}/v/1/withdraw", {"reason": "Published by mistake"}
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == _results(scored_round)
    page = await organizer.get(_results(scored_round))
    assert page.text.count("Version 1 is withdrawn from public view.") == 1
    assert 'id="withdraw-notice"' in page.text
    again = await organizer.get(_results(scored_round))
    assert "Version 1 is withdrawn from public view." not in again.text
    assert "Published by mistake" in page.text

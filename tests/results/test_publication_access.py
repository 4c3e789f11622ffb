"""Who may reach a published version: the access table's version routes, with a version."""

from __future__ import annotations

import pytest

from judging.competitions.tables import Competition, Membership
from tests.results.publication_world import publish, signed_in
from tests.support import TEST_PASSWORD, app_client, make_account

ROLES = ("anonymous", "entrant", "judge", "organizer", "outsider", "admin")
ORGANIZER_PAGE = (302, 403, 403, 200, 403, 200)
ORGANIZER_API = (401, 403, 403, 200, 403, 200)
PUBLIC = (200, 200, 200, 200, 200, 200)


@pytest.fixture
async def published(demo, scored_round):
    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    outsider = await make_account("outsider@example.com")
    await Membership(competition=other.id, account=outsider.id, role="organizer").save()
    await publish(scored_round)
    return scored_round


def _rows(demo, round_id: int) -> list[tuple[str, tuple[int, ...]]]:
    results = f"/organize/{demo.id}/rounds/{round_id}/results"
    api = f"/api/v1/competitions/{demo.id}/rounds/{round_id}/publications"
    public = f"/competitions/{demo.slug}/results/{round_id}"
    files = ("ranking.csv", "ranking.xlsx", "scores.csv", "scores.xlsx", "rubric.json")
    rows = [(results, ORGANIZER_PAGE), (f"{results}/v/1", ORGANIZER_PAGE)]
    rows += [(f"{results}/v/1/{name}", ORGANIZER_PAGE) for name in files]
    rows += [(api, ORGANIZER_API), (f"{api}/1", ORGANIZER_API)]
    rows += [(public, PUBLIC), (f"{public}/v/1", PUBLIC)]
    rows += [
        (f"{public}/v/1/{name}", PUBLIC)
        for name in ("ranking.csv", "ranking-with-titles.csv", "scores.csv", "rubric.json")
    ]
    rows += [(f"/api/v1/public/competitions/{demo.slug}/results/{round_id}", PUBLIC)]
    return rows


@pytest.mark.parametrize("role", ROLES)
async def test_a_published_version_answers_each_role_as_the_table_says(app, demo, published, role):
    async with app_client(app) as client:
        if role == "outsider":
            await client.sign_in("outsider@example.com", TEST_PASSWORD)
        elif role == "entrant":
            await signed_in(client, "entrant1")
        elif role == "judge":
            await signed_in(client, "judge1")
        elif role != "anonymous":
            await signed_in(client, role)
        failures = []
        for path, statuses in _rows(demo, published.id):
            expected = statuses[ROLES.index(role)]
            status = (await client.get(path)).status_code
            if status != expected:
                failures.append(f"{path}: {status} != {expected}")
    assert failures == []


async def test_an_outsider_cannot_publish_another_competitions_round(app, demo, published):
    async with app_client(app) as client:
        await client.sign_in("outsider@example.com", TEST_PASSWORD)
        path = f"/api/v1/competitions/{demo.id}/rounds/{published.id}/publications"
        assert (await client.api("POST", path, json={})).status_code == 403
        page = f"/organize/{demo.id}/rounds/{published.id}/results/publish"
        assert (await client.post_form(page)).status_code == 403

"""Every route, every role: the status each one gets.

Each domain lists its routes in ``tests/<domain>/access_table*.py`` as ``ACCESS_TABLE`` rows
``(method, path, statuses)`` with statuses for ``ROLES`` in order. Paths may use
``{cid}`` (demo competition), ``{rid}`` (its preliminary round), ``{tid}`` (its AI track),
``{sid}`` (a submitted project of entrant1), ``{other_sid}`` (a project of entrant2),
``{job}`` (an import job that does not exist), ``{token}`` (an unknown token),
``{slug}`` (the demo's slug), ``{version}`` (1; the demo publishes nothing) and ``{card}``
(a scorecard that does not exist). A route
missing from every table fails the first test below.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from judging.competitions.tables import Competition, Membership, Round, Track
from judging.demo import DEMO_PASSWORD, demo_email
from judging.submissions.tables import Submission
from tests.support import TEST_PASSWORD, WebClient, app_client, make_account
from tests.web.access_table import NOT_IN_TABLE, ROLES


def _all_rows() -> list[tuple[str, str, tuple[int, ...]]]:
    rows = []
    for module_path in sorted(Path(__file__).parent.parent.glob("*/access_table*.py")):
        module = importlib.import_module(f"tests.{module_path.parent.name}.{module_path.stem}")
        rows.extend(module.ACCESS_TABLE)
    return rows


ACCESS_TABLE = _all_rows()


def _template(path: str) -> str:
    replacements = {
        "{competition_id:int}": "{cid}",
        "{round_id:int}": "{rid}",
        "{track_id:int}": "{tid}",
        "{submission_id:int}": "{sid}",
        "{job_id:int}": "{job}",
        "{token:str}": "{token}",
        "{slug:str}": "{slug}",
        "{version:int}": "{version}",
        "{scorecard_id:int}": "{card}",
    }
    for pattern, placeholder in replacements.items():
        path = path.replace(pattern, placeholder)
    return path


def test_every_route_is_in_the_access_table(settings):
    from judging.app import create_app

    app = create_app(settings)
    routes = {
        (method, _template(route.path))
        for route in app.routes
        if route.path not in NOT_IN_TABLE
        for method in getattr(route, "methods", ())
        if method not in {"OPTIONS", "HEAD"}
    }
    assert routes == {(method, path) for method, path, _ in ACCESS_TABLE}


async def _sign_in_as(client: WebClient, role: str) -> None:
    emails = {
        "entrant": demo_email("entrant1"),
        "judge": demo_email("judge1"),
        "organizer": demo_email("organizer"),
        "admin": demo_email("admin"),
    }
    if role in emails:
        await client.sign_in(emails[role], DEMO_PASSWORD)
    elif role == "outsider":
        await client.sign_in("outsider@example.com", TEST_PASSWORD)


@pytest.fixture
async def world(demo) -> dict[str, object]:
    other = Competition(slug="other-cup", name_en="Other Cup", name_zh="其他杯")
    await other.save()
    outsider = await make_account("outsider@example.com")
    await Membership(competition=other.id, account=outsider.id, role="organizer").save()
    first_round = await Round.objects().get(Round.competition == demo.id)
    track = await Track.objects().get((Track.competition == demo.id) & (Track.key == "ai"))
    entrant1 = Submission.owner.email == demo_email("entrant1")
    own = await Submission.objects().where(entrant1 & (Submission.status == "submitted")).first()
    other_project = (
        await Submission.objects().where(Submission.owner.email == demo_email("entrant2")).first()
    )
    return {
        "cid": demo.id,
        "rid": first_round.id,
        "tid": track.id,
        "sid": own.id,
        "other_sid": other_project.id,
        "job": 987654,
        "token": "no-such-token",
        "slug": demo.slug,
        "version": 1,
        "card": 987654,
    }


SESSION_ENDING = {("POST", "/logout"), ("DELETE", "/api/v1/session")}


@pytest.mark.parametrize("role", ROLES)
async def test_access_table(app, world, role):
    failures = []
    async with app_client(app) as client:
        await _sign_in_as(client, role)
        for method, template, statuses in ACCESS_TABLE:
            expected = statuses[ROLES.index(role)]
            path = template.format(**world)
            if method == "GET":
                response = await client.get(path)
            elif path.startswith("/api/"):
                response = await client.api(method, path, json={})
            else:
                response = await client.post_form(path, {})
            if response.status_code != expected:
                failures.append(f"{method} {path}: {response.status_code} != {expected}")
            if (method, template) in SESSION_ENDING:
                await _sign_in_as(client, role)
    assert failures == []

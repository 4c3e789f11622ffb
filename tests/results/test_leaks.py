"""After publication, public and entrant pages, APIs, files and mails leak nothing.

A blind, scored round is seeded with distinctive judge names, organizations and private
notes, and distinctive team members, organizations and contacts on every project. After it
is published, every GET route of the app is fetched anonymously and as the owner of a
project; no answer may contain a judge's name, email or organization or a private note,
and none may contain another project's team, organization or contacts.
"""

from __future__ import annotations

import asyncio
import io
import re

import openpyxl
import pytest

from judging.accounts.tables import Account
from judging.applications.tables import Question
from judging.competitions.tables import Round, Track
from judging.demo import demo_email
from judging.outbox.tables import OutboxMessage
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Attachment, Submission
from tests.results.publication_world import owned_projects, publish, signed_in
from tests.support import app_client

SKIPPED_PATHS = ("/static/", "/schema/{")
REQUEST_TIMEOUT = 20


def _secrets_of_project(project_id: int) -> list[str]:
    return [
        f"TEAMMEMBER-{project_id}-X",
        f"team-{project_id}@secret.example",
        f"SECRETORG-{project_id}-X",
        f"CONTACTNAME-{project_id}-X",
        f"contact-{project_id}@secret.example",
        f"+86 555 {project_id:04d} 99",
        # Application answers: one judges read outside blind rounds, one for organizers only.
        f"PATENTHOLDER-{project_id}-X",
        f"REFERRER-{project_id}-X",
        # The name a file was uploaded under.
        f"FILENAME-{project_id}-X",
    ]


@pytest.fixture
async def leaky(demo, scored_round):
    """The scored round made blind, with secrets everywhere, then published."""
    await Round.update({Round.is_blind: True}).where(Round.id == scored_round.id)
    judges = await Account.objects().where(Account.email.like("judge%"))
    judge_secrets: list[str] = []
    for judge in judges:
        name, organization = f"JUDGENAME-{judge.id}-X", f"JUDGEORG-{judge.id}-X"
        await Account.update(
            {Account.display_name: name, Account.organization: organization}
        ).where(Account.id == judge.id)
        judge_secrets += [name, organization, judge.email]
    notes = []
    for card in await Scorecard.objects().where(Scorecard.round == scored_round.id):
        note = f"SECRET-NOTE-{card.id}-X"
        notes.append(note)
        await Scorecard.update(
            {
                Scorecard.note_to_organizers: note,
                Scorecard.comment_to_entrant: f"Clear pitch, card {card.id}.",
            }
        ).where(Scorecard.id == card.id)
    await Question(
        competition=demo.id,
        key="referred_by",
        position=99,
        kind="short_text",
        label_en="Who referred you?",
        label_zh="推荐人",
        visibility="organizers",
    ).save()
    project_secrets: dict[int, list[str]] = {}
    for project in await Submission.objects().output(load_json=True):
        values = _secrets_of_project(project.id)
        answers = project.answers if isinstance(project.answers, dict) else {}
        await Submission.update(
            {
                Submission.answers: {
                    **answers,
                    "patent_details": f"Held by {values[6]}",
                    "referred_by": values[7],
                },
                Submission.team: [{"name": values[0], "role": "CEO", "email": values[1]}],
                Submission.organization: values[2],
                Submission.contact_name: values[3],
                Submission.contact_email: values[4],
                Submission.contact_phone: values[5],
            }
        ).where(Submission.id == project.id)
        await Attachment(
            submission=project.id,
            competition=demo.id,
            slot="business_plan",
            sha256="0" * 64,
            size=10,
            media_type="application/pdf",
            extension="pdf",
            filename=f"{values[8]}.pdf",
            named=[values[0]],
        ).save()
        project_secrets[project.id] = values
    out = await publish(scored_round)
    return {
        "round": scored_round,
        "version": out.version,
        "judges": judge_secrets,
        "notes": notes,
        "projects": project_secrets,
    }


async def _placeholders(demo, round_id: int, submission_id: int) -> dict[str, str]:
    track = await Track.objects().where(Track.competition == demo.id).first()
    return {
        "competition_id": str(demo.id),
        "round_id": str(round_id),
        "submission_id": str(submission_id),
        "track_id": str(track.id),
        "version": "1",
        "slug": demo.slug,
    }


def _get_paths(app, values: dict[str, str]) -> list[str]:
    paths = []
    for route in app.routes:
        if "GET" not in getattr(route, "methods", ()):
            continue
        if any(part in route.path for part in SKIPPED_PATHS):
            continue
        paths.append(
            re.sub(
                r"\{(\w+):(\w+)\}",
                lambda found: values.get(found.group(1), "1" if found.group(2) == "int" else "x"),
                route.path,
            )
        )
    return sorted(set(paths))


def _text(response) -> str:
    if response.headers.get("content-type", "").startswith("application/vnd.openxmlformats"):
        workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return response.content.decode("utf-8", errors="replace")


async def _fetch_all(client, paths: list[str]) -> dict[str, str]:
    """Every path that answers 200, with its text; streams that never end are left out."""
    answers = {}
    for path in paths:
        try:
            response = await asyncio.wait_for(client.get(path), REQUEST_TIMEOUT)
        except TimeoutError:
            continue
        if response.status_code == 200:
            answers[path] = _text(response)
    return answers


def _found(answers: dict[str, str], secrets: list[str]) -> list[str]:
    return [
        f"{path}: {secret}"
        for path, text in answers.items()
        for secret in secrets
        if secret.lower() in text.lower()
    ]


async def test_public_pages_apis_and_files_leak_nothing(app, demo, leaky):
    round_ = leaky["round"]
    [project, *_] = await owned_projects("entrant1")
    paths = _get_paths(app, await _placeholders(demo, round_.id, project.id))
    async with app_client(app) as anonymous:
        answers = await _fetch_all(anonymous, paths)
    public = f"/competitions/{demo.slug}/results/{round_.id}"
    for expected in (
        public,
        f"{public}/v/1",
        f"{public}/v/1/ranking.csv",
        f"{public}/v/1/scores.csv",
        f"{public}/v/1/rubric.json",
        f"/api/v1/public/competitions/{demo.slug}/results/{round_.id}",
        f"/competitions/{demo.slug}",
    ):
        assert expected in answers
    everything = leaky["judges"] + leaky["notes"]
    everything += [secret for values in leaky["projects"].values() for secret in values]
    assert _found(answers, everything) == []


async def test_entrant_pages_apis_and_files_leak_nothing(app, demo, leaky):
    round_ = leaky["round"]
    own = await owned_projects("entrant1")
    values = await _placeholders(demo, round_.id, own[0].id)
    paths = _get_paths(app, values)
    async with app_client(app) as entrant:
        await signed_in(entrant, "entrant1")
        answers = await _fetch_all(entrant, paths)
    assert f"/projects/{own[0].id}" in answers
    assert f"/api/v1/projects/{own[0].id}/results" in answers
    assert "Clear pitch, card" in answers[f"/projects/{own[0].id}"]
    own_ids = {project.id for project in own}
    others = [
        secret
        for project_id, secrets in leaky["projects"].items()
        if project_id not in own_ids
        for secret in secrets
    ]
    assert _found(answers, leaky["judges"] + leaky["notes"] + others) == []


async def test_result_mails_leak_nothing(demo, leaky):
    mails = await OutboxMessage.objects().where(OutboxMessage.kind == "results_published")
    assert len(mails) == 10
    everything = leaky["judges"] + leaky["notes"]
    everything += [secret for values in leaky["projects"].values() for secret in values]
    answers = {f"mail {mail.id}": mail.subject + "\n" + mail.body for mail in mails}
    assert _found(answers, everything) == []


async def test_organizer_exports_are_refused_to_entrants_and_the_public(app, demo, leaky):
    round_ = leaky["round"]
    base = f"/organize/{demo.id}/rounds/{round_.id}/results"
    api = f"/api/v1/competitions/{demo.id}/rounds/{round_.id}/publications"
    files = ("ranking.csv", "ranking.xlsx", "scores.csv", "scores.xlsx", "rubric.json")
    paths = [base, f"{base}/v/1", *(f"{base}/v/1/{name}" for name in files), api, f"{api}/1"]
    async with app_client(app) as entrant:
        await signed_in(entrant, "entrant1")
        assert [(await entrant.get(path)).status_code for path in paths] == [403] * len(paths)
    async with app_client(app) as anonymous:
        statuses = [(await anonymous.get(path)).status_code for path in paths]
        assert statuses == [302] * (len(paths) - 2) + [401, 401]
    async with app_client(app) as judge:
        await signed_in(judge, "judge1")
        assert [(await judge.get(path)).status_code for path in paths] == [403] * len(paths)


async def test_the_entrant_sees_their_own_team_but_the_secrets_check_would_catch_it(
    app, demo, leaky
):
    """The check above is not vacuous: the owner's own page does show its secrets."""
    [project, *_] = await owned_projects("entrant1")
    async with app_client(app) as entrant:
        await signed_in(entrant, "entrant1")
        page = (await entrant.get(f"/projects/{project.id}")).text
    assert _found({"page": page}, leaky["projects"][project.id])
    assert demo_email("judge1") in leaky["judges"]

"""The judging world: the demo competition with projects assigned to judges, and helpers to
score, move the judging window, blind the round and attach decks."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from judging.accounts.tables import Account
from judging.assignments.tables import Assignment, Conflict
from judging.clock import utcnow
from judging.competitions.rubric import round_rubric, to_scoring_rubric
from judging.competitions.tables import Round
from judging.demo import DEMO_PASSWORD, demo_email
from judging.reviews.tables import Scorecard
from judging.submissions import storage
from judging.submissions.tables import Submission
from tests.support import WebClient

# The demo rubric's criteria, in order (weights 25/25/20/15/15 %, every scale 0-10).
CRITERIA = ("innovation", "market", "team", "business", "feasibility")
# The team member, organization and contacts of the project judges see in the blind tests.
SECRET_TEAM = {
    "team": [{"name": "Xiaoyu Secretname", "role": "CTO", "email": "xiaoyu@hidden.example"}],
    "organization": "Hiddenorg Robotics",
    "contact_name": "Contact Hiddenperson",
    "contact_email": "contact@hidden.example",
    "contact_phone": "+86 25 8888 7777",
    "website": "https://hiddenorg.example",
    "video_url": "https://video.example/hiddenorg",
}


@dataclass
class World:
    competition_id: int
    round_id: int
    judge1: Account
    judge2: Account
    # Three submitted projects, each assigned to judge1 and judge2.
    projects: list[int]
    # A submitted project assigned to nobody.
    unassigned: int


async def judge(handle: str) -> Account:
    return await Account.objects().get(Account.email == demo_email(handle))


async def assign(round_id: int, submission_id: int, judge_id: int) -> None:
    await Assignment(round=round_id, submission=submission_id, judge=judge_id).save()


async def build_world(competition_id: int) -> World:
    """Assign three submitted demo projects to judge1 and judge2 in the preliminary round."""
    preliminary = await Round.objects().get(Round.competition == competition_id)
    submitted = (
        await Submission.select(Submission.id)
        .where((Submission.competition == competition_id) & (Submission.status == "submitted"))
        .order_by(Submission.id)
    )
    ids = [row["id"] for row in submitted]
    judge1, judge2 = await judge("judge1"), await judge("judge2")
    for submission_id in ids[:3]:
        await assign(preliminary.id, submission_id, judge1.id)
        await assign(preliminary.id, submission_id, judge2.id)
    return World(competition_id, preliminary.id, judge1, judge2, ids[:3], ids[3])


async def signed_in(client: WebClient, handle: str) -> WebClient:
    await client.sign_in(demo_email(handle), DEMO_PASSWORD)
    return client


def scores(**given: float) -> dict[str, float]:
    """Scores for the demo criteria: every criterion 7 unless given."""
    return {key: given.get(key, 7) for key in CRITERIA}


def card_json(
    given: Mapping[str, float | None], version: int = 0, action: str = "draft", **extra: Any
) -> dict[str, Any]:
    return {"scores": dict(given), "version": version, "action": action, **extra}


def form_data(
    given: Mapping[str, float | str], version: int = 0, action: str = "draft", **extra: str
) -> dict[str, str]:
    data = {f"scores.{key}": str(value) for key, value in given.items()}
    return {**data, "version": str(version), "action": action, **extra}


def page_path(world: World, submission_id: int) -> str:
    return f"/judge/rounds/{world.round_id}/projects/{submission_id}"


def api_path(world: World, submission_id: int) -> str:
    return f"/api/v1/judge/rounds/{world.round_id}/projects/{submission_id}"


async def scoring_rubric(round_id: int):
    return to_scoring_rubric(await round_rubric(round_id))


async def cards(round_id: int) -> list[dict[str, Any]]:
    return await Scorecard.select().where(Scorecard.round == round_id).output(load_json=True)


async def set_window(round_id: int, opens_at: datetime | None, closes_at: datetime | None) -> None:
    await Round.update(
        {Round.judging_opens_at: opens_at, Round.judging_closes_at: closes_at}
    ).where(Round.id == round_id)


async def close_judging(round_id: int) -> None:
    now = utcnow()
    await set_window(round_id, now - timedelta(days=10), now - timedelta(hours=1))


async def make_blind(round_id: int, submission_id: int) -> None:
    """Blind the round and give the project a team, organization and contacts to hide."""
    await Round.update({Round.is_blind: True}).where(Round.id == round_id)
    await Submission.update(
        {getattr(Submission, name): value for name, value in SECRET_TEAM.items()}
    ).where(Submission.id == submission_id)


async def declare_conflict(competition_id: int, judge_id: int, submission_id: int) -> None:
    await Conflict(
        competition=competition_id, judge=judge_id, submission=submission_id, reason="Advisor"
    ).save()


async def attach_deck(submission_id: int, data_dir: str) -> None:
    """Store a real one-page PDF as the project's deck, directly."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    buffer.seek(0)
    deck = await storage.store_deck(buffer, data_dir, 5 * 1024 * 1024)
    await Submission.update(
        {
            Submission.deck_sha256: deck.sha256,
            Submission.deck_size: deck.size,
            Submission.deck_uploaded_at: utcnow(),
        }
    ).where(Submission.id == submission_id)

"""A demo round with scorecards, for results tests."""

from __future__ import annotations

import msgspec
import pytest

from judging.accounts.tables import Account
from judging.competitions.tables import Criterion, Round
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission


async def score(round_id: int, submission_id: int, judge_id: int, values: dict, **fields):
    """A scorecard written straight to the table (the judging pages are tested elsewhere)."""
    card = Scorecard(
        round=round_id,
        submission=submission_id,
        judge=judge_id,
        status=fields.pop("status", "submitted"),
        scores=msgspec.json.encode(values).decode(),
        **fields,
    )
    await card.save()
    return card


@pytest.fixture
async def scored_round(demo):
    """The demo's preliminary round with three judges' cards on every submitted project."""
    round_ = await Round.objects().get(Round.competition == demo.id)
    keys = [
        row["key"]
        for row in await Criterion.select(Criterion.key).where(Criterion.round == round_.id)
    ]
    judges = await Account.objects().where(Account.email.like("judge%")).order_by(Account.id)
    projects = (
        await Submission.objects().where(Submission.status == "submitted").order_by(Submission.id)
    )
    for p_index, project in enumerate(projects):
        for j_index, judge in enumerate(judges[:3]):
            values = {key: (p_index * 3 + j_index * 2 + k) % 11 for k, key in enumerate(keys)}
            await score(round_.id, project.id, judge.id, values, comment_to_entrant=f"c{j_index}")
    return round_

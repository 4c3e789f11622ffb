"""A demo round with scorecards, for results tests."""

from __future__ import annotations

import msgspec
import pytest

from judging.accounts.tables import Account
from judging.competitions.tables import Criterion, Round
from judging.reviews.tables import Scorecard
from judging.submissions.tables import Submission


def _card(round_id: int, submission_id: int, judge_id: int, values: dict, **fields) -> Scorecard:
    return Scorecard(
        round=round_id,
        submission=submission_id,
        judge=judge_id,
        status=fields.pop("status", "submitted"),
        scores=msgspec.json.encode(values).decode(),
        **fields,
    )


async def score(round_id: int, submission_id: int, judge_id: int, values: dict, **fields):
    """A scorecard written straight to the table (the judging pages are tested elsewhere)."""
    card = _card(round_id, submission_id, judge_id, values, **fields)
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
    cards = [
        _card(
            round_.id,
            project.id,
            judge.id,
            {key: (p_index * 3 + j_index * 2 + k) % 11 for k, key in enumerate(keys)},
            comment_to_entrant=f"c{j_index}",
        )
        for p_index, project in enumerate(projects)
        for j_index, judge in enumerate(judges[:3])
    ]
    await Scorecard.insert(*cards)  # one statement, in this order
    return round_


@pytest.fixture
async def organizer(client, demo):
    """The client, signed in as the demo competition's organizer."""
    from judging.demo import DEMO_PASSWORD, demo_email

    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    return client


# Each submitted demo project's score (every judge, every criterion) in ``tied_round``, by
# title: in the AI track the last two tie behind the first.
TIED_LEVELS = {
    "Low-dose CT lung nodule screening": 9,
    "Predictive maintenance for CNC spindles": 6,
    "Protein stability predictor": 6,
    "Pathology slide triage": 8,
    "Antibacterial nano-silver wound dressing": 5,
    "CAR-T manufacturing in a box": 7,
    "Self-calibrating welding robot": 4,
    "Carbon ledger for supply chains": 7,
    "Grid demand forecasting for industrial parks": 3,
    "Cross-border SME invoice finance": 8,
}


@pytest.fixture
async def tied_round(demo):
    """The preliminary round where judges 1-3 give each project one level on every criterion
    (``TIED_LEVELS``), so two AI projects tie at rank 2 of their track; and a later "Final"
    round to advance into."""
    round_ = await Round.objects().get(Round.competition == demo.id)
    keys = [
        row["key"]
        for row in await Criterion.select(Criterion.key).where(Criterion.round == round_.id)
    ]
    judges = await Account.objects().where(Account.email.like("judge%")).order_by(Account.id)
    projects = await Submission.objects().where(Submission.status == "submitted")
    await Scorecard.insert(
        *(
            _card(round_.id, project.id, judge.id, dict.fromkeys(keys, TIED_LEVELS[project.title]))
            for project in projects
            for judge in judges[:3]
        )
    )
    final = Round(competition=demo.id, name_en="Final", name_zh="决赛", position=2)
    await final.save()
    return round_, final

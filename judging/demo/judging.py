"""The demo's judging under way: the preliminary round assigned and mostly scored, a final next.

As in a real competition, submissions closed before judging opened: the organizer moves the
preliminary's deadline into the past first, so no entrant can change a project that judges
are scoring (they are locked anyway once judging began, see judging.submissions.locking).

``judging demo`` seeds this after the competition (:func:`judging.demo.seed_demo`), so that
on first start the organizers' ranking, calibration, moderation and advancement pages have
data to show, while the demo's judge1 still has projects to score. Everything goes through
the services, as the people would do it: validated and audited; the mails the services queue
for the demo's made-up people are dropped (:func:`judging.demo.people.unmailed`).
"""

from __future__ import annotations

import random
from datetime import timedelta

from judging.accounts.tables import Account
from judging.assignments import services as assignments
from judging.assignments.tables import Assignment
from judging.clock import utcnow
from judging.competitions import round_setup
from judging.competitions import rubric as rubrics
from judging.competitions.schemas import RoundFields, RoundPatch
from judging.competitions.tables import Competition, Round
from judging.demo.competition import DEMO_SLUG, rubric_fields
from judging.demo.people import JUDGES, ORGANIZER, demo_email, unmailed
from judging.reviews.schemas import ScorecardSave
from judging.reviews.services import save_scorecard

# Points each demo judge gives above (or below) the panel: calibration has something to show.
LENIENCY = {
    "judge1": 0.3,
    "judge2": 0.8,
    "judge3": -0.4,
    "judge4": 0.0,
    "judge5": 1.1,
    "judge6": -1.6,
}
# Submissions closed this long before the preliminary's judging opened.
CLOSED_BEFORE_JUDGING = timedelta(hours=12)
# The demo judge people sign in as to try scoring keeps this many projects unscored.
LEFT_FOR_THE_VISITOR = 2
COMMENTS = (
    "Strong pilot results; show how the unit economics hold at scale.",
    "A clear need and a credible team. Name your first three paying customers.",
    "Impressive technology; the go-to-market plan needs more detail.",
    "Good progress since the last round. Quantify the market you can reach in two years.",
)
NOTES = (
    "",
    "I know the founder from an earlier fund; scored on the pitch alone.",
    "Worth a follow-up conversation at the final.",
)


async def seed_demo_judging(seed: int = 2021) -> None:
    """Assign and score the demo's preliminary round and add the final after it."""
    competition = await Competition.objects().get(Competition.slug == DEMO_SLUG)
    organizer = await Account.objects().get(Account.email == demo_email(ORGANIZER[0]))
    preliminary = await Round.objects().get(
        (Round.competition == competition.id) & (Round.position == 1)
    )
    now = utcnow()
    await _close_submissions(competition.id, preliminary, organizer.id)
    preview = await assignments.preview_round(competition.id, preliminary.id)
    async with unmailed():
        await assignments.commit_round(
            competition.id, preliminary.id, preview.digest, actor_id=organizer.id, now=now
        )
    await _score_preliminary(preliminary.id, random.Random(seed))
    final = await round_setup.create_round(
        competition.id,
        RoundFields(
            name_en="Final roadshow",
            name_zh="决赛路演",
            judging_opens_at=now - timedelta(days=1),
            judging_closes_at=now + timedelta(days=30),
            judges_per_submission=5,
            min_judges=3,
        ),
        organizer.id,
    )
    # The preliminary's criteria, weights and tie-breakers, for the final too.
    await rubrics.replace_rubric(competition.id, final.id, rubric_fields(), organizer.id)


async def _close_submissions(competition_id: int, preliminary: Round, organizer_id: int) -> None:
    """The deadline before judging opens (and judging opened in the past: it is under way)."""
    opens_judging = preliminary.judging_opens_at or utcnow() - timedelta(days=1)
    await round_setup.patch_round(
        competition_id,
        preliminary.id,
        RoundPatch(
            submission_closes_at=opens_judging - CLOSED_BEFORE_JUDGING,
            judging_opens_at=opens_judging,
        ),
        organizer_id,
    )


async def _score_preliminary(round_id: int, rng: random.Random) -> None:
    rubric = await rubrics.round_rubric(round_id)
    judges = {
        account.id: account
        for account in await Account.objects().where(
            Account.email.is_in([demo_email(handle) for handle, *_ in JUDGES])
        )
    }
    pairs = (
        await Assignment.select(Assignment.submission, Assignment.judge)
        .where(Assignment.round == round_id)
        .order_by(Assignment.submission, Assignment.judge)
    )
    visitor = demo_email(JUDGES[0][0])
    visitor_pairs = [pair for pair in pairs if judges[pair["judge"]].email == visitor]
    left = {(pair["submission"], pair["judge"]) for pair in visitor_pairs[-LEFT_FOR_THE_VISITOR:]}
    quality: dict[int, float] = {}
    for pair in pairs:
        if (pair["submission"], pair["judge"]) in left:
            continue
        judge = judges[pair["judge"]]
        base = quality.setdefault(pair["submission"], rng.uniform(4.5, 8.5))
        lenient = LENIENCY[judge.email.split("@")[0]]
        scores = {
            row["key"]: min(
                row["scale_max"],
                max(row["scale_min"], round((base + lenient + rng.gauss(0, 0.6)) * 2) / 2),
            )
            for row in rubric
        }
        save = ScorecardSave(
            scores=scores,
            comment_to_entrant=rng.choice(COMMENTS),
            note_to_organizers=rng.choice(NOTES),
            version=0,
            action="submit",
        )
        await save_scorecard(judge, round_id, pair["submission"], save, utcnow())

"""The world the route-walking tests run in: the demo, another competition and its organizer."""

from __future__ import annotations

import pytest

from judging.applications.tables import AttachmentSlot, Question
from judging.competitions.tables import Competition, Membership, Round, Track
from judging.demo import demo_email
from judging.submissions.tables import Attachment, Submission
from tests.support import make_account


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
    slot = await AttachmentSlot.objects().get(AttachmentSlot.key == "business_plan")
    # A business plan recorded for the project, its file not on disk: readers find none, and
    # the slot cannot be deleted.
    await Attachment(
        submission=own.id,
        competition=demo.id,
        slot=slot.key,
        sha256="0" * 64,
        size=10,
        media_type="application/pdf",
        extension="pdf",
    ).save()
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
        "inv": 987654,
        "qid": (await Question.objects().get(Question.key == "stage")).id,
        "slotid": slot.id,
        "slotkey": slot.key,
        "msg": 987654,
        "mid": 987654,
        "tokenid": 987654,
        "hook": 987654,
        "delivery": 987654,
        "req": 987654,
    }

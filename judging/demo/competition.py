"""The demo competition as its admin and organizer set it up: tracks, a preliminary round and
its rubric, through the competitions services."""

from __future__ import annotations

from datetime import datetime, timedelta

from judging.competitions import round_setup, track_setup
from judging.competitions import rubric as rubrics
from judging.competitions.competition_setup import create_competition
from judging.competitions.schemas import (
    CompetitionFields,
    CriterionFields,
    RoundFields,
    RubricFields,
    TrackFields,
)
from judging.competitions.tables import Competition, Round, Track

DEMO_SLUG = "china-gate-master-2021"

TRACKS = [
    ("ai", "Artificial intelligence", "人工智能"),
    ("biomed", "Biomedicine", "生物医药"),
    ("manufacturing", "Advanced manufacturing", "先进制造"),
    ("digital", "Digital economy", "数字经济"),
]

# key, English label, Chinese label, weight in hundredths of a percent, tie-break rank,
# English and Chinese guidance
RUBRIC = [
    (
        "innovation",
        "Innovation",
        "创新性",
        2500,
        1,
        "How new is the technology or model?",
        "技术或商业模式的新颖程度如何？",
    ),
    (
        "market",
        "Market potential",
        "市场潜力",
        2500,
        2,
        "How large and reachable is the market?",
        "市场规模有多大，是否可以触达？",
    ),
    ("team", "Team", "团队", 2000, None, "Can this team execute?", "团队是否具备执行能力？"),
    (
        "business",
        "Business model",
        "商业模式",
        1500,
        None,
        "Is there a credible way to earn money?",
        "盈利模式是否可信？",
    ),
    (
        "feasibility",
        "Technical feasibility",
        "技术可行性",
        1500,
        None,
        "Does the technology work at scale?",
        "技术能否规模化落地？",
    ),
]


def rubric_fields() -> RubricFields:
    """:data:`RUBRIC` as an organizer enters it (weights in percent)."""
    return RubricFields(
        criteria=[
            CriterionFields(
                key=key,
                label_en=label_en,
                label_zh=label_zh,
                guidance_en=guidance_en,
                guidance_zh=guidance_zh,
                weight_percent=weight_bp / 100,
                tie_break_rank=tie,
            )
            for key, label_en, label_zh, weight_bp, tie, guidance_en, guidance_zh in RUBRIC
        ]
    )


async def create_demo_competition(admin_id: int) -> Competition:
    """The competition, created by the platform admin."""
    return await create_competition(
        CompetitionFields(
            slug=DEMO_SLUG,
            name_en="China Gate Master 2021",
            name_zh="2021“中国门”大师创新创业大赛",
            description_en=(
                "The innovation and entrepreneurship competition of Nanjing Tech Week: "
                "startup teams from China and abroad compete in four tracks."
            ),
            description_zh="南京创新周创新创业大赛：来自中国和海外的创业团队在四个赛道同台竞技。",
            timezone="Asia/Shanghai",
            is_public=True,
        ),
        admin_id,
    )


async def set_up_tracks(competition_id: int, organizer_id: int) -> dict[str, Track]:
    """The four tracks, in :data:`TRACKS` order; key -> track."""
    tracks = {}
    for position, (key, name_en, name_zh) in enumerate(TRACKS):
        tracks[key] = await track_setup.add_track(
            competition_id,
            TrackFields(key=key, name_en=name_en, name_zh=name_zh, position=position),
            organizer_id,
        )
    return tracks


async def set_up_preliminary(competition_id: int, organizer_id: int, now: datetime) -> Round:
    """The preliminary round, taking projects and being judged, with :data:`RUBRIC`."""
    preliminary = await round_setup.create_round(
        competition_id,
        RoundFields(
            name_en="Preliminary round",
            name_zh="初赛",
            position=1,
            submission_opens_at=now - timedelta(days=10),
            submission_closes_at=now + timedelta(days=20),
            judging_opens_at=now - timedelta(days=1),
            judging_closes_at=now + timedelta(days=30),
            judges_per_submission=3,
            is_blind=False,
        ),
        organizer_id,
    )
    await rubrics.replace_rubric(competition_id, preliminary.id, rubric_fields(), organizer_id)
    return preliminary

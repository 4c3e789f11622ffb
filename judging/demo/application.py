"""The demo's application form: what a startup competition asks besides the project itself,
set up by the organizer, and each demo project's answers."""

from __future__ import annotations

from typing import Any

from judging.applications import services as applications
from judging.applications import slots as application_slots
from judging.applications.schemas import Choice, QuestionFields, SlotFields
from judging.applications.tables import FileType, QuestionKind, Visibility
from judging.competitions.tables import Track

STAGES = [
    Choice(key="idea", label_en="Idea", label_zh="创意"),
    Choice(key="prototype", label_en="Prototype", label_zh="原型"),
    Choice(key="pilot", label_en="Pilot customers", label_zh="试点客户"),
    Choice(key="revenue", label_en="Revenue", label_zh="已有收入"),
    Choice(key="scaling", label_en="Scaling", label_zh="规模化"),
]
CLINICAL_STAGES = [
    Choice(key="preclinical", label_en="Preclinical", label_zh="临床前"),
    Choice(key="phase1", label_en="Phase I", label_zh="I 期"),
    Choice(key="phase2", label_en="Phase II or later", label_zh="II 期及以后"),
    Choice(key="approved", label_en="Approved", label_zh="已获批"),
    Choice(key="not_applicable", label_en="Not a clinical product", label_zh="非临床产品"),
]


def questions(tracks: dict[str, Track]) -> list[QuestionFields]:
    return [
        QuestionFields(
            key="stage",
            kind=QuestionKind.SINGLE_CHOICE,
            label_en="Stage of the company",
            label_zh="企业发展阶段",
            required=True,
            choices=STAGES,
        ),
        QuestionFields(
            key="funding_raised",
            kind=QuestionKind.NUMBER,
            label_en="Funding raised so far",
            label_zh="已获融资金额",
            help_en="All rounds together, in yuan; 0 if none.",
            help_zh="各轮融资合计，单位为元；没有则填 0。",
            required=True,
            min_value=0,
            whole_number=True,
            unit="CNY",
        ),
        QuestionFields(
            key="team_size",
            kind=QuestionKind.NUMBER,
            label_en="Team size",
            label_zh="团队人数",
            help_en="Full-time people, founders included.",
            help_zh="全职人数，含创始人。",
            required=True,
            min_value=1,
            max_value=10000,
            whole_number=True,
        ),
        QuestionFields(
            key="incorporated_in",
            kind=QuestionKind.COUNTRY,
            label_en="Incorporated in",
            label_zh="公司注册地",
            # Where a team is registered narrows down who it is.
            visibility=Visibility.NOT_IN_BLIND,
        ),
        QuestionFields(
            key="revenue_last_year",
            kind=QuestionKind.NUMBER,
            label_en="Revenue last year",
            label_zh="上一年度营业收入",
            min_value=0,
            whole_number=True,
            unit="CNY",
        ),
        QuestionFields(
            key="patents",
            kind=QuestionKind.YES_NO,
            label_en="Do you hold or have you filed patents for the product?",
            label_zh="产品是否已获得或已申请专利？",
        ),
        QuestionFields(
            key="patent_details",
            kind=QuestionKind.LONG_TEXT,
            label_en="Patents and other IP",
            label_zh="专利及其他知识产权",
            help_en="Numbers, titles and holders; holders' names are hidden from judges in blind rounds.",
            help_zh="专利号、名称和权利人；盲评轮次中评委看不到权利人姓名。",
            max_length=2000,
            visibility=Visibility.NOT_IN_BLIND,
        ),
        QuestionFields(
            key="clinical_stage",
            kind=QuestionKind.SINGLE_CHOICE,
            label_en="Clinical stage",
            label_zh="临床阶段",
            required=True,
            track_id=tracks["biomed"].id,
            choices=CLINICAL_STAGES,
        ),
        QuestionFields(
            key="heard_from",
            kind=QuestionKind.MULTIPLE_CHOICE,
            label_en="How did you hear about the competition?",
            label_zh="您是如何得知本次大赛的？",
            choices=[
                Choice(key="tech_week", label_en="Nanjing Tech Week", label_zh="南京创新周"),
                Choice(key="partner", label_en="A partner organization", label_zh="合作机构"),
                Choice(key="media", label_en="Media", label_zh="媒体"),
                Choice(key="friend", label_en="A friend", label_zh="朋友推荐"),
            ],
            visibility=Visibility.ORGANIZERS,
        ),
    ]


SLOTS = [
    SlotFields(
        key="business_plan",
        label_en="Business plan",
        label_zh="商业计划书",
        help_en="Market, business model, financing plan; up to 30 pages.",
        help_zh="市场、商业模式、融资计划；不超过 30 页。",
        file_types=[FileType.PDF],
        max_mb=20,
    ),
    SlotFields(
        key="financials",
        label_en="Financial statements",
        label_zh="财务报表",
        help_en="The last two years, if the company has revenue.",
        help_zh="如已有收入，请提供最近两年的报表。",
        file_types=[FileType.XLSX, FileType.PDF],
        max_mb=10,
    ),
    SlotFields(
        key="product_video",
        label_en="Product video",
        label_zh="产品视频",
        help_en="Up to three minutes.",
        help_zh="不超过三分钟。",
        file_types=[FileType.VIDEO],
        max_mb=20,
    ),
    SlotFields(
        key="team_photo",
        label_en="Team photo",
        label_zh="团队照片",
        file_types=[FileType.IMAGE],
        max_mb=5,
        # A photo shows who the team is.
        visibility=Visibility.NOT_IN_BLIND,
    ),
]


async def set_up_application_form(
    competition_id: int, tracks: dict[str, Track], organizer_id: int
) -> None:
    """The organizer writes the form's questions and the files it asks for, in order."""
    for fields in questions(tracks):
        await applications.add_question(competition_id, fields, organizer_id)
    for slot in SLOTS:
        await application_slots.add_slot(competition_id, slot, organizer_id)


def answers_for(index: int, track_key: str, country: str) -> dict[str, Any]:
    """The answers of the demo's project number ``index`` (varied, deterministic)."""
    stage = STAGES[index % len(STAGES)].key
    answers: dict[str, Any] = {
        "stage": stage,
        "funding_raised": [0, 500_000, 3_000_000, 12_000_000, 45_000_000][index % 5],
        "team_size": 3 + (index * 7) % 40,
        "incorporated_in": country,
        "patents": index % 3 != 0,
        "heard_from": ["tech_week", "partner"] if index % 2 else ["friend"],
    }
    if stage in ("revenue", "scaling"):
        answers["revenue_last_year"] = 800_000 * (index + 1)
    if answers["patents"]:
        answers["patent_details"] = (
            f"- CN 2020{index:04d}123.4: core method (filed)\n- Trade secret: training data pipeline"
        )
    if track_key == "biomed":
        answers["clinical_stage"] = CLINICAL_STAGES[index % 4].key
    return answers

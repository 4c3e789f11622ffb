"""The demo competition seeded into an empty database: its tracks, rubric, people and projects.

Its judging under way (assignments, scorecards, a final) is seeded by
:mod:`judging.demo_judging`, through the services.
"""

from __future__ import annotations

from datetime import timedelta

from judging.accounts.passwords import hash_password
from judging.accounts.tables import Account
from judging.clock import utcnow
from judging.competitions.tables import Competition, Criterion, Membership, Round, Track
from judging.database import writing
from judging.submissions.tables import Submission, SubmissionStatus

DEMO_PASSWORD = "chinagate-demo-2021"
DEMO_DOMAIN = "demo.chinagate.local"
DEMO_SLUG = "china-gate-master-2021"

TRACKS = [
    ("ai", "Artificial intelligence", "人工智能"),
    ("biomed", "Biomedicine", "生物医药"),
    ("manufacturing", "Advanced manufacturing", "先进制造"),
    ("digital", "Digital economy", "数字经济"),
]

# key, English label, Chinese label, weight in hundredths of a percent, tie-break rank
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

ORGANIZER = ("organizer", "Li Wei 李伟", "Nanjing Tech Week Office")
JUDGES = [
    ("judge1", "Prof. Zhang Min 张敏", "Nanjing University"),
    ("judge2", "Dr. Anna Müller", "Munich Ventures"),
    ("judge3", "Chen Jie 陈杰", "Purple Mountain Capital"),
    ("judge4", "Sarah Cohen", "Tel Aviv Biotech Fund"),
    ("judge5", "Wang Fang 王芳", "Southeast University"),
    ("judge6", "Kenji Tanaka", "Osaka Robotics Lab"),
]
ENTRANTS = [
    ("entrant1", "Liu Yang 刘洋", "DeepVision Medical", "CN"),
    ("entrant2", "Lukas Schmidt", "Auto Robotics GmbH", "DE"),
    ("entrant3", "Priya Nair", "GreenGrid Analytics", "SG"),
    ("entrant4", "Zhao Lei 赵磊", "Jiangsu NanoMaterials", "CN"),
    ("entrant5", "Noa Levi", "CellCure Ltd", "IL"),
    ("entrant6", "Emily Carter", "Harborside Fintech", "US"),
]
PROJECTS = [
    (
        "entrant1",
        "ai",
        "Low-dose CT lung nodule screening",
        "AI that reads low-dose CT scans to find early lung nodules in county hospitals.",
    ),
    (
        "entrant1",
        "biomed",
        "Pathology slide triage",
        "Ranks digital pathology slides by urgency so pathologists see the worst cases first.",
    ),
    (
        "entrant2",
        "manufacturing",
        "Self-calibrating welding robot",
        "A welding cell that recalibrates itself with a laser line scanner between seams.",
    ),
    (
        "entrant2",
        "ai",
        "Predictive maintenance for CNC spindles",
        "Vibration models that predict spindle failure two weeks ahead.",
    ),
    (
        "entrant3",
        "digital",
        "Grid demand forecasting for industrial parks",
        "Forecasts electricity demand of industrial parks to shave peak tariffs.",
    ),
    (
        "entrant4",
        "manufacturing",
        "Graphene heat spreaders for 5G base stations",
        "Thin graphene films that keep base-station chips 12 °C cooler.",
    ),
    (
        "entrant4",
        "biomed",
        "Antibacterial nano-silver wound dressing",
        "A dressing that releases silver ions slowly for chronic wounds.",
    ),
    (
        "entrant5",
        "biomed",
        "CAR-T manufacturing in a box",
        "An automated closed system that cuts CAR-T production from weeks to days.",
    ),
    (
        "entrant5",
        "ai",
        "Protein stability predictor",
        "Predicts which antibody variants survive storage, before they are made.",
    ),
    (
        "entrant6",
        "digital",
        "Cross-border SME invoice finance",
        "Finances export invoices of small suppliers using shipping data.",
    ),
    (
        "entrant6",
        "digital",
        "Carbon ledger for supply chains",
        "Tracks product carbon footprints across suppliers with signed records.",
    ),
    (
        "entrant3",
        "ai",
        "Edge AI for smart traffic lights",
        "Adapts traffic light phases with cameras that never send video off the pole.",
    ),
]


def demo_email(handle: str) -> str:
    return f"{handle}@{DEMO_DOMAIN}"


async def demo_accounts() -> list[tuple[str, str]]:
    """(role, email) of each demo account that exists."""
    rows = await Account.select(Account.email).where(Account.email.like(f"%@{DEMO_DOMAIN}"))
    emails = {row["email"] for row in rows}
    ordered = [("admin", "admin"), ("organizer", ORGANIZER[0])]
    ordered += [("judge", handle) for handle, *_ in JUDGES]
    ordered += [("entrant", handle) for handle, *_ in ENTRANTS]
    return [(role, demo_email(handle)) for role, handle in ordered if demo_email(handle) in emails]


async def seed_demo(if_empty: bool = True) -> bool:
    """Create the demo competition and its people; returns False when skipped."""
    if if_empty and await Account.count() > 0:
        return False
    if await Competition.exists().where(Competition.slug == DEMO_SLUG):
        return False
    password_hash = await hash_password(DEMO_PASSWORD)
    now = utcnow()
    async with writing():
        competition = Competition(
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
        )
        await competition.save()
        tracks: dict[str, Track] = {}
        for position, (key, name_en, name_zh) in enumerate(TRACKS):
            track = Track(
                competition=competition.id,
                key=key,
                name_en=name_en,
                name_zh=name_zh,
                position=position,
            )
            await track.save()
            tracks[key] = track
        preliminary = Round(
            competition=competition.id,
            name_en="Preliminary round",
            name_zh="初赛",
            position=1,
            submission_opens_at=now - timedelta(days=10),
            submission_closes_at=now + timedelta(days=20),
            judging_opens_at=now - timedelta(days=1),
            judging_closes_at=now + timedelta(days=30),
            judges_per_submission=3,
            is_blind=False,
        )
        await preliminary.save()
        for position, (key, label_en, label_zh, weight_bp, tie, guide_en, guide_zh) in enumerate(
            RUBRIC
        ):
            await Criterion(
                round=preliminary.id,
                key=key,
                label_en=label_en,
                label_zh=label_zh,
                guidance_en=guide_en,
                guidance_zh=guide_zh,
                weight_bp=weight_bp,
                scale_min=0,
                scale_max=10,
                position=position,
                tie_break_rank=tie,
            ).save()

        async def person(handle: str, name: str, organization: str, admin: bool = False) -> int:
            account = Account(
                email=demo_email(handle),
                display_name=name,
                organization=organization,
                password_hash=password_hash,
                is_platform_admin=admin,
            )
            await account.save()
            return account.id

        await person("admin", "Platform Admin", "China Gate Master", admin=True)
        organizer_id = await person(*ORGANIZER)
        await Membership(competition=competition.id, account=organizer_id, role="organizer").save()
        for handle, name, organization in JUDGES:
            judge_id = await person(handle, name, organization)
            await Membership(competition=competition.id, account=judge_id, role="judge").save()
        owners: dict[str, tuple[int, str, str, str]] = {}
        for handle, name, organization, country in ENTRANTS:
            owners[handle] = (await person(handle, name, organization), name, organization, country)
        for index, (handle, track_key, title, summary) in enumerate(PROJECTS):
            owner_id, name, organization, country = owners[handle]
            await Submission(
                competition=competition.id,
                track=tracks[track_key].id,
                owner=owner_id,
                title=title,
                summary=summary,
                description=f"## {title}\n\n{summary}\n\n- Stage: pilot customers\n- Team: 6 people",
                team=[{"name": name, "role": "CEO", "email": demo_email(handle)}],
                organization=organization,
                country=country,
                contact_name=name,
                contact_email=demo_email(handle),
                status=SubmissionStatus.SUBMITTED if index % 6 != 5 else SubmissionStatus.DRAFT,
                search_text=f"{title} {organization} {name}".lower(),
                submitted_at=now - timedelta(days=2) if index % 6 != 5 else None,
            ).save()
    return True

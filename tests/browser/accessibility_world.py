"""The world of the accessibility walks: the demo as `make run` shows it with a little more, and
a browser page signed in as one of its people."""

from __future__ import annotations

import dataclasses

from judging.accounts import token_services
from judging.accounts.schemas import TokenRequest
from judging.accounts.tables import Account
from judging.applications.tables import AttachmentSlot, Question
from judging.assignments.tables import Assignment, Conflict, JudgeProfile
from judging.clock import utcnow
from judging.competitions.tables import Round, Track
from judging.demo import DEMO_PASSWORD, demo_email
from judging.demo.judging import seed_demo_judging
from judging.integrations import services as webhooks
from judging.integrations.schemas import WebhookFields
from judging.integrations.tables import WebhookDelivery
from judging.messages import services as messages
from judging.messages.schemas import SendRequest
from judging.privacy.tables import ErasureRequest
from judging.results.publication import services as publication
from judging.reviews.tables import Scorecard
from judging.submissions.tables import ImportJob, Submission

LANGUAGES = {"en": "en-US", "zh_CN": "zh-CN"}
HANDLES = {"entrant": "entrant1", "judge": "judge1", "organizer": "organizer", "admin": "admin"}


@dataclasses.dataclass(frozen=True)
class DemoIds:
    """The demo rows the pages are about, after the test's additions (see :func:`_prepare`)."""

    competition: int
    slug: str
    preliminary: int
    final: int
    track: int
    entrant_project: int
    to_score: int
    scored: int
    profile: int
    conflict: int
    import_job: int
    question: int
    slot: int
    message: int
    webhook: int
    screening: int


async def prepare_demo(competition) -> DemoIds:
    """The demo as `make run` shows it (the preliminary judged, a final after it), plus what
    some pages need to show something: the preliminary published, the final's live board
    public, a conflict judge1 declared, a failed import and API tokens."""
    await seed_demo_judging()
    organizer = await Account.objects().get(Account.email == demo_email("organizer"))
    judge1 = await Account.objects().get(Account.email == demo_email("judge1"))
    entrant1 = await Account.objects().get(Account.email == demo_email("entrant1"))
    rounds = await Round.objects().where(Round.competition == competition.id).order_by(Round.id)
    preliminary, final = rounds[0], rounds[-1]
    await publication.publish(
        competition.id, preliminary.id, organizer, utcnow(), "http://127.0.0.1", confirm=True
    )
    await Round.update({Round.leaderboard_public: True}).where(Round.id == final.id)
    assigned = [
        row["submission"]
        for row in await Assignment.select(Assignment.submission)
        .where((Assignment.round == preliminary.id) & (Assignment.judge == judge1.id))
        .order_by(Assignment.submission)
    ]
    cards = {
        row["submission"]: row["status"]
        for row in await Scorecard.select(Scorecard.submission, Scorecard.status).where(
            (Scorecard.round == preliminary.id) & (Scorecard.judge == judge1.id)
        )
    }
    to_score = next(project for project in assigned if cards.get(project) != "submitted")
    scored = next(project for project in assigned if cards.get(project) == "submitted")
    unassigned = (
        await Submission.objects()
        .where((Submission.competition == competition.id) & Submission.id.not_in(assigned))
        .order_by(Submission.id, ascending=False)
        .first()
    )
    conflict = Conflict(
        competition=competition.id,
        judge=judge1.id,
        submission=unassigned.id,
        reason="I advised this team last year.",
        source="judge",
        created_by=judge1.id,
    )
    await conflict.save()
    job = ImportJob(
        competition=competition.id,
        kind="submissions",
        filename="projects.csv",
        status="failed",
        total_rows=2,
        errors=[
            {
                "row": 3,
                "field": "",
                "message": "Row %(row)s has more cells than the header.",
                "params": {"row": 3},
            }
        ],
        created_by=organizer.id,
        finished_at=utcnow(),
    )
    await job.save()
    project = await Submission.objects().where(Submission.owner == entrant1.id).first()
    profile = await JudgeProfile.objects().where(JudgeProfile.account == judge1.id).first()
    track = await Track.objects().where(Track.competition == competition.id).first()
    # A message sent to the entrants, for the mail log's pages.
    sent = await messages.send(
        competition.id,
        SendRequest(
            subject_en="Deadline for {project}",
            subject_zh="{project}的截止时间",
            body_en="Dear {name}, the deadline is {deadline}.",
            body_zh="{name}您好，截止时间为{deadline}。",
            confirm=True,
        ),
        organizer.id,
        utcnow(),
    )
    # A screening round after the final, for its organizers' page.
    screening_round = Round(
        competition=competition.id,
        name_en="Eligibility check",
        name_zh="资格审查",
        position=3,
        is_screening=True,
    )
    await screening_round.save()
    # A token of each kind, for the token pages' lists.
    await token_services.make_token(
        entrant1, TokenRequest(name="Pitch deck sync", scopes=["read"]), utcnow()
    )
    await token_services.make_token(
        organizer,
        TokenRequest(name="CRM 客户管理", scopes=["read", "organize"]),
        utcnow(),
        competition_id=competition.id,
    )
    # An endpoint with a delivery that failed once, for the webhook pages.
    hook = await webhooks.add_webhook(
        competition.id,
        WebhookFields(url="https://crm.example.com/hooks/judging", events=["round.published"]),
        organizer.id,
        utcnow(),
        production=False,
    )
    await webhooks.queue_event(competition.id, "round.published", {"round_id": 1}, utcnow())
    await WebhookDelivery.update(
        {
            WebhookDelivery.attempts: 1,
            WebhookDelivery.last_status: 503,
            WebhookDelivery.last_response: "Service unavailable",
            WebhookDelivery.last_attempt_at: utcnow(),
        }
    ).where(WebhookDelivery.webhook == hook.id)
    # A judge asked for erasure, for the organizers' requests page.
    judge5 = await Account.objects().get(Account.email == demo_email("judge5"))
    await ErasureRequest(account=judge5.id, reason="Je quitte le jury. 我退出评审。").save()
    return DemoIds(
        webhook=hook.id,
        screening=screening_round.id,
        message=sent.id,
        competition=competition.id,
        slug=competition.slug,
        preliminary=preliminary.id,
        final=final.id,
        track=track.id,
        entrant_project=project.id,
        to_score=to_score,
        scored=scored,
        profile=profile.id,
        conflict=conflict.id,
        import_job=job.id,
        question=(
            await Question.objects().where(Question.competition == competition.id).first()
        ).id,
        slot=(
            await AttachmentSlot.objects()
            .where(AttachmentSlot.competition == competition.id)
            .first()
        ).id,
    )


async def open_as(browser, base: str, role: str, width: int, language: str, ratio: float = 1):
    """A page of a new browser context of the role's demo account (signed in), at that window
    width (a phone below 500 px) and pixel ratio, asking for the language."""
    context = await browser.new_context(
        device_scale_factor=ratio,
        locale=LANGUAGES[language],
        viewport={"width": width, "height": 900 if width > 500 else 844},
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    page = await context.new_page()
    if role != "public":
        await page.goto(f"{base}/login")
        await page.locator("#email").fill(demo_email(HANDLES[role]))
        await page.locator("#password").fill(DEMO_PASSWORD)
        await page.locator("#password").press("Enter")
        await page.wait_for_url(lambda url: "/login" not in url)
    return page

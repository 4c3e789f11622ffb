"""The app factory: the one place where plugins, middleware, stores and routes are wired."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from litestar import Litestar, Request
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware.base import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.flash import FlashConfig, FlashPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from redis.asyncio import Redis

from judging.accounts.controllers import AccountPages, SessionApi, SignInPages
from judging.accounts.guards import token_allows
from judging.accounts.middleware import AccountMiddleware
from judging.accounts.throttle import DatabaseCounters, RedisCounters
from judging.accounts.token_controllers import PersonalTokenApi, PersonalTokenPages
from judging.applications.controllers import ApplicationFormApi, ApplicationFormPages
from judging.applications.slot_controllers import AttachmentSlotApi, AttachmentSlotPages
from judging.assignments.access import may_read_attachment, may_read_deck
from judging.assignments.conflict_controllers import (
    ConflictApi,
    ConflictPages,
    JudgeConflictApi,
    JudgeConflictPages,
)
from judging.assignments.pool_controllers import JudgePoolApi, JudgePoolPages, JudgeProfilePages
from judging.assignments.round_controllers import AssignmentApi, AssignmentPages
from judging.competitions import services as competitions
from judging.competitions.controllers import (
    AdminCompetitionPages,
    CompetitionApi,
    CompetitionSettingsPages,
    CompetitionSetupApi,
    OrganizerPages,
)
from judging.competitions.deps import DEPENDENCIES as competition_dependencies
from judging.competitions.invitation_controllers import InvitationApi, InvitationPages, PeoplePages
from judging.competitions.round_controllers import RoundApi, RoundPages
from judging.competitions.rubric_controllers import RubricApi, RubricPages
from judging.competitions.token_controllers import CompetitionTokenApi, CompetitionTokenPages
from judging.competitions.track_controllers import TrackApi, TrackPages
from judging.database import close_engine, engine, open_engine
from judging.integrations import listeners as integration_listeners  # noqa: F401 - subscribes
from judging.integrations.controllers import WebhookApi, WebhookPages
from judging.messages.controllers import MessageApi, MessagePages
from judging.operations.jobs import IMPORTERS, import_queue, run_in_process
from judging.operations.logs import logging_config, request_id_middleware
from judging.operations.metrics import PROMETHEUS, MetricsController
from judging.operations.readiness import ReadinessController
from judging.outbox.controllers import CompetitionOutboxPages, OutboxPages
from judging.privacy.controllers import (
    ErasureRequestApi,
    ErasureRequestPages,
    PersonalDataApi,
    PersonalDataPages,
)
from judging.results.advancement.controllers import AdvancementApi, AdvancementPages
from judging.results.live.channels import channels_plugin
from judging.results.live.controllers import LiveApi, LiveControlApi, LiveControlPages, LivePages
from judging.results.moderation.controllers import ScorecardModerationApi, ScorecardModerationPages
from judging.results.publication.controllers import PublicationApi, PublicationPages
from judging.results.publication.entrant_controllers import EntrantResultApi
from judging.results.publication.entrant_results import project_results, results_of_projects
from judging.results.publication.public_competition_controllers import PublicCompetitionPages
from judging.results.publication.public_controllers import PublicResultApi, PublicResultPages
from judging.results.ranking.controllers import ResultsWorkbenchApi, ResultsWorkbenchPages
from judging.results.screening.controllers import ScreeningApi, ScreeningPages
from judging.reviews.controllers import JudgeApi, JudgePages, RoundProgressApi, RoundProgressPages
from judging.settings import Settings, check_production_safety
from judging.submissions.attachment_controllers import AttachmentFiles
from judging.submissions.deck_controllers import DeckFiles
from judging.submissions.entrant_controllers import EntrantPages
from judging.submissions.import_controllers import OrganizerImportApi, OrganizerImportPages
from judging.submissions.import_jobs import Importers
from judging.submissions.organizer_controllers import (
    OrganizerSubmissionApi,
    OrganizerSubmissionPages,
)
from judging.submissions.project_api_controllers import ProjectApi
from judging.submissions.standings import StandingLookups
from judging.submissions.storage import remove_stale_uploads
from judging.submissions.team_controllers import TeamInvitationPages, TeamPages
from judging.web.api_docs import ErrorResponsesPlugin, ServerRenderedDocsPlugin
from judging.web.context import provide_context
from judging.web.controllers import ShellPages
from judging.web.csrf import SessionCSRFMiddleware
from judging.web.headers import add_security_headers
from judging.web.redisplay import mark_handler_reached
from judging.web.responses import EXCEPTION_HANDLERS
from judging.web.screen import InputScreenMiddleware
from judging.web.sessions import RotatingSessionConfig
from judging.web.stores import build_stores
from judging.web.templating import STATIC_DIR, build_environment

logger = logging.getLogger("judging")

# Paths that never need the account (static files, health checks) skip its database lookup.
NO_ACCOUNT_PATHS = ["^/static/", "^/healthz", "^/livez", "^/readyz", "^/metrics"]


SECURITY_SCHEMES = {
    "apiToken": SecurityScheme(
        type="http",
        scheme="bearer",
        description=(
            "A personal or competition API token (`cgm_…`), made on the account's or the "
            "competition's API tokens page, sent as `Authorization: Bearer <token>`. Its scopes "
            "narrow what its account may do; token requests need no CSRF header and are "
            "limited per token per minute (429 beyond)."
        ),
    ),
    "session": SecurityScheme(
        type="apiKey",
        name="session",
        security_scheme_in="cookie",
        description=(
            "The browser session from `POST /api/v1/session`; unsafe requests carry the "
            "`x-csrftoken` header with the `csrftoken` cookie's value."
        ),
    ),
}


def _provide_settings(request: Request) -> Settings:
    return request.app.state.settings


def _provide_importers() -> Importers:
    return IMPORTERS


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the web app for ``settings`` (read from the environment when not given)."""
    settings = settings or Settings.from_env()
    check_production_safety(settings)
    database = engine()
    redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
    stores = build_stores(settings, redis)
    # Sign-in and reset-mail limits count atomically: Redis INCR when configured, else an SQL
    # upsert (Litestar's Store has no atomic increment).
    counters = RedisCounters(redis, "judging_throttle") if redis is not None else DatabaseCounters()
    # With Redis, imports run in `judging worker` processes; without, in this process.
    queue, enqueue_import = import_queue(settings) if settings.redis_url else (None, None)

    @contextlib.asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await open_engine(database)
        if queue is not None:
            await queue.connect()
        # Temp files of uploads cut off by a crash; finished decks are never touched.
        await asyncio.to_thread(remove_stale_uploads, settings.data_dir)
        # With Redis, `judging worker` processes run the jobs (judging.operations.jobs).
        background = [] if settings.redis_url else [asyncio.create_task(run_in_process(settings))]
        try:
            yield
        finally:
            for task in background:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if queue is not None:
                await queue.disconnect()
            await close_engine(database)

    session_config = RotatingSessionConfig(
        key="session",
        httponly=True,
        samesite="lax",
        secure=settings.production,
        max_age=settings.session_max_age_seconds,
        store="sessions",
        exclude=NO_ACCOUNT_PATHS,
    )
    csrf_config = CSRFConfig(
        secret=settings.secret_key,
        cookie_secure=settings.production,
        cookie_samesite="lax",
        cookie_httponly=False,
        exclude=["^/healthz", "^/livez", "^/readyz", "^/metrics"],
    )
    template_config = TemplateConfig(
        instance=JinjaTemplateEngine.from_environment(build_environment())
    )

    return Litestar(
        route_handlers=[
            ShellPages,
            ReadinessController,
            MetricsController,
            SignInPages,
            AccountPages,
            PersonalTokenPages,
            PersonalTokenApi,
            OrganizerPages,
            PeoplePages,
            CompetitionTokenPages,
            CompetitionTokenApi,
            CompetitionSettingsPages,
            TrackPages,
            ApplicationFormPages,
            AttachmentSlotPages,
            RoundPages,
            RubricPages,
            AdminCompetitionPages,
            InvitationPages,
            PublicCompetitionPages,
            EntrantPages,
            TeamPages,
            TeamInvitationPages,
            DeckFiles,
            AttachmentFiles,
            ProjectApi,
            JudgePages,
            JudgeApi,
            RoundProgressPages,
            RoundProgressApi,
            OutboxPages,
            CompetitionOutboxPages,
            SessionApi,
            CompetitionApi,
            InvitationApi,
            CompetitionSetupApi,
            TrackApi,
            ApplicationFormApi,
            AttachmentSlotApi,
            RoundApi,
            RubricApi,
            OrganizerSubmissionPages,
            OrganizerImportPages,
            OrganizerSubmissionApi,
            OrganizerImportApi,
            JudgePoolPages,
            ConflictPages,
            AssignmentPages,
            JudgeProfilePages,
            JudgeConflictPages,
            JudgePoolApi,
            ConflictApi,
            AssignmentApi,
            JudgeConflictApi,
            LivePages,
            LiveApi,
            LiveControlPages,
            LiveControlApi,
            PublicationPages,
            PublicationApi,
            PublicResultPages,
            PublicResultApi,
            EntrantResultApi,
            ResultsWorkbenchPages,
            ResultsWorkbenchApi,
            ScorecardModerationPages,
            ScorecardModerationApi,
            AdvancementPages,
            AdvancementApi,
            ScreeningPages,
            ScreeningApi,
            MessagePages,
            MessageApi,
            WebhookPages,
            WebhookApi,
            PersonalDataPages,
            PersonalDataApi,
            ErasureRequestPages,
            ErasureRequestApi,
            create_static_files_router(path="/static", directories=[STATIC_DIR], name="static"),
        ],
        middleware=[
            # Outermost: every log line of the request, and its response, carry its id.
            request_id_middleware,
            PROMETHEUS.middleware,
            session_config.middleware,
            DefineMiddleware(AccountMiddleware, exclude=NO_ACCOUNT_PATHS),
            # After the account is known, so a refusal's page still shows who is signed in.
            InputScreenMiddleware(),
            # After the account too: a request a bearer token authenticated needs no CSRF token.
            DefineMiddleware(SessionCSRFMiddleware, config=csrf_config),
        ],
        # An API token's scopes narrow what its account may do, before any other guard.
        guards=[token_allows],
        # Any handler may ask for these by name: the settings, the kinds of import, the request's
        # context (actor, now, base URL), and the competition and round its path names.
        dependencies={
            "settings": Provide(_provide_settings, sync_to_thread=False),
            "importers": Provide(_provide_importers, sync_to_thread=False),
            "context": Provide(provide_context, sync_to_thread=False),
            **competition_dependencies,
        },
        plugins=[
            # Live leaderboards: channels "round:<id>" over Redis pub/sub when configured (every
            # process hears every change), else in memory.
            channels_plugin(settings.redis_url),
            # Every API operation documents the errors it can answer, derived from its guards,
            # path, body and raises=[...].
            ErrorResponsesPlugin(csrf=csrf_config),
            # One-time notices after a redirect, kept in the session (judging.web.notices).
            FlashPlugin(FlashConfig(template_config=template_config)),
        ],
        stores=stores,
        template_config=template_config,
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        openapi_config=OpenAPIConfig(
            title="China Gate Master judging API",
            version="1",
            path="/schema",
            components=Components(security_schemes=SECURITY_SCHEMES),
            security=[{"apiToken": []}, {"session": []}],
            render_plugins=[
                ServerRenderedDocsPlugin(path="/"),
                JsonRenderPlugin(path="/openapi.json"),
            ],
        ),
        # Security headers on every response, errors and static files included.
        before_send=[add_security_headers],
        # Past the guards: only then may a failed form be shown again on its page.
        before_request=mark_handler_reached,
        request_max_body_size=(settings.max_upload_mb + 1) * 1024 * 1024,
        lifespan=[lifespan],
        logging_config=logging_config(settings.json_logs),
        # Accounts shows the roles an account holds; memberships belong to competitions, above
        # it, which gives the lookup here.
        state=State(
            {
                "settings": settings,
                "counters": counters,
                "csrf_config": csrf_config,
                # Readiness asks it (None without JUDGING_REDIS_URL).
                "redis": redis,
                "import_queue": enqueue_import,
                "role_lookup": competitions.roles_of,
                # Submissions serves decks; assignments, above it, says who may read one.
                "deck_access": may_read_deck,
                "attachment_access": may_read_attachment,
                "standings": StandingLookups(
                    of_projects=results_of_projects, of_project=project_results
                ),
            }
        ),
        debug=False,
    )

"""The outbox pages: the platform admin's whole outbox (the demo's mailbox when SMTP is not
set), and each competition's own mails for its organizers."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.response import Template

from judging.accounts.guards import is_platform_admin
from judging.competitions.deps import PathCompetition
from judging.competitions.guards import is_organizer
from judging.outbox import services
from judging.settings import Settings
from judging.web.pages import render


class OutboxPages(Controller):
    path = "/admin/outbox"
    include_in_schema = False
    guards = [is_platform_admin]

    @get("/", name="outbox")
    async def index(self, settings: NamedDependency[Settings]) -> Template:
        return render(
            "outbox/index.html",
            messages=await services.recent_messages(),
            smtp_configured=bool(settings.smtp_url),
            competition=None,
        )


class CompetitionOutboxPages(Controller):
    """The mails sent for one competition (invitations, reminders, results), for its organizers."""

    path = "/organize/{competition_id:int}/outbox"
    include_in_schema = False
    guards = [is_organizer]

    @get("/", name="competition_outbox")
    async def index(
        self, competition: PathCompetition, settings: NamedDependency[Settings]
    ) -> Template:
        return render(
            "outbox/index.html",
            messages=await services.recent_messages(competition.id),
            smtp_configured=bool(settings.smtp_url),
            competition=competition,
        )

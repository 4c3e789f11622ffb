"""Seeding the demo into an empty database: the competition, its people and projects."""

from __future__ import annotations

from judging.accounts.tables import Account
from judging.clock import utcnow
from judging.competitions.tables import Competition
from judging.demo import application, competition, people, projects


async def seed_demo(if_empty: bool = True) -> bool:
    """Create the demo competition and its people; returns False when skipped.

    It is set up as its people would set it up, through the services, in one transaction:
    the admin creates the competition and makes Li Wei its organizer, who sets up the tracks
    and the preliminary round, writes the application form, makes the judges judges and enters
    the entrants' projects with their answers.
    """
    if if_empty and await Account.count() > 0:
        return False
    if await Competition.exists().where(Competition.slug == competition.DEMO_SLUG):
        return False
    now = utcnow()
    async with people.unmailed():
        admin = await people.create_admin()
        created = await competition.create_demo_competition(admin.id)
        organizer = await people.add_organizer(created.id, admin.id)
        tracks = await competition.set_up_tracks(created.id, organizer.id)
        await competition.set_up_preliminary(created.id, organizer.id, now)
        await application.set_up_application_form(created.id, tracks, organizer.id)
        await people.add_judges(created.id, organizer.id)
        entrants = await people.sign_up_entrants()
        await projects.enter_projects(created.id, tracks, entrants, organizer.id, now)
    return True

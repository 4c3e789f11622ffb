"""The demo's twelve projects, entered by the organizer for the entrants' teams.

They reached the organizer outside the platform, as a competition's first projects often do:
entered as submitted (two of them still drafts their teams finish), without a deck, through
:func:`judging.submissions.entries.enter_project`, checked and audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from judging.accounts.tables import Account
from judging.competitions.tables import Track
from judging.demo.application import answers_for
from judging.demo.people import ENTRANTS, demo_email
from judging.submissions.entries import enter_project
from judging.submissions.schemas import ProjectFields, TeamMember

# owner's handle, track key, title, summary
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
# Every sixth project is a draft its team has not submitted yet.
DRAFT_EVERY = 6
SUBMITTED_BEFORE = timedelta(days=2)


async def enter_projects(
    competition_id: int,
    tracks: dict[str, Track],
    owners: dict[str, Account],
    organizer_id: int,
    now: datetime,
) -> list[int]:
    """Enter :data:`PROJECTS` in their order; returns their ids."""
    countries = {handle: country for handle, _name, _organization, country in ENTRANTS}
    ids = []
    for index, (handle, track_key, title, summary) in enumerate(PROJECTS):
        owner = owners[handle]
        draft = index % DRAFT_EVERY == DRAFT_EVERY - 1
        fields = ProjectFields(
            track_id=tracks[track_key].id,
            title=title,
            summary=summary,
            description=f"## {title}\n\n{summary}\n\n- Stage: pilot customers\n- Team: 6 people",
            team=[TeamMember(name=owner.display_name, role="CEO", email=demo_email(handle))],
            organization=owner.organization,
            country=countries[handle],
            contact_name=owner.display_name,
            contact_email=demo_email(handle),
            answers=answers_for(index, track_key, countries[handle]),
        )
        ids.append(
            await enter_project(
                competition_id,
                fields,
                owner_id=owner.id,
                submitted_at=None if draft else now - SUBMITTED_BEFORE,
                actor_id=organizer_id,
                now=now,
            )
        )
    return ids

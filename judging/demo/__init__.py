"""The demo competition "China Gate Master 2021", seeded into an empty database.

Written through the domains' services, as its people would set it up, so it is validated
and audited like real data; the demo sits above every domain (see pyproject's layers).

- :mod:`~judging.demo.people`: the admin, organizer, judges and entrants; no mail reaches them
- :mod:`~judging.demo.competition`: the competition, its tracks, preliminary round and rubric
- :mod:`~judging.demo.projects`: the entrants' projects
- :mod:`~judging.demo.seed`: :func:`seed_demo`, all of the above into an empty database
- :mod:`~judging.demo.judging`: the judging under way, seeded after it by ``judging demo``
"""

from judging.demo.competition import DEMO_SLUG, RUBRIC, TRACKS
from judging.demo.people import (
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    ENTRANTS,
    JUDGES,
    ORGANIZER,
    demo_accounts,
    demo_email,
)
from judging.demo.projects import PROJECTS
from judging.demo.seed import seed_demo

__all__ = [
    "DEMO_DOMAIN",
    "DEMO_PASSWORD",
    "DEMO_SLUG",
    "ENTRANTS",
    "JUDGES",
    "ORGANIZER",
    "PROJECTS",
    "RUBRIC",
    "TRACKS",
    "demo_accounts",
    "demo_email",
    "seed_demo",
]

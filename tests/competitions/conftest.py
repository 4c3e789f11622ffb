"""The world of competition setup tests: the demo, signed in as its organizer or an admin."""

import pytest

from judging.competitions.tables import Round, Track
from judging.demo import DEMO_PASSWORD, demo_email


@pytest.fixture
async def organizer(client, demo):
    """The client, signed in as the demo competition's organizer."""
    await client.sign_in(demo_email("organizer"), DEMO_PASSWORD)
    return client


@pytest.fixture
async def admin(client, demo):
    """The client, signed in as the platform admin."""
    await client.sign_in(demo_email("admin"), DEMO_PASSWORD)
    return client


@pytest.fixture
async def preliminary(demo) -> Round:
    return await Round.objects().get(Round.competition == demo.id)


@pytest.fixture
async def ai_track(demo) -> Track:
    return await Track.objects().get((Track.competition == demo.id) & (Track.key == "ai"))

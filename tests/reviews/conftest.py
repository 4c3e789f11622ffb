"""Fixtures of the judging tests: the demo with assignments, and a client signed in as judge1."""

import pytest

from tests.reviews.judging_world import World, build_world, signed_in


@pytest.fixture
async def world(demo) -> World:
    return await build_world(demo.id)


@pytest.fixture
async def judge1(client, world):
    """The client, signed in as judge1 (assigned to the world's three projects)."""
    return await signed_in(client, "judge1")

"""The header's links follow the permission rules: who organizes, who judges (base.html)."""

from __future__ import annotations

import re

from judging.demo import DEMO_PASSWORD, demo_email
from tests.support import app_client

ORGANIZE = '<a href="/organize">'
JUDGE = '<a href="/judge">'
ADMIN = '<a href="/admin">'


async def header_of(app, handle: str) -> str:
    async with app_client(app) as client:
        await client.sign_in(demo_email(handle), DEMO_PASSWORD)
        page = await client.get("/account")
    assert page.status_code == 200
    return re.search(r'<header class="site-header">.*?</header>', page.text, re.S).group(0)


async def test_a_platform_admin_is_offered_administration_and_organizing_but_not_judging(app, demo):
    header = await header_of(app, "admin")
    assert ADMIN in header
    assert ORGANIZE in header
    assert JUDGE not in header


async def test_an_organizer_is_offered_organizing_only(app, demo):
    header = await header_of(app, "organizer")
    assert ORGANIZE in header
    assert ADMIN not in header
    assert JUDGE not in header


async def test_a_judge_is_offered_judging_only(app, demo):
    header = await header_of(app, "judge1")
    assert JUDGE in header
    assert ORGANIZE not in header
    assert ADMIN not in header


async def test_an_entrant_is_offered_neither_organizing_nor_judging(app, demo):
    header = await header_of(app, "entrant1")
    assert ORGANIZE not in header
    assert JUDGE not in header
    assert ADMIN not in header

"""Every listed route and the people who call them, for the tests that walk all routes.

Each domain lists its routes in ``tests/<domain>/access_table*.py`` (see test_access.py).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from judging.demo import DEMO_PASSWORD, demo_email
from tests.support import TEST_PASSWORD, WebClient


def _all_rows() -> list[tuple[str, str, tuple[int, ...]]]:
    rows = []
    for module_path in sorted(Path(__file__).parent.parent.glob("*/access_table*.py")):
        module = importlib.import_module(f"tests.{module_path.parent.name}.{module_path.stem}")
        rows.extend(module.ACCESS_TABLE)
    return rows


ACCESS_TABLE = _all_rows()


async def sign_in_as(client: WebClient, role: str) -> None:
    emails = {
        "entrant": demo_email("entrant1"),
        "judge": demo_email("judge1"),
        "organizer": demo_email("organizer"),
        "admin": demo_email("admin"),
    }
    if role in emails:
        await client.sign_in(emails[role], DEMO_PASSWORD)
    elif role == "outsider":
        await client.sign_in("outsider@example.com", TEST_PASSWORD)

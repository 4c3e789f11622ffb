"""The ``judging`` command, run as a real process against the test database."""

import os
import subprocess
import sys

import pytest

from judging.accounts.tables import Account
from judging.assignments.tables import Assignment
from judging.reviews.tables import Scorecard


def _judging(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "judging.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


async def test_createadmin_creates_a_platform_admin(db):
    result = _judging(
        "createadmin",
        "--email",
        "Root@Example.com",
        "--name",
        "Root",
        "--password",
        "root-password-1",
    )
    assert result.returncode == 0, result.stderr
    account = await Account.objects().get(Account.email == "root@example.com")
    assert account.is_platform_admin


async def test_createadmin_refuses_a_short_password(db):
    result = _judging(
        "createadmin", "--email", "a@example.com", "--name", "A", "--password", "short"
    )
    assert result.returncode != 0
    assert "at least 10 characters" in result.stderr
    assert await Account.count() == 0


async def test_createadmin_refuses_a_taken_email(db):
    first = _judging(
        "createadmin", "--email", "a@example.com", "--name", "A", "--password", "p" * 12
    )
    assert first.returncode == 0
    second = _judging(
        "createadmin", "--email", "a@example.com", "--name", "B", "--password", "p" * 12
    )
    assert second.returncode != 0
    assert "already exists" in second.stderr


async def test_demo_seeds_an_empty_database_once_and_prints_accounts(db):
    first = _judging("demo")
    assert first.returncode == 0, first.stderr
    assert "Seeded the demo competition" in first.stdout
    assert "organizer@demo.chinagate.local" in first.stdout
    assert "Judging is under way" in first.stdout
    assert await Scorecard.count() > 0
    count = await Account.count()
    second = _judging("demo")
    assert "Seeded" not in second.stdout
    assert "organizer@demo.chinagate.local" in second.stdout
    assert await Account.count() == count


async def test_demo_without_judging_leaves_the_round_unassigned(db):
    result = _judging("demo", "--no-judging")
    assert result.returncode == 0, result.stderr
    assert "Judging is under way" not in result.stdout
    assert (await Assignment.count(), await Scorecard.count()) == (0, 0)


def test_demo_refuses_to_run_in_production():
    result = _judging("demo", env={"JUDGING_ENV": "production", "JUDGING_SECRET_KEY": "k" * 40})
    assert result.returncode == 2


@pytest.mark.usefixtures("db")
def test_migrate_reports_up_to_date_on_a_migrated_database():
    result = _judging("migrate")
    assert result.returncode == 0, result.stderr

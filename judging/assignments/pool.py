"""The judge pool of a competition: profiles keyed by email, added or updated in bulk."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Annotated

import msgspec

from judging.accounts.schemas import DisplayName, Email, Organization
from judging.accounts.tables import Account
from judging.assignments.tables import JudgeProfile
from judging.competitions.services import JUDGE
from judging.competitions.tables import Invitation, Membership

# Keeps each IN (...) list well below the bind-parameter limits of SQLite and PostgreSQL.
CHUNK = 500


class JudgeEntry(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """One judge as an organizer lists them: expertise as track keys, an optional load limit."""

    email: Email
    display_name: DisplayName
    organization: Organization = ""
    tracks: list[str] = msgspec.field(default_factory=list)
    max_load: Annotated[int, msgspec.Meta(ge=0, le=10000)] | None = None


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


async def account_ids_by_email(emails: Iterable[str]) -> dict[str, int]:
    """Account id of each email that has an account."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(emails))):
        rows = await Account.select(Account.id, Account.email).where(Account.email.is_in(chunk))
        found.update({row["email"]: row["id"] for row in rows})
    return found


async def upsert_judges(competition_id: int, entries: Sequence[JudgeEntry]) -> int:
    """Add each judge to the pool, or update the profile of the same email; returns the count.

    Call inside the caller's transaction. Emails are expected normalized (lower case).
    """
    existing = {
        row["email"]: row["id"]
        for row in await JudgeProfile.select(JudgeProfile.id, JudgeProfile.email).where(
            JudgeProfile.competition == competition_id
        )
    }
    accounts = await account_ids_by_email(entry.email for entry in entries)
    new_profiles = []
    for entry in entries:
        # ``active`` is left alone: re-importing a list must not bring back a dropped-out judge.
        values = {
            JudgeProfile.display_name: entry.display_name,
            JudgeProfile.organization: entry.organization,
            JudgeProfile.tracks: entry.tracks,
            JudgeProfile.max_load: entry.max_load,
        }
        if entry.email in accounts:
            values[JudgeProfile.account] = accounts[entry.email]
        if entry.email in existing:
            await JudgeProfile.update(values).where(JudgeProfile.id == existing[entry.email])
            continue
        new_profiles.append(
            JudgeProfile(
                competition=competition_id,
                email=entry.email,
                account=accounts.get(entry.email),
                display_name=entry.display_name,
                organization=entry.organization,
                tracks=entry.tracks,
                max_load=entry.max_load,
                active=True,
            )
        )
    for start in range(0, len(new_profiles), CHUNK // 5):
        await JudgeProfile.insert(*new_profiles[start : start + CHUNK // 5])
    return len(entries)


async def emails_to_invite(competition_id: int, emails: Sequence[str], now: datetime) -> list[str]:
    """The emails that are neither judges of the competition nor holders of a live invitation."""
    wanted = sorted(set(emails))
    covered: set[str] = set()
    for chunk in _chunks(wanted):
        judges = await Membership.select(Membership.account.email.as_alias("email")).where(
            (Membership.competition == competition_id)
            & (Membership.role == JUDGE)
            & Membership.account.email.is_in(chunk)
        )
        pending = await Invitation.select(Invitation.email).where(
            (Invitation.competition == competition_id)
            & (Invitation.role == JUDGE)
            & Invitation.email.is_in(chunk)
            & Invitation.used_at.is_null()
            & (Invitation.expires_at > now)
        )
        covered.update(row["email"] for row in judges)
        covered.update(row["email"] for row in pending)
    return [email for email in wanted if email not in covered]

"""The judge pool imported from a file: each row checked, profiles added or updated by email,
then newcomers invited.

Reading the file, the row errors and the job's progress are the imports' shared pieces in
:mod:`judging.submissions.import_jobs`; this module is what a judges' file means.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

import msgspec

from judging.accounts.schemas import DisplayName, Email, Organization
from judging.assignments.tables import JudgeProfile
from judging.competitions import services as competitions
from judging.competitions.invitations import create_invitation
from judging.competitions.schemas import InvitationCreate
from judging.competitions.tables import Invitation, Membership
from judging.database import writing
from judging.errors import ValidationFailed
from judging.i18n import N_
from judging.submissions.import_jobs import Importer, ImportRun, check_rows, record_success
from judging.submissions.import_rows import (
    CHUNK,
    RowChecker,
    RowErrors,
    account_ids_by_email,
    chunks,
    split_list,
    struct_or_errors,
    track_keys,
)

logger = logging.getLogger("judging.imports")

KIND = "judges"
REQUIRED_COLUMNS = ("email", "name")
OPTIONAL_COLUMNS = ("organization", "tracks", "max_load")


class JudgeEntry(msgspec.Struct, forbid_unknown_fields=False, kw_only=True):
    """One judge as an organizer lists them: expertise as track keys, an optional load limit."""

    email: Email
    display_name: DisplayName
    organization: Organization = ""
    tracks: list[str] = msgspec.field(default_factory=list)
    max_load: Annotated[int, msgspec.Meta(ge=0, le=10000)] | None = None


class JudgeChecker(RowChecker):
    """Turns a row into a :class:`JudgeEntry`, or records its errors."""

    RENAMES = {"display_name": "name"}

    def check(self, row: int, cells: dict[str, str]) -> JudgeEntry | None:
        errors_before = len(self.errors.items)
        tracks = [key.lower() for key in split_list(cells.get("tracks", ""))]
        unknown = [key for key in tracks if key not in self.tracks]
        if unknown:
            self.errors.add(
                row,
                "tracks",
                N_("There is no track %(value)s. Use one of: %(choices)s."),
                value=", ".join(unknown),
                choices=self.track_choices(),
            )
        email = cells.get("email", "").lower()
        data = {
            "email": email,
            "display_name": cells.get("name", ""),
            "organization": cells.get("organization", ""),
            "tracks": list(dict.fromkeys(tracks)),
            "max_load": cells.get("max_load", ""),
        }
        entry: JudgeEntry | None = None
        try:
            entry = struct_or_errors(data, JudgeEntry)
        except ValidationFailed as failed:
            self.errors.add_failed(row, failed, self.RENAMES)
        if email:
            self.unique(row, "email", email, N_("The same email is also in row %(row)s."))
        if entry is None or len(self.errors.items) > errors_before:
            return None
        return entry


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
    for chunk in chunks(wanted):
        judges = await Membership.select(Membership.account.email.as_alias("email")).where(
            (Membership.competition == competition_id)
            & (Membership.role == competitions.JUDGE)
            & Membership.account.email.is_in(chunk)
        )
        pending = await Invitation.select(Invitation.email).where(
            (Invitation.competition == competition_id)
            & (Invitation.role == competitions.JUDGE)
            & Invitation.email.is_in(chunk)
            & Invitation.used_at.is_null()
            & (Invitation.expires_at > now)
        )
        covered.update(row["email"] for row in judges)
        covered.update(row["email"] for row in pending)
    return [email for email in wanted if email not in covered]


async def import_judges(run: ImportRun) -> RowErrors:
    """Check every row as a judge; upsert all of them in one transaction, or none; then invite
    each newcomer (a failed invitation is logged and the others still go out)."""
    job, actor, reporter, clock = run.job, run.actor, run.reporter, run.clock
    checker = JudgeChecker(await track_keys(job.competition))
    entries: list[JudgeEntry] = await check_rows(run.table.rows, checker.check, reporter)
    if checker.errors:
        return checker.errors
    now = clock()
    invitees = await emails_to_invite(job.competition, [e.email for e in entries], now)
    async with writing():
        await upsert_judges(job.competition, entries)
        await reporter.advance("writing", "written", len(entries))
        await record_success(job, actor, len(entries), clock(), {"invited": len(invitees)})
    for count, email in enumerate(invitees, start=1):
        try:
            await create_invitation(
                competition_id=job.competition,
                form=InvitationCreate(email=email, role=competitions.JUDGE),
                inviter=actor,
                base_url=run.invitations.base_url,
                now=clock(),
                ttl=run.invitations.ttl,
            )
        except Exception:  # the pool is saved; one failed mail must not hide the others
            logger.exception("Invitation of imported judge %s failed", email)
        await reporter.advance("inviting", "invited", count)
    return checker.errors


JUDGE_IMPORTER = Importer(
    kind=KIND,
    required_columns=REQUIRED_COLUMNS,
    optional_columns=OPTIONAL_COLUMNS,
    write_rows=import_judges,
)

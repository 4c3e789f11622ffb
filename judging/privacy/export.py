"""Everything the platform holds about one person, as they may download it: a ZIP with
``data.json`` and the files of their projects.

What is theirs: their account, roles, projects (owned or as a co-founder) with their files,
judge profiles and conflicts, the scorecards and screening words they wrote, the mails sent
to them, their API tokens (never the token), their requests, and what the audit trail
records them doing (the action and the item, not the other people's details it may hold).
"""

from __future__ import annotations

import asyncio
import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from judging.accounts.tables import Account, ApiToken
from judging.assignments.tables import Conflict, JudgeProfile
from judging.audit.tables import AuditEvent
from judging.competitions.tables import Membership
from judging.outbox.tables import OutboxMessage
from judging.privacy.tables import ErasureRequest
from judging.reviews.tables import Scorecard, ScreeningVote
from judging.submissions.attachment_files import attachment_path
from judging.submissions.storage import deck_path
from judging.submissions.tables import Attachment, DeckVersion, Submission, TeamMember

FORMAT = 1


class PersonalFile(msgspec.Struct, frozen=True):
    name: str
    """Where it is in the ZIP."""
    path: str
    """Where it is on disk."""


async def _project_ids(account_id: int) -> list[int]:
    owned = await Submission.select(Submission.id).where(Submission.owner == account_id)
    joined = await TeamMember.select(TeamMember.submission).where(TeamMember.account == account_id)
    return sorted({row["id"] for row in owned} | {row["submission"] for row in joined})


async def personal_data(account_id: int, now: datetime) -> dict[str, Any]:
    """What the platform holds about the account, as plain JSON-ready values."""
    account = (
        await Account.select(
            Account.email,
            Account.display_name,
            Account.organization,
            Account.locale,
            Account.is_platform_admin,
            Account.created_at,
            Account.email_verified_at,
        )
        .where(Account.id == account_id)
        .first()
    )
    projects = await _project_ids(account_id)
    project_rows = (
        await Submission.select(Submission.all_columns(exclude=[Submission.search_text]))
        .where(Submission.id.is_in(projects))
        .order_by(Submission.id)
        .output(load_json=True)
        if projects
        else []
    )
    return {
        "format": FORMAT,
        "exported_at": now,
        "account": account,
        "roles": await Membership.select(
            Membership.competition.name_en.as_alias("competition"),
            Membership.role,
            Membership.created_at,
        ).where(Membership.account == account_id),
        "projects": project_rows,
        "team_members": await TeamMember.select(
            TeamMember.submission, TeamMember.email, TeamMember.invited_at, TeamMember.accepted_at
        ).where(TeamMember.submission.is_in(projects))
        if projects
        else [],
        "deck_versions": await DeckVersion.select(
            DeckVersion.submission, DeckVersion.sha256, DeckVersion.size, DeckVersion.uploaded_at
        ).where(DeckVersion.submission.is_in(projects))
        if projects
        else [],
        "attachments": await Attachment.select(
            Attachment.submission,
            Attachment.slot,
            Attachment.filename,
            Attachment.sha256,
            Attachment.size,
            Attachment.uploaded_at,
        ).where(Attachment.submission.is_in(projects))
        if projects
        else [],
        "judge_profiles": await JudgeProfile.select(
            JudgeProfile.competition.name_en.as_alias("competition"),
            JudgeProfile.email,
            JudgeProfile.display_name,
            JudgeProfile.organization,
            JudgeProfile.tracks,
        )
        .where(JudgeProfile.account == account_id)
        .output(load_json=True),
        "conflicts": await Conflict.select(
            Conflict.competition,
            Conflict.submission,
            Conflict.organization,
            Conflict.reason,
            Conflict.source,
            Conflict.created_at,
            Conflict.withdrawn_at,
            Conflict.withdrawn_reason,
        ).where(Conflict.judge == account_id),
        "scorecards": await Scorecard.select(
            Scorecard.round,
            Scorecard.submission,
            Scorecard.status,
            Scorecard.scores,
            Scorecard.total,
            Scorecard.comment_to_entrant,
            Scorecard.note_to_organizers,
            Scorecard.created_at,
        )
        .where(Scorecard.judge == account_id)
        .output(load_json=True),
        "screening_words": await ScreeningVote.select(
            ScreeningVote.round,
            ScreeningVote.submission,
            ScreeningVote.eligible,
            ScreeningVote.reason,
            ScreeningVote.updated_at,
        ).where(ScreeningVote.judge == account_id),
        "mails": await OutboxMessage.select(
            OutboxMessage.subject,
            OutboxMessage.body,
            OutboxMessage.created_at,
            OutboxMessage.sent_at,
        ).where(OutboxMessage.to_address == account["email"])
        if account
        else [],
        "api_tokens": await ApiToken.select(
            ApiToken.name,
            ApiToken.scopes,
            ApiToken.competition_id,
            ApiToken.created_at,
            ApiToken.expires_at,
            ApiToken.last_used_at,
            ApiToken.revoked_at,
        ).where(ApiToken.account == account_id),
        "erasure_requests": await ErasureRequest.select(
            ErasureRequest.requested_at,
            ErasureRequest.status,
            ErasureRequest.decided_at,
            ErasureRequest.decision_note,
        ).where(ErasureRequest.account == account_id),
        "activity": await AuditEvent.select(
            AuditEvent.at, AuditEvent.action, AuditEvent.entity, AuditEvent.entity_id
        )
        .where(AuditEvent.actor == account_id)
        .order_by(AuditEvent.id),
    }


async def personal_files(account_id: int, data_dir: str) -> list[PersonalFile]:
    """The decks and attachments of the person's projects that are on disk."""
    projects = await _project_ids(account_id)
    if not projects:
        return []
    decks = await DeckVersion.select(DeckVersion.submission, DeckVersion.sha256).where(
        DeckVersion.submission.is_in(projects)
    )
    files = await Attachment.select(
        Attachment.submission, Attachment.slot, Attachment.sha256, Attachment.extension
    ).where(Attachment.submission.is_in(projects))
    found = [
        PersonalFile(
            name=f"files/project-{row['submission']}/deck-{row['sha256'][:12]}.pdf",
            path=str(deck_path(data_dir, row["sha256"])),
        )
        for row in decks
    ] + [
        PersonalFile(
            name=(
                f"files/project-{row['submission']}/{row['slot']}-{row['sha256'][:12]}"
                f".{row['extension']}"
            ),
            path=str(attachment_path(data_dir, row["sha256"], row["extension"])),
        )
        for row in files
    ]
    unique = list({item.name: item for item in found}.values())
    return await asyncio.to_thread(lambda: [item for item in unique if Path(item.path).is_file()])


async def personal_archive(account_id: int, data_dir: str, now: datetime) -> bytes:
    """The ZIP a person downloads: ``data.json`` and their projects' files."""
    data = await personal_data(account_id, now)
    files = await personal_files(account_id, data_dir)
    return await asyncio.to_thread(_zip, data, files)


def _zip(data: dict[str, Any], files: list[PersonalFile]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", msgspec.json.format(msgspec.json.encode(data), indent=2))
        for item in files:
            archive.write(item.path, item.name)
    return buffer.getvalue()

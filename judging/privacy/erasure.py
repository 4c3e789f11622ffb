"""Erasing a person: their personal fields are blanked or replaced by a placeholder, while
what the competition decided stays as it was.

Kept, so published results, rankings and the audit trail stay consistent: the account row
(now "Erased person 17", its address unusable, unable to sign in), scores and their totals,
memberships, assignments, the projects themselves (a team's entry, judged and perhaps
published under its title) and the audit events, whose actor now reads as the placeholder.
Published versions already name judges J1, J2, ..., so nothing published changes.

Blanked: the account's name, organization and password (every session ends, every token is
revoked); their judge profiles' names; their conflicts' reasons and organizations; their
screening words and comments; the contact fields of their own projects; their address
wherever it is stored (team invitations, judge profiles, competition invitations, mail
recipients, the outbox, whose mails to them also lose their bodies), and wherever the audit
trail wrote it down.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from piccolo.engine.postgres import PostgresEngine

from judging.accounts.tables import Account, ApiToken, EmailVerification, PasswordReset
from judging.assignments.tables import Conflict, JudgeProfile
from judging.audit import services as audit
from judging.audit.tables import AuditEvent
from judging.competitions.tables import Invitation
from judging.database import engine
from judging.messages.tables import MessageRecipient
from judging.outbox.tables import OutboxMessage
from judging.reviews.tables import Scorecard, ScreeningVote
from judging.submissions.tables import Submission, TeamMember

ERASED_NAME = "Erased person %(id)s"


def erased_address(account_id: int) -> str:
    # .invalid never resolves (RFC 2606): no mail can reach anyone through it.
    return f"erased-{account_id}@erased.invalid"


async def erase_account(account_id: int, now: datetime) -> None:
    """Erase the account's personal data (see the module docstring); call inside the
    transaction that records the decision."""
    account = await Account.objects().get(Account.id == account_id)
    address, placeholder = erased_address(account_id), ERASED_NAME % {"id": account_id}
    old = account.email
    await Account.update(
        {
            Account.email: address,
            Account.display_name: placeholder,
            Account.organization: "",
            Account.locale: "",
            # No password hashes to this: nobody signs in, and every session's credential
            # fingerprint stops matching.
            Account.password_hash: "!erased:" + secrets.token_hex(16),
            Account.is_active: False,
            Account.email_verified_at: None,
        }
    ).where(Account.id == account_id)
    await ApiToken.update({ApiToken.revoked_at: now}).where(
        (ApiToken.account == account_id) & ApiToken.revoked_at.is_null()
    )
    await PasswordReset.delete().where(PasswordReset.account == account_id)
    await EmailVerification.delete().where(EmailVerification.account == account_id)
    await JudgeProfile.update(
        {
            JudgeProfile.email: address,
            JudgeProfile.display_name: placeholder,
            JudgeProfile.organization: "",
        }
    ).where((JudgeProfile.account == account_id) | (JudgeProfile.email == old))
    await Conflict.update(
        {Conflict.organization: "", Conflict.reason: "", Conflict.withdrawn_reason: ""}
    ).where(Conflict.judge == account_id)
    await ScreeningVote.update({ScreeningVote.reason: ""}).where(ScreeningVote.judge == account_id)
    await Scorecard.update(
        {Scorecard.comment_to_entrant: "", Scorecard.note_to_organizers: ""}
    ).where(Scorecard.judge == account_id)
    await Submission.update(
        {Submission.contact_name: "", Submission.contact_email: "", Submission.contact_phone: ""}
    ).where(Submission.owner == account_id)
    await TeamMember.update({TeamMember.email: address}).where(
        (TeamMember.account == account_id) | (TeamMember.email == old)
    )
    await Invitation.update({Invitation.email: address}).where(Invitation.email == old)
    await MessageRecipient.update(
        {MessageRecipient.email: address, MessageRecipient.name: placeholder}
    ).where((MessageRecipient.account == account_id) | (MessageRecipient.email == old))
    await OutboxMessage.update({OutboxMessage.to_address: address, OutboxMessage.body: ""}).where(
        OutboxMessage.to_address == old
    )
    # Unsent mails to the old address are never sent (the address no longer exists).
    await OutboxMessage.update({OutboxMessage.sent_at: now}).where(
        (OutboxMessage.to_address == address) & OutboxMessage.sent_at.is_null()
    )
    await _scrub_audit(old, address)
    await audit.record(
        actor_id=None, entity="account", entity_id=account_id, action="personal_data_erased"
    )


async def _scrub_audit(old: str, address: str) -> None:
    """Replace the address wherever the trail's before and after texts hold it."""
    # The values are bound parameters; only the column name, one of two constants, is spliced.
    postgres = isinstance(engine(), PostgresEngine)
    for column in ("before", "after"):
        # PostgreSQL's json type has no REPLACE: through text and back.
        text = f'"{column}"::text' if postgres else f'"{column}"'
        replaced = f"REPLACE({text}, {{}}, {{}})" + ("::json" if postgres else "")
        await AuditEvent.raw(
            f'UPDATE "audit_event" SET "{column}" = {replaced} WHERE {text} LIKE {{}}',
            old,
            address,
            f"%{old}%",
        )

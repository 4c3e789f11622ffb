"""What each kind of audit event is called on the pages that list a history.

The trail stores an event's kind as a code (``deck_uploaded``); people read it in their
language. A kind added later without a label still reads as words, not as a code.
"""

from __future__ import annotations

from judging.i18n import N_, translate

ACTION_LABELS: dict[str, str] = {
    "advancement_committed": N_("Advancement committed"),
    "api_token_made": N_("API token made"),
    "api_token_revoked": N_("API token revoked"),
    "advancement_withdrawn": N_("Advancement withdrawn"),
    "assignments_committed": N_("Assignments committed"),
    "attachment_uploaded": N_("File uploaded"),
    "assignments_reassigned": N_("Assignments reassigned"),
    "created": N_("Created"),
    "deck_uploaded": N_("Pitch deck uploaded"),
    "deleted": N_("Deleted"),
    "disqualified": N_("Disqualified"),
    "draft_saved": N_("Draft saved"),
    "email_verified": N_("Email address confirmed"),
    "entered": N_("Entered by an organizer"),
    "erasure_confirmed": N_("Personal data erased at the person's request"),
    "erasure_declined": N_("Erasure request declined"),
    "erasure_requested": N_("Erasure of personal data requested"),
    "excluded": N_("Left out of the ranking"),
    "imported": N_("Imported"),
    "included": N_("Counted again"),
    "judging_reminder_sent": N_("Judging reminder sent"),
    "message_sent": N_("Message sent"),
    "live_options_changed": N_("Live board options changed"),
    "member_invited": N_("Co-founder invited"),
    "member_joined": N_("Co-founder joined the team"),
    "member_left": N_("Co-founder left the team"),
    "member_removed": N_("Co-founder removed from the team"),
    "ownership_handed_over": N_("Ownership handed over"),
    "password_changed": N_("Password changed"),
    "personal_data_erased": N_("Personal data erased"),
    "password_reset": N_("Password reset"),
    "policy_adopted": N_("Scoring policy adopted"),
    "profile_updated": N_("Profile updated"),
    "publication_withdrawn": N_("Withdrawn from public view"),
    "published": N_("Ranking published"),
    "reinstated": N_("Reinstated"),
    "relocked": N_("Locked again"),
    "screened": N_("Screened"),
    "screening_admitted": N_("Eligible projects admitted"),
    "screening_decided": N_("Eligibility decided by the organizers"),
    "reopened": N_("Reopened by the judge"),
    "replaced": N_("Replaced"),
    "resent": N_("Invitation sent again"),
    "returned": N_("Sent back for re-scoring"),
    "revoked": N_("Revoked"),
    "submitted": N_("Submitted"),
    "unlocked": N_("Unlocked for the entrant"),
    "updated": N_("Changed"),
    "webhook_added": N_("Webhook endpoint added"),
    "webhook_removed": N_("Webhook endpoint removed"),
    "webhook_replayed": N_("Webhook delivery sent again"),
    "withdrawn": N_("Withdrawn"),
}


def action_label(action: str, locale: str) -> str:
    """The event kind ``action`` in words of ``locale``; an unknown kind as its words
    (``seat_moved`` -> ``Seat moved``)."""
    msgid = ACTION_LABELS.get(action)
    if msgid is not None:
        return translate(locale, msgid)
    words = action.replace("_", " ").strip()
    return words[:1].upper() + words[1:]

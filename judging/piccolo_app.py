"""The Piccolo app: every table of every domain, the one migrations folder, and the references
between domains that the lower domain must respect without importing the higher one."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from judging.accounts.tables import (
    Account,
    ApiToken,
    AttemptCounter,
    EmailVerification,
    PasswordReset,
)
from judging.applications import usage as application_usage
from judging.applications.tables import AttachmentSlot, Question
from judging.assignments import scorecards as assigned_scorecards
from judging.assignments.tables import Assignment, Conflict, JudgeProfile
from judging.audit.tables import AuditEvent
from judging.competitions import usage
from judging.competitions.tables import (
    Competition,
    Criterion,
    Invitation,
    Membership,
    Round,
    Track,
)
from judging.integrations.tables import Webhook, WebhookDelivery
from judging.messages.tables import Message, MessageRecipient
from judging.outbox.tables import OutboxMessage
from judging.privacy.tables import ErasureRequest
from judging.results.publication.tables import PublicationWithdrawal, RankingSnapshot
from judging.results.screening.tables import ScreeningDecision
from judging.reviews import pair_cards
from judging.reviews.tables import JudgeReminder, Scorecard, ScreeningVote
from judging.submissions import references as project_references
from judging.submissions.tables import (
    Advancement,
    Attachment,
    DeckVersion,
    ImportJob,
    Submission,
    TeamMember,
)

TABLES = [
    Account,
    PasswordReset,
    EmailVerification,
    AttemptCounter,
    ApiToken,
    Competition,
    Track,
    Round,
    Criterion,
    Membership,
    Invitation,
    Question,
    AttachmentSlot,
    Submission,
    TeamMember,
    DeckVersion,
    Attachment,
    ImportJob,
    JudgeProfile,
    Conflict,
    Assignment,
    Scorecard,
    JudgeReminder,
    ScreeningVote,
    ScreeningDecision,
    RankingSnapshot,
    PublicationWithdrawal,
    Advancement,
    OutboxMessage,
    Message,
    MessageRecipient,
    Webhook,
    WebhookDelivery,
    ErasureRequest,
    AuditEvent,
]

# A track holding projects is not deleted; a round's rubric is frozen once it has scorecards.
usage.declare(projects=Submission.track, scorecards=Scorecard.round)
# A project is frozen for its entrant once it has scorecards or is assigned in an opened round.
project_references.REFERENCES.declare(
    project_references.ProjectReferences(
        scorecards=Scorecard.submission,
        assignments=Assignment.submission,
        assignment_rounds=Assignment.round,
    )
)
# A question is changed or deleted only as far as the answers projects hold allow.
application_usage.ANSWER_COLUMNS.declare(
    application_usage.AnswerColumns(
        answers=Submission.answers, competition=Submission.competition, track=Submission.track
    )
)
application_usage.FILE_COLUMNS.declare(
    application_usage.FileColumns(
        slot=Attachment.slot, competition=Attachment.competition, track=Attachment.submission.track
    )
)
# A round's assignment counts its scored pairs, and a removed pair takes its scorecard along.
assigned_scorecards.SCORECARDS.declare(pair_cards.PAIR_SCORECARDS)

APP_CONFIG = AppConfig(
    app_name="judging",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=TABLES,
    migration_dependencies=[],
    commands=[],
)

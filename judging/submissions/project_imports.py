"""Projects imported from a file: each row checked as a project, then all written or none."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from judging.applications import services as applications
from judging.applications.answers import answers_for_track, field_name, written_answers
from judging.applications.schemas import QuestionOut
from judging.database import writing
from judging.errors import ValidationFailed
from judging.i18n import N_
from judging.submissions.import_jobs import Importer, ImportRun, check_rows, record_success
from judging.submissions.import_rows import (
    RowChecker,
    RowErrors,
    account_ids_by_email,
    is_email,
    split_list,
    struct_or_errors,
    track_keys,
)
from judging.submissions.schemas import ProjectFields, check_project_fields
from judging.submissions.search import search_text_for
from judging.submissions.tables import Submission, SubmissionStatus

KIND = "submissions"
REQUIRED_COLUMNS = ("title", "track")
OPTIONAL_COLUMNS = (
    "summary",
    "description",
    "organization",
    "country",
    "website",
    "video_url",
    "contact_name",
    "contact_email",
    "contact_phone",
    "team",
    "owner_email",
    "status",
)
IMPORTABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED)
WRITE_CHUNK = 200


class SubmissionChecker(RowChecker):
    """Turns a row into a new, unsaved :class:`Submission`, or records its errors."""

    RENAMES = {"track_id": "track"}

    def __init__(
        self,
        *,
        competition_id: int,
        tracks: dict[str, int],
        existing_titles: set[str],
        owners: dict[str, int],
        form: list[QuestionOut],
        now: datetime,
    ) -> None:
        super().__init__(tracks)
        self.competition_id = competition_id
        self.existing_titles = existing_titles
        self.owners = owners
        self.form = form
        # An answer's errors name its column, the question's key.
        self.renames = {**self.RENAMES, **{field_name(q.key): q.key for q in form}}
        self.now = now

    def answers(self, row: int, cells: dict[str, str], track_id: int | None) -> dict[str, Any]:
        """The row's answers (columns named by question keys), checked as the form does for
        its track. A required question may be blank: as when an organizer enters a project,
        the import brings what the team gave elsewhere."""
        sent = {q.key: cells[q.key] for q in self.form if q.key in cells}
        try:
            return answers_for_track(self.form, track_id, sent)
        except ValidationFailed as failed:
            self.errors.add_failed(row, failed, self.renames)
            return {}

    def check(self, row: int, cells: dict[str, str]) -> Submission | None:
        errors_before = len(self.errors.items)
        track_key = cells.get("track", "").lower()
        if track_key and track_key not in self.tracks:
            self.errors.add(
                row,
                "track",
                N_("There is no track %(value)s. Use one of: %(choices)s."),
                value=cells["track"],
                choices=self.track_choices(),
            )
        data = {name: cells.get(name, "") for name in OPTIONAL_COLUMNS}
        data["title"] = cells.get("title", "")
        # An unknown track is reported above; a stand-in id lets the other fields be checked.
        data["track_id"] = self.tracks.get(track_key, 0) if track_key else None
        data["team"] = [{"name": name} for name in split_list(cells.get("team", ""))]
        fields: ProjectFields | None = None
        try:
            fields = check_project_fields(struct_or_errors(data, ProjectFields))
        except ValidationFailed as failed:
            self.errors.add_failed(row, failed, self.RENAMES)
        answers = self.answers(row, cells, data["track_id"]) if track_key in self.tracks else {}
        status = cells.get("status", "").lower() or SubmissionStatus.SUBMITTED
        if status not in IMPORTABLE_STATUSES:
            self.errors.add(
                row,
                "status",
                N_("Use one of: %(choices)s."),
                choices=", ".join(IMPORTABLE_STATUSES),
            )
        owner_email = cells.get("owner_email", "").lower()
        if owner_email and not is_email(owner_email):
            self.errors.add(row, "owner_email", N_("Enter a valid email address."))
        title = cells.get("title", "")
        if title:
            if title.casefold() in self.existing_titles:
                self.errors.add(
                    row,
                    "title",
                    N_("A project with this title already exists in this competition."),
                )
            self.unique(row, "title", title, N_("The same title is also in row %(row)s."))
        if fields is None or len(self.errors.items) > errors_before:
            return None
        team = [msgspec.structs.asdict(member) for member in fields.team]
        # Built here, a row at a time, so the write transaction only runs SQL.
        return Submission(
            competition=self.competition_id,
            track=fields.track_id,
            owner=self.owners.get(owner_email),
            title=fields.title,
            summary=fields.summary,
            description=fields.description,
            team=team,
            organization=fields.organization,
            country=fields.country,
            website=fields.website,
            video_url=fields.video_url,
            contact_name=fields.contact_name,
            contact_email=fields.contact_email.lower(),
            contact_phone=fields.contact_phone,
            answers=answers,
            status=SubmissionStatus(status),
            search_text=search_text_for(
                fields.title, fields.organization, team, written_answers(self.form, answers)
            ),
            submitted_at=self.now if status == SubmissionStatus.SUBMITTED else None,
            created_at=self.now,
            updated_at=self.now,
            version=1,
        )


async def _existing_titles(competition_id: int) -> set[str]:
    rows = await Submission.select(Submission.title).where(Submission.competition == competition_id)
    return {row["title"].casefold() for row in rows}


async def import_projects(run: ImportRun) -> RowErrors:
    """Check every row as a project; write all of them in one transaction, or none."""
    job, table, reporter, clock = run.job, run.table, run.reporter, run.clock
    owner_emails = {cells.get("owner_email", "").lower() for _, cells in table.rows}
    checker = SubmissionChecker(
        competition_id=job.competition,
        tracks=await track_keys(job.competition),
        existing_titles=await _existing_titles(job.competition),
        owners=await account_ids_by_email(email for email in owner_emails if email),
        form=await applications.questions(job.competition),
        now=clock(),
    )
    values = await check_rows(table.rows, checker.check, reporter)
    if checker.errors:
        return checker.errors
    async with writing():
        for start in range(0, len(values), WRITE_CHUNK):
            chunk = values[start : start + WRITE_CHUNK]
            await Submission.insert(*chunk)
            await reporter.advance("writing", "written", start + len(chunk))
        await record_success(job, run.actor, len(values), clock(), {})
    return checker.errors


PROJECT_IMPORTER = Importer(
    kind=KIND,
    required_columns=REQUIRED_COLUMNS,
    optional_columns=OPTIONAL_COLUMNS,
    write_rows=import_projects,
)

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from enum import Enum
from piccolo.columns.column_types import Varchar

ID = "2026-12-03T16:52:12:227228"
VERSION = "1.38.0"
DESCRIPTION = "Submission and import job statuses as enum choices (no data change)"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="judging", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="Submission",
        tablename="submission",
        column_name="status",
        db_column_name="status",
        params={
            "choices": Enum(
                "SubmissionStatus",
                {
                    "DRAFT": "draft",
                    "SUBMITTED": "submitted",
                    "WITHDRAWN": "withdrawn",
                    "DISQUALIFIED": "disqualified",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="ImportJob",
        tablename="import_job",
        column_name="status",
        db_column_name="status",
        params={
            "choices": Enum(
                "ImportJobStatus",
                {
                    "RUNNING": "running",
                    "SUCCEEDED": "succeeded",
                    "FAILED": "failed",
                    "INTERRUPTED": "interrupted",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager

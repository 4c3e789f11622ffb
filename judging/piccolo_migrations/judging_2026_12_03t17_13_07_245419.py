from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from enum import Enum
from piccolo.columns.column_types import Varchar

ID = "2026-12-03T17:13:07:245419"
VERSION = "1.38.0"
DESCRIPTION = "Scorecard statuses as enum choices (no data change)"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="judging", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="Scorecard",
        tablename="scorecard",
        column_name="status",
        db_column_name="status",
        params={
            "choices": Enum(
                "ScorecardStatus",
                {
                    "DRAFT": "draft",
                    "SUBMITTED": "submitted",
                    "RETURNED": "returned",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager

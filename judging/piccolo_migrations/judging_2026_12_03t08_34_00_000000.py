"""The unique index of judge reminders (one row per round and judge), written by hand.

Piccolo adds multi-column constraints with ALTER TABLE, which SQLite cannot do; a unique index
means the same on SQLite and PostgreSQL, and is the target of the reminders' upsert.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-03T08:34:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "judge reminder unique index"

NAME = "judge_reminder_round_judge_unique"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="judging", description=DESCRIPTION)

    async def create_index():
        await engine_finder().run_ddl(
            f'CREATE UNIQUE INDEX IF NOT EXISTS "{NAME}" ON "judge_reminder" ("round", "judge")'
        )

    async def drop_index():
        await engine_finder().run_ddl(f'DROP INDEX IF EXISTS "{NAME}"')

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager

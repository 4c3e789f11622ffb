"""Unique indexes over several columns, written by hand.

Piccolo adds multi-column constraints with ALTER TABLE, which SQLite cannot do; a unique
index means the same on SQLite and PostgreSQL.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-27T04:34:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "composite unique indexes"

UNIQUE_INDEXES = {
    "track_competition_key_unique": ("track", ("competition", "key")),
    "criterion_round_key_unique": ("criterion", ("round", "key")),
    "membership_competition_account_role_unique": (
        "membership",
        ("competition", "account", "role"),
    ),
    "judge_profile_competition_email_unique": ("judge_profile", ("competition", "email")),
    "assignment_round_submission_judge_unique": ("assignment", ("round", "submission", "judge")),
    "scorecard_round_submission_judge_unique": ("scorecard", ("round", "submission", "judge")),
    "ranking_snapshot_round_version_unique": ("ranking_snapshot", ("round", "version")),
    "advancement_round_submission_unique": ("advancement", ("round", "submission")),
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="judging", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        for name, (table, columns) in UNIQUE_INDEXES.items():
            quoted = ", ".join(f'"{column}"' for column in columns)
            await engine.run_ddl(
                f'CREATE UNIQUE INDEX IF NOT EXISTS "{name}" ON "{table}" ({quoted})'
            )

    async def drop_indexes():
        engine = engine_finder()
        for name in UNIQUE_INDEXES:
            await engine.run_ddl(f'DROP INDEX IF EXISTS "{name}"')

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager

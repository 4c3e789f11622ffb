"""Accounts that existed before addresses were confirmed keep submitting, written by hand.

They signed up when no link was mailed; asking them now for a link they never got would lock
them out of their own drafts. Their address counts as confirmed from when they signed up.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-04T18:48:50:000000"
VERSION = "1.38.0"
DESCRIPTION = "existing accounts count as confirmed"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="judging", description=DESCRIPTION)

    async def confirm_existing():
        await engine_finder().run_ddl(
            'UPDATE "account" SET "email_verified_at" = "created_at" '
            'WHERE "email_verified_at" IS NULL'
        )

    manager.add_raw(confirm_existing)
    return manager

"""Applying the committed Piccolo migrations programmatically."""

from __future__ import annotations

from piccolo.apps.migrations.commands.forwards import run_forwards


async def apply_migrations() -> str:
    """Run every pending migration; raise when one fails."""
    result = await run_forwards(app_name="all", migration_id="all", fake=False)
    if not result.success:
        raise RuntimeError(f"Migrations failed: {result.message}")
    return result.message or "Migrations are up to date."

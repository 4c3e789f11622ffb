"""The ``judging`` command: migrate, seed the demo, create an admin, serve, deliver mail."""

from __future__ import annotations

import asyncio
import getpass
import sys
from pathlib import Path

import click

from judging.assignments.cli import assign
from judging.settings import Settings


def _run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


async def _with_engine(coroutine):  # type: ignore[no-untyped-def]
    from judging.database import close_engine, engine, open_engine

    database = engine()
    await open_engine(database)
    try:
        return await coroutine
    finally:
        await close_engine(database)


@click.group()
def main() -> None:
    """China Gate Master judging platform."""


@main.command()
def migrate() -> None:
    """Apply every Piccolo migration to the database of JUDGING_DATABASE_URL."""
    from judging.migrations import apply_migrations

    message = _run(apply_migrations())
    click.echo(message)


@main.command()
@click.option("--if-empty/--always", default=True, help="Seed only when there are no accounts.")
@click.option(
    "--judging/--no-judging",
    default=True,
    help="Also assign and mostly score the preliminary round, and add a final.",
)
def demo(if_empty: bool, judging: bool) -> None:
    """Seed the "China Gate Master 2021" demo competition and print its accounts."""
    from judging.demo import DEMO_PASSWORD, JUDGES, demo_accounts, demo_email, seed_demo
    from judging.demo.judging import seed_demo_judging

    settings = Settings.from_env()
    if settings.production:
        click.echo("Refusing to seed demo accounts with known passwords in production.", err=True)
        sys.exit(2)
    created = _run(_with_engine(seed_demo(if_empty=if_empty)))
    if created and judging:
        _run(_with_engine(seed_demo_judging()))
    accounts = _run(_with_engine(demo_accounts()))
    if created:
        click.echo('Seeded the demo competition "China Gate Master 2021".')
        if judging:
            click.echo(
                "Judging is under way: the preliminary round is assigned and scored, but for "
                f"the last projects of {demo_email(JUDGES[0][0])}; a final round comes next."
            )
    if accounts:
        click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for role, email in accounts:
            click.echo(f"  {role:<10} {email}")


@main.command()
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt="Display name")
@click.option("--password", default=None, help="Prompted (hidden) when not given.")
def createadmin(email: str, display_name: str, password: str | None) -> None:
    """Create a platform admin account."""
    import msgspec

    from judging.accounts import services
    from judging.accounts.schemas import Email, NewPassword
    from judging.errors import ValidationFailed

    if password is None:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Repeat: "):
            raise click.ClickException("The two passwords do not match.")
    try:
        msgspec.convert(email, Email)
        msgspec.convert(password, NewPassword)
    except msgspec.ValidationError as exc:
        raise click.ClickException(
            f"Invalid email or password (at least 10 characters): {exc}"
        ) from None
    try:
        account = _run(
            _with_engine(
                services.create_account(
                    email=email,
                    display_name=display_name,
                    password=password,
                    is_platform_admin=True,
                )
            )
        )
    except ValidationFailed as exc:
        raise click.ClickException("; ".join(str(error) for error in exc.errors)) from None
    click.echo(f"Created platform admin {account.email} (id {account.id}).")


@main.command()
@click.option("--host", default=None, help="Default: JUDGING_HOST (127.0.0.1).")
@click.option("--port", default=None, type=int, help="Default: JUDGING_PORT (8000).")
@click.option("--workers", default=None, type=int, help="Default: JUDGING_WORKERS (1).")
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the app with uvicorn."""
    import uvicorn

    from judging.settings import check_production_safety

    settings = Settings.from_env()
    check_production_safety(settings)
    uvicorn.run(
        "judging.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        proxy_headers=True,
        log_level="info",
        # The app's logging config (judging.operations.logs) formats uvicorn's lines too.
        log_config=None,
        # Live leaderboards hold streams open; without a limit a restart would wait forever.
        timeout_graceful_shutdown=5,
    )


@main.command()
def worker() -> None:
    """Run the background jobs (mails, webhooks) from the Redis queue until stopped."""
    from judging.operations.jobs import build_worker
    from judging.operations.logs import logging_config

    settings = Settings.from_env()
    if not settings.redis_url:
        raise click.ClickException(
            "JUDGING_REDIS_URL is not set: without Redis, each judging serve process runs the "
            "jobs itself and no worker is needed."
        )
    logging_config(settings.json_logs).configure()
    _run(build_worker(settings).start())


@main.command(name="deliver-mail")
def deliver_mail() -> None:
    """Deliver unsent outbox mails once over JUDGING_SMTP_URL."""
    from judging.clock import utcnow
    from judging.outbox.services import deliver_pending

    settings = Settings.from_env()
    if not settings.smtp_url:
        raise click.ClickException("JUDGING_SMTP_URL is not set.")
    count = _run(_with_engine(deliver_pending(settings.smtp_url, settings.mail_from, utcnow())))
    click.echo(f"Delivered {count} mail(s).")


@main.command()
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The archive to write (default: <data dir>/backups/judging-<time>.tar.gz).",
)
def backup(output: Path | None) -> None:
    """Write the database and the uploaded files into one archive, while the app runs."""
    from judging.clock import utcnow
    from judging.operations.backups import BackupRefused, write_backup

    settings = Settings.from_env()
    now = utcnow()
    archive = output or Path(settings.data_dir) / "backups" / f"judging-{now:%Y%m%dT%H%M%SZ}.tar.gz"
    try:
        manifest = _run(
            write_backup(settings.resolved_database_url, Path(settings.data_dir), archive, now)
        )
    except BackupRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(
        f"Wrote {archive}: the {manifest.backend} database and {len(manifest.files)} file(s)."
    )


@main.command()
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite a database that holds data.")
def restore(archive: Path, replace: bool) -> None:
    """Bring a backup back into an empty database and the data directory."""
    from judging.operations.backups import BackupRefused, restore_backup

    settings = Settings.from_env()
    try:
        manifest = _run(
            restore_backup(
                settings.resolved_database_url, Path(settings.data_dir), archive, replace=replace
            )
        )
    except BackupRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(
        f"Restored the backup of {manifest.created_at:%Y-%m-%d %H:%M} UTC: the database and "
        f"{len(manifest.files)} file(s)."
    )


main.add_command(assign)

if __name__ == "__main__":
    main()

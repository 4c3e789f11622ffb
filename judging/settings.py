"""Typed settings read from ``JUDGING_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import msgspec

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key-change-me"


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the app reads from its environment, in one typed object.

    Each field ``name`` is read from ``JUDGING_<NAME>``; unset variables keep the default.
    """

    env: Literal["development", "production", "test"] = "development"
    secret_key: str = DEFAULT_SECRET_KEY
    data_dir: str = str(PROJECT_ROOT / "var")
    database_url: str = ""
    redis_url: str = ""
    smtp_url: str = ""
    mail_from: str = "China Gate Master <noreply@chinagate.local>"
    base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    default_locale: Literal["en", "zh_CN"] = "en"
    default_timezone: str = "Asia/Shanghai"
    max_upload_mb: int = 20
    invitation_ttl_hours: int = 24 * 7
    password_reset_ttl_minutes: int = 60
    signin_max_failures: int = 5
    signin_window_seconds: int = 15 * 60
    session_max_age_seconds: int = 14 * 24 * 3600
    api_token_requests_per_minute: int = 600
    # A scraper's bearer token for /metrics; unset, production answers /metrics with 404.
    metrics_token: str = ""
    # A mail or delivery claimed longer ago than this belongs to a job that died; another
    # job sends it (it must exceed the longest send: SMTP and webhook timeouts are 30 s).
    job_claim_timeout_seconds: int = 300
    # "auto": JSON lines in production, readable text elsewhere.
    log_format: Literal["auto", "text", "json"] = "auto"

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def json_logs(self) -> bool:
        return self.log_format == "json" or (self.log_format == "auto" and self.production)

    @property
    def resolved_database_url(self) -> str:
        """The configured database, defaulting to an SQLite file in the data directory."""
        return self.database_url or f"sqlite:///{Path(self.data_dir) / 'judging.sqlite3'}"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Read settings from ``JUDGING_*`` variables, converting types with msgspec."""
        environ = os.environ if environ is None else environ
        prefix = "JUDGING_"
        raw = {
            key[len(prefix) :].lower(): value
            for key, value in environ.items()
            if key.startswith(prefix) and key[len(prefix) :].lower() in cls.__struct_fields__
        }
        try:
            return msgspec.convert(raw, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise SystemExit(f"Invalid JUDGING_* setting: {exc}") from None


class InsecureSettings(RuntimeError):
    """Raised when production settings would run with a known secret."""


def check_production_safety(settings: Settings) -> None:
    """Refuse to run in production with the default secret key or a short one."""
    if not settings.production:
        return
    if settings.secret_key == DEFAULT_SECRET_KEY or len(settings.secret_key) < 32:
        raise InsecureSettings(
            "JUDGING_ENV=production needs JUDGING_SECRET_KEY set to a random value of at least "
            "32 characters (for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )

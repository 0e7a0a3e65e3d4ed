"""Fleet server settings, read from ``FLEET_*`` environment variables."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import Request
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the fleet server can be told; built once in the composition root."""

    model_config = SettingsConfigDict(env_prefix="FLEET_", extra="ignore")

    #: ``FLEET_DATA_DIR``: runtime state (the default SQLite file, the session secret).
    data_dir: Path = Path("var")
    #: ``sqlite:///path`` (the embedded default) or ``postgresql+psycopg://user@host/db``.
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    log_level: str = "info"
    enrollment_code_ttl_hours: float = Field(default=72.0, gt=0)
    command_ttl_minutes: float = Field(default=60.0, gt=0)
    #: A device silent for this many check-in intervals shows as offline.
    offline_factor: float = Field(default=2.5, gt=1)
    #: How often buffered check-in state is written to the database.
    checkin_flush_seconds: float = Field(default=1.0, gt=0)
    #: Signs web sessions. When unset, one is generated once and kept under ``data_dir``.
    session_secret: str = ""
    #: Request bodies larger than this are refused with 413 before they are parsed.
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    #: Content uploads (one blob, or a whole bundle archive) may be this large instead; the
    #: upload is held in memory while it is checked, so keep it within the workers' RAM.
    max_content_bytes: int = Field(default=128 * 1_048_576, ge=1_048_576)
    #: Housekeeping keeps this many newest versions of each bundle (and any older one still
    #: assigned, in a roll-out or on a PC); 0 keeps every version.
    content_keep_versions: int = Field(default=10, ge=0, le=1000)
    #: A blob no version lists is deleted once it is this old (a publish in progress uploads
    #: its blobs before its manifest).
    content_blob_grace_hours: float = Field(default=24.0, ge=0.0)
    #: Keys patron hashes (HMAC) and encrypts data at rest (card refs, issuer keys). Every
    #: worker and host must share it. When unset, one is generated once under ``data_dir``.
    data_secret: str = ""

    # --- patrons ----------------------------------------------------------------------------
    #: ``local`` (patrons in this database) or
    #: ``sip2://USER:PASSWORD@HOST:PORT?location=CODE[&tls=1]`` (the library system).
    patron_directory: str = "local"
    #: SIP2 patron-status flag names that stop a PC log-in (comma-separated in the env).
    patron_deny_flags: str = "card_lost"
    #: Outstanding fees above this stop a log-in (cents); unset: fees never do.
    patron_fee_limit_cents: int | None = Field(default=None, ge=0)
    #: Patrons younger than this may not log in; unset: any age.
    patron_min_age: int | None = Field(default=None, ge=0, le=120)
    #: Patrons younger than this (by birth date) count as children.
    patron_child_under: int = Field(default=15, ge=0, le=120)
    #: Wrong PINs allowed per card within the window before log-ins with it pause.
    pin_failure_limit: int = Field(default=5, ge=1, le=100)
    pin_failure_window_minutes: float = Field(default=15.0, gt=0)
    #: Visitor session rows, past reservations and expired guest passes are deleted after
    #: this many days (statistics come from anonymous events, not from them).
    session_retention_days: int = Field(default=30, ge=1, le=3650)

    # --- digital support ------------------------------------------------------------------
    #: ``smtp://USER:PASSWORD@HOST:PORT?starttls=1&from=ADDRESS`` (or ``smtps://``): where
    #: booking reminders are sent by e-mail. Unset: no e-mail is sent.
    smtp_url: SecretStr = SecretStr("")
    #: Booking reminders go out this many hours before the appointment.
    support_reminder_hours: int = Field(default=24, ge=1, le=336)
    #: A booking's name, phone and e-mail are deleted this many days after the appointment.
    support_personal_data_days: int = Field(default=7, ge=0, le=365)

    # --- statistics ---------------------------------------------------------------------------
    #: Raw usage events are deleted after this many days (once rolled up; rollups are kept).
    event_retention_days: int = Field(default=90, ge=1, le=3650)
    #: How often the hourly and daily rollups are brought up to date.
    stats_rollup_seconds: float = Field(default=60.0, gt=0)
    #: Open data shows counts of people below this as suppressed (so no one is singled out).
    open_data_threshold: int = Field(default=5, ge=1, le=100)

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file under ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'fleet.db').resolve()}"

    def resolved_session_secret(self) -> str:
        """The web-session secret; generated and persisted (mode 0600) on first use."""
        return self.session_secret or self._persisted_secret("session-secret")

    def resolved_data_secret(self) -> str:
        """The data secret (patron hashes, encryption at rest); persisted like the above."""
        return self.data_secret or self._persisted_secret("data-secret")

    def _persisted_secret(self, name: str) -> str:
        path = self.data_dir / name
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48))
        return path.read_text().strip()


def get_settings(request: Request) -> Settings:
    """FastAPI dependency: the settings the composition root built the app with."""
    settings: Settings = request.app.state.settings
    return settings

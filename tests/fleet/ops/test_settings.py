"""Settings: FLEET_* variables, the default SQLite file, the generated session secret."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from fleet.settings import Settings


def test_environment_and_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FLEET_DATA_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("FLEET_OFFLINE_FACTOR", "3")
    monkeypatch.delenv("FLEET_DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.offline_factor == 3
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path / 'state' / 'fleet.db'}"
    given = Settings(database_url="postgresql+psycopg://fleet@db/fleet")
    assert given.resolved_database_url() == "postgresql+psycopg://fleet@db/fleet"


def test_session_secret_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var")
    secret = settings.resolved_session_secret()
    assert len(secret) >= 48
    assert Settings(data_dir=tmp_path / "var").resolved_session_secret() == secret
    mode = (tmp_path / "var" / "session-secret").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
    assert Settings(data_dir=tmp_path, session_secret="given").resolved_session_secret() == "given"

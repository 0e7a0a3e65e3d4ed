"""State directory: private credential written atomically, config cache, stable machine id."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from fleet.protocol import DayHours, DeviceConfig, LocalizedText, OpeningHours, Policy
from kiosk.services.errors import StateError
from kiosk.services.state import Credential, StateDir, StoredConfig, default_state_dir


def credential(value: str = "1.secret-token") -> Credential:
    return Credential(
        server_url="http://127.0.0.1:8000",
        token=value,
        device_id=1,
        device_name="pc-1",
        branch_id="oodi",
        enrolled_at=dt.datetime(2026, 11, 23, tzinfo=dt.UTC),
    )


def config(device_id: int = 1) -> DeviceConfig:
    return DeviceConfig(
        device_id=device_id,
        device_name="pc-1",
        branch_id="oodi",
        branch_name=LocalizedText(fi="Oodi", sv="Ode", en="Oodi"),
        opening_hours=OpeningHours(weekly=[DayHours()] * 7),
        policy=Policy(checkin_interval_seconds=10),
    )


def test_credential_round_trip_is_private(tmp_path: Path) -> None:
    state = StateDir(tmp_path / "state", system_machine_id=None)
    assert state.load_credential() is None
    state.save_credential(credential())
    assert state.load_credential() == credential()
    assert stat.S_IMODE(state.credential_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(state.path.stat().st_mode) == 0o700
    # No temporary files are left beside it.
    assert sorted(p.name for p in state.path.iterdir()) == ["credential.json"]


def test_credential_repr_hides_the_token() -> None:
    assert "secret-token" not in repr(credential())
    assert "secret-token" not in str(credential())


def test_replacing_the_credential_changes_its_stamp(tmp_path: Path) -> None:
    state = StateDir(tmp_path, system_machine_id=None)
    state.save_credential(credential("1.first"))
    first = state.credential_stamp()
    state.save_credential(credential("1.second-longer"))
    assert state.credential_stamp() != first
    loaded = state.load_credential()
    assert loaded is not None
    assert loaded.token == "1.second-longer"


def test_a_damaged_credential_is_a_clear_error(tmp_path: Path) -> None:
    state = StateDir(tmp_path, system_machine_id=None)
    state.credential_path.write_text("{not json")
    with pytest.raises(StateError, match="credential"):
        state.load_credential()


def test_config_round_trip_and_damage_means_refetch(tmp_path: Path) -> None:
    state = StateDir(tmp_path, system_machine_id=None)
    assert state.load_config() is None
    state.save_config(StoredConfig(etag="abc", config=config()))
    loaded = state.load_config()
    assert loaded is not None
    assert loaded.etag == "abc"
    assert loaded.config == config()
    state.config_path.write_text('{"etag": "x", "config": {"device_id": "nope"}}')
    assert state.load_config() is None
    state.clear_config()
    state.clear_config()  # twice is fine
    assert not state.config_path.exists()


def test_machine_id_from_the_system_file_is_hashed(tmp_path: Path) -> None:
    system = tmp_path / "machine-id"
    system.write_text("0123456789abcdef0123456789abcdef\n")
    state = StateDir(tmp_path / "s", system_machine_id=system)
    machine_id = state.machine_id()
    assert len(machine_id) == 32
    assert "0123456789abcdef" not in machine_id
    assert StateDir(tmp_path / "other", system_machine_id=system).machine_id() == machine_id
    assert not state.machine_id_path.exists()


def test_machine_id_without_a_system_file_is_generated_once(tmp_path: Path) -> None:
    state = StateDir(tmp_path / "s", system_machine_id=tmp_path / "missing")
    first = state.machine_id()
    assert state.machine_id_path.exists()
    assert StateDir(tmp_path / "s", system_machine_id=tmp_path / "missing").machine_id() == first
    assert StateDir(tmp_path / "t", system_machine_id=None).machine_id() != first


def test_default_state_dir_honours_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    if os.name == "posix":
        assert default_state_dir() == tmp_path / "library-kiosk"

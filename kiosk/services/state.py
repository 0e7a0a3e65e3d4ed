"""The kiosk's state directory: credential, last known config, local database, machine id."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from fleet.protocol import DeviceConfig, read_fleet_object
from kiosk.services.errors import StateError

APP_DIR_NAME = "library-kiosk"
SYSTEM_MACHINE_ID = Path("/etc/machine-id")


def default_state_dir() -> Path:
    """Where the kiosk keeps its state when ``--state-dir`` is not given, per platform."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / APP_DIR_NAME


class Credential(BaseModel):
    """What ``kiosk enroll`` stores: the fleet's address and this device's bearer token."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    server_url: str
    token: str
    device_id: int
    device_name: str
    branch_id: str
    enrolled_at: dt.datetime

    def __repr__(self) -> str:
        # The token must never reach a log line through a repr.
        return f"Credential(device_id={self.device_id}, server_url={self.server_url!r})"

    __str__ = __repr__


@dataclass(frozen=True)
class StoredConfig:
    """The last DeviceConfig the fleet sent, with the etag it came with."""

    etag: str
    config: DeviceConfig


def write_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` so a crash leaves either the old or the new file, never half.

    The file is created with ``mode`` from the start, so a secret is never readable by others.
    """
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    if hasattr(os, "O_DIRECTORY"):
        # Make the rename itself durable (POSIX); Windows has no directory handles for this.
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


class StateDir:
    """Files under one state directory. Creates the directory (0700) on first use."""

    def __init__(self, path: Path, *, system_machine_id: Path | None = SYSTEM_MACHINE_ID) -> None:
        self.path = path
        self._system_machine_id = system_machine_id
        path.mkdir(parents=True, exist_ok=True, mode=0o700)

    @property
    def credential_path(self) -> Path:
        return self.path / "credential.json"

    @property
    def config_path(self) -> Path:
        return self.path / "config.json"

    @property
    def database_path(self) -> Path:
        return self.path / "kiosk.sqlite3"

    @property
    def machine_id_path(self) -> Path:
        return self.path / "machine-id"

    # --- credential ---------------------------------------------------------------------------

    def load_credential(self) -> Credential | None:
        try:
            raw = self.credential_path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            return Credential.model_validate_json(raw)
        except ValidationError as exc:
            raise StateError(f"unreadable credential file {self.credential_path}") from exc

    def save_credential(self, credential: Credential) -> None:
        write_atomically(self.credential_path, credential.model_dump_json().encode())

    def credential_stamp(self) -> tuple[int, int, int] | None:
        """Changes whenever the credential file is replaced: lets a running shell notice."""
        try:
            st = self.credential_path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    # --- last known config ----------------------------------------------------------------------

    def load_config(self) -> StoredConfig | None:
        """The last config, or None when there is none or it no longer parses (then refetched)."""
        try:
            raw = json.loads(self.config_path.read_bytes())
            return StoredConfig(
                etag=str(raw["etag"]), config=read_fleet_object(DeviceConfig, raw["config"])
            )
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, ValidationError):
            # An old or damaged file: the next check-in without an etag brings a fresh config.
            return None

    def save_config(self, stored: StoredConfig) -> None:
        body = {"etag": stored.etag, "config": stored.config.model_dump(mode="json")}
        write_atomically(self.config_path, json.dumps(body).encode(), mode=0o644)

    def clear_config(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.config_path.unlink()

    # --- machine id -------------------------------------------------------------------------------

    def machine_id(self) -> str:
        """A stable id for this PC, safe to send: a hash, never the raw /etc/machine-id.

        systemd asks applications not to expose the machine id itself, so the fleet gets an
        application-specific digest of it. Without one, an id is generated once and stored.
        """
        raw = self._read_system_machine_id() or self._stored_machine_id()
        return hashlib.sha256(f"library-kiosk:{raw}".encode()).hexdigest()[:32]

    def _read_system_machine_id(self) -> str | None:
        if self._system_machine_id is None:
            return None
        try:
            value = self._system_machine_id.read_text().strip()
        except OSError:
            return None
        return value or None

    def _stored_machine_id(self) -> str:
        try:
            value = self.machine_id_path.read_text().strip()
        except FileNotFoundError:
            value = ""
        if not value:
            value = uuid.uuid4().hex
            write_atomically(self.machine_id_path, value.encode(), mode=0o644)
        return value

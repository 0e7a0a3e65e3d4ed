"""A real ``fleet serve`` process on a loopback port, driven through its CLI and admin API.

Stop-gap for the kiosk's process tests: fleet-core's ``live_fleet`` fixture is the shared
one; this helper only adds what the kiosk tests need on top (admin commands, event counts).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

ADMIN_USER = "kiosk-e2e-admin"
ADMIN_PASSWORD = "correct horse battery staple 42"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FleetProcess:
    """``python -m fleet serve`` with its own data directory (and database URL, if given)."""

    def __init__(self, data_dir: Path, database_url: str | None = None) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url or f"sqlite:///{(data_dir / 'fleet.db').resolve()}"
        self.env = {
            **os.environ,
            "FLEET_DATA_DIR": str(data_dir),
            "FLEET_DATABASE_URL": self.database_url,
            "FLEET_LOG_LEVEL": "warning",
        }
        self.process: subprocess.Popen[bytes] | None = None
        self._token: str | None = None
        self.log = data_dir / "fleet.log"

    def cli(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "fleet", *args],
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"fleet {args[0]} failed: {result.stderr}")
        return result.stdout

    def setup(self) -> None:
        """Migrate, add the demo branches and an admin account."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.cli("demo-data")
        self.cli(
            "users",
            "create",
            "--role",
            "admin",
            "--username",
            ADMIN_USER,
            env={"FLEET_PASSWORD": ADMIN_PASSWORD},
        )

    def start(self) -> None:
        assert self.process is None
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "fleet", "serve", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"fleet exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("fleet did not become healthy within 60 s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def enroll_code(self, branch: str = "oodi") -> str:
        return self.cli("enroll-code", "--branch", branch).strip()

    # --- admin API ------------------------------------------------------------------------------

    def _admin(self) -> dict[str, str]:
        if self._token is None:
            reply = httpx.post(
                self.url + "/api/admin/v1/auth/token",
                data={"username": ADMIN_USER, "password": ADMIN_PASSWORD},
                timeout=10,
            )
            reply.raise_for_status()
            self._token = str(reply.json()["access_token"])
        return {"Authorization": f"Bearer {self._token}"}

    def send_command(self, device_id: int, kind: str, message: str | None = None) -> int:
        body: dict[str, Any] = {"type": kind}
        if message is not None:
            body["message"] = message
        reply = httpx.post(
            f"{self.url}/api/admin/v1/devices/{device_id}/commands",
            json=body,
            headers=self._admin(),
            timeout=10,
        )
        reply.raise_for_status()
        return int(reply.json()["id"])

    def command_status(self, command_id: int) -> str:
        reply = httpx.get(
            f"{self.url}/api/admin/v1/commands/{command_id}", headers=self._admin(), timeout=10
        )
        reply.raise_for_status()
        return str(reply.json()["status"])

    def device(self, device_id: int) -> dict[str, Any]:
        reply = httpx.get(
            f"{self.url}/api/admin/v1/devices/{device_id}", headers=self._admin(), timeout=10
        )
        reply.raise_for_status()
        result: dict[str, Any] = reply.json()
        return result

    def revoke(self, device_id: int) -> None:
        httpx.post(
            f"{self.url}/api/admin/v1/devices/{device_id}/revoke",
            headers=self._admin(),
            timeout=10,
        ).raise_for_status()

    # --- database -------------------------------------------------------------------------------

    def event_rows(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every stored usage event as (id, type, attrs), one entry per row."""
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(text("SELECT id, type, attrs FROM usage_event")).all()
        finally:
            engine.dispose()
        # SQLite hands JSON back as text, PostgreSQL as a decoded value.
        return [
            (str(i), str(t), json.loads(a) if isinstance(a, str) else dict(a or {}))
            for i, t, a in rows
        ]

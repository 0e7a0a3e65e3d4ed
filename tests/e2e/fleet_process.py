"""The kiosk tests' view of a real fleet process: ``live_fleet`` plus admin calls and event rows.

``tests.support.live.LiveFleet`` (fleet-core's) runs ``fleet serve``; this adds what the
kiosk's process tests need on top: an admin account for sending commands through the
server (so the nudge path is the real one) and the stored usage events.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import httpx
from sqlalchemy import text

from tests.support.live import LiveFleet

ADMIN_USER = "kiosk-e2e-admin"
ADMIN_PASSWORD = "correct horse battery staple 42"


class FleetProcess:
    """A running fleet with branch ``oodi`` and an admin account."""

    def __init__(self, live: LiveFleet) -> None:
        self.live = live
        self._token: str | None = None
        live.create_branch("oodi")
        result = subprocess.run(
            [sys.executable, "-m", "fleet", "users", "create", "--role", "admin",
             "--username", ADMIN_USER],
            env={
                **os.environ,
                "FLEET_DATABASE_URL": live.database_url,
                "FLEET_DATA_DIR": str(live.data_dir),
                "FLEET_PASSWORD": ADMIN_PASSWORD,
            },
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"fleet users create failed: {result.stderr}")

    @property
    def url(self) -> str:
        return self.live.base_url

    @property
    def port(self) -> int:
        return self.live.port

    def start(self) -> None:
        self.live.start()

    def stop(self) -> None:
        self.live.stop()

    def enroll_code(self, branch: str = "oodi") -> str:
        return self.live.enrollment_code(branch)

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

    def admin_headers(self) -> dict[str, str]:
        """The admin's bearer token, for admin API calls a test makes itself."""
        return self._admin()

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

    def admin_post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST to the admin API as the admin; the JSON reply (raises on an error status)."""
        reply = httpx.post(
            f"{self.url}/api/admin/v1{path}", json=body, headers=self._admin(), timeout=10
        )
        reply.raise_for_status()
        result: dict[str, Any] = reply.json()
        return result

    def command(self, command_id: int) -> dict[str, Any]:
        reply = httpx.get(
            f"{self.url}/api/admin/v1/commands/{command_id}", headers=self._admin(), timeout=10
        )
        reply.raise_for_status()
        result: dict[str, Any] = reply.json()
        return result

    def command_status(self, command_id: int) -> str:
        return str(self.command(command_id)["status"])

    def sealed_payload(self, command_id: int) -> str | None:
        """What the command table holds for the kiosk alone (encrypted), straight from the DB."""
        with self.live.db.engine.connect() as connection:
            sealed: str | None = connection.execute(
                text("SELECT sealed FROM command WHERE id = :id"), {"id": command_id}
            ).scalar_one()
        return sealed

    def device(self, device_id: int) -> dict[str, Any]:
        reply = httpx.get(
            f"{self.url}/api/admin/v1/devices/{device_id}", headers=self._admin(), timeout=10
        )
        reply.raise_for_status()
        result: dict[str, Any] = reply.json()
        return result

    def set_overrides(self, device_id: int, overrides: dict[str, Any] | None) -> None:
        httpx.put(
            f"{self.url}/api/admin/v1/devices/{device_id}/overrides",
            json={"overrides": overrides},
            headers=self._admin(),
            timeout=10,
        ).raise_for_status()

    def revoke(self, device_id: int) -> None:
        httpx.post(
            f"{self.url}/api/admin/v1/devices/{device_id}/revoke",
            headers=self._admin(),
            timeout=10,
        ).raise_for_status()

    # --- database -------------------------------------------------------------------------------

    def event_rows(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every stored usage event as (id, type, attrs), one entry per row."""
        with self.live.db.engine.connect() as connection:
            rows = connection.execute(text("SELECT id, type, attrs FROM usage_event")).all()
        # SQLite hands JSON back as text, PostgreSQL as a decoded value.
        return [
            (str(i), str(t), json.loads(a) if isinstance(a, str) else dict(a or {}))
            for i, t, a in rows
        ]

"""Quick-start command 1, end to end: the demo's kiosk comes online, a visitor logs in with
the simulated phone the demo prints, the kiosk obeys a lock (which ends that session), and the
statistics hold generated history and, soon, that real log-in."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _wait_for(predicate: object, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[str, Path, str]]:
    """Run scripts/demo.py offscreen; yield the fleet URL, the var directory and its output."""
    output = tmp_path / "demo-output.txt"
    with output.open("w") as sink:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "scripts" / "demo.py"),
                "--offscreen",
                "--port",
                "0",
                "--seconds",
                "120",
                "--var-dir",
                str(tmp_path),
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )

    def admin_url() -> str | None:
        found = re.search(r"Admin web UI:\s+(http://\S+)/admin/", output.read_text())
        return found.group(1) if found else None

    _wait_for(lambda: admin_url() or proc.poll() is not None, "the demo to start", timeout=120)
    url = admin_url()
    try:
        assert url, f"the demo did not start:\n{output.read_text()}"
        yield url, tmp_path, output.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_demo_kiosk_is_online_takes_a_phone_log_in_and_obeys_a_lock(
    demo: tuple[str, Path, str],
) -> None:
    url, var, printed = demo
    # The exact phone-simulator command the demo tells a newcomer to run.
    found = re.search(r"(\S+/kiosk phone-sim qr \S+ --scanner \S+)", printed)
    assert found, printed
    phone = found.group(1).split()
    with httpx.Client(base_url=url, timeout=10) as client:
        token = client.post(
            "/api/admin/v1/auth/token", data={"username": "admin", "password": "demo-admin-2026"}
        ).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"

        def kiosk() -> dict[str, object]:
            devices = client.get("/api/admin/v1/devices").json()
            assert len(devices) == 1, devices
            return dict(devices[0])

        _wait_for(lambda: kiosk()["online"] and kiosk()["state"] == "idle", "the kiosk online")
        device_id = kiosk()["id"]

        done = subprocess.run(phone, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        _wait_for(lambda: len(client.get("/api/admin/v1/sessions").json()) == 1, "a session")
        _wait_for(lambda: kiosk()["state"] == "in_session", "the kiosk to report the session")

        command = client.post(
            f"/api/admin/v1/devices/{device_id}/commands",
            json={"type": "lock", "message": "Huolto klo 12 / Service kl. 12"},
        ).json()
        _wait_for(
            lambda: (
                client.get(f"/api/admin/v1/commands/{command['id']}").json()["status"]
                == "succeeded"
            ),
            "the lock to be acknowledged",
        )
        _wait_for(lambda: kiosk()["state"] == "locked", "the kiosk to report locked")
        # Locking the PC logged the visitor out: the session is over (and wiped).
        assert client.get("/api/admin/v1/sessions").json() == []

        # The statistics: generated history before today, and today's real log-in once the
        # fleet has rolled it up (every 10 s in the demo).
        past = client.get("/api/public/v1/stats", params={"branch": "oodi", "metric": "sessions"})
        assert past.json()["rows"], past.text
        today = dt.datetime.now(ZoneInfo("Europe/Helsinki")).date().isoformat()
        here_today = {"since": today, "until": today, "branch": "demo", "metric": "logins"}
        _wait_for(
            lambda: client.get("/api/public/v1/stats", params=here_today).json()["rows"],
            "today's log-in in the statistics",
        )

    screenshots = var / "screenshots"
    _wait_for(lambda: (screenshots / "locked.png").exists(), "a screenshot of the locked screen")
    assert (screenshots / "idle.png").stat().st_size > 10_000

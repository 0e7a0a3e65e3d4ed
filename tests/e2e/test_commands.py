"""A headless kiosk process obeys commands from the fleet's admin API, restart included."""

from __future__ import annotations

import json

import pytest

from tests.e2e.fleet_process import FleetProcess
from tests.e2e.kiosk_process import KioskProcess, wait_until

pytestmark = pytest.mark.slow


def test_lock_then_restart_re_executes_the_kiosk_which_stays_locked(
    fleet: FleetProcess, kiosk: KioskProcess
) -> None:
    result = kiosk.enroll(fleet.url, fleet.enroll_code())
    assert result.returncode == 0, result.stderr
    device_id = json.loads((kiosk.state_dir / "credential.json").read_text())["device_id"]
    kiosk.start()
    assert kiosk.process is not None
    pid = kiosk.process.pid
    wait_until(lambda: "online=True" in kiosk.log_text(), 60, "the kiosk online")

    lock = fleet.send_command(device_id, "lock", "Päivitys käynnissä")
    wait_until(lambda: fleet.command_status(lock) == "succeeded", 20, "the lock acknowledged")
    wait_until(lambda: "mode=locked" in kiosk.log_text(), 10, "the locked view")

    restart = fleet.send_command(device_id, "restart")
    wait_until(lambda: fleet.command_status(restart) == "succeeded", 20, "the restart acked")
    wait_until(lambda: "restarting" in kiosk.log_text(), 20, "the re-execution")
    # execv keeps the process id; the new program starts locked from its persisted state.
    wait_until(lambda: kiosk.log_text().count("mode=locked") >= 2, 60, "locked after restart")
    assert kiosk.process.pid == pid
    assert kiosk.process.poll() is None
    wait_until(lambda: fleet.device(device_id)["state"] == "locked", 60, "the fleet sees it locked")
    # The restart command ran once: its redelivery after the restart did not loop.
    assert kiosk.log_text().count("restart requested") == 1
    assert kiosk.stop() == 0

"""KioskShell against a real fleet process: enrolment, check-in, commands, nudges, 401."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from fleet.protocol import DeviceHealth, HealthStatus, LocalizedText
from hardware import HardwareSet
from kiosk.services.enrollment import enroll
from kiosk.services.kiosk_shell import KioskShell, ShellTimings
from kiosk.services.shell import ShellMode
from kiosk.services.state import StateDir
from tests.e2e.fleet_process import FleetProcess
from tests.kiosk.services.shell_rig import Recorder, eventually

pytestmark = pytest.mark.slow

FAST = ShellTimings(initial_backoff=0.2, max_backoff=1.0, upload_debounce=0.1, credential_poll=0.2)


def acknowledged(fleet: FleetProcess, command_id: int) -> Callable[[], bool]:
    return lambda: fleet.command_status(command_id) == "succeeded"


async def enrol(state_dir: Path, fleet: FleetProcess) -> int:
    code = await asyncio.to_thread(fleet.enroll_code)
    credential = await enroll(
        StateDir(state_dir), fleet.url, code, version="0.1.0", machine_id=uuid.uuid4().hex
    )
    return credential.device_id


@contextlib.asynccontextmanager
async def running(shell: KioskShell) -> AsyncIterator[Recorder]:
    recorder = Recorder()
    shell.add_listener(recorder)
    stop = asyncio.Event()
    task = asyncio.create_task(shell.run(stop))
    try:
        yield recorder
    finally:
        stop.set()
        await task
        shell.close()


def open_shell(state_dir: Path) -> KioskShell:
    return KioskShell.open(state_dir, HardwareSet.fake(), timings=FAST)


@pytest.mark.asyncio
async def test_an_enrolled_shell_comes_online_with_its_branch_and_boots_offline_later(
    fleet: FleetProcess, tmp_path: Path
) -> None:
    state_dir = tmp_path / "kiosk"
    device_id = await enrol(state_dir, fleet)
    shell = open_shell(state_dir)
    assert shell.view.mode is ShellMode.IDLE
    assert shell.view.branch_name is None  # no config yet
    async with running(shell):
        await eventually(lambda: shell.view.online, 45, "online")
        assert shell.view.branch_name == LocalizedText(fi="oodi fi", sv="oodi sv", en="oodi en")
        assert shell.view.today is not None
        assert shell.view.hours_today is not None
        # The fleet writes check-in state in batches: wait for it rather than race it.
        await eventually(lambda: fleet.device(device_id)["online"] is True, 30, "shown online")
        assert fleet.device(device_id)["app_version"] == "0.1.0"

    fleet.stop()  # the next start has no network at all
    offline = open_shell(state_dir)
    assert offline.view.branch_name is not None
    assert offline.view.branch_name.sv == "oodi sv"
    assert offline.view.hours_today is not None
    assert offline.view.online is False
    offline.close()


@pytest.mark.asyncio
async def test_a_lock_arrives_by_nudge_and_survives_a_restart(
    fleet: FleetProcess, tmp_path: Path
) -> None:
    state_dir = tmp_path / "kiosk"
    device_id = await enrol(state_dir, fleet)
    shell = open_shell(state_dir)
    async with running(shell) as recorder:
        await eventually(lambda: shell.view.online, 45, "online")
        await asyncio.sleep(0.5)  # let the nudge socket settle after its first check-in
        # The policy polls every 30 s; a lock within 10 s came through the WebSocket nudge.
        command_id = await asyncio.to_thread(fleet.send_command, device_id, "lock", "Huolto")
        await eventually(lambda: shell.view.mode is ShellMode.LOCKED, 10, "the lock")
        assert shell.view.lock_message == "Huolto"
        assert any(v.mode is ShellMode.LOCKED for v in recorder.views)
        await eventually(acknowledged(fleet, command_id), 10, "the ack")

    again = open_shell(state_dir)
    assert again.view.mode is ShellMode.LOCKED
    assert again.view.lock_message == "Huolto"
    async with running(again):
        await eventually(lambda: again.view.online, 45, "online")
        command_id = await asyncio.to_thread(fleet.send_command, device_id, "unlock")
        await eventually(lambda: again.view.mode is ShellMode.IDLE, 10, "the unlock")
        await eventually(acknowledged(fleet, command_id), 10, "the ack")


@pytest.mark.asyncio
async def test_message_end_session_sync_and_restart_are_obeyed_and_acknowledged(
    fleet: FleetProcess, tmp_path: Path
) -> None:
    state_dir = tmp_path / "kiosk"
    device_id = await enrol(state_dir, fleet)
    shell = open_shell(state_dir)
    async with running(shell) as recorder:
        await eventually(lambda: shell.view.online, 45, "online")
        sent = [
            await asyncio.to_thread(fleet.send_command, device_id, "message", "Suljemme pian"),
            await asyncio.to_thread(fleet.send_command, device_id, "end_session"),
            await asyncio.to_thread(fleet.send_command, device_id, "sync"),
            await asyncio.to_thread(fleet.send_command, device_id, "restart"),
        ]
        await eventually(lambda: recorder.restarts == 1, 10, "the restart request")
        assert recorder.messages == ["Suljemme pian"]
        assert shell.restart_pending
        for command_id in sent:
            await eventually(acknowledged(fleet, command_id), 10, f"command {command_id} ack")


@pytest.mark.asyncio
async def test_a_revoked_kiosk_shows_not_registered_and_recovers_when_re_enrolled(
    fleet: FleetProcess, tmp_path: Path
) -> None:
    state_dir = tmp_path / "kiosk"
    device_id = await enrol(state_dir, fleet)
    shell = open_shell(state_dir)
    async with running(shell):
        await eventually(lambda: shell.view.online, 45, "online")
        await asyncio.to_thread(fleet.revoke, device_id)
        await eventually(lambda: shell.view.mode is ShellMode.NOT_REGISTERED, 40, "not registered")
        # IT enrols the PC again while the shell keeps running: no restart needed.
        new_id = await enrol(state_dir, fleet)
        assert new_id != device_id
        await eventually(lambda: shell.view.mode is ShellMode.IDLE, 20, "registered again")
        await eventually(
            lambda: fleet.device(new_id)["online"] is True, 20, "the new record online"
        )


@pytest.mark.asyncio
async def test_without_a_credential_the_shell_waits_not_registered(tmp_path: Path) -> None:
    shell = open_shell(tmp_path / "kiosk")
    async with running(shell):
        await asyncio.sleep(0.5)
        assert shell.view.mode is ShellMode.NOT_REGISTERED
        assert shell.view.online is False


@pytest.mark.asyncio
async def test_language_changes_are_recorded_as_anonymous_events(
    fleet: FleetProcess, tmp_path: Path
) -> None:
    state_dir = tmp_path / "kiosk"
    await enrol(state_dir, fleet)
    shell = open_shell(state_dir)
    async with running(shell):
        await shell.set_language("sv")
        await shell.set_language("sv")  # no change, no event
        assert shell.view.language == "sv"
        with pytest.raises(ValueError, match="unsupported"):
            await shell.set_language("de")

        def uploaded() -> list[dict[str, object]]:
            return [a for _, kind, a in fleet.event_rows() if kind == "language_changed"]

        await eventually(lambda: len(uploaded()) == 1, 20, "the event upload")
        assert uploaded() == [{"language": "sv"}]


@pytest.mark.asyncio
async def test_a_changed_policy_is_applied_and_persisted_without_a_restart(
    fleet: FleetProcess, tmp_path: Path
) -> None:
    state_dir = tmp_path / "kiosk"
    device_id = await enrol(state_dir, fleet)
    shell = open_shell(state_dir)
    state = StateDir(state_dir)

    def interval() -> int | None:
        stored = state.load_config()
        return stored.config.policy.checkin_interval_seconds if stored else None

    async with running(shell):
        await eventually(lambda: interval() is not None, 45, "the first config")
        assert interval() != 17
        await asyncio.to_thread(fleet.set_overrides, device_id, {"checkin_interval_seconds": 17})
        # A config nudge brings the new etag at once; the shell applies it while running.
        await eventually(lambda: interval() == 17, 20, "the new policy")
        assert shell.view.mode is ShellMode.IDLE


@pytest.mark.asyncio
async def test_peripheral_health_reaches_the_view_and_the_fleet(
    fleet: FleetProcess, tmp_path: Path
) -> None:
    state_dir = tmp_path / "kiosk"
    device_id = await enrol(state_dir, fleet)
    hardware = HardwareSet.fake()
    shell = KioskShell.open(state_dir, hardware, timings=FAST)
    async with hardware, running(shell):
        await eventually(lambda: shell.view.online, 45, "online")
        assert shell.view.printer.status is HealthStatus.OK
        hardware.printer.simulate_paper_low()
        # The next check-in (a sync command makes it happen now) reports the warning.
        await asyncio.to_thread(fleet.send_command, device_id, "sync")
        await eventually(
            lambda: (
                shell.view.printer == DeviceHealth(status=HealthStatus.WARNING, detail="paper_low")
            ),
            20,
            "paper low on the status strip",
        )
        await eventually(
            lambda: (
                fleet.device(device_id)["printer"] == {"status": "warning", "detail": "paper_low"}
            ),
            30,
            "paper low in the fleet",
        )


@pytest.mark.asyncio
async def test_staff_print_a_guest_pass_slip_on_a_kiosk_and_the_fleet_forgets_the_pin(
    fleet: FleetProcess, tmp_path: Path
) -> None:
    state_dir = tmp_path / "kiosk"
    device_id = await enrol(state_dir, fleet)
    hardware = HardwareSet.fake()
    shell = KioskShell.open(state_dir, hardware, timings=FAST)
    async with hardware, running(shell):
        await eventually(lambda: shell.view.online, 45, "online")
        issued = await asyncio.to_thread(
            fleet.admin_post, "/guest-passes", {"minutes": 90, "branch_id": "oodi"}
        )
        ask = {"device_id": device_id, "code": issued["code"], "pin": issued["pin"]}
        command = await asyncio.to_thread(
            fleet.admin_post, f"/guest-passes/{issued['id']}/print", {**ask, "language": "sv"}
        )
        assert command["type"] == "print_guest_pass"
        # While it waits, the fleet holds the PIN only encrypted.
        sealed = await asyncio.to_thread(fleet.sealed_payload, command["id"])
        assert sealed is not None
        assert issued["pin"] not in sealed
        await eventually(acknowledged(fleet, command["id"]), 15, "the slip printed")
        text = "\n".join(line.text for line in hardware.printer.printed[-1].lines)
        assert issued["code"] in text
        assert issued["pin"] in text
        assert "Gästpass" in text
        assert "oodi sv" in text
        assert await asyncio.to_thread(fleet.sealed_payload, command["id"]) is None

        # Out of paper: the staff see why on the command, and nothing is kept.
        hardware.printer.simulate_paper_out()
        command = await asyncio.to_thread(
            fleet.admin_post, f"/guest-passes/{issued['id']}/print", ask
        )
        await eventually(lambda: fleet.command_status(command["id"]) == "failed", 15, "the failure")
        assert (await asyncio.to_thread(fleet.command, command["id"]))[
            "result_detail"
        ] == "paper_out"
        assert await asyncio.to_thread(fleet.sealed_payload, command["id"]) is None


def test_a_damaged_credential_shows_not_registered_instead_of_crashing(tmp_path: Path) -> None:
    state_dir = tmp_path / "kiosk"
    StateDir(state_dir).credential_path.write_text('{"token": ')
    shell = open_shell(state_dir)
    assert shell.view.mode is ShellMode.NOT_REGISTERED
    shell.close()

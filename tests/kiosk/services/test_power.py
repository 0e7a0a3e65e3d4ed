"""Switching the PC off and setting its wake alarm: real subprocesses, a recording stand-in."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from fleet.protocol import (
    DeviceConfig,
)
from fleet.protocol.sessions import EndReason
from kiosk.services.power import (
    DEFAULT_POWEROFF_COMMAND,
    DEFAULT_WAKE_COMMAND,
    PowerControl,
    PowerOutcome,
    PowerService,
    PowerSettings,
    PowerSettingsError,
    next_shutdown,
    next_wake,
)
from tests.kiosk.services.power_rig import config, recorded, recording_settings
from tests.support.clock import FakeClock

HELSINKI = ZoneInfo("Europe/Helsinki")
WAKE = dt.datetime(2026, 11, 24, 6, 40, tzinfo=dt.UTC)  # Tuesday 08:40 in Helsinki


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, sec, tzinfo=HELSINKI)


@pytest.mark.asyncio
async def test_the_wake_alarm_is_set_then_the_pc_switches_off(tmp_path: Path) -> None:
    log = tmp_path / "argv.jsonl"
    outcome = await PowerControl(recording_settings(log)).power_off(WAKE)
    assert recorded(log) == [
        ["rtcwake", "-m", "no", "-u", "-t", str(int(WAKE.timestamp()))],
        ["systemctl", "poweroff"],
    ]
    assert str(int(WAKE.timestamp())) == "1795502400"
    assert outcome == PowerOutcome(powered_off=True, wake_at=WAKE)
    assert outcome.detail == "wake_at=2026-11-24T06:40:00Z"


@pytest.mark.asyncio
async def test_without_a_wake_time_only_the_power_off_runs(tmp_path: Path) -> None:
    log = tmp_path / "argv.jsonl"
    outcome = await PowerControl(recording_settings(log)).power_off(None)
    assert recorded(log) == [["systemctl", "poweroff"]]
    assert outcome.detail == "no_wake"


@pytest.mark.asyncio
async def test_a_failing_wake_command_is_reported_and_the_pc_still_switches_off(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log = tmp_path / "argv.jsonl"
    with caplog.at_level(logging.ERROR, logger="kiosk.services.power"):
        outcome = await PowerControl(recording_settings(log, fail_wake=True)).power_off(WAKE)
    assert [argv[0] for argv in recorded(log)] == ["rtcwake", "systemctl"]
    assert outcome == PowerOutcome(powered_off=True, wake_at=None, wake_failed=True)
    assert outcome.detail == "wake_failed"
    assert "the wake command failed (exit 1): rtcwake: /dev/rtc0" in caplog.text


@pytest.mark.asyncio
async def test_a_failing_power_off_is_reported(tmp_path: Path) -> None:
    log = tmp_path / "argv.jsonl"
    outcome = await PowerControl(recording_settings(log, fail_poweroff=True)).power_off(WAKE)
    assert not outcome.powered_off
    assert outcome.detail == "poweroff_failed wake_at=2026-11-24T06:40:00Z"


@pytest.mark.asyncio
async def test_a_missing_program_or_a_hang_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    missing = PowerSettings(
        simulate=False,
        wake_command=(str(tmp_path / "no-such-rtcwake"), "{epoch}"),
        poweroff_command=(str(tmp_path / "no-such-systemctl"),),
    )
    outcome = await PowerControl(missing).power_off(WAKE)
    assert outcome == PowerOutcome(powered_off=False, wake_failed=True)
    hanging = PowerSettings(
        simulate=False, poweroff_command=("sleep", "30"), wake_command=("true", "{iso}")
    )
    outcome = await PowerControl(hanging, timeout=0.2).power_off(WAKE)
    assert outcome == PowerOutcome(powered_off=False, wake_at=WAKE)


@pytest.mark.asyncio
async def test_simulating_runs_nothing_and_says_what_it_would_do(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log = tmp_path / "argv.jsonl"
    settings = recording_settings(log)
    simulated = PowerSettings(
        simulate=True,
        wake_command=settings.wake_command,
        poweroff_command=settings.poweroff_command,
    )
    with caplog.at_level(logging.INFO, logger="kiosk.services.power"):
        outcome = await PowerControl(simulated).power_off(WAKE)
    assert recorded(log) == []
    assert outcome.detail == "wake_at=2026-11-24T06:40:00Z simulated"
    assert "would set the wake alarm for 2026-11-24T06:40:00Z" in caplog.text
    assert "would power off now" in caplog.text
    # The default, which every test and demo gets unless told otherwise, only simulates.
    assert PowerSettings().simulate


def test_settings_come_from_the_environment() -> None:
    assert PowerSettings.from_env(simulate=False, environ={}) == PowerSettings(
        simulate=False,
        wake_command=DEFAULT_WAKE_COMMAND,
        poweroff_command=DEFAULT_POWEROFF_COMMAND,
    )
    assert PowerSettings.from_env(simulate=True, environ={}).simulate
    custom = PowerSettings.from_env(
        simulate=True,
        environ={
            "KIOSK_POWER": "real",
            "KIOSK_WAKE_COMMAND": "sudo -n /usr/sbin/rtcwake -m no -l -t {epoch}",
            "KIOSK_POWEROFF_COMMAND": "'/usr/local/bin/power off' --now",
        },
    )
    assert not custom.simulate
    assert custom.wake_command == (
        "sudo",
        "-n",
        "/usr/sbin/rtcwake",
        "-m",
        "no",
        "-l",
        "-t",
        "{epoch}",
    )
    assert custom.poweroff_command == ("/usr/local/bin/power off", "--now")
    assert PowerSettings.from_env(simulate=False, environ={"KIOSK_POWER": "Simulate"}).simulate
    for bad in ({"KIOSK_POWER": "yes"}, {"KIOSK_WAKE_COMMAND": "rtcwake 'unclosed"}):
        with pytest.raises(PowerSettingsError):
            PowerSettings.from_env(simulate=True, environ=bad)


def test_the_schedule_of_this_pcs_branch() -> None:
    friday = local(2026, 11, 27, 12)
    off = next_shutdown(config(), friday)
    assert off == local(2026, 11, 27, 20, 30)
    assert next_wake(config(), off) == local(2026, 11, 30, 8, 40)  # after the weekend
    assert next_shutdown(config(power=None), friday) is None


class Prepared:
    def __init__(self) -> None:
        self.reasons: list[EndReason] = []

    async def __call__(self, reason: EndReason) -> None:
        self.reasons.append(reason)


def service(
    tmp_path: Path, clock: FakeClock, pc: DeviceConfig | None
) -> tuple[PowerService, Prepared, Path]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    log = tmp_path / "argv.jsonl"
    prepared = Prepared()
    power = PowerService(
        PowerControl(recording_settings(log)), config=lambda: pc, clock=clock, prepare=prepared
    )
    return power, prepared, log


@pytest.mark.asyncio
async def test_the_scheduled_shutdown_happens_once_when_its_time_comes(tmp_path: Path) -> None:
    clock = FakeClock(local(2026, 11, 23, 20, 29, 59))
    power, prepared, log = service(tmp_path, clock, config())
    assert power.planned_shutdown() == local(2026, 11, 23, 20, 30)
    assert await power.tick() is None
    assert recorded(log) == []

    clock.advance(seconds=1)
    outcome = await power.tick()
    assert outcome is not None
    assert outcome.detail == "wake_at=2026-11-24T06:40:00Z"
    assert prepared.reasons == [EndReason.CLOSING]
    assert recorded(log) == [
        ["rtcwake", "-m", "no", "-u", "-t", str(int(WAKE.timestamp()))],
        ["systemctl", "poweroff"],
    ]
    # Not twice (a simulated or failed power-off leaves the kiosk running).
    clock.advance(seconds=30)
    assert await power.tick() is None
    assert power.planned_shutdown() == local(2026, 11, 24, 20, 30)


@pytest.mark.asyncio
async def test_a_shutdown_missed_by_minutes_happens_one_missed_by_more_does_not(
    tmp_path: Path,
) -> None:
    # The shell restarted just after the moment: it still switches off.
    clock = FakeClock(local(2026, 11, 23, 20, 34))
    power, _prepared, log = service(tmp_path, clock, config())
    assert await power.tick() is not None
    assert [argv[0] for argv in recorded(log)] == ["rtcwake", "systemctl"]
    # Someone switched the PC on at 21:00 on purpose: it is left on until tomorrow night.
    clock = FakeClock(local(2026, 11, 23, 21))
    power, _prepared, _log = service(tmp_path / "again", clock, config())
    assert await power.tick() is None
    assert power.planned_shutdown() == local(2026, 11, 24, 20, 30)
    # Without a config or a schedule nothing is planned.
    assert service(tmp_path, clock, None)[0].planned_shutdown() is None
    assert service(tmp_path, clock, config(power=None))[0].planned_shutdown() is None


@pytest.mark.asyncio
async def test_a_remote_shutdown_wakes_when_asked_else_as_scheduled(tmp_path: Path) -> None:
    clock = FakeClock(local(2026, 11, 23, 12))
    power, prepared, log = service(tmp_path, clock, config())
    asked = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)
    assert (await power.shut_down_now(asked)).wake_at == asked
    # A wake time that passed while the command waited: the schedule's wake instead.
    passed = clock() + dt.timedelta(minutes=1)
    assert (await power.shut_down_now(passed)).wake_at == WAKE
    assert prepared.reasons == [EndReason.SHUTDOWN, EndReason.SHUTDOWN]
    assert [argv[-1] for argv in recorded(log) if argv[0] == "rtcwake"] == [
        str(int(asked.timestamp())),
        str(int(WAKE.timestamp())),
    ]
    no_schedule, _prepared, _log = service(tmp_path / "b", clock, config(power=None))
    assert (await no_schedule.shut_down_now(None)).detail == "no_wake"

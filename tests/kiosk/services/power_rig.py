"""Power for tests: Oodi's config with a power schedule, and the real subprocess path of the
power commands, pointed at a script that records argv."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from fleet.protocol import (
    DayHours,
    DeviceConfig,
    LocalizedText,
    OpeningHours,
    Policy,
    PowerSchedule,
)
from kiosk.services.power import PowerSettings

RECORDER = Path(__file__).parent / "power_programs" / "record_argv.py"

#: Off 30 minutes after closing, on 20 minutes before opening.
POWER = PowerSchedule(shutdown_after_closing_minutes=30, wake_before_opening_minutes=20)


def config(power: PowerSchedule | None = POWER, **policy: int) -> DeviceConfig:
    """A PC at a branch open 9-20 on weekdays, closed at weekends; ``policy`` adds to it."""
    weekday = DayHours(opens=dt.time(9), closes=dt.time(20))
    return DeviceConfig(
        device_id=1,
        device_name="oodi-01",
        branch_id="oodi",
        branch_name=LocalizedText(fi="Oodi", sv="Ode", en="Oodi"),
        opening_hours=OpeningHours(weekly=[weekday] * 5 + [DayHours()] * 2),
        policy=Policy(power=power, **policy),
    )


def recording_settings(
    log: Path, *, fail_wake: bool = False, fail_poweroff: bool = False
) -> PowerSettings:
    """Real (not simulated) settings whose rtcwake and systemctl only write to ``log``."""
    base = (sys.executable, str(RECORDER), str(log))
    return PowerSettings(
        simulate=False,
        wake_command=(
            *base,
            *(("--fail",) if fail_wake else ()),
            "rtcwake",
            "-m",
            "no",
            "-u",
            "-t",
            "{epoch}",
        ),
        poweroff_command=(*base, *(("--fail",) if fail_poweroff else ()), "systemctl", "poweroff"),
    )


def recorded(log: Path) -> list[list[str]]:
    """Every command line the recorder saw, in order."""
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]

"""Power commands for tests: the real subprocess path, pointed at a script that records argv."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.services.power import PowerSettings

RECORDER = Path(__file__).parent / "power_programs" / "record_argv.py"


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

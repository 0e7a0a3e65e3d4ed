"""The kiosk's peripherals from the command line and environment (``kiosk run`` options).

Each role takes a driver spec (hardware/README.md): ``--reader nfcpy:usb``,
``--scanner serial:/dev/ttyACM0``, ``--printer none``; or ``KIOSK_READER``, ``KIOSK_SCANNER``,
``KIOSK_PRINTER``. ``--fake-hardware`` makes every role not named otherwise a simulator.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hardware import HardwareSet, UnsupportedDriverError

ENV = {"reader": "KIOSK_READER", "printer": "KIOSK_PRINTER", "scanner": "KIOSK_SCANNER"}


@dataclass(frozen=True)
class DeviceSpecs:
    """One driver spec per role; None means "the default" (fake or none)."""

    reader: str | None = None
    printer: str | None = None
    scanner: str | None = None

    @classmethod
    def from_env(cls, **given: str | None) -> DeviceSpecs:
        """Specs given on the command line, else from the environment."""
        return cls(
            **{role: given.get(role) or os.environ.get(name) or None for role, name in ENV.items()}
        )

    def check(self, *, fake: bool) -> None:
        """Raise :class:`UnsupportedDriverError` now for a spec that cannot be opened, so a
        typo stops the kiosk at start with a clear message instead of running without."""
        self.open(fake=fake)

    def open(self, *, fake: bool, slip_dir: Path | None = None) -> HardwareSet:
        """The hardware set; raises :class:`UnsupportedDriverError` for a bad spec."""
        default = "fake" if fake else "none"
        return HardwareSet.from_config(
            reader=self.reader or default,
            printer=self.printer or default,
            scanner=self.scanner or default,
            slip_dir=slip_dir,
        )


__all__ = ["DeviceSpecs", "UnsupportedDriverError"]

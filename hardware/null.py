"""Stand-ins for peripherals a kiosk does not have (driver spec ``none``)."""

from __future__ import annotations

import asyncio

from hardware.errors import PrinterAbsentError
from hardware.health import HealthDetail, PeripheralHealth
from hardware.reader import CardRead
from hardware.receipt import Receipt
from hardware.scanner import Scan

_ABSENT = PeripheralHealth.absent(HealthDetail.NOT_CONFIGURED)


async def _wait_out(timeout: float) -> None:
    if timeout < 0:
        raise ValueError("timeout must not be negative")
    # Wait the full time so a caller's polling loop does not spin on a missing device.
    await asyncio.sleep(timeout)


class NullCardReader:
    """No card reader: reads nothing, ever; health is absent."""

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def read(self, timeout: float) -> CardRead | None:
        await _wait_out(timeout)
        return None

    def release(self, card: CardRead) -> None:
        pass

    async def health(self) -> PeripheralHealth:
        return _ABSENT


class NullPrinter:
    """No printer: printing raises :class:`PrinterAbsentError`; health is absent."""

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def print_receipt(self, receipt: Receipt) -> None:
        raise PrinterAbsentError("no receipt printer is configured on this kiosk")

    async def health(self) -> PeripheralHealth:
        return _ABSENT


class NullScanner:
    """No scanner: scans nothing, ever; health is absent."""

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def next_scan(self, timeout: float) -> Scan | None:
        await _wait_out(timeout)
        return None

    async def health(self) -> PeripheralHealth:
        return _ABSENT

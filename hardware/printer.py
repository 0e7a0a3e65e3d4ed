"""The receipt-printer role: the protocol every printer adapter and simulator meets."""

from __future__ import annotations

from typing import Protocol

from hardware.health import PeripheralHealth
from hardware.receipt import Receipt


class ReceiptPrinter(Protocol):
    """A receipt printer. Adapters are named for the technology (``EscposPrinter``)."""

    async def start(self) -> None:
        """Get ready to print; an unreachable printer shows in health, not here."""
        ...

    async def stop(self) -> None:
        """Release the device. Safe to call twice or without ``start``."""
        ...

    async def print_receipt(self, receipt: Receipt) -> None:
        """Print ``receipt`` or raise a :class:`~hardware.errors.PrinterError` subclass.

        :class:`~hardware.errors.PaperOutError` and
        :class:`~hardware.errors.PrinterOfflineError` are the ones a visitor is told about.
        """
        ...

    async def health(self) -> PeripheralHealth: ...

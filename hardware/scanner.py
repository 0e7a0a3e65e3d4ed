"""The scanner role: barcode and 2D scans (library cards, the phone's QR card)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from hardware.health import PeripheralHealth


class Symbology(StrEnum):
    """The code a scan came from, when the scanner says so (keyboard wedges usually do not)."""

    QR = "qr"
    DATA_MATRIX = "data_matrix"
    PDF417 = "pdf417"
    AZTEC = "aztec"
    CODE128 = "code128"
    CODE39 = "code39"
    CODABAR = "codabar"
    EAN13 = "ean13"


@dataclass(frozen=True, slots=True)
class Scan:
    """The text one scan produced. Left out of ``repr``: it is often a library card number."""

    text: str = field(repr=False)
    symbology: Symbology | None = None

    def __post_init__(self) -> None:
        if not self.text:
            raise ValueError("a scan has text")


class Scanner(Protocol):
    """A barcode or 2D scanner. Adapters are named for the technology (``SerialScanner``)."""

    async def start(self) -> None: ...

    async def stop(self) -> None:
        """Release the device. Safe to call twice or without ``start``."""
        ...

    async def next_scan(self, timeout: float) -> Scan | None:
        """The next scan within ``timeout`` seconds, or ``None``.

        Raises :class:`~hardware.errors.ScannerError` if the scanner cannot scan now.
        """
        ...

    async def health(self) -> PeripheralHealth: ...

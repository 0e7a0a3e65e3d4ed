"""The hardware layer's errors: one base, one branch per role, each naming its health slug."""

from __future__ import annotations

from collections.abc import Sequence


class HardwareError(Exception):
    """Base of every error the hardware layer raises on purpose.

    ``detail`` is the same slug the peripheral's health would carry, so a caller can pick a
    translated message for the visitor without parsing English text.
    """

    detail: str = "error"

    def __init__(self, message: str | None = None, *, detail: str | None = None) -> None:
        if detail is not None:
            self.detail = detail
        super().__init__(message or self.detail.replace("_", " "))


class UnsupportedDriverError(HardwareError):
    """A driver spec names a driver this build does not have (or nothing recognisable)."""

    detail = "unsupported_driver"

    def __init__(self, role: str, spec: str, supported: Sequence[str], reason: str) -> None:
        self.role = role
        self.spec = spec
        self.supported = tuple(supported)
        choices = ", ".join(repr(s) for s in self.supported)
        super().__init__(f"{reason}; supported {role} drivers: {choices}")


class CardReaderError(HardwareError):
    """The card reader cannot read now (unplugged, failed)."""

    detail = "reader_error"


class CardRemovedError(CardReaderError):
    """The card left the reader (or another card replaced it) before an exchange finished."""

    detail = "card_removed"


class NotIsoDepError(CardReaderError):
    """An APDU exchange was asked of a card that only offers its identifier."""

    detail = "not_iso_dep"


class PrinterError(HardwareError):
    """The receipt was not printed."""

    detail = "printer_error"


class PaperOutError(PrinterError):
    detail = "paper_out"


class PrinterOfflineError(PrinterError):
    """The printer does not answer (switched off, cable or network down, cover open)."""

    detail = "offline"


class PrinterAbsentError(PrinterError):
    """No printer is configured on this kiosk: the UI should not have offered printing."""

    detail = "not_configured"


class ScannerError(HardwareError):
    """The scanner cannot scan now (unplugged, failed)."""

    detail = "scanner_error"

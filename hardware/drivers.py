"""Peripherals from configuration strings (``fake``, ``none``, ``nfcpy:usb``, ``serial:...``).

A spec is ``SCHEME`` or ``SCHEME:ARGUMENTS``, as nfcpy names its devices. Schemes whose
adapters are not in this version are recognised and refused with a clear message, so a
configuration written for a later version fails loudly instead of silently running without.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from hardware.errors import UnsupportedDriverError
from hardware.fakes import FakeCardReader, FakePrinter, FakeScanner
from hardware.health import PeripheralHealth
from hardware.null import NullCardReader, NullPrinter, NullScanner
from hardware.printer import ReceiptPrinter
from hardware.reader import CardReader
from hardware.scanner import Scanner

log = logging.getLogger(__name__)

SUPPORTED = ("fake", "none")

#: Schemes that name real adapters still to come, per role (a spec for another role is unknown).
_PLANNED_READERS = ("pcsc",)
_PLANNED_PRINTERS = ("cups",)
#: ESC/POS printers (``EscposPrinter``): ``escpos:tcp:HOST``, ``escpos:usb:VID:PID``,
#: ``escpos:serial:DEVICE``, or the same without ``escpos:``. Grammar: hardware/README.md.
_ESCPOS_SCHEMES = ("escpos", "tcp", "usb", "serial")
SUPPORTED_PRINTERS = (*SUPPORTED, *_ESCPOS_SCHEMES)
_PLANNED_SCANNERS = ("evdev", "hid")
#: Scanner adapters in this version: each parses its own arguments and is imported when chosen.
_SCANNER_ADAPTERS = ("serial", "tcp", "wedge")
#: nfcpy's device paths (``usb:072f:2200``, ``tty:USB0:pn532``, ``com:3:pn532``, ``udp:HOST:PORT``),
#: taken as card reader specs as they are or after ``nfcpy:``.
_NFCPY_PATHS = ("usb", "tty", "com", "udp")
SUPPORTED_READERS = (*SUPPORTED, "nfcpy", *_NFCPY_PATHS)


def _scheme(
    role: str, spec: str, planned: Sequence[str], supported: Sequence[str] = SUPPORTED
) -> str:
    """The spec's scheme if it is ``fake`` or ``none``; otherwise a clear error that names
    the drivers this role ``supported`` (its adapters are handled before this is called)."""
    text = spec.strip()
    scheme, _, arguments = text.partition(":")
    scheme = scheme.lower()
    if scheme in SUPPORTED:
        if arguments:
            reason = f"the {role} driver {scheme!r} takes no arguments, got {spec!r}"
            raise UnsupportedDriverError(role, spec, supported, reason)
        return scheme
    if not scheme:
        reason = f"no {role} driver given"
    elif scheme in planned:
        reason = f"the {role} driver {spec!r} is not available in this version"
    else:
        reason = f"unknown {role} driver {spec!r}"
    raise UnsupportedDriverError(role, spec, supported, reason)


def open_card_reader(spec: str) -> CardReader:
    """A card reader for ``spec``; not yet started. ``nfcpy`` alone means ``nfcpy:usb``."""
    text = spec.strip()
    scheme, _, arguments = text.partition(":")
    scheme = scheme.lower()
    if scheme == "nfcpy" or scheme in _NFCPY_PATHS:
        kind, colon, rest = ((arguments or "usb") if scheme == "nfcpy" else text).partition(":")
        if kind.lower() not in _NFCPY_PATHS:
            reason = f"nfcpy has no device {kind!r} (it takes usb, tty, com and udp paths)"
            raise UnsupportedDriverError("card reader", spec, SUPPORTED_READERS, reason)
        # The rest keeps its case: tty:USB0 names /dev/ttyUSB0.
        path = kind.lower() + colon + rest
        try:
            from hardware.nfc import NfcpyReader
        except ModuleNotFoundError as error:
            if error.name is None or error.name.startswith("hardware"):
                raise
            reason = f"the card reader driver {spec!r} needs nfcpy, which is not installed"
            raise UnsupportedDriverError("card reader", spec, SUPPORTED_READERS, reason) from None
        return NfcpyReader(path)
    chosen = _scheme("card reader", spec, _PLANNED_READERS, SUPPORTED_READERS)
    return FakeCardReader() if chosen == "fake" else NullCardReader()


def open_printer(spec: str, *, slip_dir: Path | None = None) -> ReceiptPrinter:
    """A receipt printer for ``spec``; not yet started. ``slip_dir`` is where ``fake`` prints.

    Nothing is connected here: a bad spec fails now, an unreachable printer shows in health.
    """
    if spec.strip().partition(":")[0].lower() in _ESCPOS_SCHEMES:
        try:
            from hardware.escpos_printer import EscposPrinter
        except ModuleNotFoundError as error:
            if error.name is None or error.name.startswith("hardware"):
                raise
            reason = f"the printer driver {spec!r} needs python-escpos, which is not installed"
            raise UnsupportedDriverError("printer", spec, SUPPORTED_PRINTERS, reason) from None
        try:
            return EscposPrinter.from_spec(spec)
        except ValueError as error:
            reason = f"cannot use the ESC/POS printer {spec!r}: {error}"
            raise UnsupportedDriverError("printer", spec, SUPPORTED_PRINTERS, reason) from None
    if _scheme("printer", spec, _PLANNED_PRINTERS, SUPPORTED_PRINTERS) == "fake":
        return FakePrinter(slip_dir=slip_dir)
    return NullPrinter()


def open_scanner(spec: str) -> Scanner:
    """A barcode/2D scanner for ``spec``; not yet started. Specs: hardware/README.md."""
    scheme, _, arguments = spec.strip().partition(":")
    scheme = scheme.lower()
    supported = (*SUPPORTED, *_SCANNER_ADAPTERS)
    if scheme == "serial":
        try:
            from hardware.serial_scanner import SerialScanner
        except ImportError as error:
            if error.name != "serial":
                raise
            reason = "the 'serial' scanner driver needs pyserial, which is not installed"
            raise UnsupportedDriverError("scanner", spec, supported, reason) from None
        try:
            return SerialScanner.from_spec(arguments)
        except ValueError as error:
            reason = f"bad serial scanner spec {spec!r}: {error}"
            raise UnsupportedDriverError("scanner", spec, supported, reason) from None
    if scheme == "tcp":
        from hardware.tcp_scanner import TcpScanner

        try:
            return TcpScanner.from_spec(arguments)
        except ValueError as error:
            reason = f"bad network scanner spec {spec!r}: {error}"
            raise UnsupportedDriverError("scanner", spec, supported, reason) from None
    if scheme == "wedge":
        if arguments:
            reason = f"the scanner driver 'wedge' takes no arguments, got {spec!r}"
            raise UnsupportedDriverError("scanner", spec, supported, reason)
        from hardware.wedge import KeyboardWedgeScanner

        return KeyboardWedgeScanner()
    chosen = _scheme("scanner", spec, _PLANNED_SCANNERS, supported)
    return FakeScanner() if chosen == "fake" else NullScanner()


@dataclass(frozen=True, slots=True)
class HardwareHealth:
    """Every peripheral's health at one moment."""

    reader: PeripheralHealth
    printer: PeripheralHealth
    scanner: PeripheralHealth


@dataclass(frozen=True)
class HardwareSet:
    """The kiosk's peripherals. ``async with`` starts them all and stops them all."""

    reader: CardReader
    printer: ReceiptPrinter
    scanner: Scanner

    @classmethod
    def from_config(
        cls,
        *,
        reader: str = "none",
        printer: str = "none",
        scanner: str = "none",
        slip_dir: Path | None = None,
    ) -> HardwareSet:
        """Open every peripheral from its spec; the first bad spec raises before any start."""
        return cls(
            reader=open_card_reader(reader),
            printer=open_printer(printer, slip_dir=slip_dir),
            scanner=open_scanner(scanner),
        )

    @classmethod
    def fake(cls, *, slip_dir: Path | None = None) -> FakeHardwareSet:
        """Simulators for every role, typed as such so callers can present cards and feed scans."""
        return FakeHardwareSet(
            reader=FakeCardReader(), printer=FakePrinter(slip_dir=slip_dir), scanner=FakeScanner()
        )

    @property
    def _devices(self) -> tuple[CardReader | ReceiptPrinter | Scanner, ...]:
        return (self.reader, self.printer, self.scanner)

    async def start(self) -> None:
        """Start every peripheral; if one fails, the ones already started are stopped again."""
        started: list[CardReader | ReceiptPrinter | Scanner] = []
        try:
            for device in self._devices:
                await device.start()
                started.append(device)
        except BaseException:
            for device in reversed(started):
                try:
                    await device.stop()
                except Exception:
                    log.exception("stopping %s after a failed start", type(device).__name__)
            raise

    async def stop(self) -> None:
        """Stop every peripheral, even when one fails to stop; the first failure is re-raised."""
        failure: Exception | None = None
        for device in reversed(self._devices):
            try:
                await device.stop()
            except Exception as error:
                log.exception("stopping %s", type(device).__name__)
                failure = failure or error
        if failure is not None:
            raise failure

    async def health(self) -> HardwareHealth:
        return HardwareHealth(
            reader=await self.reader.health(),
            printer=await self.printer.health(),
            scanner=await self.scanner.health(),
        )

    async def __aenter__(self) -> HardwareSet:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()


@dataclass(frozen=True)
class FakeHardwareSet(HardwareSet):
    """A :class:`HardwareSet` of simulators (``kiosk run --fake-hardware``)."""

    reader: FakeCardReader
    printer: FakePrinter
    scanner: FakeScanner

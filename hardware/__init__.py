"""Peripherals behind role protocols, with real adapters and shipped simulators.

The names most callers need are re-exported here. Real adapters (nfcpy, python-escpos,
serial) are never imported from this module: the driver factory loads them on demand, so
a kiosk without those libraries still starts with fake or no hardware.
"""

from hardware.drivers import (
    SUPPORTED,
    SUPPORTED_READERS,
    FakeHardwareSet,
    HardwareHealth,
    HardwareSet,
    open_card_reader,
    open_printer,
    open_scanner,
)
from hardware.errors import (
    CardReaderError,
    CardRemovedError,
    HardwareError,
    NotIsoDepError,
    PaperOutError,
    PrinterAbsentError,
    PrinterError,
    PrinterOfflineError,
    ScannerError,
    UnsupportedDriverError,
)
from hardware.fakes import FakeCard, FakeCardReader, FakePrinter, FakeScanner
from hardware.health import HealthDetail, HealthStatus, PeripheralHealth
from hardware.null import NullCardReader, NullPrinter, NullScanner
from hardware.printer import ReceiptPrinter
from hardware.reader import ApduExchange, CardKind, CardRead, CardReader
from hardware.receipt import (
    Align,
    Barcode,
    BarcodeSymbology,
    Receipt,
    ReceiptLine,
    TextSize,
    render_text,
)
from hardware.scanner import Scan, Scanner, Symbology

__all__ = [
    "SUPPORTED",
    "SUPPORTED_READERS",
    "Align",
    "ApduExchange",
    "Barcode",
    "BarcodeSymbology",
    "CardKind",
    "CardRead",
    "CardReader",
    "CardReaderError",
    "CardRemovedError",
    "FakeCard",
    "FakeCardReader",
    "FakeHardwareSet",
    "FakePrinter",
    "FakeScanner",
    "HardwareError",
    "HardwareHealth",
    "HardwareSet",
    "HealthDetail",
    "HealthStatus",
    "NotIsoDepError",
    "NullCardReader",
    "NullPrinter",
    "NullScanner",
    "PaperOutError",
    "PeripheralHealth",
    "PrinterAbsentError",
    "PrinterError",
    "PrinterOfflineError",
    "Receipt",
    "ReceiptLine",
    "ReceiptPrinter",
    "Scan",
    "Scanner",
    "ScannerError",
    "Symbology",
    "TextSize",
    "UnsupportedDriverError",
    "open_card_reader",
    "open_printer",
    "open_scanner",
    "render_text",
]

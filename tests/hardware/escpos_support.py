"""Helpers for the ESC/POS tests: a simulated printer and an adapter wired to it, QR reading."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import zxingcpp
from PIL import Image

from hardware import Align, Barcode, Receipt, ReceiptLine, TextSize
from hardware.escpos_printer import EscposPrinter
from hardware.escpos_sim import SimulatedPrinter
from hardware.fakes import PaperLevel

#: A name with every Finnish and Swedish letter a slip needs, and a euro sign.
NAME = "Ääkkönen Åström"
PRICE = "Hinta 2,50 €"
CODE = "K7Q42X"

#: Short time-outs, so a silent or absent printer costs tenths of a second, not seconds.
FAST = {"status_timeout": 0.3, "connect_timeout": 1.0, "start_wait": 2.0}


def sample_receipt(code: str = CODE, *, barcode: bool = False) -> Receipt:
    """A booking-like slip: a large heading, the test name and price, a long line, a QR code."""
    return Receipt(
        lines=(
            ReceiptLine("Oodi", bold=True, size=TextSize.LARGE, align=Align.CENTER),
            ReceiptLine(NAME),
            ReceiptLine(PRICE, align=Align.RIGHT),
            ReceiptLine(
                "Digituki tiistaina kello 14.00 kolmannessa kerroksessa neuvontapisteen luona, "
                "ota tämä lappu mukaan"
            ),
            ReceiptLine(code, bold=True, size=TextSize.LARGE, align=Align.CENTER),
        ),
        qr=code,
        barcode=Barcode(code) if barcode else None,
        footer=(ReceiptLine("Tervetuloa! Välkommen!", align=Align.CENTER),),
    )


@contextlib.asynccontextmanager
async def simulator(
    out_dir: Path | None = None,
    *,
    paper_mm: int = 80,
    paper: PaperLevel = PaperLevel.PLENTY,
    silent: bool = False,
) -> AsyncIterator[SimulatedPrinter]:
    """A started simulated printer on a free loopback port."""
    printer = SimulatedPrinter(
        "127.0.0.1", 0, out_dir=out_dir, paper_mm=paper_mm, paper=paper, silent=silent
    )
    async with printer:
        yield printer


@contextlib.asynccontextmanager
async def adapter(spec: str, **options: float) -> AsyncIterator[EscposPrinter]:
    """A started :class:`EscposPrinter` for ``spec`` with :data:`FAST` time-outs."""
    printer = EscposPrinter.from_spec(spec, **{**FAST, **options})
    await printer.start()
    try:
        yield printer
    finally:
        await printer.stop()


def read_codes(png: Path) -> list[tuple[str, str]]:
    """Every QR code and barcode zxing-cpp finds in a slip picture: ``(format, text)``."""
    with Image.open(png) as image:
        return [(code.format.name, code.text) for code in zxingcpp.read_barcodes(image)]


def refused_port() -> int:
    """A loopback port nothing listens on (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

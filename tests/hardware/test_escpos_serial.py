"""EscposPrinter on a serial port (python-escpos's Serial over a pty): kept open, then unplugged."""

from __future__ import annotations

import os
import select
import threading
import tty
from collections.abc import Iterator

import pytest

from hardware import PeripheralHealth, PrinterOfflineError
from hardware.escpos_stream import EscposTokenizer, PrinterStatus, decode
from hardware.fakes import PaperLevel
from tests.hardware.escpos_support import NAME, PRICE, adapter, sample_receipt


class PtyPrinter:
    """A printer on the far end of a pty: records bytes, answers DLE EOT from ``status``."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.master)
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.status = PrinterStatus()
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pty-printer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        tokenizer = EscposTokenizer()
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                data = os.read(self.master, 4096)
            except OSError:
                return
            self.received += data
            for token in tokenizer.feed(data):
                if token.name == "DLE EOT":
                    os.write(self.master, self.status.reply(token.params[0]))

    def unplug(self) -> None:
        self._stop.set()
        self._thread.join()
        for fd in (self.master, self.slave):
            os.close(fd)


@pytest.fixture
def pty_printer() -> Iterator[PtyPrinter]:
    printer = PtyPrinter()
    yield printer
    if not printer._stop.is_set():
        printer.unplug()


@pytest.mark.asyncio
async def test_prints_on_a_serial_port_and_keeps_it_open(pty_printer: PtyPrinter) -> None:
    async with adapter(f"escpos:serial:{pty_printer.path}?baud=115200&width=58") as printer:
        assert await printer.health() == PeripheralHealth.ok()
        link = printer._link
        await printer.print_receipt(sample_receipt())
        pty_printer.status = PrinterStatus(paper=PaperLevel.LOW)
        await printer.print_receipt(sample_receipt("SECOND"))
        assert printer._link is link  # the port stays open between jobs
        assert await printer.health() == PeripheralHealth.warning("paper_low")
        job = decode(bytes(pty_printer.received), columns=32)
        assert NAME in job.text_lines
        assert PRICE in job.text_lines
        assert [qr.text for qr in job.qr_codes] == ["K7Q42X", "SECOND"]
        assert len(job.cuts) == 2
        pty_printer.unplug()
        with pytest.raises(PrinterOfflineError):
            await printer.print_receipt(sample_receipt())
        assert await printer.health() == PeripheralHealth.error("offline")
        assert printer._link is None  # reopened on the next job

"""Simulated peripherals that ship in the product: ``kiosk run --fake-hardware`` uses them.

Code and tests drive them from the event-loop thread: ``FakeCardReader.present``,
``FakeScanner.feed`` and the ``FakePrinter`` paper and power switches.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from hardware.errors import (
    CardReaderError,
    CardRemovedError,
    PaperOutError,
    PrinterOfflineError,
    ScannerError,
)
from hardware.health import HealthDetail, PeripheralHealth
from hardware.reader import ApduExchange, CardKind, CardRead
from hardware.receipt import DEFAULT_WIDTH, Receipt, render_text
from hardware.scanner import Scan, Symbology

#: Plays a card application: takes a command APDU, returns the response APDU.
ApduHandler = Callable[[bytes], Awaitable[bytes]]

#: What an ISO-DEP card without our application answers: "file or application not found".
SW_NOT_FOUND = b"\x6a\x82"

T = TypeVar("T")


async def _next_item(queue: asyncio.Queue[T], timeout: float) -> T | None:
    if timeout < 0:
        raise ValueError("timeout must not be negative")
    try:
        # An item already waiting is returned even with a zero timeout.
        return queue.get_nowait()
    except asyncio.QueueEmpty:
        pass
    try:
        async with asyncio.timeout(timeout):
            return await queue.get()
    except TimeoutError:
        return None


class _Lifecycle:
    """start/stop bookkeeping shared by the fakes: using one before ``start`` is a bug."""

    _role = "device"

    def __init__(self) -> None:
        self._started = False

    @property
    def started(self) -> bool:
        return self._started

    async def start(self) -> None:
        self._started = True

    async def stop(self) -> None:
        self._started = False

    def _require_started(self) -> None:
        if not self._started:
            raise RuntimeError(f"the {self._role} is used before start()")


# --- card reader ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeCard:
    """A card to present: an identifier-only tag, or an ISO-DEP card played by ``handler``."""

    kind: CardKind
    uid: bytes = field(repr=False)
    handler: ApduHandler | None = field(default=None, compare=False, repr=False)

    @classmethod
    def tag(cls, uid: bytes) -> FakeCard:
        """A card that only offers its identifier (a library card's RFID tag)."""
        return cls(CardKind.NFC_UID, uid)

    @classmethod
    def iso_dep(cls, handler: ApduHandler | None = None, uid: bytes | None = None) -> FakeCard:
        """An ISO-DEP card such as a phone; without ``handler`` it has no application of ours.

        Phones send a random 4-byte identifier starting with 0x08 on every tap; so does this.
        """
        return cls(CardKind.ISO_DEP, uid if uid is not None else b"\x08" + os.urandom(3), handler)


class FakeCardReader(_Lifecycle):
    """A card reader whose cards are presented by code (tests, the phone simulator)."""

    _role = "card reader"

    def __init__(self) -> None:
        super().__init__()
        self._presented: asyncio.Queue[tuple[FakeCard, int]] = asyncio.Queue()
        self._health = PeripheralHealth.ok()
        # Each presentation gets a number; an exchange is valid only while its card is the one
        # on the reader, as with a real field: taking the card away ends the conversation.
        self._generation = 0
        self._on_reader: int | None = None
        self._released: set[int] = set()

    def present(self, card: FakeCard) -> None:
        """Put ``card`` on the reader (replacing any card there); the next ``read`` sees it."""
        self._generation += 1
        self._on_reader = self._generation
        self._presented.put_nowait((card, self._generation))

    def remove(self) -> None:
        """Take the card away: exchanges with it now raise ``CardRemovedError``."""
        self._on_reader = None

    def set_health(self, health: PeripheralHealth) -> None:
        """Simulate the reader's condition; while it is not usable, ``read`` raises."""
        self._health = health

    def release(self, card: CardRead) -> None:
        """Done with ``card``: exchanges with it raise ``CardRemovedError`` from now on."""
        if card.exchange is not None and self._on_reader is not None:
            self._released.add(self._on_reader)

    async def read(self, timeout: float) -> CardRead | None:
        self._require_started()
        if not self._health.usable:
            raise CardReaderError(detail=self._health.detail or "reader_error")
        item = await _next_item(self._presented, timeout)
        if item is None:
            return None
        card, generation = item
        exchange = None
        if card.kind is CardKind.ISO_DEP:
            exchange = self._exchanger(card, generation)
        return CardRead(card.kind, card.uid, technology="106A", exchange=exchange)

    async def health(self) -> PeripheralHealth:
        return self._health

    def _exchanger(self, card: FakeCard, generation: int) -> ApduExchange:
        async def exchange(apdu: bytes, timeout: float) -> bytes:
            if self._on_reader != generation or generation in self._released:
                raise CardRemovedError("the card has left the reader")
            if card.handler is None:
                return SW_NOT_FOUND
            try:
                async with asyncio.timeout(timeout):
                    response = await card.handler(bytes(apdu))
            except TimeoutError:
                raise CardReaderError(
                    "the card did not answer in time", detail="card_timeout"
                ) from None
            if self._on_reader != generation:
                raise CardRemovedError("the card left the reader during the exchange")
            return response

        return exchange


# --- receipt printer ------------------------------------------------------------------------


class PaperLevel(StrEnum):
    PLENTY = "plenty"
    LOW = "low"
    OUT = "out"


class FakePrinter(_Lifecycle):
    """A receipt printer that keeps what it printed, as receipts and as plain-text slips.

    ``paper_left`` (receipts) makes the paper run low at ``low_at`` and out at zero by itself;
    without it the paper lasts until a ``simulate_*`` call says otherwise. With ``slip_dir``
    every slip is also written there as a text file and, next to it with the same name, as a
    PNG picture of the paper (:mod:`hardware.slip_image`), so a demo has something to show.
    """

    _role = "printer"

    def __init__(
        self,
        *,
        width: int = DEFAULT_WIDTH,
        paper_left: int | None = None,
        low_at: int = 3,
        slip_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.width = width
        self.low_at = low_at
        self.slip_dir = slip_dir
        self.printed: list[Receipt] = []
        self.slips: list[str] = []
        self._offline = False
        self._paper_left: int | None = None
        self._paper = PaperLevel.PLENTY
        self.load_paper(paper_left)
        # One job at a time, as on the wire: slips must not interleave.
        self._lock = asyncio.Lock()

    @property
    def paper(self) -> PaperLevel:
        return self._paper

    @property
    def paper_left(self) -> int | None:
        return self._paper_left

    def load_paper(self, receipts: int | None = None) -> None:
        """A fresh roll: enough for ``receipts`` receipts, or uncounted if ``None``."""
        if receipts is not None and receipts < 0:
            raise ValueError("paper cannot hold a negative number of receipts")
        self._paper_left = receipts
        self._paper = self._level_for(receipts)

    def simulate_paper_low(self) -> None:
        self._paper = PaperLevel.LOW

    def simulate_paper_out(self) -> None:
        self._paper = PaperLevel.OUT
        if self._paper_left is not None:
            self._paper_left = 0

    def simulate_offline(self) -> None:
        self._offline = True

    def simulate_online(self) -> None:
        self._offline = False

    async def print_receipt(self, receipt: Receipt) -> None:
        self._require_started()
        async with self._lock:
            if self._offline:
                raise PrinterOfflineError("the printer does not answer")
            if self._paper is PaperLevel.OUT:
                raise PaperOutError("the printer is out of paper")
            slip = render_text(receipt, self.width)
            if self.slip_dir is not None:
                await asyncio.to_thread(self._write_slip, receipt, slip, len(self.slips) + 1)
            self.printed.append(receipt)
            self.slips.append(slip)
            if self._paper_left is not None:
                self._paper_left -= 1
                self._paper = self._level_for(self._paper_left)

    async def health(self) -> PeripheralHealth:
        if self._offline:
            return PeripheralHealth.error(HealthDetail.OFFLINE)
        if self._paper is PaperLevel.OUT:
            return PeripheralHealth.error(HealthDetail.PAPER_OUT)
        if self._paper is PaperLevel.LOW:
            return PeripheralHealth.warning(HealthDetail.PAPER_LOW)
        return PeripheralHealth.ok()

    def _level_for(self, left: int | None) -> PaperLevel:
        if left is None:
            return PaperLevel.PLENTY
        if left <= 0:
            return PaperLevel.OUT
        return PaperLevel.LOW if left <= self.low_at else PaperLevel.PLENTY

    def _write_slip(self, receipt: Receipt, slip: str, number: int) -> None:
        # Pillow and segno load only when a slip directory is used.
        from hardware.slip_image import draw_receipt, save_png

        assert self.slip_dir is not None
        self.slip_dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        text = self.slip_dir / f"slip-{stamp}-{os.getpid()}-{number:04d}.txt"
        text.write_text(slip, encoding="utf-8")
        save_png(draw_receipt(receipt, columns=self.width), text.with_suffix(".png"))


# --- scanner --------------------------------------------------------------------------------


class FakeScanner(_Lifecycle):
    """A barcode/2D scanner whose scans are fed by code (tests, the phone simulator's QR)."""

    _role = "scanner"

    def __init__(self) -> None:
        super().__init__()
        self._scans: asyncio.Queue[Scan] = asyncio.Queue()
        self._health = PeripheralHealth.ok()

    def feed(self, text: str, symbology: Symbology | None = None) -> None:
        """Scan ``text``; the next ``next_scan`` returns it."""
        self._scans.put_nowait(Scan(text, symbology))

    def set_health(self, health: PeripheralHealth) -> None:
        """Simulate the scanner's condition; while it is not usable, ``next_scan`` raises."""
        self._health = health

    async def next_scan(self, timeout: float) -> Scan | None:
        self._require_started()
        if not self._health.usable:
            raise ScannerError(detail=self._health.detail or "scanner_error")
        return await _next_item(self._scans, timeout)

    async def health(self) -> PeripheralHealth:
        return self._health

"""SerialScanner on real pyserial ports: loop://, and a pty that is unplugged and plugged back."""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import threading
import time
import tty
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from hardware import PeripheralHealth, Scan, Scanner, ScannerError, Symbology, open_scanner
from hardware.serial_scanner import LineFramer, SerialScanner, SerialSettings, parse_scan

CARD = "21234000123456"  # a library card number: personal data, never logged
QR_CARD = "DCC1." + "eyJhbGciOiJFZERTQSJ9" * 19 + ".c2lnbmF0dXJl"  # ~400 characters, like a phone's
DEADLINE = 10.0  # generous: the machine may be loaded; every wait polls and ends early


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    """Poll ``check`` until it holds, failing after ``DEADLINE`` seconds."""
    deadline = time.monotonic() + DEADLINE
    while not await check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def health_becomes(scanner: SerialScanner, expected: PeripheralHealth) -> None:
    async def check() -> bool:
        return await scanner.health() == expected

    await eventually(check, f"health {expected}")


def scanner_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("SerialScanner(")]


def fast_scanner(port: str, *, idle_timeout: float = 1.0, max_age: float = 10.0) -> SerialScanner:
    """Short read timeout and quick reopening, so tests do not wait on the defaults."""
    return SerialScanner(
        port, read_timeout=0.02, reopen_interval=0.05, idle_timeout=idle_timeout, max_age=max_age
    )


@pytest.fixture(autouse=True)
def _debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    # Capture everything the adapter logs, so tests can check no scan text leaks at any level.
    caplog.set_level(logging.DEBUG, logger="hardware")
    yield
    assert CARD not in caplog.text
    assert QR_CARD not in caplog.text


# --- loop:// --------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def looped() -> AsyncIterator[SerialScanner]:
    scanner = fast_scanner("loop://")
    await scanner.start()
    try:
        assert await scanner.health() == PeripheralHealth.ok()
        yield scanner
    finally:
        await scanner.stop()


def write(scanner: SerialScanner, data: bytes) -> None:
    connection = scanner.connection
    assert connection is not None, "the port is not open"
    connection.write(data)


@pytest.mark.asyncio
@pytest.mark.parametrize("end", [b"\r\n", b"\n", b"\r"], ids=["crlf", "lf", "cr"])
async def test_lines_with_any_ending_are_scans(looped: SerialScanner, end: bytes) -> None:
    write(looped, CARD.encode() + end + b"12345678" + end)
    assert await looped.next_scan(timeout=DEADLINE) == Scan(CARD)
    assert await looped.next_scan(timeout=DEADLINE) == Scan("12345678")
    assert await looped.next_scan(timeout=0.05) is None


@pytest.mark.asyncio
async def test_aim_prefixes_name_the_symbology(looped: SerialScanner) -> None:
    write(
        looped, b"]Q1" + QR_CARD.encode() + b"\r\n]C0" + CARD.encode() + b"\r\n]E04006381333931\r\n"
    )
    assert await looped.next_scan(timeout=DEADLINE) == Scan(QR_CARD, Symbology.QR)
    assert await looped.next_scan(timeout=DEADLINE) == Scan(CARD, Symbology.CODE128)
    assert await looped.next_scan(timeout=DEADLINE) == Scan("4006381333931", Symbology.EAN13)


@pytest.mark.asyncio
async def test_empty_lines_are_ignored_and_garbage_is_replaced(looped: SerialScanner) -> None:
    write(looped, b"\r\n\n\r\r\n]Q1\r\n" + b"12\xff34\r\n")
    assert await looped.next_scan(timeout=DEADLINE) == Scan("12\ufffd34")


@pytest.mark.asyncio
async def test_an_overlong_line_is_dropped_without_its_content(
    looped: SerialScanner, caplog: pytest.LogCaptureFixture
) -> None:
    write(looped, (CARD * 400).encode() + b"\r\n" + CARD.encode() + b"\r\n")
    assert await looped.next_scan(timeout=DEADLINE) == Scan(CARD)
    # One read or many: "of 5600 bytes" or "of more than 4096 bytes".
    assert "scanner: dropped a line of " in caplog.text


@pytest.mark.asyncio
async def test_a_waiting_caller_is_woken_and_a_timeout_returns_none(looped: SerialScanner) -> None:
    started = time.monotonic()
    assert await looped.next_scan(timeout=0.1) is None
    assert time.monotonic() - started >= 0.1
    waiting = asyncio.create_task(looped.next_scan(timeout=DEADLINE))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    write(looped, CARD.encode() + b"\r")
    assert await waiting == Scan(CARD)


@pytest.mark.asyncio
async def test_scans_nobody_took_in_time_are_dropped() -> None:
    scanner = fast_scanner("loop://", max_age=0.1)
    await scanner.start()
    try:
        write(scanner, b"11112222\r")
        connection = scanner.connection
        assert connection is not None

        async def read() -> bool:
            return bool(connection.in_waiting == 0)

        await eventually(read, "the reader to take the scan")
        await asyncio.sleep(0.3)  # longer than max_age: that visitor walked away
        write(scanner, CARD.encode() + b"\r")
        assert await scanner.next_scan(timeout=DEADLINE) == Scan(CARD)
        assert await scanner.next_scan(timeout=0) is None
    finally:
        await scanner.stop()


@pytest.mark.asyncio
async def test_a_scanner_from_the_factory_with_a_tab_terminator() -> None:
    scanner = open_scanner("serial:loop://?terminator=tab")
    assert isinstance(scanner, SerialScanner)
    await scanner.start()
    try:
        write(scanner, CARD.encode() + b"\t5555\r\n6666\t")
        assert await scanner.next_scan(timeout=DEADLINE) == Scan(CARD)
        assert await scanner.next_scan(timeout=DEADLINE) == Scan("5555\r\n6666")
    finally:
        await scanner.stop()


@pytest.mark.asyncio
async def test_lifecycle_rules_match_the_fake() -> None:
    scanner = fast_scanner("loop://")
    assert await scanner.health() == PeripheralHealth.error("offline")
    with pytest.raises(RuntimeError, match="before start"):
        await scanner.next_scan(timeout=0)
    await scanner.stop()  # without start: fine
    await scanner.start()
    await scanner.start()  # twice: still one thread
    assert len(scanner_threads()) == 1
    with pytest.raises(ValueError, match="negative"):
        await scanner.next_scan(timeout=-1)
    waiting = asyncio.create_task(scanner.next_scan(timeout=DEADLINE))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await scanner.stop()
    assert time.monotonic() - started < 2.0
    assert await waiting is None  # stop wakes a waiting caller
    await scanner.stop()
    assert scanner_threads() == []
    assert scanner.connection is None
    with pytest.raises(RuntimeError, match="before start"):
        await scanner.next_scan(timeout=0)


def test_signatures_match_the_protocol() -> None:
    device: Scanner = SerialScanner("loop://")  # mypy checks the protocol
    for name in ("start", "stop", "next_scan", "health"):
        declared = inspect.signature(getattr(Scanner, name))
        implemented = getattr(type(device), name)
        assert inspect.iscoroutinefunction(implemented)
        assert list(inspect.signature(implemented).parameters) == list(declared.parameters)


# --- a pty: a device path that goes away and comes back -----------------------------------


class PtyDevice:
    """A serial device at a stable path (a symlink, as udev makes /dev/serial/by-id/...)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.master: int | None = None
        self.slave: int | None = None

    def plug(self) -> None:
        self.master, self.slave = os.openpty()
        # Raw from the start, so nothing is echoed or cooked before the adapter configures it.
        tty.setraw(self.slave)
        link = self.path.with_suffix(".new")
        link.symlink_to(os.ttyname(self.slave))
        link.replace(self.path)

    def write(self, data: bytes) -> None:
        assert self.master is not None
        os.write(self.master, data)

    def unplug(self) -> None:
        for fd in (self.master, self.slave):
            if fd is not None:
                os.close(fd)
        self.master = self.slave = None


@pytest.fixture
def device(tmp_path: Path) -> Iterator[PtyDevice]:
    pty = PtyDevice(tmp_path / "scanner")
    pty.plug()
    yield pty
    pty.unplug()


@pytest_asyncio.fixture
async def on_pty(device: PtyDevice) -> AsyncIterator[SerialScanner]:
    scanner = fast_scanner(str(device.path), idle_timeout=30.0)
    await scanner.start()
    try:
        assert await scanner.health() == PeripheralHealth.ok()
        yield scanner
    finally:
        await scanner.stop()
        assert scanner_threads() == []


@pytest.mark.asyncio
async def test_a_scan_split_across_writes_is_one_scan(
    device: PtyDevice, on_pty: SerialScanner
) -> None:
    for part in (b"]Q1", QR_CARD[:150].encode(), QR_CARD[150:].encode(), b"\r", b"\n"):
        device.write(part)
        await asyncio.sleep(0.03)
    device.write(CARD.encode() + b"\n")
    assert await on_pty.next_scan(timeout=DEADLINE) == Scan(QR_CARD, Symbology.QR)
    assert await on_pty.next_scan(timeout=DEADLINE) == Scan(CARD)


@pytest.mark.asyncio
async def test_an_unterminated_scan_does_not_glue_onto_the_next(
    device: PtyDevice, caplog: pytest.LogCaptureFixture
) -> None:
    scanner = fast_scanner(str(device.path), idle_timeout=0.1)
    await scanner.start()
    try:
        device.write(b"9999")  # the scanner was reset mid-scan

        async def dropped() -> bool:
            return "unterminated line of 4 bytes" in caplog.text

        await eventually(dropped, "the partial line to be dropped")
        device.write(CARD.encode() + b"\r\n")
        assert await scanner.next_scan(timeout=DEADLINE) == Scan(CARD)
    finally:
        await scanner.stop()


@pytest.mark.asyncio
async def test_unplugged_and_plugged_back(device: PtyDevice, on_pty: SerialScanner) -> None:
    device.write(CARD.encode() + b"\r\n")
    assert await on_pty.next_scan(timeout=DEADLINE) == Scan(CARD)

    waiting = asyncio.create_task(on_pty.next_scan(timeout=DEADLINE))
    await asyncio.sleep(0.05)
    device.unplug()
    with pytest.raises(ScannerError) as caught:
        await waiting  # a waiting caller learns at once, not at its timeout
    assert caught.value.detail in ("offline", "not_found")
    # The node is gone, so the periodic reopening finds nothing.
    await health_becomes(on_pty, PeripheralHealth.error("not_found"))
    with pytest.raises(ScannerError) as caught:
        await on_pty.next_scan(timeout=0)
    assert caught.value.detail == "not_found"

    device.plug()
    await health_becomes(on_pty, PeripheralHealth.ok())
    device.write(b"]C0" + CARD.encode() + b"\r\n")
    assert await on_pty.next_scan(timeout=DEADLINE) == Scan(CARD, Symbology.CODE128)


@pytest.mark.asyncio
async def test_a_missing_device_starts_and_reports_not_found(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    device = PtyDevice(tmp_path / "ttyACM0")
    scanner = fast_scanner(str(device.path))
    await scanner.start()  # does not raise
    try:
        assert await scanner.health() == PeripheralHealth.error("not_found")
        with pytest.raises(ScannerError) as caught:
            await scanner.next_scan(timeout=1)
        assert caught.value.detail == "not_found"
        await asyncio.sleep(0.2)  # several retries, one warning
        assert caplog.text.count("cannot open") == 1
        # Plugged in later: found by the periodic reopening.
        device.plug()
        await health_becomes(scanner, PeripheralHealth.ok())
        device.write(CARD.encode() + b"\r")
        assert await scanner.next_scan(timeout=DEADLINE) == Scan(CARD)
    finally:
        await scanner.stop()
        device.unplug()
    assert scanner_threads() == []


# --- the pure parts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"]Q1DCC1.abc", Scan("DCC1.abc", Symbology.QR)),
        (b"]Q3x", Scan("x", Symbology.QR)),
        (b"]C0" + CARD.encode(), Scan(CARD, Symbology.CODE128)),
        (b"]C1" + CARD.encode(), Scan(CARD, Symbology.CODE128)),
        (b"]E04006381333931", Scan("4006381333931", Symbology.EAN13)),
        (b"]E496385074", Scan("96385074")),  # EAN-8: no Symbology member
        (b"]d2010123", Scan("010123", Symbology.DATA_MATRIX)),
        (b"]L0pdf", Scan("pdf", Symbology.PDF417)),
        (b"]zCaztec", Scan("aztec", Symbology.AZTEC)),
        (b"]A0CODE39", Scan("CODE39", Symbology.CODE39)),
        (b"]F0A123B", Scan("A123B", Symbology.CODABAR)),
        (b"]I0123456", Scan("123456")),  # interleaved 2 of 5: known to AIM, not to us
        (b"]Q1", None),
        (b"", None),
        (b"\r\n", None),
        (b"]", Scan("]")),
        (b"]1abc", Scan("]1abc")),
        (CARD.encode(), Scan(CARD)),
    ],
)
def test_parse_scan(line: bytes, expected: Scan | None) -> None:
    assert parse_scan(line) == expected


def test_parse_scan_can_keep_aim_prefixes() -> None:
    assert parse_scan(b"]Q1abc", aim=False) == Scan("]Q1abc")


def test_framer_joins_pieces_and_splits_crlf_across_reads() -> None:
    framer = LineFramer()
    assert framer.feed(b"123", 0.0) == []
    assert framer.feed(b"4\r", 0.1) == [b"1234"]
    assert framer.feed(b"\n56\n\r", 0.2) == [b"", b"56", b""]


def test_framer_with_a_multibyte_terminator_split_across_reads() -> None:
    framer = LineFramer(b"\r\n", max_line=8)
    assert framer.feed(b"abc\r", 0.0) == []
    assert framer.feed(b"\ndef\r\n", 0.0) == [b"abc", b"def"]
    # Overlong: dropped to its terminator, even when the terminator is split.
    assert framer.feed(b"x" * 20 + b"\r", 0.0) == []
    assert framer.feed(b"\nok\r\n", 0.0) == [b"ok"]


def test_framer_drops_overlong_lines_in_one_read_and_in_many() -> None:
    framer = LineFramer(max_line=4)
    assert framer.feed(b"12345\n1234\n", 0.0) == [b"1234"]
    assert framer.feed(b"123", 0.0) == []
    assert framer.feed(b"45", 0.0) == []
    assert framer.feed(b"6789", 0.0) == []
    assert framer.feed(b"0\nabc\n", 0.0) == [b"abc"]


def test_framer_drops_a_partial_line_after_silence() -> None:
    framer = LineFramer(idle_timeout=1.0)
    framer.feed(b"99", 0.0)
    framer.expire(0.5)
    assert framer.feed(b"9\n", 0.9) == [b"999"]
    framer.feed(b"99", 1.0)
    assert framer.feed(b"1234\n", 2.5) == [b"1234"]
    framer = LineFramer(max_line=2, idle_timeout=1.0)
    framer.feed(b"overlong", 0.0)
    framer.expire(5.0)  # silence also ends dropping: the next line is whole
    assert framer.feed(b"ok\n", 5.0) == [b"ok"]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ("/dev/ttyACM0", SerialSettings("/dev/ttyACM0")),
        ("/dev/ttyUSB0?baud=115200", SerialSettings("/dev/ttyUSB0", 115200)),
        (
            "/dev/ttyUSB0?terminator=CRLF&aim=0",
            SerialSettings("/dev/ttyUSB0", 9600, b"\r\n", False),
        ),
        ("loop://", SerialSettings("loop://")),
        ("socket://10.0.0.9:4001?baud=19200", SerialSettings("socket://10.0.0.9:4001", 19200)),
        ("loop://?logging=debug&baud=4800", SerialSettings("loop://?logging=debug", 4800)),
    ],
)
def test_settings_from_spec(arguments: str, expected: SerialSettings) -> None:
    assert SerialSettings.from_spec(arguments) == expected


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("", "no serial port"),
        ("?baud=9600", "no serial port"),
        ("/dev/ttyACM0?baud=fast", "baud must be a positive whole number"),
        ("/dev/ttyACM0?baud=0", "baud must be a positive whole number"),
        ("/dev/ttyACM0?terminator=semicolon", "terminator must be one of any, cr"),
        ("/dev/ttyACM0?aim=maybe", "aim must be 1 or 0"),
        ("/dev/ttyACM0?parity=E", "unknown option parity"),
        ("/dev/ttyACM0?baud=1&baud=2", "given twice"),
        ("/dev/ttyACM0?baud", "bad query"),
        ("carrierpigeon://coop", "protocol 'carrierpigeon' not known"),
    ],
)
def test_bad_settings_are_refused(arguments: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SerialSettings.from_spec(arguments)

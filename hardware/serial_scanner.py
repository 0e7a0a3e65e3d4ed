"""SerialScanner: a barcode/2D scanner on a serial or USB-CDC port (pyserial), one scan a line."""

from __future__ import annotations

import asyncio
import errno
import functools
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import serial

from hardware.errors import ScannerError
from hardware.health import HealthDetail, PeripheralHealth
from hardware.scanner import Scan, Symbology

# Scan text is personal data (library card numbers): nothing here logs it, only lengths.
log = logging.getLogger(__name__)

DEFAULT_BAUDRATE = 9600
#: Longest line kept, in bytes; a phone's QR card is about 400 characters.
DEFAULT_MAX_LINE = 4096

#: ``terminator=`` values of a spec. ``any`` ends a line at CR or LF, so CRLF works too (the
#: empty line between CR and LF is ignored).
TERMINATORS: dict[str, bytes | None] = {
    "any": None,
    "cr": b"\r",
    "lf": b"\n",
    "crlf": b"\r\n",
    "tab": b"\t",
    "etx": b"\x03",
}

# AIM symbology identifiers (ISO/IEC 15424): "]" + code character + modifier character.
_AIM_PREFIX = re.compile(r"\][A-Za-z][0-9A-Za-z]")
_AIM_CODES = {
    "Q": Symbology.QR,
    "d": Symbology.DATA_MATRIX,
    "L": Symbology.PDF417,
    "z": Symbology.AZTEC,
    "C": Symbology.CODE128,
    "A": Symbology.CODE39,
    "F": Symbology.CODABAR,
}
# "]E" is the EAN/UPC family: E0 is EAN-13 (UPC-A and UPC-E are sent as EAN-13), E3 EAN-13 with
# an add-on; E4 is EAN-8 and E1/E2 are add-ons alone, which have no Symbology member.
_AIM_EAN13 = ("E0", "E3")

_ANY_END = re.compile(rb"[\r\n]")
_URL_PROTOCOL = re.compile(r"^[A-Za-z][A-Za-z0-9+._-]*://")
_OPTIONS = ("baud", "terminator", "aim")
_JOIN_TIMEOUT = 10.0


def parse_scan(line: bytes, *, aim: bool = True) -> Scan | None:
    """The scan one line (terminator already removed) carries, or ``None`` if it is empty.

    Bytes that are not UTF-8 become U+FFFD. With ``aim``, a leading AIM identifier (``]Q1``)
    is removed and names the symbology when :class:`Symbology` has it.
    """
    text = line.decode("utf-8", errors="replace").strip("\r\n")
    symbology: Symbology | None = None
    if aim and _AIM_PREFIX.match(text):
        code, text = text[1:3], text[3:]
        if code[0] == "E":
            symbology = Symbology.EAN13 if code in _AIM_EAN13 else None
        else:
            symbology = _AIM_CODES.get(code[0])
    if not text:
        return None
    return Scan(text, symbology)


class LineFramer:
    """Cuts a byte stream into lines, bounded in memory; pure, so it is tested without a port.

    A line longer than ``max_line`` bytes is dropped (up to its terminator) with a warning.
    A partial line followed by ``idle_timeout`` seconds of silence is dropped too, so a scan
    cut short (scanner reset, cable pulled) cannot glue itself to the front of the next one.
    """

    def __init__(
        self,
        terminator: bytes | None = None,
        *,
        max_line: int = DEFAULT_MAX_LINE,
        idle_timeout: float = 1.0,
    ) -> None:
        if terminator == b"":
            raise ValueError("a terminator has at least one byte")
        if max_line < 1:
            raise ValueError("max_line must be positive")
        self._end = _ANY_END if terminator is None else re.compile(re.escape(terminator))
        # While dropping an overlong line, keep just enough bytes to see a split terminator.
        self._keep = 0 if terminator is None else len(terminator) - 1
        self.max_line = max_line
        self.idle_timeout = idle_timeout
        self._buffer = bytearray()
        self._dropping = False
        self._last_data_at = 0.0

    def feed(self, data: bytes, at: float) -> list[bytes]:
        """The complete lines ``data`` (received at monotonic time ``at``) finishes."""
        self.expire(at)
        self._last_data_at = at
        self._buffer += data
        lines: list[bytes] = []
        while (end := self._end.search(self._buffer)) is not None:
            line = bytes(self._buffer[: end.start()])
            del self._buffer[: end.end()]
            if self._dropping:
                self._dropping = False  # the tail of an overlong line, already reported
            elif len(line) > self.max_line:
                self._report_overlong(f"{len(line)} bytes")
            else:
                lines.append(line)
        if not self._dropping and len(self._buffer) > self.max_line:
            self._report_overlong(f"more than {self.max_line} bytes")
            self._dropping = True
        if self._dropping and len(self._buffer) > self._keep:
            del self._buffer[: len(self._buffer) - self._keep]
        return lines

    def expire(self, now: float) -> None:
        """Drop a partial line after ``idle_timeout`` seconds without data."""
        if (self._buffer or self._dropping) and now - self._last_data_at > self.idle_timeout:
            if self._buffer and not self._dropping:
                log.warning(
                    "scanner: dropped an unterminated line of %d bytes (no terminator within %gs)",
                    len(self._buffer),
                    self.idle_timeout,
                )
            self.reset()

    def reset(self) -> None:
        """Forget any partial line (the port was closed)."""
        self._buffer.clear()
        self._dropping = False

    def _report_overlong(self, size: str) -> None:
        log.warning("scanner: dropped a line of %s (the limit is %d)", size, self.max_line)


@dataclass(frozen=True, slots=True)
class SerialSettings:
    """What a ``serial:`` spec says: the port and how to read it."""

    port: str
    baudrate: int = DEFAULT_BAUDRATE
    terminator: bytes | None = None
    aim: bool = True

    @classmethod
    def from_spec(cls, arguments: str) -> SerialSettings:
        """Parse the part of ``serial:PORT[?OPTIONS]`` after ``serial:``; ``ValueError`` if bad.

        PORT is a device path or a pyserial URL (``loop://``, ``socket://host:port``). OPTIONS
        are ``baud``, ``terminator`` and ``aim``; a URL keeps any other option for pyserial.
        """
        port, _, query = arguments.strip().partition("?")
        if not port:
            raise ValueError("no serial port given")
        options: dict[str, str] = {}
        passed_on: list[tuple[str, str]] = []
        for key, value in parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query)):
            if key in _OPTIONS:
                if key in options:
                    raise ValueError(f"option {key!r} given twice")
                options[key] = value
            else:
                passed_on.append((key, value))
        if passed_on:
            if not _URL_PROTOCOL.match(port):
                names = ", ".join(sorted({key for key, _ in passed_on}))
                raise ValueError(f"unknown option {names} (known: {', '.join(_OPTIONS)})")
            port = f"{port}?{urlencode(passed_on)}"
        settings = cls(
            port=port,
            baudrate=_baudrate(options.get("baud", str(DEFAULT_BAUDRATE))),
            terminator=_terminator(options.get("terminator", "any")),
            aim=_flag("aim", options.get("aim", "1")),
        )
        # Let pyserial judge the URL protocol and baud rate now, without opening anything.
        settings.make_port()
        return settings

    def make_port(self) -> serial.SerialBase:
        """A pyserial port object for these settings (8N1), not yet open."""
        return serial.serial_for_url(
            self.port,
            baudrate=self.baudrate,
            bytesize=serial.EIGHTBITS,
            parity=serial.PARITY_NONE,
            stopbits=serial.STOPBITS_ONE,
            do_not_open=True,
        )


def _baudrate(value: str) -> int:
    if not value.isdigit() or int(value) <= 0:
        raise ValueError(f"baud must be a positive whole number, got {value!r}")
    return int(value)


def _terminator(value: str) -> bytes | None:
    try:
        return TERMINATORS[value.lower()]
    except KeyError:
        raise ValueError(
            f"terminator must be one of {', '.join(TERMINATORS)}, got {value!r}"
        ) from None


def _flag(name: str, value: str) -> bool:
    if value.lower() in ("1", "yes", "true", "on"):
        return True
    if value.lower() in ("0", "no", "false", "off"):
        return False
    raise ValueError(f"{name} must be 1 or 0, got {value!r}")


_STOPPED = PeripheralHealth.error(HealthDetail.OFFLINE)


class SerialScanner:
    """A scanner that sends each scan as a line on a serial port (or any pyserial URL).

    One daemon thread owns the port: it reads with a short timeout (so ``stop`` is prompt),
    frames lines, and hands scans to the event loop. A thread rather than ``asyncio.to_thread``
    per read: a scanner sends when it likes, so something must read, and notice an unplug,
    while nobody waits in ``next_scan``; and a read in ``to_thread`` cannot be cancelled, so a
    cancelled ``next_scan`` would leave a worker reading that races the next call for bytes.

    When the port cannot be opened or fails (unplugged), health turns to error and the thread
    retries every ``reopen_interval`` seconds, so a re-plugged scanner works again without a
    restart. Scans nobody has taken within ``max_age`` seconds are dropped: a card scanned at an
    idle screen must not log the next visitor in as its owner. Health is ``error``/``offline``
    before ``start`` and after ``stop``.
    """

    def __init__(
        self,
        port: str,
        *,
        baudrate: int = DEFAULT_BAUDRATE,
        terminator: bytes | None = None,
        aim: bool = True,
        max_line: int = DEFAULT_MAX_LINE,
        idle_timeout: float = 1.0,
        max_age: float = 10.0,
        read_timeout: float = 0.1,
        reopen_interval: float = 2.0,
    ) -> None:
        if not port:
            raise ValueError("no serial port given")
        self.settings = SerialSettings(port, baudrate, terminator, aim)
        # Only the reader thread uses it once started; made here so bad limits raise here.
        self._framer = LineFramer(terminator, max_line=max_line, idle_timeout=idle_timeout)
        self.max_age = max_age
        self.read_timeout = read_timeout
        self.reopen_interval = reopen_interval
        self._health = _STOPPED
        # Event-loop side: scans with the monotonic time they were read, oldest first.
        self._scans: deque[tuple[float, Scan]] = deque(maxlen=16)
        self._wakeup = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._connection: serial.SerialBase | None = None

    @classmethod
    def from_spec(cls, arguments: str) -> SerialScanner:
        """A scanner for ``serial:ARGUMENTS`` (see :meth:`SerialSettings.from_spec`)."""
        settings = SerialSettings.from_spec(arguments)
        return cls(
            settings.port,
            baudrate=settings.baudrate,
            terminator=settings.terminator,
            aim=settings.aim,
        )

    @property
    def port(self) -> str:
        return self.settings.port

    @property
    def connection(self) -> serial.SerialBase | None:
        """The open pyserial port, if any: only the reader thread reads from it.

        Tests on ``loop://`` write their scans into it.
        """
        return self._connection

    async def start(self) -> None:
        """Open the port and start reading; a missing device shows in ``health``, no raise."""
        if self._thread is not None:
            return
        self._loop = asyncio.get_running_loop()
        self._wakeup = asyncio.Event()
        self._stopping = threading.Event()
        opened = asyncio.Event()
        self._thread = threading.Thread(
            target=self._run,
            args=(self._stopping, opened),
            name=f"SerialScanner({self.port})",
            daemon=True,
        )
        self._thread.start()
        # Once start returns, health says whether the port opened (a device opens at once; a
        # socket:// connect is bounded by pyserial's own timeout).
        await opened.wait()

    async def stop(self) -> None:
        """Stop reading and close the port; queued scans are forgotten. Safe twice."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        # The thread notices within one read timeout (or one open attempt).
        await asyncio.to_thread(thread.join, _JOIN_TIMEOUT)
        if thread.is_alive():
            log.warning("scanner: the thread for %s did not end in %g s", self.port, _JOIN_TIMEOUT)
        self._scans.clear()
        self._health = _STOPPED
        self._wakeup.set()  # a next_scan waiting now returns None

    async def next_scan(self, timeout: float) -> Scan | None:
        if timeout < 0:
            raise ValueError("timeout must not be negative")
        if self._thread is None:
            raise RuntimeError("the scanner is used before start()")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._thread is not None:
            if not self._health.usable:
                raise ScannerError(detail=self._health.detail or "scanner_error")
            scan = self._take_fresh()
            remaining = deadline - loop.time()
            if scan is not None or remaining <= 0:
                return scan
            # Set by a scan, a change of health or stop(); cleared only here, on the loop.
            self._wakeup.clear()
            try:
                async with asyncio.timeout(remaining):
                    await self._wakeup.wait()
            except TimeoutError:
                pass
        return None

    async def health(self) -> PeripheralHealth:
        return self._health

    # --- event-loop side ------------------------------------------------------------------

    def _take_fresh(self) -> Scan | None:
        now = time.monotonic()
        while self._scans:
            at, scan = self._scans.popleft()
            if now - at <= self.max_age:
                return scan
            log.info("scanner: dropped a scan nobody took within %g s", self.max_age)
        return None

    def _deliver(self, scan: Scan, at: float) -> None:
        if self._thread is not None:
            self._scans.append((at, scan))
            self._wakeup.set()

    # --- reader thread --------------------------------------------------------------------

    def _call_on_loop(self, stopping: threading.Event, callback: Callable[[], object]) -> None:
        assert self._loop is not None
        try:
            self._loop.call_soon_threadsafe(callback)
        except RuntimeError:  # the loop was closed without stop(): nobody is listening
            stopping.set()

    def _set_health(self, stopping: threading.Event, health: PeripheralHealth) -> None:
        if health != self._health and not stopping.is_set():
            self._health = health
            self._call_on_loop(stopping, self._wakeup.set)

    def _run(self, stopping: threading.Event, opened: asyncio.Event) -> None:
        framer = self._framer
        warned = False  # warn once per outage, not on every retry
        first_attempt = True
        while not stopping.is_set():
            port: serial.SerialBase | None = None
            try:
                try:
                    port = self._connection = self._open(stopping, quiet=warned)
                finally:
                    if first_attempt:
                        first_attempt = False
                        self._call_on_loop(stopping, opened.set)
                warned = port is None
                if port is not None:
                    self._read(port, framer, stopping)
            except Exception:
                # A bug must not leave a dead thread behind a healthy-looking scanner.
                log.exception("scanner: the reader for %s failed", self.port)
                self._set_health(stopping, PeripheralHealth.error(HealthDetail.OFFLINE))
                warned = True
            finally:
                self._connection = None
                framer.reset()
                if port is not None:
                    _close(port)
            stopping.wait(self.reopen_interval)

    def _open(self, stopping: threading.Event, *, quiet: bool) -> serial.SerialBase | None:
        port = self.settings.make_port()
        port.timeout = self.read_timeout
        try:
            port.open()
        except (OSError, ValueError) as error:  # SerialException is an OSError
            missing = isinstance(error, OSError) and error.errno == errno.ENOENT
            if not quiet:
                log.warning("scanner: cannot open %s (%s); will retry", self.port, error)
            detail = HealthDetail.NOT_FOUND if missing else HealthDetail.OFFLINE
            self._set_health(stopping, PeripheralHealth.error(detail))
            return None
        log.info("scanner: %s is open", self.port)
        self._set_health(stopping, PeripheralHealth.ok())
        return port

    def _read(self, port: serial.SerialBase, framer: LineFramer, stopping: threading.Event) -> None:
        """Read scans until ``stop`` or until the port fails (then health is error)."""
        while not stopping.is_set():
            try:
                data = port.read(1)  # returns after one byte or read_timeout
                if data and (waiting := port.in_waiting):
                    data += port.read(waiting)
            except OSError as error:
                log.warning("scanner: %s failed (%s); will reopen", self.port, error)
                self._set_health(stopping, PeripheralHealth.error(HealthDetail.OFFLINE))
                return
            now = time.monotonic()
            if not data:
                framer.expire(now)
                continue
            for line in framer.feed(data, now):
                scan = parse_scan(line, aim=self.settings.aim)
                if scan is not None:
                    self._call_on_loop(stopping, functools.partial(self._deliver, scan, now))


def _close(port: serial.SerialBase) -> None:
    try:
        port.close()
    except OSError as error:
        log.debug("scanner: closing %s: %s", port.port, error)

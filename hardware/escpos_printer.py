"""EscposPrinter: receipts on ESC/POS printers (network, USB, serial) through python-escpos.

Spec grammar (hardware/README.md, "Receipt printers")::

    escpos:tcp:HOST[:PORT][?OPTIONS]     or  tcp:HOST[:PORT][?OPTIONS]      (PORT 9100)
    escpos:usb:VENDOR:PRODUCT[?OPTIONS]  or  usb:VENDOR:PRODUCT[?OPTIONS]   (hex ids)
    escpos:serial:DEVICE[?OPTIONS]       or  serial:DEVICE[?OPTIONS]

    OPTIONS (joined with &): width=58|80  columns=N  profile=NAME  codepage=NAME
                             qr=native|image  status=on|off  timeout=SECONDS
                             baud=N (serial)  in_ep=0xNN  out_ep=0xNN (usb)

A receipt becomes bytes with python-escpos's ``Dummy`` printer (one code page for the whole job,
chosen once: CP858 unless ``codepage=`` says otherwise), and the bytes go to the printer through
python-escpos's ``Network``, ``Usb`` or ``Serial`` class on a worker thread, one job at a time,
with the printer's real-time status (``DLE EOT``) asked before and after. The status rules are in
the README; the short version: paper out or offline stops the job before anything is sent, an
empty or missing status reply is "unknown" and prints anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import socket
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import segno
from escpos.capabilities import CAPABILITIES, get_profile
from escpos.constants import QR_ECLEVEL_M, RT_STATUS
from escpos.exceptions import DeviceNotFoundError
from escpos.magicencode import Encoder
from escpos.printer import Dummy, Network, Serial, Usb

from hardware.errors import PaperOutError, PrinterError, PrinterOfflineError
from hardware.escpos_stream import (
    STATUS_OFFLINE_CAUSE,
    STATUS_PAPER,
    STATUS_PRINTER,
    PrinterStatus,
    is_status_byte,
    reports_offline,
)
from hardware.fakes import PaperLevel
from hardware.health import HealthDetail, PeripheralHealth
from hardware.receipt import Align, Barcode, BarcodeSymbology, Receipt, ReceiptLine, TextSize
from hardware.receipt import wrap_line as _wrap_line
from hardware.slip_image import (
    BARCODE_HEIGHT,
    PAPER_COLUMNS,
    TEAR_FEED_LINES,
    barcode_module_width,
    qr_module_size,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_PORT = 9100
DEFAULT_CODEPAGE = "CP858"
#: Letters every slip needs; a code page without them is refused.
REQUIRED_LETTERS = "äöåÄÖÅé"
#: Health detail while the printer takes jobs but does not tell its paper state.
STATUS_UNKNOWN = "status_unknown"

_TRANSPORTS = ("tcp", "usb", "serial")
_COMMON_OPTIONS = {"width", "columns", "profile", "codepage", "qr", "status", "timeout"}
_OPTIONS = {
    "tcp": _COMMON_OPTIONS,
    "usb": _COMMON_OPTIONS | {"in_ep", "out_ep"},
    "serial": _COMMON_OPTIONS | {"baud"},
}
_SWITCH = {"on": True, "1": True, "yes": True, "off": False, "0": False, "no": False}
#: Typography a code page lacks, written the way a typewriter would.
_PLAIN = {
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201a": ",", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2026": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2022": "*",
    "\u20ac": "EUR",
}  # fmt: skip


# --- the spec -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EscposSpec:
    """Where the printer is and how to print on it; ``parse_spec`` makes one from a string."""

    transport: str  # tcp, usb or serial
    host: str = ""
    port: int = DEFAULT_PORT
    vendor: int = 0
    product: int = 0
    in_ep: int = 0x82
    out_ep: int = 0x01
    device: str = ""
    baudrate: int = 9600
    paper_mm: int = 80
    columns: int = PAPER_COLUMNS[80]
    profile: str = "default"
    codepage: str = DEFAULT_CODEPAGE
    #: Send QR codes as raster images even if the profile says the printer draws them.
    qr_image: bool = False
    #: Ask the printer's status (DLE EOT) before and after each job.
    status: bool = True
    #: Longest a whole job may take, connecting and status included.
    timeout: float = 15.0

    @property
    def target(self) -> str:
        """Where the printer is, for log lines and error messages."""
        if self.transport == "tcp":
            host = f"[{self.host}]" if ":" in self.host else self.host
            return f"{host}:{self.port}"
        if self.transport == "usb":
            return f"USB {self.vendor:04x}:{self.product:04x}"
        return self.device


def parse_spec(spec: str) -> EscposSpec:
    """An :class:`EscposSpec` from ``escpos:tcp:HOST[:PORT]`` and friends (module docstring).

    Raises ``ValueError`` saying what is wrong: the kiosk refuses to start with it.
    """
    text = spec.strip()
    scheme, _, rest = text.partition(":")
    transport = scheme.lower()
    if transport == "escpos":
        kind, _, rest = rest.partition(":")
        transport = kind.lower()
    if transport not in _TRANSPORTS:
        raise ValueError(f"ESC/POS printers connect by tcp, usb or serial, not {transport!r}")
    address, _, query = rest.partition("?")
    options = _options(query, transport)
    fields: dict[str, Any] = {"transport": transport}
    if transport == "tcp":
        fields["host"], fields["port"] = _host_port(address)
    elif transport == "usb":
        fields["vendor"], fields["product"] = _usb_ids(address)
        for name in ("in_ep", "out_ep"):
            if name in options:
                fields[name] = _number(options[name], name, 0x01, 0xFF, base=0)
    else:
        if not address:
            raise ValueError("no serial device given (serial:/dev/ttyUSB0)")
        fields["device"] = address
        if "baud" in options:
            fields["baudrate"] = _number(options["baud"], "baud", 1200, 921600)
    if "width" in options:
        paper = _number(options["width"], "width", 0, 999)
        if paper not in PAPER_COLUMNS:
            raise ValueError(f"width is the paper width in mm, 58 or 80, not {paper}")
        fields["paper_mm"], fields["columns"] = paper, PAPER_COLUMNS[paper]
    if "columns" in options:
        fields["columns"] = _number(options["columns"], "columns", 16, 64)
    if "profile" in options:
        if options["profile"] not in CAPABILITIES["profiles"]:
            raise ValueError(f"python-escpos has no printer profile {options['profile']!r}")
        fields["profile"] = options["profile"]
    fields["codepage"] = _codepage(options.get("codepage", DEFAULT_CODEPAGE), fields)
    if "qr" in options:
        if options["qr"].lower() not in ("native", "image"):
            raise ValueError(f"qr is native or image, not {options['qr']!r}")
        fields["qr_image"] = options["qr"].lower() == "image"
    if "status" in options:
        if options["status"].lower() not in _SWITCH:
            raise ValueError(f"status is on or off, not {options['status']!r}")
        fields["status"] = _SWITCH[options["status"].lower()]
    if "timeout" in options:
        try:
            timeout = float(options["timeout"])
        except ValueError:
            timeout = -1.0
        if not 1.0 <= timeout <= 300.0:
            raise ValueError(f"timeout is 1 to 300 seconds, not {options['timeout']!r}")
        fields["timeout"] = timeout
    return EscposSpec(**fields)


def _options(query: str, transport: str) -> dict[str, str]:
    options: dict[str, str] = {}
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise ValueError(f"options are NAME=VALUE joined with &, not {query!r}") from None
    for key, value in pairs:
        if key not in _OPTIONS[transport]:
            known = ", ".join(sorted(_OPTIONS[transport]))
            raise ValueError(f"unknown option {key!r} for a {transport} printer (options: {known})")
        if key in options:
            raise ValueError(f"option {key!r} given twice")
        options[key] = value
    return options


def _number(value: str, name: str, low: int, high: int, base: int = 10) -> int:
    try:
        number = int(value, base)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return number


def _host_port(address: str) -> tuple[str, int]:
    if address.startswith("["):  # [IPv6]:PORT
        host, _, after = address[1:].partition("]")
        port_text = after.removeprefix(":") if after.startswith(":") else after
        if after and not after.startswith(":"):
            raise ValueError(f"bad address {address!r}")
    else:
        host, _, port_text = address.partition(":")
        if ":" in port_text:
            raise ValueError("write an IPv6 address in brackets: tcp:[ADDRESS]:PORT")
    if not host:
        raise ValueError("no printer host given (tcp:HOST[:PORT])")
    port = _number(port_text, "port", 1, 65535) if port_text else DEFAULT_PORT
    return host, port


def _usb_ids(address: str) -> tuple[int, int]:
    parts = address.split(":")
    if len(parts) != 2 or not all(parts):
        raise ValueError("a USB printer is named by vendor and product id: usb:04b8:0202")
    ids = []
    for part in parts:
        try:
            ids.append(int(part, 16))
        except ValueError:
            raise ValueError(f"USB ids are hexadecimal, like 04b8, not {part!r}") from None
        if not 0 <= ids[-1] <= 0xFFFF:
            raise ValueError(f"USB id {part!r} is longer than four hex digits")
    return ids[0], ids[1]


def _canonical(name: str) -> str:
    squeezed = name.upper().replace("-", "").replace("_", "").replace(" ", "")
    return "CP" + squeezed[2:] if squeezed.startswith("PC") else squeezed


def _codepage(name: str, fields: dict[str, Any]) -> str:
    """The profile's name for code page ``name`` (``cp858``, ``PC858``, ``iso8859-15`` ...)."""
    profile_name = fields.get("profile", "default")
    pages = get_profile(profile_name).get_code_pages()
    wanted = _canonical(name)
    if wanted.isdigit():
        wanted = "CP" + wanted
    matches = [page for page in pages if _canonical(page) == wanted]
    if not matches:
        known = ", ".join(sorted(page for page in pages if page != "Unknown"))
        raise ValueError(f"the {profile_name} profile has no code page {name!r} (it has {known})")
    page = matches[0]
    encoder = Encoder(pages)
    missing = [char for char in REQUIRED_LETTERS if not encoder.can_encode(page, char)]
    if missing:
        raise ValueError(f"code page {page} cannot print {''.join(missing)}: slips need them")
    return str(page)


def missing_dependency(spec: EscposSpec) -> str | None:
    """Why this kind of printer cannot be driven on this PC (a library missing), or None."""
    if spec.transport == "usb":
        libusb = "libusb (apt-get install libusb-1.0-0)"
        if not Usb.is_usable():
            return f"the USB printer driver needs pyusb (pip install pyusb) and {libusb}"
        from usb.backend import libusb1  # pyusb is there: is libusb?

        if libusb1.get_backend() is None:
            return f"the USB printer driver needs {libusb}, which is not installed"
    if spec.transport == "serial" and not Serial.is_usable():
        return "the serial printer driver needs pyserial, which is not installed"
    return None


# --- receipt to bytes -----------------------------------------------------------------------


def render_receipt(receipt: Receipt, spec: EscposSpec | None = None) -> bytes:
    """The ESC/POS bytes for ``receipt`` on the printer ``spec`` describes (default: 80 mm).

    One code page for the whole job (``ESC t`` right after ``ESC @``): python-escpos's magic
    encoding would switch pages per character and picks ISO-8859-7 (Greek) for the euro sign,
    which few receipt printers have. Characters the page lacks are written plainly ("–" as
    "-", "€" as "EUR" where there is no €), else as "?"; never as UTF-8 bytes.
    """
    spec = spec or EscposSpec("tcp", host="localhost")
    printer = Dummy(profile=spec.profile)
    printer.hw("INIT")
    printer.charcode(spec.codepage)
    encoder = printer.magic.encoder

    def plain(text: str) -> str:
        return _plain_text(text, lambda char: bool(encoder.can_encode(spec.codepage, char)))

    for line in receipt.lines:
        _print_line(printer, line, spec.columns, plain)
    if receipt.qr is not None:
        _print_qr(printer, receipt.qr, spec)
    if receipt.barcode is not None:
        _print_barcode(printer, receipt.barcode, spec, plain)
    for line in receipt.footer:
        _print_line(printer, line, spec.columns, plain)
    printer.set(align="left", bold=False, normal_textsize=True)
    if receipt.cut:
        printer.cut(mode="PART")  # feeds past the cutter first (ESC d 6), then GS V 1
    else:
        printer.print_and_feed(TEAR_FEED_LINES)
    return bytes(printer.output)


def _plain_text(text: str, encodable: Callable[[str], bool]) -> str:
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if encodable(char):
            out.append(char)
        elif char in _PLAIN and all(encodable(c) for c in _PLAIN[char]):
            out.append(_PLAIN[char])
        else:
            # A letter with a mark the page lacks ("ł" has none, "ő" -> "o"), else "?".
            base = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            out.append(base if base and all(encodable(c) for c in base) else "?")
    return "".join(out)


def _print_line(
    printer: Dummy, line: ReceiptLine, columns: int, plain: Callable[[str], str]
) -> None:
    large = line.size is TextSize.LARGE
    printer.set(
        align=line.align.value,
        bold=line.bold,
        double_width=large,
        double_height=large,
        normal_textsize=not large,
    )
    # Wrap what will be printed ("…" becomes "..."), so no line overflows the paper.
    for part in _wrap_line(dataclasses.replace(line, text=plain(line.text)), columns):
        printer.text(part + "\n")


def _print_qr(printer: Dummy, payload: str, spec: EscposSpec) -> None:
    size = qr_module_size(payload, spec.paper_mm)
    printer.set(align="center", bold=False, normal_textsize=True)
    if printer.profile.supports("qrCode") and not spec.qr_image:
        printer.qr(payload, ec=QR_ECLEVEL_M, size=size, native=True)
        return
    # No native QR (older printers): send the symbol as a raster image, drawn by segno.
    qr = segno.make(payload.encode("utf-8"), error="m", boost_error=False, micro=False)
    rows = [[bool(dark) for dark in row] for row in qr.matrix]
    width = len(rows[0]) * size
    width_bytes = (width + 7) // 8
    raster = bytearray()
    for row in rows:
        bits = [dark for dark in row for _ in range(size)] + [False] * (width_bytes * 8 - width)
        line = bytes(
            sum(0x80 >> i for i, dark in enumerate(bits[start : start + 8]) if dark)
            for start in range(0, len(bits), 8)
        )
        raster += line * size
    height = len(rows) * size
    header = b"\x1dv0\x00" + width_bytes.to_bytes(2, "little") + height.to_bytes(2, "little")
    printer._raw(header + bytes(raster))


def _print_barcode(
    printer: Dummy, barcode: Barcode, spec: EscposSpec, plain: Callable[[str], str]
) -> None:
    module = barcode_module_width(barcode, spec.paper_mm)
    if module is None:
        # Too long to print as bars on this paper: print what it says instead.
        _print_line(printer, ReceiptLine(barcode.data, align=Align.CENTER), spec.columns, plain)
        return
    printer.set(bold=False, normal_textsize=True)
    if barcode.symbology is BarcodeSymbology.CODE128:
        name, data = "CODE128", "{B" + barcode.data.replace("{", "{{")  # code set B
    elif barcode.symbology is BarcodeSymbology.CODE39:
        name, data = "CODE39", barcode.data
    else:
        name, data = "EAN13", barcode.data
    # The private hardware renderer: the public barcode() prints a line to stdout each time.
    printer._hw_barcode(
        data,
        name,
        height=BARCODE_HEIGHT,
        width=module,
        pos="BELOW",
        font="A",
        align_ct=True,
        function_type="B",
        check=True,
    )


# --- talking to the printer -----------------------------------------------------------------


class _Link:
    """An open connection: python-escpos's printer object plus status reads with time-outs."""

    def __init__(self, printer: Any) -> None:
        self.printer = printer

    def set_read_timeout(self, seconds: float) -> None:
        raise NotImplementedError

    def drain(self) -> None:
        """Drop bytes nobody asked for now (a reply that came after its time-out)."""

    def read_failed(self, error: Exception) -> bool:
        """Whether ``error`` from a status read means "no reply" rather than a broken link."""
        return isinstance(error, TimeoutError)

    def write(self, data: bytes) -> None:
        self.printer._raw(data)

    def ask(self, query: bytes) -> bytes:
        """Send ``query`` and read what comes back (python-escpos's ``query_status``)."""
        return bytes(self.printer.query_status(query))

    def query(self, function: int, timeout: float) -> int | None:
        """The reply to ``DLE EOT function``; None when empty or not within ``timeout``."""
        self.drain()
        self.set_read_timeout(timeout)
        try:
            reply = self.ask(RT_STATUS + bytes([function]))
        except Exception as error:
            if self.read_failed(error):
                return None
            raise
        return reply[0] if reply else None

    def abort(self) -> None:
        """Unblock a thread stuck on this link (called from another thread)."""

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.printer.close()
        # A failed close (an unplugged serial port cannot flush) leaves the device set, and
        # python-escpos's __del__ would try again and fail where nobody can catch it.
        device, self.printer._device = self.printer._device, False
        if device:
            with contextlib.suppress(Exception):
                device.close()


class _TcpLink(_Link):
    def __init__(self, printer: Network, sock: socket.socket, write_timeout: float) -> None:
        super().__init__(printer)
        self.sock = sock
        self.write_timeout = write_timeout

    def set_read_timeout(self, seconds: float) -> None:
        self.sock.settimeout(seconds)

    def write(self, data: bytes) -> None:
        self.sock.settimeout(self.write_timeout)  # sendall's time-out covers the whole job
        super().write(data)

    def drain(self) -> None:
        self.sock.settimeout(0.0)
        with contextlib.suppress(BlockingIOError, InterruptedError):
            while self.sock.recv(64):
                pass

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)


class _SerialLink(_Link):
    def set_read_timeout(self, seconds: float) -> None:
        self.printer.device.timeout = seconds

    def ask(self, query: bytes) -> bytes:
        # python-escpos reads 16 bytes, which on a serial port waits out the whole time-out.
        self.printer._raw(query)
        return bytes(self.printer.device.read(1))

    def drain(self) -> None:
        self.printer.device.reset_input_buffer()


class _UsbLink(_Link):
    def set_read_timeout(self, seconds: float) -> None:
        self.printer.device.default_timeout = max(1, int(seconds * 1000))

    def read_failed(self, error: Exception) -> bool:
        import usb.core

        return isinstance(error, usb.core.USBTimeoutError)

    def drain(self) -> None:
        self.set_read_timeout(0.01)
        with contextlib.suppress(Exception):
            while self.printer._read():
                pass


class EscposPrinter:
    """A receipt printer speaking ESC/POS, driven by python-escpos (see the module docstring).

    Network printers are connected for each job and each status check, and let go after: a
    printer that was switched off and on again is simply reached anew, no half-dead socket is
    held, and a printer taking one client at a time stays free for others. USB and serial
    printers stay open between jobs and are reopened after any error.
    """

    def __init__(
        self,
        spec: EscposSpec,
        *,
        connect_timeout: float = 3.0,
        status_timeout: float = 0.5,
        status_interval: float = 15.0,
        start_wait: float = 1.0,
    ) -> None:
        self.spec = spec
        self.connect_timeout = connect_timeout
        self.status_timeout = status_timeout
        #: How old the cached status may get before ``health()`` has it refreshed.
        self.status_interval = status_interval
        self.start_wait = start_wait
        self._lock = asyncio.Lock()
        self._started = False
        self._health = PeripheralHealth.absent("not_started")
        self._checked_at = -float("inf")
        self._refresh: asyncio.Task[None] | None = None
        self._stuck: asyncio.Future[Any] | None = None
        self._link: _Link | None = None  # kept open (USB, serial) or the job's (TCP)

    @classmethod
    def from_spec(cls, spec: str, **options: float) -> EscposPrinter:
        """A printer for ``spec`` (not yet started); ``ValueError`` says what is wrong."""
        parsed = parse_spec(spec)
        missing = missing_dependency(parsed)
        if missing is not None:
            raise ValueError(missing)
        return cls(parsed, **options)

    def render(self, receipt: Receipt) -> bytes:
        """The bytes this printer is sent for ``receipt``."""
        return render_receipt(receipt, self.spec)

    # --- the protocol -------------------------------------------------------------------------

    async def start(self) -> None:
        """Ask the printer's status, waiting at most ``start_wait`` (the rest runs on)."""
        self._started = True
        self._health = PeripheralHealth.warning(STATUS_UNKNOWN)
        self._refresh = asyncio.create_task(self._refresh_status())
        await asyncio.wait({self._refresh}, timeout=self.start_wait)

    async def stop(self) -> None:
        self._started = False
        if self._refresh is not None and not self._refresh.done():
            self._refresh.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refresh
        self._refresh = None
        async with self._lock:
            link, self._link = self._link, None
            if link is not None:
                await asyncio.to_thread(link.close)
        self._health = PeripheralHealth.absent("not_started")

    async def print_receipt(self, receipt: Receipt) -> None:
        if not self._started:
            raise RuntimeError("the printer is used before start()")
        async with self._lock:
            await self._refuse_if_stuck()
            try:
                status = await self._in_thread(self._print_job, receipt)
            except PrinterError as error:
                self._note_failure(error)
                raise
            self._note_status(status)

    async def health(self) -> PeripheralHealth:
        """The last known condition; an old one is refreshed in the background, never awaited."""
        stale = time.monotonic() - self._checked_at >= self.status_interval
        idle = self._refresh is None or self._refresh.done()
        if self._started and stale and idle and not self._lock.locked():
            self._checked_at = time.monotonic()  # one refresh per interval, even if it fails
            self._refresh = asyncio.create_task(self._refresh_status())
        return self._health

    # --- on the event loop ----------------------------------------------------------------------

    async def _refresh_status(self) -> None:
        async with self._lock:
            if self._stuck is not None and not self._stuck.done():
                return
            try:
                status = await self._in_thread(self._status_job)
            except PrinterError as error:
                self._note_failure(error)
            else:
                self._note_status(status)

    async def _in_thread(self, job: Callable[..., T], *args: Any) -> T:
        """Run ``job`` on a worker thread for at most the spec's time-out.

        A thread cannot be cancelled: when the time-out passes (or the caller gives up), the
        link is shut down to unblock it, and no other job starts until it has ended.
        """
        task = asyncio.ensure_future(asyncio.to_thread(job, *args))
        task.add_done_callback(_consume)
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.spec.timeout)
        except TimeoutError:
            self._abandon(task)
            raise PrinterOfflineError(
                f"the printer at {self.spec.target} did not finish within {self.spec.timeout:g} s"
            ) from None
        except asyncio.CancelledError:
            self._abandon(task)
            raise

    def _abandon(self, task: asyncio.Future[Any]) -> None:
        if not task.done():
            self._stuck = task
            link = self._link
            if link is not None:
                link.abort()

    async def _refuse_if_stuck(self) -> None:
        if self._stuck is not None:
            # Shutting the link down usually ends the thread at once; give it a moment.
            await asyncio.wait({self._stuck}, timeout=min(1.0, self.spec.timeout))
            if not self._stuck.done():
                raise PrinterOfflineError(
                    "the printer is still busy with a job that did not finish in time"
                )
            self._stuck = None

    def _note_status(self, status: PrinterStatus | None) -> None:
        self._checked_at = time.monotonic()
        if status is None:
            health = (
                PeripheralHealth.warning(STATUS_UNKNOWN)
                if self.spec.status
                else PeripheralHealth.ok()
            )
        elif status.paper is PaperLevel.OUT:
            health = PeripheralHealth.error(HealthDetail.PAPER_OUT)
        elif not status.can_print:
            health = PeripheralHealth.error(HealthDetail.OFFLINE)
        elif status.paper is PaperLevel.LOW:
            health = PeripheralHealth.warning(HealthDetail.PAPER_LOW)
        else:
            health = PeripheralHealth.ok()
        self._set_health(health)

    def _note_failure(self, error: PrinterError) -> None:
        if isinstance(error, PaperOutError | PrinterOfflineError):
            self._checked_at = time.monotonic()
            paper = isinstance(error, PaperOutError)
            detail = HealthDetail.PAPER_OUT if paper else HealthDetail.OFFLINE
            self._set_health(PeripheralHealth.error(detail))

    def _set_health(self, health: PeripheralHealth) -> None:
        if health != self._health:
            level = logging.INFO if health.usable else logging.WARNING
            log.log(level, "printer %s: %s %s", self.spec.target, health.status, health.detail)
        self._health = health

    # --- on the worker thread -----------------------------------------------------------------

    def _print_job(self, receipt: Receipt) -> PrinterStatus | None:
        try:
            data = self.render(receipt)
        except Exception as error:
            # Not expected (receipts are checked when made); the message could carry slip
            # text, so only the kind of error is logged.
            log.error("cannot turn a receipt into ESC/POS: %s", type(error).__name__)
            raise PrinterError("the receipt cannot be printed on this printer") from None
        link = self._open()
        try:
            before = self._read_status(link)
            if before is not None:
                _raise_unless_printable(before, sent=False)
            try:
                link.write(data)
            except Exception as error:
                raise PrinterOfflineError(
                    f"the printer at {self.spec.target} stopped taking data ({error}); "
                    "the slip may be partial"
                ) from None
            # A printer that did not answer before is not asked again: it would cost the
            # time-out once more and say nothing.
            after = self._read_status(link) if before is not None else None
            if after is not None:
                _raise_unless_printable(after, sent=True)
            log.info("printed %d bytes on %s", len(data), self.spec.target)
            return after
        except BaseException:
            self._close()
            raise
        finally:
            if self.spec.transport == "tcp":
                self._close()

    def _status_job(self) -> PrinterStatus | None:
        link = self._open()
        try:
            return self._read_status(link)
        except BaseException:
            self._close()
            raise
        finally:
            if self.spec.transport == "tcp":
                self._close()

    def _read_status(self, link: _Link) -> PrinterStatus | None:
        """The printer's condition, or None when it does not say (no reply, empty, garbage)."""
        if not self.spec.status:
            return None
        try:
            printer = link.query(STATUS_PRINTER, self.status_timeout)
            if printer is None or not is_status_byte(printer):
                return None
            cause = None
            if reports_offline(printer):
                cause = link.query(STATUS_OFFLINE_CAUSE, self.status_timeout)
            paper = link.query(STATUS_PAPER, self.status_timeout)
        except Exception as error:
            raise PrinterOfflineError(
                f"the connection to the printer at {self.spec.target} broke ({error})"
            ) from None
        return PrinterStatus.from_replies(printer, cause, paper)

    def _open(self) -> _Link:
        if self._link is not None:
            return self._link
        spec = self.spec
        try:
            if spec.transport == "tcp":
                sock = socket.create_connection((spec.host, spec.port), self.connect_timeout)
                network = Network(spec.host, spec.port, timeout=spec.timeout, profile=spec.profile)
                network.device = sock  # python-escpos sends and reads through this socket
                link: _Link = _TcpLink(network, sock, spec.timeout)
            elif spec.transport == "usb":
                usb = Usb(
                    spec.vendor,
                    spec.product,
                    timeout=int(spec.timeout * 1000),
                    in_ep=spec.in_ep,
                    out_ep=spec.out_ep,
                    profile=spec.profile,
                )
                usb.open()
                link = _UsbLink(usb)
            else:
                serial = Serial(
                    spec.device, spec.baudrate, timeout=self.status_timeout, profile=spec.profile
                )
                serial.open()
                serial.device.write_timeout = spec.timeout
                link = _SerialLink(serial)
        except (OSError, DeviceNotFoundError) as error:
            reason = str(error).replace("\n", " ")
            raise PrinterOfflineError(
                f"cannot reach the printer at {spec.target}: {reason}"
            ) from None
        self._link = link
        return link

    def _close(self) -> None:
        link, self._link = self._link, None
        if link is not None:
            link.close()


def _raise_unless_printable(status: PrinterStatus, *, sent: bool) -> None:
    partial = "; the slip may be partial" if sent else ""
    if status.paper is PaperLevel.OUT:
        what = "ran out of paper while printing" if sent else "is out of paper"
        raise PaperOutError(f"the printer {what}{partial}")
    if status.cover_open:
        raise PrinterOfflineError(f"the printer's cover is open{partial}")
    if status.offline:
        raise PrinterOfflineError(f"the printer is offline (an error or the feed button){partial}")


def _consume(task: asyncio.Future[Any]) -> None:
    # An abandoned job's outcome is not awaited by anyone: read it so asyncio does not warn.
    if not task.cancelled():
        task.exception()

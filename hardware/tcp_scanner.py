"""A network scanner: scanners (or the phone simulator) connect over TCP and send scan lines.

Spec ``tcp:HOST:PORT``: the kiosk listens on HOST:PORT (``127.0.0.1`` unless the scanner is
on the network); every line a connected client sends is one scan, as from a serial scanner
(AIM prefixes understood). Many network 2D scanners can be set to connect to a host like
this; ``kiosk phone-sim qr --scanner HOST:PORT`` uses it to "scan" a phone's QR code.

Accepting a line proves nothing by itself: a card number still needs its PIN and a digital
card proof its signatures, exactly as with a scanner on a cable.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from hardware.health import HealthDetail, PeripheralHealth
from hardware.scanner import Scan
from hardware.serial_scanner import parse_scan
from hardware.wedge import KeyboardWedgeScanner

log = logging.getLogger(__name__)

MAX_LINE = 4096
#: A client that sends nothing for this long is disconnected (a scanner reconnects).
IDLE_CLIENT_SECONDS = 300.0


class TcpScanner:
    """Meets the ``Scanner`` protocol. Scans nobody takes within ``max_age`` are dropped."""

    def __init__(self, host: str, port: int, *, max_age: float = 10.0) -> None:
        if not 0 <= port < 65536:
            raise ValueError(f"port {port} is out of range (0: any free port)")
        self.host = host
        self.port = port
        self._scans = KeyboardWedgeScanner(max_age=max_age)
        self._server: asyncio.Server | None = None
        self._health = PeripheralHealth.error("not_started")
        self._clients: set[asyncio.Task[None]] = set()

    @classmethod
    def from_spec(cls, arguments: str) -> TcpScanner:
        """``HOST:PORT`` (an IPv6 host in brackets: ``[::1]:7000``)."""
        host, sep, port = arguments.rpartition(":")
        if not sep or not host or not port.isdigit():
            raise ValueError("give the address to listen on as HOST:PORT")
        return cls(host.strip("[]"), int(port))

    @property
    def bound_port(self) -> int:
        """The port actually listened on (useful with port 0 in tests)."""
        if self._server is None or not self._server.sockets:
            return self.port
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        await self._scans.start()
        try:
            self._server = await asyncio.start_server(
                self._serve, self.host, self.port, limit=MAX_LINE + 2
            )
        except OSError as error:
            # Port taken or address not ours: shown in health, as an unplugged scanner is.
            log.warning("network scanner cannot listen on %s:%d: %s", self.host, self.port, error)
            self._health = PeripheralHealth.error(HealthDetail.OFFLINE)
            return
        self._health = PeripheralHealth.ok()

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._clients):
                task.cancel()
            for task in list(self._clients):
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await self._server.wait_closed()
            self._server = None
        await self._scans.stop()

    async def next_scan(self, timeout: float) -> Scan | None:
        return await self._scans.next_scan(timeout)

    async def health(self) -> PeripheralHealth:
        return self._health

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._clients.add(task)
        try:
            while True:
                async with asyncio.timeout(IDLE_CLIENT_SECONDS):
                    line = await reader.readline()
                if not line:
                    return
                if not line.endswith((b"\n", b"\r")):
                    log.warning("network scanner: dropped a line without an ending")
                    return
                scan = parse_scan(line.rstrip(b"\r\n"))
                if scan is not None:
                    self._scans.submit(scan.text, scan.symbology)
        except (TimeoutError, ConnectionError, ValueError):
            # ValueError: a line longer than MAX_LINE; never logged (it may be a card number).
            log.info("network scanner: a client was disconnected")
        finally:
            self._clients.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

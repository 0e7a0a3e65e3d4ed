"""SIP2 connections to the library system and the pool that shares them between log-ins.

A :class:`Sip2Connection` is one TCP (or TLS) stream that has done 93 Login and 99 SC
Status; it carries one request at a time. A :class:`Sip2Pool` keeps up to ``pool_size`` of
them, so a warm log-in is one round trip on an idle connection.

Retries, decided once here:

* A connection found closed before sending (the ACS hung up while it sat idle, or was
  restarted) is dropped silently and another one used: the request was never sent.
* A request sent on a *reused* connection that then closes before a single reply byte
  arrives is retried once on a *fresh* connection. This is the stale keep-alive race: the
  ACS closed its end while the request was in flight and never read it. A fresh
  connection that does the same is not retried (the ACS is failing on this request).
* After a time-out nothing is retried: the ACS may have the request and still act on it
  (a 63 with a wrong PIN counts toward the ILS's own lock-out; sending it twice would
  count twice). The connection is discarded, since a late reply would desynchronise it.
* A connection cut mid-reply is discarded and not retried: the ACS did process it.
* A bad checksum on a reply is answered with one 97 Request ACS Resend on the same
  connection; a second bad one gives up (``bad_checksum``). A 96 from the ACS (it could
  not read ours) makes us send the same frame once more.

After a failed connect or login, calls fail fast for ``retry_after`` seconds instead of
each waiting for their own time-out against an ACS that is down.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

from fleet.patrons.sip2.config import Sip2Config
from fleet.patrons.sip2.messages import (
    ACS_RESEND,
    Reply,
    Request,
    Sip2Error,
    login,
    parse_reply,
    sc_status,
)

log = logging.getLogger("fleet.patrons.sip2")

#: A reply longer than this is not SIP2 (a 64 with 500 item ids is ~15 kB).
MAX_FRAME_BYTES = 256 * 1024
_READ_SIZE = 64 * 1024
#: The command each BX position stands for (SIP2 2.00, 98 ACS Status).
_BX_ORDER = (
    "23",  # patron status
    "11",  # checkout
    "09",  # checkin
    "01",  # block patron
    "99",  # SC/ACS status
    "97",  # request resend
    "93",  # login
    "63",  # patron information
    "35",  # end patron session
    "37",  # fee paid
    "17",  # item information
    "19",  # item status update
    "25",  # patron enable
    "15",  # hold
    "29",  # renew
    "65",  # renew all
)
#: Open failures that make calls fail fast for ``retry_after`` seconds.
_BACKOFF_DETAILS = frozenset({"unreachable", "login_refused", "acs_offline"})


class StaleConnectionError(Sip2Error):
    """The connection closed before any byte of the reply arrived."""

    def __init__(self, reason: str) -> None:
        super().__init__("connection_lost", reason)


@dataclass(frozen=True)
class AcsStatus:
    """What the ACS said about itself in its 98 reply to our 99 SC Status."""

    online: bool
    protocol_version: str
    institution_id: str
    library_name: str | None
    #: Command ids the ACS says it supports; None when it sent no usable BX field.
    supported: frozenset[str] | None
    #: Seconds, from the 98 timeout period (None: "000" or not numeric).
    timeout_period: float | None

    def supports(self, command: str) -> bool:
        """Whether the ACS claims ``command``; an ACS without BX is assumed to."""
        return self.supported is None or command in self.supported

    @classmethod
    def from_reply(cls, reply: Reply) -> AcsStatus:
        fixed = reply.fixed
        if fixed[0] not in "YN":
            raise Sip2Error("bad_reply", "98: online status is not Y or N")
        bx = reply.first("BX")
        supported: frozenset[str] | None = None
        if bx is not None and len(bx) >= len(_BX_ORDER) and set(bx) <= {"Y", "N"}:
            supported = frozenset(
                cmd
                for cmd, flag in zip(_BX_ORDER, bx[: len(_BX_ORDER)], strict=True)
                if flag == "Y"
            )
        period = fixed[6:9]
        return cls(
            online=fixed[0] == "Y",
            protocol_version=fixed[30:34],
            institution_id=reply.first("AO") or "",
            library_name=reply.first("AM"),
            supported=supported,
            timeout_period=int(period) / 10 if period.isdigit() and int(period) else None,
        )


def ssl_context(config: Sip2Config) -> ssl.SSLContext | None:
    """The client TLS context for ``tls=1``: system CAs (or ``tls_ca``), or no
    verification at all with ``tls_verify=0`` (test servers with self-signed certificates)."""
    if not config.tls:
        return None
    context = ssl.create_default_context(cafile=config.tls_ca)
    if not config.tls_verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


class Sip2Connection:
    """One logged-in connection to the ACS. Not safe for concurrent use: the pool hands
    it to one caller at a time."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        config: Sip2Config,
    ) -> None:
        self._reader = reader
        self._writer = writer
        self._config = config
        self._buffer = bytearray()
        self._sequence = 0
        self._broken = False
        #: True once it has answered a request and gone back to the pool.
        self.reused = False
        self.acs: AcsStatus | None = None

    @classmethod
    async def open(cls, config: Sip2Config, context: ssl.SSLContext | None) -> Sip2Connection:
        """Connect, log in (93) and ask for the ACS status (99). Cancel-safe: a connection
        that is not returned is closed."""
        try:
            reader, writer = await asyncio.open_connection(
                config.host,
                config.port,
                ssl=context,
                server_hostname=config.host if context is not None else None,
                ssl_handshake_timeout=config.timeout if context is not None else None,
            )
        except ssl.SSLError as exc:
            reason = getattr(exc, "reason", None) or type(exc).__name__
            raise Sip2Error("unreachable", f"TLS handshake failed ({reason})") from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise Sip2Error("unreachable", f"cannot connect ({reason})") from None
        connection = cls(reader, writer, config)
        try:
            if config.user:
                reply = await connection.exchange(
                    login(config.user, config.password, config.location)
                )
                if reply.fixed != "1":
                    raise Sip2Error("login_refused", "93 Login refused by the ACS")
            status = AcsStatus.from_reply(await connection.exchange(sc_status()))
            if not status.online:
                raise Sip2Error("acs_offline", "98 ACS Status says the ACS is offline")
        except StaleConnectionError:
            connection.abort()
            raise Sip2Error("connection_lost", "the ACS closed the connection at log-in") from None
        except BaseException:
            connection.abort()
            raise
        connection.acs = status
        return connection

    @property
    def alive(self) -> bool:
        """False once broken, closed by us, or closed by the ACS (seen as end of stream)."""
        return not (self._broken or self._writer.is_closing() or self._reader.at_eof())

    async def exchange(self, request: Request) -> Reply:
        """Send one request and return its checked reply.

        Raises :class:`StaleConnectionError` when the connection closes before any reply
        byte, :class:`Sip2Error` otherwise. Anything but a clean return (including
        cancellation by a time-out) leaves the connection marked broken.
        """
        if not self.alive:
            raise StaleConnectionError("connection closed before sending")
        self._broken = True  # until the reply is in, checked
        sequence = self._sequence
        self._sequence = (self._sequence + 1) % 10
        frame = request.frame(sequence, self._config.encoding)
        started = time.perf_counter()
        await self._send(frame)
        received = 0
        asked_resend = resent = False
        while True:
            raw, received = await self._read_frame(received)
            try:
                reply = parse_reply(raw, self._config.encoding)
            except Sip2Error as exc:
                if exc.detail != "bad_checksum" or asked_resend:
                    raise
                asked_resend = True
                log.warning(
                    "SIP2 %s reply failed its checksum; asking the ACS to resend", request.reply
                )
                await self._resend(ACS_RESEND)
                continue
            if reply.command == "96":
                if resent:
                    raise Sip2Error("bad_checksum", "the ACS could not read our message twice")
                resent = True
                log.warning("SIP2 ACS asked for %s again (96); resending", request.command)
                await self._resend(frame)
                continue
            if reply.command != request.reply:
                raise Sip2Error(
                    "bad_reply",
                    f"expected {request.reply} to {request.command}, got {reply.command}",
                )
            if reply.sequence is not None and reply.sequence != sequence:
                raise Sip2Error("bad_reply", f"{reply.command}: sequence number does not match")
            break
        if self._buffer.strip():
            # More than one reply to one request: something is out of step; do not reuse.
            log.warning(
                "SIP2 unexpected bytes after the %s reply; dropping the connection", reply.command
            )
        else:
            self._broken = False
        log.debug(
            "SIP2 %s -> %s seq=%d %d bytes in %.0f ms",
            request.command,
            reply.command,
            sequence,
            received,
            (time.perf_counter() - started) * 1000,
        )
        return reply

    async def _send(self, frame: bytes) -> None:
        try:
            self._writer.write(frame)
            await self._writer.drain()
        except OSError:
            # Reset or broken pipe: the ACS had closed; it did not take this frame.
            self._broken = True
            raise StaleConnectionError("connection reset while sending") from None

    async def _resend(self, frame: bytes) -> None:
        # The ACS has already answered something: a reset now is no stale connection,
        # and the request must not be retried elsewhere.
        try:
            await self._send(frame)
        except StaleConnectionError:
            raise Sip2Error("connection_lost", "connection reset during a resend") from None

    async def _read_frame(self, received: int) -> tuple[bytes, int]:
        """The next CR-terminated frame, reassembled from as many reads as it takes.
        ``received`` counts reply bytes so far for this request (stale vs cut mid-reply)."""
        while True:
            end = self._buffer.find(b"\r")
            if end >= 0:
                frame = bytes(self._buffer[: end + 1])
                del self._buffer[: end + 1]
                if self._buffer[:1] == b"\n":  # some ACSs end frames with CR LF
                    del self._buffer[:1]
                return frame, received
            if len(self._buffer) > MAX_FRAME_BYTES:
                raise Sip2Error("bad_reply", "reply longer than any SIP2 message")
            try:
                chunk = await self._reader.read(_READ_SIZE)
            except OSError:
                chunk = b""
            if not chunk:
                self._broken = True
                if received == 0:
                    raise StaleConnectionError("connection closed before the reply")
                raise Sip2Error("connection_lost", "connection closed in the middle of a reply")
            received += len(chunk)
            self._buffer += chunk

    def abort(self) -> None:
        """Drop the connection now, without a goodbye (it may be mid-exchange)."""
        self._broken = True
        self._writer.transport.abort()

    async def close(self) -> None:
        """Close politely (TLS close_notify), but never wait long for a dead peer."""
        self._broken = True
        self._writer.close()
        try:
            async with asyncio.timeout(1.0):
                await self._writer.wait_closed()
        except (OSError, TimeoutError):
            self._writer.transport.abort()


class Sip2Pool:
    """Up to ``pool_size`` connections shared by concurrent callers (FIFO reuse keeps
    them all warm against an ACS's idle time-out)."""

    def __init__(self, config: Sip2Config) -> None:
        self._config = config
        self._context = ssl_context(config)
        self._slots = asyncio.Semaphore(config.pool_size)
        self._idle: collections.deque[Sip2Connection] = collections.deque()
        self._open = 0
        self._closed = False
        self._down_until = 0.0
        self._down_detail = "unreachable"
        self.acs: AcsStatus | None = None

    @property
    def open_connections(self) -> int:
        """Connections open now, idle or in use."""
        return self._open

    def reopen(self) -> None:
        """Accept calls again after :meth:`close` (a directory that is started again)."""
        self._closed = False
        self._down_until = 0.0

    async def warm(self) -> Sip2Error | None:
        """Open every connection now so the first log-ins are warm; the first failure is
        returned (not raised): an ACS that is down must not stop the fleet starting."""

        async def one() -> None:
            async with asyncio.timeout(self._config.timeout), self._slots:
                self._checkin(await self._checkout(fresh=True))

        results = await asyncio.gather(
            *(one() for _ in range(self._config.pool_size)), return_exceptions=True
        )
        for result in results:
            if isinstance(result, Sip2Error):
                return result
            if isinstance(result, TimeoutError):
                self._fail_fast("unreachable")
                return Sip2Error("unreachable", "no answer while connecting")
            if isinstance(result, BaseException):
                raise result
        return None

    async def run(self, build: Callable[[str], Request]) -> Reply:
        """One request on a pooled connection; ``build`` gets the institution id.

        The whole call (waiting for a free connection, connecting, the exchange, one
        retry of a stale connection) is bounded by ``timeout``.
        """
        if self._closed:
            raise Sip2Error("unreachable", "the directory is closed")
        phase = "waiting for a connection"
        try:
            async with asyncio.timeout(self._config.timeout), self._slots:
                for attempt in (1, 2):
                    phase = "connecting"
                    connection = await self._checkout(fresh=attempt == 2)
                    phase = "exchanging"
                    try:
                        reply = await connection.exchange(build(self._institution(connection)))
                    except StaleConnectionError:
                        self._discard(connection)
                        if attempt == 2 or not connection.reused:
                            raise
                        log.info("SIP2 connection was closed by the ACS; retrying once")
                        continue
                    except BaseException:
                        self._discard(connection)
                        raise
                    self._checkin(connection)
                    return reply
        except TimeoutError:
            if phase == "connecting":
                self._fail_fast("unreachable")
                raise Sip2Error("unreachable", "no answer while connecting") from None
            raise Sip2Error(
                "timeout", f"no reply within {self._config.timeout:g} s ({phase})"
            ) from None
        raise AssertionError("unreachable code")  # pragma: no cover

    def _institution(self, connection: Sip2Connection) -> str:
        if self._config.institution is not None:
            return self._config.institution
        return connection.acs.institution_id if connection.acs else ""

    async def _checkout(self, *, fresh: bool) -> Sip2Connection:
        if not fresh:
            while self._idle:
                connection = self._idle.popleft()
                if connection.alive:
                    return connection
                log.debug("SIP2 idle connection was closed by the ACS; dropping it")
                self._discard(connection)
        if time.monotonic() < self._down_until:
            raise Sip2Error(
                self._down_detail, "failing fast after a failed connect", fail_fast=True
            )
        # A fresh connection replaces an idle one rather than exceed pool_size.
        while self._open >= self._config.pool_size and self._idle:
            self._discard(self._idle.popleft())
        self._open += 1
        try:
            connection = await Sip2Connection.open(self._config, self._context)
        except Sip2Error as exc:
            self._open -= 1
            if exc.detail in _BACKOFF_DETAILS:
                self._fail_fast(exc.detail)
            raise
        except BaseException:
            self._open -= 1
            raise
        self.acs = connection.acs
        log.info(
            "SIP2 connected to %s:%d%s (%d open)",
            self._config.host,
            self._config.port,
            " over TLS" if self._context else "",
            self._open,
        )
        return connection

    def _fail_fast(self, detail: str) -> None:
        if self._config.retry_after > 0:
            self._down_until = time.monotonic() + self._config.retry_after
            self._down_detail = detail

    def _checkin(self, connection: Sip2Connection) -> None:
        if self._closed or not connection.alive:
            self._discard(connection)
            return
        connection.reused = True
        self._idle.append(connection)

    def _discard(self, connection: Sip2Connection) -> None:
        connection.abort()
        self._open -= 1

    async def close(self) -> None:
        """Close idle connections now; connections in use close when their call ends."""
        self._closed = True
        idle = list(self._idle)
        self._idle.clear()
        self._open -= len(idle)
        await asyncio.gather(*(connection.close() for connection in idle))

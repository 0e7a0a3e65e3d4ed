"""A loopback TCP proxy that can cut or hold the fleet's replies to event uploads.

It sits between a kiosk process and the fleet server and understands just enough HTTP/1.1
to know when the reply on a connection answers ``POST .../events``. By then the server has
stored the batch, so cutting or holding that reply is exactly the "stored but not
acknowledged" case the outbox must survive.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

EVENTS_REQUEST = b"POST /api/device/v1/events "


@dataclass
class _Connection:
    client_writer: asyncio.StreamWriter
    server_writer: asyncio.StreamWriter
    awaiting_events_reply: bool = False
    tail: bytes = b""


@dataclass
class CuttingProxy:
    """Forwards ``127.0.0.1:<port>`` to the target; ``cut_replies``/``hold_replies`` misbehave.

    * ``cut_replies = n``: the next n event-upload replies are swallowed and the kiosk's
      connection is closed instead.
    * ``hold_replies = True``: event-upload replies are kept back (``held`` is set when the
      first one arrives) until ``hold_replies`` is cleared again; meanwhile a test can kill
      the kiosk.
    """

    target_host: str
    target_port: int
    cut_replies: int = 0
    hold_replies: bool = False
    events_requests: int = 0
    replies_cut: int = 0
    held: asyncio.Event = field(default_factory=asyncio.Event)
    _server: asyncio.Server | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _release: asyncio.Event = field(default_factory=asyncio.Event)
    port: int = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def release(self) -> None:
        """Stop holding; held replies are dropped (their kiosk is usually dead by then)."""
        self.hold_replies = False
        self._release.set()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        self._release.set()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._server is not None:
            await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            try:
                up_reader, up_writer = await asyncio.open_connection(
                    self.target_host, self.target_port
                )
            except OSError:
                return  # the fleet is down: the kiosk sees a dropped connection
            connection = _Connection(writer, up_writer)
            try:
                upstream = asyncio.create_task(self._client_to_server(reader, connection))
                downstream = asyncio.create_task(self._server_to_client(up_reader, connection))
                await asyncio.wait({upstream, downstream}, return_when=asyncio.FIRST_COMPLETED)
                for pump in (upstream, downstream):
                    pump.cancel()
                    with contextlib.suppress(asyncio.CancelledError, OSError):
                        await pump
            finally:
                await _close(up_writer)
        finally:
            await _close(writer)
            self._tasks.discard(task)

    async def _client_to_server(self, reader: asyncio.StreamReader, conn: _Connection) -> None:
        while chunk := await reader.read(65536):
            # The request line may straddle two reads: search the joined tail too.
            window = conn.tail + chunk
            if EVENTS_REQUEST in window:
                conn.awaiting_events_reply = True
                self.events_requests += 1
            conn.tail = window[-len(EVENTS_REQUEST) :]
            conn.server_writer.write(chunk)
            await conn.server_writer.drain()

    async def _server_to_client(self, reader: asyncio.StreamReader, conn: _Connection) -> None:
        while chunk := await reader.read(65536):
            if conn.awaiting_events_reply:
                conn.awaiting_events_reply = False
                if self.cut_replies > 0:
                    self.cut_replies -= 1
                    self.replies_cut += 1
                    return  # the caller closes both sides: the reply never arrives
                if self.hold_replies:
                    self.held.set()
                    await self._release.wait()
                    return
            conn.client_writer.write(chunk)
            await conn.client_writer.drain()


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(OSError, ConnectionError):
        await writer.wait_closed()

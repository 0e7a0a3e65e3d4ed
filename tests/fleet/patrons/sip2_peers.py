"""SIP2 peers for the directory's tests: a real ACS and a relay that misbehaves on purpose.

:class:`FakeIls` is pysip2's ``SIP2Server`` (a real, independent SIP2 implementation)
answering 93, 63 and 17 from in-memory patrons and items. :class:`Relay` sits between
the directory and that ACS and does what a well-behaved ACS never does: split replies
into tiny writes, corrupt checksums, cut a reply in half, swallow a request, add the
extension fields (PB, PA) real ILSs send but pysip2's models do not have.
"""

from __future__ import annotations

import asyncio
import re
import ssl
from dataclasses import dataclass, field
from typing import Any

import anyio
from anyio.abc import SocketAttribute
from pysip2 import (
    ITEM_INFORMATION,
    LOGIN,
    PATRON_INFORMATION,
    ItemInformationRequest,
    ItemInformationResponse,
    LoginRequest,
    LoginResponse,
    PatronInformationRequest,
    PatronInformationResponse,
    RequestContext,
    SIP2Server,
    calculate_checksum,
)

SIP_USER = "kiosk"
#: Needs percent-encoding in the URL: checks that the directory decodes it.
SIP_PASSWORD = "pa:ss@w/rd#1"
INSTITUTION = "HELMET"


@dataclass
class IlsPatron:
    """A patron record in the fake library system."""

    pin: str
    name: str = "Virtanen, Aino"
    #: 14 characters, Y where a SIP2 patron-status flag is set.
    status: str = " " * 14
    language: str = "007"
    fee: str | None = None
    currency: str | None = None
    loans: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)
    holds_ready: list[str] = field(default_factory=list)
    holds_waiting: list[str] = field(default_factory=list)


@dataclass
class IlsItem:
    """An item: circulation status 04 charged, 08 waiting on the hold shelf, 02 on order."""

    title: str
    due: str | None = None
    circulation: str = "04"
    pickup_by: str | None = None
    location: str | None = None


def _count(values: list[str]) -> str:
    return f"{len(values):04d}"


def _window(values: list[str], start: str | None, end: str | None) -> tuple[str, ...]:
    first = int(start) if start else 1
    last = int(end) if end else len(values)
    return tuple(values[first - 1 : last])


class FakeIls:
    """pysip2's ACS with a small library behind it; ``start()`` serves on a loopback port
    from a background task (so fixtures can start and stop it in different tasks)."""

    def __init__(self, *, idle_timeout: float | None = None) -> None:
        self.patrons: dict[str, IlsPatron] = {}
        self.items: dict[str, IlsItem] = {}
        #: Seconds each 63/17 handler waits before answering; 17 waits item_delay more.
        self.delay = 0.0
        self.item_delay = 0.0
        self.refuse_login = False
        self.logins = 0
        #: Command ids of the 63/17 requests handled, in order.
        self.requests: list[str] = []
        self.server = SIP2Server(
            institution_id=INSTITUTION,
            library_name="Helmet",
            login_required=True,
            idle_timeout=idle_timeout,
        )
        self.server.route(LOGIN)(self._login)
        self.server.route(PATRON_INFORMATION)(self._patron_information)
        self.server.route(ITEM_INFORMATION)(self._item_information)
        self.port = 0
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    async def start(self, port: int = 0) -> int:
        ready: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._stop = asyncio.Event()

        async def serve() -> None:
            # pysip2 0.1.0's own start() never closes its listening socket (a
            # ResourceWarning, an error here), so serve its public listener ourselves.
            listener = await self.server.listen(port=port)
            async with listener, anyio.create_task_group() as group:
                group.start_soon(listener.serve, self.server._handle_connection)
                ready.set_result(listener.extra(SocketAttribute.local_port))  # noqa: S610
                await self._stop.wait()
                group.cancel_scope.cancel()

        self._task = asyncio.create_task(serve())
        waiters: list[asyncio.Future[Any]] = [ready, self._task]
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            await self._task  # raises why it could not listen
        self.port = ready.result()
        return self.port

    async def stop(self) -> None:
        if self._task is not None:
            self._stop.set()
            await self._task
            self._task = None

    async def _pause(self) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)

    async def _login(
        self, request: LoginRequest, ctx: RequestContext[LoginRequest, LoginResponse]
    ) -> LoginResponse:
        self.logins += 1
        ok = (
            not self.refuse_login
            and request.login_user_id == SIP_USER
            and request.login_password == SIP_PASSWORD
            and request.location_code == "oodi"
        )
        return LoginResponse(ok="1" if ok else "0")

    async def _patron_information(
        self,
        request: PatronInformationRequest,
        ctx: RequestContext[PatronInformationRequest, PatronInformationResponse],
    ) -> PatronInformationResponse:
        self.requests.append("63")
        await self._pause()
        patron = self.patrons.get(request.patron_identifier)
        pin = request.patron_password
        if patron is None:
            return PatronInformationResponse(
                patron_status="YYYY" + " " * 10,
                language="000",
                transaction_date=ctx.now_18(),
                hold_items_count="0000",
                overdue_items_count="0000",
                charged_items_count="0000",
                fine_items_count="0000",
                recall_items_count="0000",
                unavailable_holds_count="0000",
                institution_id=INSTITUTION,
                patron_identifier=request.patron_identifier,
                personal_name="",
                valid_patron="N",
                valid_patron_password=None if pin is None else "N",
            )
        summary = request.summary
        start, end = request.start_item, request.end_item

        def listed(position: int, values: list[str]) -> tuple[str, ...]:
            return _window(values, start, end) if summary[position] == "Y" else ()

        return PatronInformationResponse(
            patron_status=patron.status,
            language=patron.language,
            transaction_date=ctx.now_18(),
            hold_items_count=_count(patron.holds_ready),
            overdue_items_count=_count(patron.overdue),
            charged_items_count=_count(patron.loans),
            fine_items_count="0000",
            recall_items_count="0000",
            unavailable_holds_count=_count(patron.holds_waiting),
            institution_id=INSTITUTION,
            patron_identifier=request.patron_identifier,
            personal_name=patron.name,
            valid_patron="Y",
            valid_patron_password=None if pin is None else ("Y" if pin == patron.pin else "N"),
            currency_type=patron.currency,
            fee_amount=patron.fee,
            hold_items=listed(0, patron.holds_ready),
            overdue_items=listed(1, patron.overdue),
            charged_items=listed(2, patron.loans),
            unavailable_hold_items=listed(5, patron.holds_waiting),
        )

    async def _item_information(
        self,
        request: ItemInformationRequest,
        ctx: RequestContext[ItemInformationRequest, ItemInformationResponse],
    ) -> ItemInformationResponse:
        self.requests.append("17")
        await self._pause()
        if self.item_delay:
            await asyncio.sleep(self.item_delay)
        item = self.items.get(request.item_identifier)
        if item is None:
            return ItemInformationResponse(
                circulation_status="01",
                security_marker="01",
                fee_type="01",
                transaction_date=ctx.now_18(),
                item_identifier=request.item_identifier,
                title_identifier="",
            )
        return ItemInformationResponse(
            circulation_status=item.circulation,
            security_marker="02",
            fee_type="01",
            transaction_date=ctx.now_18(),
            due_date=item.due,
            hold_pickup_date=item.pickup_by,
            item_identifier=request.item_identifier,
            title_identifier=item.title,
            current_location=item.location,
        )


_TRAILER = re.compile(rb"AY(\d)AZ([0-9A-F]{4})$")


def with_checksum(body_through_az: bytes) -> bytes:
    """``body`` ends in ``AZ``: add its checksum and the CR."""
    return body_through_az + calculate_checksum(body_through_az).encode() + b"\r"


class Relay:
    """A loopback TCP (or TLS) relay to ``upstream_port`` with knobs for misbehaviour.

    Requests pass through unchanged unless ``swallow`` names their command; replies are
    rewritten per frame. Every knob acts on the next matching frame(s) only.
    """

    def __init__(self, upstream_port: int, *, tls: ssl.SSLContext | None = None) -> None:
        self.upstream_port = upstream_port
        self.tls = tls
        #: Write replies in pieces of this many bytes, pausing between them.
        self.chunk: int | None = None
        #: Corrupt the checksum of this many upcoming replies.
        self.corrupt_replies = 0
        #: Corrupt the checksum of this many upcoming requests (the ACS answers 96).
        self.corrupt_requests = 0
        #: Send half of the next reply with this command id, then hang up.
        self.cut: str | None = None
        #: Drop the next request with this command id and hang up without a reply.
        self.swallow: str | None = None
        #: Give the next reply a wrong sequence number.
        self.wrong_sequence = 0
        #: Extra fields added to every reply with this command id, e.g. {"64": "PB2015...|"}.
        self.extra_fields: dict[str, bytes] = {}
        #: Command ids of the requests seen (including 97 resends), and reply writes made.
        self.requests: list[str] = []
        self.writes = 0
        self.port = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.tls)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(client_w)
        try:
            up_r, up_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_w.transport.abort()
            self._tasks.discard(task)
            return
        self._writers.add(up_w)
        try:
            await asyncio.gather(
                self._pump_requests(client_r, up_w, client_w),
                self._pump_replies(up_r, client_w, up_w),
            )
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            for writer in (client_w, up_w):
                writer.transport.abort()
                self._writers.discard(writer)
            self._tasks.discard(task)

    async def _pump_requests(
        self,
        client_r: asyncio.StreamReader,
        up_w: asyncio.StreamWriter,
        client_w: asyncio.StreamWriter,
    ) -> None:
        while True:
            frame = await client_r.readuntil(b"\r")
            command = frame[:2].decode()
            self.requests.append(command)
            if self.swallow == command:
                self.swallow = None
                client_w.transport.abort()
                up_w.transport.abort()
                return
            if self.corrupt_requests and _TRAILER.search(frame[:-1]):
                self.corrupt_requests -= 1
                frame = _flip_checksum(frame)
            up_w.write(frame)
            await up_w.drain()

    async def _pump_replies(
        self,
        up_r: asyncio.StreamReader,
        client_w: asyncio.StreamWriter,
        up_w: asyncio.StreamWriter,
    ) -> None:
        while True:
            frame = await up_r.readuntil(b"\r")
            command = frame[:2].decode()
            frame = self._rewrite(command, frame)
            if self.cut == command:
                self.cut = None
                client_w.write(frame[: len(frame) // 2])
                await client_w.drain()
                await asyncio.sleep(0.01)
                client_w.transport.abort()
                up_w.transport.abort()
                return
            step = self.chunk or len(frame)
            for offset in range(0, len(frame), step):
                client_w.write(frame[offset : offset + step])
                await client_w.drain()
                self.writes += 1
                if self.chunk:
                    await asyncio.sleep(0.002)

    def _rewrite(self, command: str, frame: bytes) -> bytes:
        trailer = _TRAILER.search(frame[:-1])
        if trailer is None:
            return frame
        sequence = int(trailer.group(1))
        if self.wrong_sequence:
            self.wrong_sequence -= 1
            sequence = (sequence + 1) % 10
        extra = self.extra_fields.get(command, b"")
        frame = with_checksum(frame[: trailer.start()] + extra + b"AY%dAZ" % sequence)
        if self.corrupt_replies:
            self.corrupt_replies -= 1
            frame = _flip_checksum(frame)
        return frame


def _flip_checksum(frame: bytes) -> bytes:
    value = int(frame[-5:-1], 16) ^ 0x0001
    return frame[:-5] + f"{value:04X}".encode() + b"\r"


async def nothing_listening() -> int:
    """A loopback port nobody listens on (bound a moment ago, then released)."""
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port: int = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    return port

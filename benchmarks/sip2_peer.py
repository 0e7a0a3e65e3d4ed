"""A SIP2 library system for the log-in benchmark: pysip2's ACS on a thread, counting requests."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from dataclasses import dataclass

from pysip2 import (
    LOGIN,
    PATRON_INFORMATION,
    SC_STATUS,
    LoginRequest,
    LoginResponse,
    PatronInformationRequest,
    PatronInformationResponse,
    RequestContext,
    SIP2Server,
)
from pysip2.models import ACSStatusResponse, SCStatusRequest

USER, PASSWORD, LOCATION = "kiosk", "bench-sip2", "demo"


@dataclass
class RunningIls:
    """The ACS's address as a ``FLEET_PATRON_DIRECTORY`` URL; ``stop()`` returns the counts."""

    url: str
    counts: Counter[str]
    _loop: asyncio.AbstractEventLoop
    _stop: asyncio.Event
    _thread: threading.Thread

    def stop(self) -> Counter[str]:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)
        return self.counts


def start_ils(card: str, pin: str) -> RunningIls:
    """One patron (``card``/``pin``), answering 93, 99 and 63 on a free loopback port."""
    counts: Counter[str] = Counter()
    server = SIP2Server(institution_id="HELMET", library_name="Helmet", login_required=True)

    @server.route(LOGIN)
    async def login(
        request: LoginRequest, ctx: RequestContext[LoginRequest, LoginResponse]
    ) -> LoginResponse:
        counts["93"] += 1
        ok = request.login_user_id == USER and request.login_password == PASSWORD
        return LoginResponse(ok="1" if ok else "0")

    @server.route(PATRON_INFORMATION)
    async def patron(
        request: PatronInformationRequest,
        ctx: RequestContext[PatronInformationRequest, PatronInformationResponse],
    ) -> PatronInformationResponse:
        counts["63"] += 1
        known = request.patron_identifier == card
        given = request.patron_password
        return PatronInformationResponse(
            patron_status=" " * 14,
            language="000",
            transaction_date=ctx.now_18(),
            hold_items_count="0000",
            overdue_items_count="0000",
            charged_items_count="0000",
            fine_items_count="0000",
            recall_items_count="0000",
            unavailable_holds_count="0000",
            institution_id="HELMET",
            patron_identifier=request.patron_identifier,
            personal_name="Virtanen, Aino" if known else "",
            valid_patron="Y" if known else "N",
            valid_patron_password=None if given is None else ("Y" if given == pin else "N"),
        )

    @server.route(SC_STATUS)
    async def status(
        request: SCStatusRequest, ctx: RequestContext[SCStatusRequest, ACSStatusResponse]
    ) -> ACSStatusResponse:
        counts["99"] += 1
        return server.build_acs_status(request)

    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    ready: list[int] = []
    started = threading.Event()

    async def serve() -> None:
        async with server.start(port=0) as bound:
            ready.append(bound)
            started.set()
            await stop.wait()

    thread = threading.Thread(target=lambda: loop.run_until_complete(serve()), daemon=True)
    thread.start()
    if not started.wait(10):
        raise RuntimeError("the SIP2 server did not start")
    url = f"sip2://{USER}:{PASSWORD}@127.0.0.1:{ready[0]}?location={LOCATION}"
    return RunningIls(url, counts, loop, stop, thread)

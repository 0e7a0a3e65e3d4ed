"""WebSocket client for fleet nudges: "check in now, something is waiting for you"."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from pydantic import ValidationError
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus, WebSocketException

from fleet.protocol import Nudge, read_fleet_reply
from kiosk.services.client import websocket_url
from kiosk.services.timing import Backoff, wait_event

log = logging.getLogger(__name__)


class NudgeListener:
    """Keeps one WebSocket open to the fleet and calls ``on_nudge`` for every nudge.

    Reconnects with back-off for as long as it runs. Every (re)connection also counts as a
    nudge, because nudges sent while the socket was down are lost. Polling stays the fallback.
    """

    def __init__(
        self,
        server_url: str,
        token: str,
        on_nudge: Callable[[Nudge | None], None],
        backoff: Backoff,
        on_rejected: Callable[[int], None] | None = None,
        on_lost: Callable[[], None] | None = None,
    ) -> None:
        self._url = websocket_url(server_url)
        self._headers = {"Authorization": f"Bearer {token}"}
        self._on_nudge = on_nudge
        self._on_rejected = on_rejected
        self._on_lost = on_lost
        self._backoff = backoff
        self.connected = False

    async def run(self, stop: asyncio.Event) -> None:
        """Listen until ``stop`` is set."""
        while not stop.is_set():
            try:
                await self._session(stop)
            except InvalidStatus as exc:
                status = exc.response.status_code
                log.info("fleet refused the nudge socket: HTTP %d", status)
                if self._on_rejected is not None:
                    self._on_rejected(status)
            except (OSError, TimeoutError, WebSocketException) as exc:
                log.debug("nudge socket closed: %s", type(exc).__name__)
            finally:
                if self.connected and self._on_lost is not None and not stop.is_set():
                    # A socket that drops is the quickest sign the fleet or network went away.
                    self._on_lost()
                self.connected = False
            await wait_event(stop, self._backoff.next_delay())

    async def _session(self, stop: asyncio.Event) -> None:
        async with connect(
            self._url,
            additional_headers=self._headers,
            open_timeout=5,
            ping_interval=20,
            ping_timeout=20,
            close_timeout=2,
            proxy=None,
        ) as socket:
            self.connected = True
            self._backoff.reset()
            self._on_nudge(None)
            stop_waiter = asyncio.ensure_future(stop.wait())
            try:
                while True:
                    receive = asyncio.ensure_future(socket.recv())
                    done, _ = await asyncio.wait(
                        {receive, stop_waiter}, return_when=asyncio.FIRST_COMPLETED
                    )
                    if stop_waiter in done:
                        receive.cancel()
                        return
                    self._handle(receive.result())
            finally:
                stop_waiter.cancel()

    def _handle(self, raw: str | bytes) -> None:
        try:
            nudge = read_fleet_reply(Nudge, raw)
        except ValidationError:
            # A message this version does not understand still means "something changed".
            nudge = None
        self._on_nudge(nudge)

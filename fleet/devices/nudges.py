"""The nudge hub: tells connected kiosks to check in now.

Services only *queue* a nudge on their session (:func:`queue_nudge`); the hub sends it after
that session commits, so a kiosk never checks in before the command it was nudged about is
visible. On SQLite (one worker) the hub delivers in-process. On PostgreSQL the nudge rides
``pg_notify`` inside the committing transaction and every worker's :class:`PgNudgeListener`
delivers it to the sockets it holds, so nudges cross workers and hosts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Literal

import psycopg
from sqlalchemy import text
from sqlmodel import Session

from fleet.protocol import Nudge

NudgeReason = Literal["command", "config", "content", "help"]
_KEY = "fleet.nudges"
_REASONS: tuple[NudgeReason, ...] = ("command", "config", "content", "help")
PG_CHANNEL = "fleet_nudges"

log = logging.getLogger(__name__)


def queue_nudge(session: Session, device_id: int, reason: NudgeReason) -> None:
    """Send ``reason`` to ``device_id`` once ``session`` commits (dropped on rollback)."""
    pending: set[tuple[int, NudgeReason]] = session.info.setdefault(_KEY, set())
    pending.add((device_id, reason))


class NudgeHub:
    """Connected device sockets, each with a small queue of nudges to send."""

    def __init__(self, *, via_postgres: bool = False) -> None:
        self._queues: dict[int, set[asyncio.Queue[Nudge]]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        #: When set, commits NOTIFY and the listener delivers (also to this process).
        self.via_postgres = via_postgres

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Remember the server's loop: commits happen on worker threads."""
        self._loop = loop

    def subscribe(self, device_id: int) -> asyncio.Queue[Nudge]:
        queue: asyncio.Queue[Nudge] = asyncio.Queue(maxsize=8)
        self._queues.setdefault(device_id, set()).add(queue)
        return queue

    def unsubscribe(self, device_id: int, queue: asyncio.Queue[Nudge]) -> None:
        queues = self._queues.get(device_id)
        if queues is not None:
            queues.discard(queue)
            if not queues:
                del self._queues[device_id]

    def connected(self, device_id: int) -> bool:
        return bool(self._queues.get(device_id))

    def publish(self, device_id: int, reason: NudgeReason) -> None:
        """Thread-safe: may be called from any thread once bound."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._deliver(device_id, reason)
        else:
            loop.call_soon_threadsafe(self._deliver, device_id, reason)

    def _deliver(self, device_id: int, reason: NudgeReason) -> None:
        for queue in self._queues.get(device_id, ()):
            # A full queue already holds a nudge: the kiosk will check in anyway.
            if not queue.full():
                queue.put_nowait(Nudge(reason=reason))

    def before_commit(self, session: Session) -> None:
        """SQLAlchemy ``before_commit`` listener: on PostgreSQL, NOTIFY inside the transaction.

        PostgreSQL delivers a NOTIFY only if, and when, its transaction commits.
        """
        if not self.via_postgres:
            return
        for device_id, reason in session.info.pop(_KEY, set()):
            session.connection().execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": PG_CHANNEL, "payload": f"{device_id}:{reason}"},
            )

    def after_commit(self, session: Session) -> None:
        """SQLAlchemy ``after_commit`` listener: send what the committed work queued."""
        for device_id, reason in session.info.pop(_KEY, set()):
            self.publish(device_id, reason)

    def deliver_payload(self, payload: str) -> None:
        """Deliver a ``"<device id>:<reason>"`` notification (ignores anything malformed)."""
        device_id, _, reason = payload.partition(":")
        if device_id.isdigit() and reason in _REASONS:
            self._deliver(int(device_id), reason)

    def after_rollback(self, session: Session) -> None:
        session.info.pop(_KEY, None)


class PgNudgeListener:
    """LISTENs on PostgreSQL for nudges committed by any worker; reconnects when cut."""

    def __init__(self, hub: NudgeHub, conninfo: str) -> None:
        self._hub = hub
        self._conninfo = conninfo
        self.listening = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                async with await psycopg.AsyncConnection.connect(
                    self._conninfo, autocommit=True
                ) as connection:
                    await connection.execute(f"LISTEN {PG_CHANNEL}")
                    self.listening.set()
                    notifies = connection.notifies()
                    stopping = asyncio.create_task(stop.wait())
                    try:
                        while not stop.is_set():
                            following = asyncio.create_task(anext(notifies))
                            done, _ = await asyncio.wait(
                                {following, stopping}, return_when=asyncio.FIRST_COMPLETED
                            )
                            if following in done:
                                self._hub.deliver_payload(following.result().payload)
                            else:
                                following.cancel()
                                with contextlib.suppress(
                                    asyncio.CancelledError, StopAsyncIteration
                                ):
                                    await following
                    finally:
                        stopping.cancel()
            except (psycopg.Error, OSError, StopAsyncIteration):
                self.listening.clear()
                log.warning("nudge listener lost PostgreSQL; reconnecting (polling covers it)")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 2)

"""The in-process nudge hub: tells connected kiosks to check in now.

Services only *queue* a nudge on their session (:func:`queue_nudge`); the hub sends it after
that session commits, so a kiosk never checks in before the command it was nudged about is
visible. One hub per worker process: across workers the check-in poll is the fallback.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from sqlmodel import Session

from fleet.protocol import Nudge

NudgeReason = Literal["command", "config", "content"]
_KEY = "fleet.nudges"


def queue_nudge(session: Session, device_id: int, reason: NudgeReason) -> None:
    """Send ``reason`` to ``device_id`` once ``session`` commits (dropped on rollback)."""
    pending: set[tuple[int, NudgeReason]] = session.info.setdefault(_KEY, set())
    pending.add((device_id, reason))


class NudgeHub:
    """Connected device sockets, each with a small queue of nudges to send."""

    def __init__(self) -> None:
        self._queues: dict[int, set[asyncio.Queue[Nudge]]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

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

    def after_commit(self, session: Session) -> None:
        """SQLAlchemy ``after_commit`` listener: send what the committed work queued."""
        for device_id, reason in session.info.pop(_KEY, set()):
            self.publish(device_id, reason)

    def after_rollback(self, session: Session) -> None:
        session.info.pop(_KEY, None)

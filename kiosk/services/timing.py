"""Check-in timing: jittered intervals and capped exponential back-off."""

from __future__ import annotations

import asyncio
import random

JITTER = 0.10


def jittered(interval: float, rng: random.Random, jitter: float = JITTER) -> float:
    """``interval`` moved randomly by up to ±``jitter`` so a fleet of kiosks does not pulse."""
    return interval * (1.0 + rng.uniform(-jitter, jitter))


class Backoff:
    """Delays that double after each failure, from ``initial`` up to ``maximum``, with jitter.

    ``reset()`` after a success. The cap keeps a kiosk that was offline for hours reconnecting
    within one ``maximum`` of the fleet coming back.
    """

    def __init__(
        self, initial: float, maximum: float, rng: random.Random, factor: float = 2.0
    ) -> None:
        if not 0 < initial <= maximum:
            raise ValueError("need 0 < initial <= maximum")
        self.initial = initial
        self.maximum = maximum
        self._rng = rng
        self._factor = factor
        self._next = initial

    def next_delay(self) -> float:
        delay = jittered(self._next, self._rng)
        self._next = min(self._next * self._factor, self.maximum)
        return min(delay, self.maximum)

    def reset(self) -> None:
        self._next = self.initial


async def wait_event(event: asyncio.Event, seconds: float) -> bool:
    """Wait for ``event`` at most ``seconds``; True if it was set, False on time-out."""
    try:
        await asyncio.wait_for(event.wait(), max(seconds, 0.0))
    except TimeoutError:
        return False
    return True

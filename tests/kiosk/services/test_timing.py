"""Jitter and back-off stay within their bounds."""

from __future__ import annotations

import asyncio
import random

import pytest

from kiosk.services.timing import Backoff, jittered, wait_event


def test_jitter_stays_within_ten_percent_and_actually_varies() -> None:
    rng = random.Random(7)
    values = [jittered(30.0, rng) for _ in range(2000)]
    assert min(values) >= 27.0
    assert max(values) <= 33.0
    # Not a constant: a fleet of kiosks must spread out.
    assert max(values) - min(values) > 4.0


def test_backoff_doubles_up_to_the_cap_and_resets() -> None:
    backoff = Backoff(1.0, 8.0, random.Random(1))
    delays = [backoff.next_delay() for _ in range(6)]
    for delay, nominal in zip(delays, [1, 2, 4, 8, 8, 8], strict=True):
        assert nominal * 0.9 <= delay <= min(nominal * 1.1, 8.0)
    backoff.reset()
    assert backoff.next_delay() <= 1.1


def test_backoff_refuses_nonsense_bounds() -> None:
    with pytest.raises(ValueError, match="initial"):
        Backoff(0, 5, random.Random())
    with pytest.raises(ValueError, match="initial"):
        Backoff(10, 5, random.Random())


@pytest.mark.asyncio
async def test_wait_event_reports_set_or_timeout() -> None:
    event = asyncio.Event()
    assert await wait_event(event, 0.01) is False
    event.set()
    assert await wait_event(event, 5) is True

"""A clock tests move by hand, so time-dependent behaviour needs no sleeping."""

from __future__ import annotations

import datetime as dt


class FakeClock:
    """Callable like ``fleet.db.utcnow``; ``advance`` moves it forward."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.now = start or dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        """``clock.advance(seconds=75)``; returns the new now."""
        self.now += dt.timedelta(**delta)
        return self.now

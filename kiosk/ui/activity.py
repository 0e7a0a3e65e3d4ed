"""Tells the services that someone is at the PC: keys, clicks and touches, at most once a second."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject

#: Input that means a person is there (not paints, timers or focus changes).
ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


class ActivityFilter(QObject):
    """An application-wide event filter that calls ``report`` on input, rate-limited.

    Installed on the QApplication, it sees input to every kiosk window (the main window and
    the session bar); it never consumes anything.
    """

    def __init__(
        self,
        report: Callable[[], None],
        *,
        monotonic: Callable[[], float] = time.monotonic,
        interval: float = 1.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._report = report
        self._monotonic = monotonic
        self._interval = interval
        self._last: float | None = None
        self.enabled = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.enabled and event.type() in ACTIVITY_EVENTS:
            self.touched()
        return False

    def touched(self) -> None:
        """Someone did something: report it unless that was done less than a second ago."""
        now = self._monotonic()
        if self._last is not None and 0 <= now - self._last < self._interval:
            return
        self._last = now
        self._report()

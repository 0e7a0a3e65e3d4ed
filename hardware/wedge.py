"""Keyboard-wedge scanners: telling a scan from typing by key timing, and the Scanner they feed.

A wedge types each scan as very fast keystrokes followed by Enter (or Tab). Qt-free: the kiosk
UI feeds every key event's text to :meth:`WedgeDetector.press` with the event's own timestamp
(``QKeyEvent.timestamp() / 1000``, not the time it is handled: a UI that stalls would otherwise
replay a person's typing as a burst). When ``press`` returns a scan, the UI removes those
characters from whatever field received them, swallows the terminator and calls
:meth:`KeyboardWedgeScanner.submit`; the login service then gets the scan from ``next_scan``
like from any other scanner. Anything else stays ordinary typing.

Not a scan: a burst without a terminator (its characters stay typed text), a burst shorter
than ``min_length`` (a fast typist, a short auto-repeat), one key held down (auto-repeat makes
a fast burst of one character), and characters before a gap longer than ``max_gap`` (a
person's slow keystrokes just before a scan are not part of it).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Iterable

from hardware.health import PeripheralHealth
from hardware.scanner import Scan, Symbology

log = logging.getLogger(__name__)

#: What Qt's key events carry as text for Return/Enter; scanners can be set to end with Tab.
ENTER = ("\r", "\n")


class WedgeDetector:
    """Classifies key presses: a burst with every gap <= ``max_gap`` seconds, ended by a
    terminator, at least ``min_length`` characters long, is a scan. Pure and synchronous.

    Times are monotonic seconds from the caller; one that goes backwards starts a new burst.
    A burst longer than ``max_length`` is abandoned until the next gap or terminator.
    """

    def __init__(
        self,
        *,
        max_gap: float = 0.05,
        min_length: int = 4,
        max_length: int = 4096,
        terminators: Iterable[str] = ENTER,
    ) -> None:
        if max_gap <= 0:
            raise ValueError("max_gap must be positive")
        if not 1 <= min_length <= max_length:
            raise ValueError("need 1 <= min_length <= max_length")
        self.max_gap = max_gap
        self.min_length = min_length
        self.max_length = max_length
        self.terminators = frozenset(terminators)
        if not self.terminators or any(len(t) != 1 for t in self.terminators):
            raise ValueError("terminators are single characters, at least one")
        self._chars: list[str] = []
        self._last_at: float | None = None
        self._overlong = False

    @property
    def pending(self) -> str:
        """The characters of the current burst so far (what a scan would return)."""
        return "".join(self._chars)

    def key(self, text: str, at: float) -> None:
        """Characters typed at monotonic time ``at`` (seconds); Qt may pack several in one event.

        Terminators go to :meth:`press` or :meth:`enter` instead.
        """
        if any(char in self.terminators for char in text):
            raise ValueError("a terminator ends a burst: use press() or enter()")
        for char in text:
            if not self._continues(at):
                self.reset()
            self._last_at = at
            if self._overlong:
                continue
            if len(self._chars) >= self.max_length:
                # A runaway burst (a stuck key, a scanner in a loop): nothing of it is a scan.
                self._chars.clear()
                self._overlong = True
            else:
                self._chars.append(char)

    def enter(self, at: float) -> str | None:
        """Enter (or another terminator) at ``at``: the scan the burst forms, or ``None``.

        The burst is forgotten either way.
        """
        text = self.pending
        scan = (
            self._continues(at)
            and not self._overlong
            and len(text) >= self.min_length
            # One character repeated is a key held down, not a code on a card.
            and len(set(text)) > 1
        )
        self.reset()
        return text if scan else None

    def press(self, text: str, at: float) -> str | None:
        """One key event's text: a terminator goes to :meth:`enter`, the rest to :meth:`key`."""
        if text in self.terminators:
            return self.enter(at)
        self.key(text, at)
        return None

    def reset(self) -> None:
        """Forget the current burst (focus moved, the screen changed)."""
        self._chars.clear()
        self._last_at = None
        self._overlong = False

    def _continues(self, at: float) -> bool:
        """Whether a key at ``at`` belongs to the current burst."""
        # The slack keeps the bound inclusive for millisecond timestamps: 1.05 - 1.0 > 0.05.
        return self._last_at is not None and 0 <= at - self._last_at <= self.max_gap + 1e-9


class KeyboardWedgeScanner:
    """The ``Scanner`` for a keyboard wedge: the UI's detector hands it scans through ``submit``.

    Call ``submit`` from the event loop's thread (the Qt thread under qasync). Scans submitted
    while stopped are dropped, and so are scans nobody took within ``max_age`` seconds, so a card
    scanned at an idle screen cannot log the next visitor in. Health is always ok: a keyboard
    cannot be told apart from a wedge that is unplugged.
    """

    def __init__(self, *, max_age: float = 10.0) -> None:
        self.max_age = max_age
        self._started = False
        self._scans: deque[tuple[float, Scan]] = deque(maxlen=16)
        self._wakeup = asyncio.Event()

    @property
    def started(self) -> bool:
        return self._started

    def submit(self, text: str, symbology: Symbology | None = None) -> None:
        """A scan the UI recognised; the next ``next_scan`` returns it."""
        scan = Scan(text, symbology)
        if not self._started:
            log.info("wedge scanner: dropped a scan submitted while stopped")
            return
        self._scans.append((time.monotonic(), scan))
        self._wakeup.set()

    async def start(self) -> None:
        self._wakeup = asyncio.Event()  # bound to the loop that runs this scanner now
        self._started = True

    async def stop(self) -> None:
        self._started = False
        self._scans.clear()
        self._wakeup.set()  # a next_scan waiting now returns None

    async def next_scan(self, timeout: float) -> Scan | None:
        if timeout < 0:
            raise ValueError("timeout must not be negative")
        if not self._started:
            raise RuntimeError("the scanner is used before start()")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._started:
            scan = self._take_fresh()
            remaining = deadline - loop.time()
            if scan is not None or remaining <= 0:
                return scan
            self._wakeup.clear()
            try:
                async with asyncio.timeout(remaining):
                    await self._wakeup.wait()
            except TimeoutError:
                pass
        return None

    async def health(self) -> PeripheralHealth:
        return PeripheralHealth.ok()

    def _take_fresh(self) -> Scan | None:
        now = time.monotonic()
        while self._scans:
            at, scan = self._scans.popleft()
            if now - at <= self.max_age:
                return scan
            log.info("wedge scanner: dropped a scan nobody took within %g s", self.max_age)
        return None

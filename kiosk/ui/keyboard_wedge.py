"""Barcode and QR scanners that type (keyboard wedges): their scans never land in a text field.

A wedge types a scan as a burst of keys a few milliseconds apart, ended by Enter; a person
types far slower. :class:`WedgeFilter` watches the key presses meant for one window and holds
each printable key back while it could still be part of such a burst (at most ~80 ms). A
burst that ends in Enter and is long enough is a scan: it goes to ``scanned`` and nothing of
it reaches the widgets. Anything else is delivered, in order, to the focused widget as the
typing it was. If the UI stalls mid-scan (the hold timer fires before the rest of the burst
is handled), the characters already delivered to a text field are taken back out.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from hardware.wedge import WedgeDetector

#: Card numbers and proofs are longer; a PIN typed fast (4 digits) is not a scan.
MIN_SCAN_LENGTH = 6
_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
    }
)
_ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
_POINTER_PRESSES = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def _is_scan_character(event: QKeyEvent) -> bool:
    text = event.text()
    return (
        len(text) == 1
        and text.isprintable()
        and text != " "  # Space presses buttons; no card code contains one
        and not event.modifiers() & _COMMAND_MODIFIERS
    )


class WedgeFilter(QObject):
    """An application event filter for the key presses of ``scope`` (a window).

    ``enabled`` only where a scan means something (the idle and log-in screens). Times come
    from the key events (``QKeyEvent.timestamp()``, ms) so a UI that stalls does not turn a
    person's typing into a burst; synthetic events without a timestamp use ``monotonic``.
    """

    def __init__(
        self,
        scope: QWidget,
        scanned: Callable[[str], None],
        *,
        detector: WedgeDetector | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(scope)
        self._scope = scope
        self._scanned = scanned
        self._detector = detector or WedgeDetector(min_length=MIN_SCAN_LENGTH)
        self._monotonic = monotonic
        self._held: list[tuple[int, Qt.KeyboardModifier, str]] = []
        # Characters of the current burst already typed into fields (taken back if a scan).
        self._delivered: list[tuple[QLineEdit, str]] = []
        self._replaying = False
        self._enabled = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(round(self._detector.max_gap * 1000) + 30)
        self._timer.timeout.connect(self.flush)

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        if enabled == self._enabled:
            return
        if not enabled:
            self.discard()
        self._enabled = enabled

    @property
    def holding(self) -> str:
        """Characters held back right now (for tests)."""
        return "".join(text for _key, _mods, text in self._held)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or not self._enabled:
            return False
        if event.type() in _POINTER_PRESSES:
            # A tap (on the keypad, say) comes after the keys typed before it.
            if self._held:
                self.flush()
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(watched, QWidget) or not self._in_scope(watched):
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        at = self._seconds(event)
        if key in _ENTER_KEYS:
            scan = self._detector.enter(at)
            if scan is not None:
                self._timer.stop()
                self._held.clear()
                self._take_back()
                self._scanned(scan)
                return True
            self.flush()
            self._delivered.clear()
            return False
        if key in _MODIFIER_KEYS:
            return False  # Shift comes between a scan's capital letters
        if _is_scan_character(event):
            self._detector.key(event.text(), at)
            if len(self._detector.pending) <= 1:
                # A new burst begins: whatever was held before it was typing.
                self.flush()
                self._delivered.clear()
            self._held.append((key, event.modifiers(), event.text()))
            self._timer.start()
            return True
        # Any other key (Space, Tab, Backspace, arrows) ends a burst as typing.
        self.flush()
        self._detector.reset()
        self._delivered.clear()
        return False

    def discard(self) -> None:
        """Forget held keys and the burst: the screen they were typed at is gone."""
        self._timer.stop()
        self._held.clear()
        self._delivered.clear()
        self._detector.reset()

    def flush(self) -> None:
        """Deliver the held keys to the focused widget, as typed."""
        self._timer.stop()
        held, self._held = self._held, []
        if not held:
            return
        self._replaying = True
        try:
            for key, modifiers, text in held:
                focused = QApplication.focusWidget()
                target = focused if focused is not None and self._in_scope(focused) else None
                target = target or self._scope
                before = target.text() if isinstance(target, QLineEdit) else None
                QApplication.sendEvent(
                    target, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text)
                )
                if isinstance(target, QLineEdit) and before is not None:
                    after = target.text()
                    if len(after) > len(before) and after.startswith(before):
                        self._delivered.append((target, after[len(before) :]))
        finally:
            self._replaying = False

    def _take_back(self) -> None:
        for field, typed in reversed(self._delivered):
            text = field.text()
            if text.endswith(typed):
                field.setText(text[: -len(typed)])
        self._delivered.clear()

    def _in_scope(self, widget: QWidget) -> bool:
        return widget is self._scope or self._scope.isAncestorOf(widget)

    def _seconds(self, event: QKeyEvent) -> float:
        stamp = event.timestamp()
        return stamp / 1000.0 if stamp else self._monotonic()

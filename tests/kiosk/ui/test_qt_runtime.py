"""The Qt binding must not leak or drop references: a kiosk runs for weeks without restart."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

CALLS = 2000


class _Emitter(QObject):
    fired = Signal(object)


def test_void_calls_keep_none_alive(qtbot: QtBot) -> None:
    # PySide6 6.12.0 on Python 3.11 decremented None's count on every void call, so the
    # interpreter aborted ("deallocating None") once the clock had ticked long enough.
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("14.05")
    assert sys.getrefcount(None) > before - CALLS // 2


def test_signal_emission_keeps_true_alive(qtbot: QtBot) -> None:
    emitter = _Emitter()
    seen: list[object] = []
    emitter.fired.connect(seen.append)
    before = sys.getrefcount(True)
    for _ in range(CALLS):
        emitter.fired.emit(1)
    assert len(seen) == CALLS
    assert sys.getrefcount(True) > before - CALLS // 2

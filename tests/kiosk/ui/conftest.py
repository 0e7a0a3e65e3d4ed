"""UI fixtures: a MainWindow over a FakeShellController, shown offscreen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.services.shell import ShellView
from kiosk.ui.bridge import ShellBridge
from kiosk.ui.main_window import MainWindow
from kiosk.ui.translations import Translations
from tests.kiosk.ui.fakes import (
    FakeAnnouncer,
    FakeMonotonic,
    FakeShellController,
    FakeSpeaker,
)
from tests.kiosk.ui.scenes import MONO, NOW, Kiosk, WindowFactory


@pytest.fixture
def make_kiosk(qtbot: QtBot, translations: Translations) -> Iterator[WindowFactory]:
    """Build a shown window over fake services, starting from ``view``.

    The window's monotonic clock, speaker and screen-reader announcer are fakes the test
    reads and moves (``kiosk.clock.advance(60)``).
    """
    made: list[MainWindow] = []

    def make(view: ShellView) -> Kiosk:
        controller = FakeShellController(view)
        bridge = ShellBridge()
        controller.add_listener(bridge)
        clock = FakeMonotonic(MONO)
        speaker = FakeSpeaker()
        announcer = FakeAnnouncer()
        window = MainWindow(
            controller,
            bridge,
            translations,
            hostname="kiosk-oodi-07",
            clock=lambda: NOW,
            monotonic=clock,
            speaker=speaker,
            announcer=announcer,
        )
        qtbot.addWidget(window)
        made.append(window)
        window.resize(1280, 800)
        # Active, so keyboard focus and Tab behave as on the kiosk's screen.
        with qtbot.waitActive(window):
            window.present(windowed=True)
            window.activateWindow()
        return Kiosk(window, controller, bridge, clock, speaker, announcer)

    yield make
    for window in made:
        # Closing takes the window's application-wide input filters away with it.
        window.allow_close()
        window.close()

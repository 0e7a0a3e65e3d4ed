"""UI fixtures: a MainWindow over a FakeShellController, shown offscreen."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.services.shell import ShellView
from kiosk.ui.bridge import ShellBridge
from kiosk.ui.main_window import MainWindow
from kiosk.ui.translations import Translations
from tests.kiosk.ui.fakes import FakeShellController
from tests.kiosk.ui.scenes import NOW, Kiosk, WindowFactory


@pytest.fixture
def make_kiosk(qtbot: QtBot, translations: Translations) -> WindowFactory:
    """Build a shown window over fake services, starting from ``view``."""

    def make(view: ShellView) -> Kiosk:
        controller = FakeShellController(view)
        bridge = ShellBridge()
        controller.add_listener(bridge)
        window = MainWindow(
            controller, bridge, translations, hostname="kiosk-oodi-07", clock=lambda: NOW
        )
        qtbot.addWidget(window)
        window.resize(1280, 800)
        # Active, so keyboard focus and Tab behave as on the kiosk's screen.
        with qtbot.waitActive(window):
            window.present(windowed=True)
            window.activateWindow()
        return Kiosk(window, controller, bridge)

    return make

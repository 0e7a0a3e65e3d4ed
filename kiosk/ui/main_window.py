"""MainWindow: the fullscreen kiosk shell; language bar, screens, status strip, messages."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.services.shell import ShellController, ShellMode, ShellView
from kiosk.ui.bridge import ShellBridge
from kiosk.ui.buttons import TextSizeButton
from kiosk.ui.language import LanguageBar
from kiosk.ui.message import MessageOverlay
from kiosk.ui.screens import IdleScreen, LockedScreen, NotRegisteredScreen, Screen, StartingScreen
from kiosk.ui.slots import async_slot
from kiosk.ui.status import StatusStrip
from kiosk.ui.theme import Theme
from kiosk.ui.translations import Translations

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Renders the controller's :class:`ShellView`; its only action is choosing a language.

    ``view_shown`` is emitted after every view is rendered (the composition root uses it
    for screenshots). Closing the window (Alt+F4, the window manager) only emits
    ``close_requested``: the composition root decides, and calls :meth:`allow_close` when
    the services have stopped.
    """

    view_shown = Signal(object)  # ShellView
    close_requested = Signal()

    def __init__(
        self,
        controller: ShellController,
        bridge: ShellBridge,
        translations: Translations,
        *,
        hostname: str,
        theme: Theme | None = None,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        super().__init__()
        self._controller = controller
        self._translations = translations
        self._clock = clock
        self._language_pending = False
        self._may_close = False
        self.theme = self._base_theme = theme or Theme()
        self.setStyleSheet(self.theme.style_sheet())

        central = QWidget(self)
        central.setObjectName("MainWindowCentral")
        self.language_bar = LanguageBar(central)
        top_bar = QWidget(central)
        top_bar.setObjectName("TopBar")
        top_bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        top_layout = QHBoxLayout(top_bar)
        top_layout.setContentsMargins(24, 12, 24, 12)
        self.text_size_button = TextSizeButton(top_bar)
        self.text_size_button.toggled.connect(self.set_larger_text)
        top_layout.addWidget(self.text_size_button)
        top_layout.addStretch(1)
        top_layout.addWidget(self.language_bar)

        self.stack = QStackedWidget(central)
        self.screens: dict[ShellMode, Screen] = {
            ShellMode.STARTING: StartingScreen(self.theme, self.stack),
            ShellMode.IDLE: IdleScreen(self.theme, self.stack),
            ShellMode.LOCKED: LockedScreen(self.theme, self.stack),
            ShellMode.NOT_REGISTERED: NotRegisteredScreen(self.theme, hostname, self.stack),
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        self.status_strip = StatusStrip(self.theme, central)

        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top_bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status_strip)
        self.setCentralWidget(central)
        self.message_overlay = MessageOverlay(central)
        self.message_overlay.dismissed.connect(self._after_message)

        # Tab follows the reading order: the text-size button sits left of the languages.
        QWidget.setTabOrder(self.text_size_button, self.language_bar.buttons["fi"])
        self.language_bar.language_chosen.connect(self.choose_language)
        bridge.view_published.connect(self.show_view)
        bridge.message_delivered.connect(self.show_message)

        # The clock only needs minutes, but a 1 s tick keeps it right after a resume.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_clock)
        self._tick.start()

        self._view = ShellView()
        self.show_view(controller.view)

    @property
    def view(self) -> ShellView:
        """The view on screen."""
        return self._view

    @property
    def current_screen(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def present(self, *, windowed: bool = False) -> None:
        """Show fullscreen and frameless, or as an ordinary window for development."""
        if windowed:
            self.resize(1280, 800)
            self.show()
        else:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.showFullScreen()
        # Start keyboard focus on the language in use, not on whichever button comes first.
        self.language_bar.buttons[self._view.language].setFocus(Qt.FocusReason.OtherFocusReason)

    def show_view(self, view: ShellView) -> None:
        """Render ``view``: language first (so texts are right), then the screen for its mode."""
        self._view = view
        self._translations.activate(view.language)
        self.language_bar.set_current(view.language)
        screen = self.screens[view.mode]
        screen.show_view(view)
        self.status_strip.show_view(view)
        if self.stack.currentWidget() is not screen:
            self.stack.setCurrentWidget(screen)
        self._update_clock()
        self.view_shown.emit(view)

    def set_larger_text(self, larger: bool) -> None:
        """Switch every text on screen between the configured size and 40 % larger."""
        self.theme = self._base_theme.enlarged() if larger else self._base_theme
        self.setStyleSheet(self.theme.style_sheet())
        self.status_strip.set_theme(self.theme)
        self.message_overlay.refit()
        if self.text_size_button.isChecked() != larger:
            self.text_size_button.setChecked(larger)

    def show_message(self, text: str) -> None:
        self.message_overlay.show_message(text)

    def allow_close(self) -> None:
        self._may_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            super().closeEvent(event)
            return
        event.ignore()
        self.close_requested.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Library computer"))

    def _update_clock(self) -> None:
        idle = self.screens[ShellMode.IDLE]
        assert isinstance(idle, IdleScreen)
        idle.set_now(self._clock())

    def _after_message(self) -> None:
        # Give keyboard focus back to the page so Tab starts from the language switch.
        self.language_bar.buttons[self._view.language].setFocus(Qt.FocusReason.OtherFocusReason)

    @async_slot(str)
    async def choose_language(self, language: str) -> None:
        """Ask the services to switch language; the new view they publish does the switching."""
        # A second tap while the first switch is under way is ignored, not queued.
        if self._language_pending:
            return
        self._language_pending = True
        try:
            await self._controller.set_language(language)
        except Exception:
            log.exception("switching the language failed")
        finally:
            self._language_pending = False
            # The services publish the new view; if they did not, undo the button's own toggle.
            self.language_bar.set_current(self._view.language)

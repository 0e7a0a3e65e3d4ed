"""MainWindow: the fullscreen kiosk shell; language bar, screens, status strip, messages."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import logging
import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from fleet.protocol.sessions import LoginMethod
from fleet.protocol.support import HelpTicket
from kiosk.services.shell import GuideEvent, SessionWarning, ShellController, ShellMode, ShellView
from kiosk.ui.activity import ActivityFilter
from kiosk.ui.booking import BookingScreen
from kiosk.ui.bridge import ShellBridge
from kiosk.ui.buttons import TextSizeButton
from kiosk.ui.guides import GuidesScreen
from kiosk.ui.help_queue import HelpPanel, HelpTexts, HelpTracker
from kiosk.ui.help_topics import HelpTopicScreen
from kiosk.ui.keyboard_wedge import WedgeFilter
from kiosk.ui.language import LanguageBar
from kiosk.ui.login import LoginScreen
from kiosk.ui.message import MessageOverlay
from kiosk.ui.screens import (
    IdleScreen,
    LockedScreen,
    NotRegisteredScreen,
    Page,
    Screen,
    StartingScreen,
)
from kiosk.ui.scrolling import ScreenStack, scrolled
from kiosk.ui.session import SessionScreen
from kiosk.ui.session_bar import SessionBar
from kiosk.ui.slots import async_slot
from kiosk.ui.speech import Announcer, Speaker
from kiosk.ui.status import StatusStrip
from kiosk.ui.support_actions import SupportActions
from kiosk.ui.theme import Theme
from kiosk.ui.translations import Translations
from kiosk.ui.warnings import WarningTexts, WarningTracker, closing_clock, shutdown_clock

log = logging.getLogger(__name__)

#: Modes in which a keyboard-wedge scan means a log-in.
_SCAN_MODES = frozenset({ShellMode.IDLE, ShellMode.LOGIN})
#: Modes from which the visitor can open the guides, help and booking pages.
_PAGE_MODES = frozenset({ShellMode.IDLE, ShellMode.SESSION})
#: Modes in which this PC's ticket in the help queue is on screen.
_HELP_MODES = frozenset({ShellMode.IDLE, ShellMode.LOGIN, ShellMode.SESSION})
#: A page left untouched this long on the idle screen closes, so the next visitor finds the
#: welcome (and nobody finds the last one's half-typed booking).
PAGE_IDLE_SECONDS = 180.0


class MainWindow(QMainWindow):
    """Renders the controller's :class:`ShellView` and turns the visitor's input into calls.

    ``view_shown`` is emitted after every view is rendered (the composition root uses it
    for screenshots). Closing the window (Alt+F4, the window manager) only emits
    ``close_requested``: the composition root decides, and calls :meth:`allow_close` when
    the services have stopped.

    UI-local state kept here: the log-in's number step (before ``begin_login``), which
    warning the visitor has acknowledged (:class:`WarningTracker`), the session bar, and
    the digital-support page open over the idle or session screen (guides, "Help me now",
    booking an adviser). This PC's ticket in the help queue shows on the idle screen's panel
    or, everywhere else, in a strip under the screen; an adviser's call is spoken once.
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
        monotonic: Callable[[], float] = time.monotonic,
        speaker: Speaker | None = None,
        announcer: Announcer | None = None,
    ) -> None:
        super().__init__()
        self._controller = controller
        self._translations = translations
        self._clock = clock
        self.monotonic = monotonic
        self.speaker = speaker or Speaker(parent=self)
        self.announcer = announcer or Announcer()
        self._language_pending = False
        self._may_close = False
        self._quiet = False
        self._number_method: LoginMethod | None = None
        self._warnings = WarningTracker()
        self._warning_texts = WarningTexts(self)
        self._help_tracker = HelpTracker()
        self._help_texts = HelpTexts(self)
        self._page: Page | None = None
        self._page_mode: ShellMode | None = None
        self._page_touched_at = monotonic()
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

        self.stack = ScreenStack()
        self.stack.setObjectName("ScreenStack")
        #: The screen area: it scrolls when a screen needs more room than the monitor has.
        self.screen_area = scrolled(self.stack)
        self.screen_area.setParent(central)
        self.idle_screen = IdleScreen(
            self.theme, self.stack, controller=controller, announcer=self.announcer
        )
        self.login_screen = LoginScreen(self.theme, controller, self.announcer, self.stack)
        self.session_screen = SessionScreen(
            self.theme,
            controller,
            self.announcer,
            monotonic=monotonic,
            parent=self.stack,
            warning_host=self.screen_area,
        )
        self.screens: dict[ShellMode, Screen] = {
            ShellMode.STARTING: StartingScreen(self.theme, self.stack),
            ShellMode.IDLE: self.idle_screen,
            ShellMode.LOCKED: LockedScreen(self.theme, self.stack),
            ShellMode.NOT_REGISTERED: NotRegisteredScreen(self.theme, hostname, self.stack),
            ShellMode.LOGIN: self.login_screen,
            ShellMode.SESSION: self.session_screen,
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        self.guides_screen = GuidesScreen(
            self.theme,
            controller,
            self.speaker,
            self.announcer,
            record=self._record_guide,
            parent=self.stack,
        )
        self.help_screen = HelpTopicScreen(self.theme, controller, self.stack)
        self.booking_screen = BookingScreen(
            self.theme,
            controller,
            self.announcer,
            today=lambda: self._clock().date(),
            parent=self.stack,
        )
        self.pages: tuple[Page, ...] = (self.guides_screen, self.help_screen, self.booking_screen)
        for page in self.pages:
            self.stack.addWidget(page)
        self.help_strip = HelpPanel(
            self.theme, controller, self.announcer, compact=True, parent=central
        )
        self.help_strip.hide()
        self.status_strip = StatusStrip(self.theme, central)

        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top_bar)
        layout.addWidget(self.screen_area, 1)
        layout.addWidget(self.help_strip)
        layout.addWidget(self.status_strip)
        self.setCentralWidget(central)
        self.message_overlay = MessageOverlay(central)
        self.message_overlay.dismissed.connect(self._after_message)
        self.session_bar = SessionBar(self.theme, controller, monotonic=monotonic, parent=self)

        # Tab follows the reading order: the text-size button sits left of the languages.
        languages = list(self.language_bar.buttons.values())
        for first, second in itertools.pairwise([self.text_size_button, *languages]):
            QWidget.setTabOrder(first, second)
        self.language_bar.language_chosen.connect(self.choose_language)
        self.idle_screen.number_entry_requested.connect(self._number_entry_requested)
        self.idle_screen.notice_dismissed.connect(controller.dismiss_notice)
        self.login_screen.number_submitted.connect(self._number_submitted)
        self.login_screen.number_cancelled.connect(self.close_number_step)
        self.session_screen.warning_acknowledged.connect(self.acknowledge_warning)
        self.session_bar.warning_acknowledged.connect(self.acknowledge_warning)
        for support in (self.idle_screen.support, self.session_screen.support):
            support.guides_requested.connect(self.open_guides)
            support.help_requested.connect(self.open_help)
            support.booking_requested.connect(self.open_booking)
        for page in self.pages:
            page.closed.connect(self.close_page)
        self.guides_screen.help_requested.connect(self.open_help)
        self.help_screen.asked.connect(self._help_asked)
        for panel in (self.idle_screen.help_panel, self.help_strip):
            panel.cancelled.connect(self._help_cancelled)
        bridge.view_published.connect(self.show_view)
        bridge.message_delivered.connect(self.show_message)
        bridge.session_ended.connect(self.session_ended)

        # Input watchers for the whole application: scans from a keyboard wedge (idle and
        # log-in), and "someone is here" for the session's idle time-out.
        app = QApplication.instance()
        self.wedge = WedgeFilter(self, self._scanned)
        self.activity = ActivityFilter(controller.visitor_active, monotonic=monotonic, parent=self)
        # "Someone is here" for a page open on the idle screen (no session to time it out).
        self.page_activity = ActivityFilter(self._page_touched, monotonic=monotonic, parent=self)
        if app is not None:
            app.installEventFilter(self.wedge)
            app.installEventFilter(self.activity)
            app.installEventFilter(self.page_activity)
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)

        # The clock only needs minutes, but a 1 s tick keeps it right after a resume, and the
        # session's countdown needs seconds.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.tick)
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

    @property
    def number_step(self) -> LoginMethod | None:
        """The log-in's number step being shown (UI-local), or None."""
        return self._number_method

    @property
    def page(self) -> Page | None:
        """The digital-support page open now (UI-local), or None."""
        return self._page

    @property
    def scene_name(self) -> str:
        """A name for what is on screen, for screenshot files."""
        if self._number_method is not None:
            return "card_number"
        if self._page is not None:
            return self._page.scene_name
        return self._view.mode.value

    def present(self, *, windowed: bool = False) -> None:
        """Show fullscreen and frameless, or as an ordinary window for development."""
        if windowed:
            self.resize(1280, 800)
            self.show()
        else:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.showFullScreen()
        # Start keyboard focus on the language in use, or where the screen wants it (the PIN
        # field), not on whichever button comes first.
        target = self.current_screen.focus_target()
        if target is None or self._view.mode is ShellMode.IDLE:
            target = self.language_bar.buttons[self._view.language]
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    @contextlib.contextmanager
    def quiet(self) -> Iterator[None]:
        """Render without speaking, announcing or changing what was acknowledged (for
        screenshots of views that are not really happening)."""
        was, self._quiet = self._quiet, True
        self.idle_screen.quiet = True
        try:
            yield
        finally:
            self._quiet = was
            self.idle_screen.quiet = was

    def show_view(self, view: ShellView) -> None:
        """Render ``view``: language first (so texts are right), then the screen for its mode."""
        previous = self._view
        self._view = view
        self._translations.activate(view.language)
        self.language_bar.set_current(view.language)
        new_notice = view.notice is not None and view.notice != previous.notice
        if view.mode is not ShellMode.IDLE or new_notice:
            # The services moved on (a PIN is asked for, a card was refused, a session
            # started): the number being typed no longer applies.
            self._number_method = None
        if self._page is not None and (
            view.mode is not self._page_mode or (view.mode is ShellMode.IDLE and new_notice)
        ):
            # Likewise a page: a log-in started, the session ended, a card was refused.
            self._drop_page()
        if view.mode is ShellMode.IDLE and self._number_method is not None:
            screen: Screen = self.login_screen
            self.login_screen.show_number_step(view, self._number_method)
        elif self._page is not None:
            # The screen underneath stays up to date for when the page closes.
            self.screens[view.mode].show_view(view)
            screen = self._page
            screen.show_view(view)
        else:
            screen = self.screens[view.mode]
            screen.show_view(view)
        self.status_strip.show_view(view)
        if screen is self.idle_screen or view.help is None:
            # Hidden before the screen changes, shown after (in _show_help): never both
            # the idle screen's panel and the strip at once, or the window grows to hold them.
            self.help_strip.hide()
        if self.stack.currentWidget() is not screen:
            # Keys held back as a possible scan were typed at the screen that is leaving.
            self.wedge.discard()
            self.stack.setCurrentWidget(screen)
            self._keep_warning_on_top()
            self._focus_screen(screen, previous)
        self._show_session(view)
        self._show_help(view)
        self.wedge.set_enabled(view.mode in _SCAN_MODES)
        self.activity.enabled = view.mode is ShellMode.SESSION
        self.page_activity.enabled = self._page is not None and view.mode is ShellMode.IDLE
        self.tick()
        self.view_shown.emit(view)

    def set_larger_text(self, larger: bool) -> None:
        """Switch every text on screen between the configured size and 40 % larger."""
        self.theme = self._base_theme.enlarged() if larger else self._base_theme
        self.setStyleSheet(self.theme.style_sheet())
        self.status_strip.set_theme(self.theme)
        for screen in (*self.screens.values(), *self.pages):
            screen.set_theme(self.theme)
        self.help_strip.set_theme(self.theme)
        self.session_bar.set_theme(self.theme)
        self.message_overlay.refit()
        if self.text_size_button.isChecked() != larger:
            self.text_size_button.setChecked(larger)

    def show_message(self, text: str) -> None:
        self.message_overlay.show_message(text)

    # --- digital support -------------------------------------------------------------------------

    def open_guides(self) -> None:
        self.open_page(self.guides_screen)

    def open_help(self) -> None:
        """ "Help me now" (once: a PC with a ticket already has its place in the queue)."""
        if self._view.help is None:
            self.open_page(self.help_screen)

    def open_booking(self) -> None:
        self.open_page(self.booking_screen)

    def open_page(self, page: Page) -> None:
        """Show ``page`` in place of the idle or session screen."""
        mode = self._view.mode
        if mode not in _PAGE_MODES or self._number_method is not None:
            return
        if self._page is not None and self._page is not page:
            self._page.reset()
        self._page, self._page_mode = page, mode
        self._page_touched_at = self.monotonic()
        page.show_view(self._view)
        page.open()
        self.wedge.discard()
        self.stack.setCurrentWidget(page)
        self._keep_warning_on_top()
        self._show_help(self._view)
        self.page_activity.enabled = mode is ShellMode.IDLE
        target = page.focus_target()
        if (
            target is not None
            and self.isVisible()
            and not self.message_overlay.isVisible()
            and not self.session_screen.warning.is_open
        ):
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view_shown.emit(self._view)

    def close_page(self) -> None:
        """Back to the idle or session screen; the page forgets what was typed there."""
        page = self._page
        if page is None:
            return
        self._drop_page()
        self.show_view(self._view)
        # Keyboard focus goes back to the button that opened the page, where there is one.
        screen = self.current_screen
        support = getattr(screen, "support", None)
        if isinstance(support, SupportActions) and self.isVisible():
            button = {
                self.guides_screen: support.guides_button,
                self.help_screen: support.help_button,
                self.booking_screen: support.booking_button,
            }.get(page)
            if button is not None and button.isVisible():
                button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _keep_warning_on_top(self) -> None:
        # The stack raises the page it shows; a time warning stays above it.
        if self.session_screen.warning.is_open:
            self.session_screen.warning.raise_()

    def _drop_page(self) -> None:
        page, self._page, self._page_mode = self._page, None, None
        if page is not None:
            page.reset()
        self.page_activity.enabled = False

    def _page_touched(self) -> None:
        self._page_touched_at = self.monotonic()

    def _record_guide(self, kind: GuideEvent, guide_id: str, step: int | None) -> None:
        if self._quiet:
            return  # a screenshot of a guide is not someone reading it
        try:
            self._controller.guide_event(kind, guide_id, step)
        except Exception:
            log.exception("recording a guide event failed")

    def _help_panel(self) -> HelpPanel | None:
        """The help panel the visitor sees now, if any."""
        if (
            self.stack.currentWidget() is self.idle_screen
            and self.idle_screen.help_panel.isVisibleTo(self.idle_screen)
        ):
            return self.idle_screen.help_panel
        if self.help_strip.isVisibleTo(self):
            return self.help_strip
        return None

    def _show_help(self, view: ShellView) -> None:
        ticket = view.help if view.mode in _HELP_MODES else None
        on_idle_screen = self.stack.currentWidget() is self.idle_screen
        self.help_strip.show_ticket(ticket)
        self.help_strip.setVisible(ticket is not None and not on_idle_screen)
        if self._quiet or not self._help_tracker.observe(ticket):
            return
        assert ticket is not None
        spoken = self._help_texts.spoken(ticket)
        self.speaker.say(spoken, view.language)
        bar = self.session_bar
        target: QWidget
        if bar.isVisible() and bar.help_line.isVisibleTo(bar):
            # In a session the visitor's program covers this window: the bar is what shows.
            target = bar.help_line
        else:
            target = self._help_panel() or self.help_strip
        self.announcer.announce(target, spoken, assertive=True)

    def _help_asked(self, ticket: HelpTicket) -> None:
        """A place in the queue: back to the screen, where the panel shows it."""
        self.close_page()
        panel = self._help_panel()
        if panel is None:
            return
        if not self._quiet:
            self.announcer.announce(panel, self._help_texts.spoken(ticket))
        if self.isVisible():
            panel.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def _help_cancelled(self) -> None:
        support = getattr(self.current_screen, "support", None)
        if isinstance(support, SupportActions) and support.help_button.isVisible():
            support.help_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- log-in ----------------------------------------------------------------------------------

    def open_number_step(self, method: LoginMethod, initial: str = "") -> None:
        """Show the log-in screen's number step (only from the idle screen)."""
        if self._view.mode is not ShellMode.IDLE:
            return
        self._drop_page()
        self._number_method = method
        self.login_screen.show_number_step(self._view, method, initial)
        self.stack.setCurrentWidget(self.login_screen)
        self.login_screen.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.login_screen.field.end(False)
        self.view_shown.emit(self._view)

    def close_number_step(self) -> None:
        if self._number_method is None:
            return
        self._number_method = None
        self.show_view(self._view)

    def _number_entry_requested(self, method: str) -> None:
        self.open_number_step(LoginMethod(method))

    def _number_submitted(self, method: str, number: str) -> None:
        # The services answer synchronously: a LOGIN view (the PIN step) or an idle notice;
        # show_view then ends the number step. Silence means they did not take it.
        self._controller.begin_login(LoginMethod(method), number)
        if self._number_method is not None:
            self.login_screen.show_error("not_ready")

    @async_slot(str)
    async def _scan(self, text: str) -> None:
        try:
            await self._controller.scanned(text)
        except Exception:
            log.exception("handling a scan failed")

    def _scanned(self, text: str) -> None:
        self._scan(text)

    # --- the session -----------------------------------------------------------------------------

    def acknowledge_warning(self) -> None:
        """ "OK" / "Continue" on a warning (in the window or the bar)."""
        if self._warnings.level is SessionWarning.IDLE:
            self._controller.visitor_active()
        self._warnings.dismiss()
        self._render_warning(self._view)

    def session_ended(self) -> None:
        """The services wiped the session: wipe what the UI holds too, and start over."""
        clipboard = QGuiApplication.clipboard()
        for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
            clipboard.clear(mode)
        self.speaker.stop()
        self._warnings.reset()
        self._number_method = None
        self._drop_page()
        for page in self.pages:
            page.reset()  # a booking's name and phone number go with the session
        self.login_screen.clear_input()
        # The next visitor finds the slides turning, whatever the last one paused, and hears
        # an urgent announcement that the last one already heard.
        self.idle_screen.new_visitor()
        self.session_screen.reset()
        self.session_bar.reset()
        self.message_overlay.clear()
        # The services publish their next view (idle, or locked) right after this; until
        # then the screen must not keep showing the ended session.
        if self._view.mode is ShellMode.SESSION:
            self.show_view(dataclasses.replace(self._view, mode=ShellMode.IDLE, session=None))
        else:
            self.show_view(self._view)

    def _show_session(self, view: ShellView) -> None:
        in_session = view.mode is ShellMode.SESSION and view.session is not None
        self.session_bar.show_view(view)
        if in_session and not self.session_bar.isVisible():
            if self.isActiveWindow():
                self.session_bar.give_activation_back_to = self
            self.session_bar.show()
            self.session_bar.place()
        elif not in_session and self.session_bar.isVisible():
            self.session_bar.give_activation_back_to = None
            self.session_bar.hide()
        self._render_warning(view)

    def _render_warning(self, view: ShellView) -> None:
        session = view.session if view.mode is ShellMode.SESSION else None
        if self._quiet:
            level = session.warning if session is not None else SessionWarning.NONE
        else:
            if self._warnings.observe(session) and session is not None:
                self._announce_warning(view)
            level = self._warnings.visible
        self.session_screen.show_warning(level, view)
        self.session_bar.show_warning(level)

    def _announce_warning(self, view: ShellView) -> None:
        session = view.session
        assert session is not None
        left = session.ends_at - self.monotonic()
        spoken = self._warning_texts.spoken(
            session.warning,
            left,
            can_extend=session.can_extend,
            closing=closing_clock(session, view.language),
            shutdown=shutdown_clock(session, view.language),
        )
        self.speaker.say(spoken, view.language)
        # One announcement, from the bar when it is up (it is what is on top of everything).
        target: QWidget = (
            self.session_bar.warning
            if self.session_bar.isVisible()
            else self.session_screen.warning.panel
        )
        self.announcer.announce(target, spoken, assertive=True)

    # --- Qt ------------------------------------------------------------------------------------

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Scroll the screen area to whatever takes the focus in it (by Tab, or a screen
        focusing its answer: "No, keep my number"), so focus is never below the fold."""
        screen = self.screen_area.widget()
        if new is not None and screen is not None and screen.isAncestorOf(new):
            self.screen_area.ensureWidgetVisible(new)

    def allow_close(self) -> None:
        self._may_close = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            self.session_bar.hide()
            self.speaker.stop()
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self.wedge)
                app.removeEventFilter(self.activity)
                app.removeEventFilter(self.page_activity)
            if isinstance(app, QApplication):
                app.focusChanged.disconnect(self._follow_focus)
            super().closeEvent(event)
            return
        event.ignore()
        self.close_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Digits typed on the idle screen (nothing took them): a person is typing a card
        # number, so open the number step with them. (A scanner's burst never gets here.)
        text = event.text()
        if (
            self._view.mode is ShellMode.IDLE
            and self._number_method is None
            and self._page is None
            and not self.message_overlay.isVisible()
            and len(text) == 1
            and text.isdigit()
        ):
            self.open_number_step(LoginMethod.LIBRARY_CARD, text)
            event.accept()
            return
        if self._number_method is not None and len(text) == 1 and text.isalnum():
            self.login_screen.type_text(text)
            event.accept()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Library computer"))

    def tick(self) -> None:
        """Once a second (and after every view): the clock and the session countdowns."""
        self.idle_screen.set_now(self._clock())
        if (
            self._page is not None
            and self._page_mode is ShellMode.IDLE
            and self.monotonic() - self._page_touched_at >= PAGE_IDLE_SECONDS
        ):
            self.close_page()
        if self._view.mode is ShellMode.SESSION:
            self.session_screen.tick()
            self.session_bar.tick()

    def _focus_screen(self, screen: Screen, previous: ShellView) -> None:
        if self.message_overlay.isVisible():
            return
        target = screen.focus_target()
        if screen is self.idle_screen and previous.mode is ShellMode.STARTING:
            target = None  # the first screen: focus stays on the language switch
        if target is not None and self.isVisible():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

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

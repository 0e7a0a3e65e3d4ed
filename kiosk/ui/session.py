"""The session screen: greeting, time left, programs, digital support, account, log-out."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fleet.protocol import LauncherApp
from kiosk.services.shell import SessionView, SessionWarning, ShellController, ShellView
from kiosk.ui.account import AccountOverlay
from kiosk.ui.buttons import KioskButton
from kiosk.ui.formatting import format_time_left
from kiosk.ui.notices import NoticePanel, NoticeTexts, Tone
from kiosk.ui.overlay import Overlay
from kiosk.ui.reservation import ReservationOverlay
from kiosk.ui.screens import Screen, make_label
from kiosk.ui.slots import async_slot
from kiosk.ui.speech import Announcer
from kiosk.ui.status import Shape, StatusIcon
from kiosk.ui.support_actions import SupportActions
from kiosk.ui.theme import Theme
from kiosk.ui.warnings import WarningOverlay

log = logging.getLogger(__name__)

#: The time left is marked (a triangle and bold text, not only colour) from five minutes on.
LOW_TIME = 5 * 60.0
_APP_COLUMNS = 2  # big buttons; three columns overflow 1280 px with larger text


def notice_sentence(texts: NoticeTexts, code: str, extension_minutes: int | None) -> str:
    """A session notice's sentence (``extended`` says how many minutes when known)."""
    if code == "extended":
        return texts.extended(extension_minutes)
    return texts.sentence(code)


class ConfirmLogoutOverlay(Overlay):
    """ "Log out now?" Yes / No. "No" has the focus: Enter pressed twice must not log out."""

    confirmed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, width=900)
        self.heading = QLabel(self.panel)
        self.heading.setObjectName("OverlayHeading")
        self.heading.setWordWrap(True)
        self.text = QLabel(self.panel)
        self.text.setObjectName("MessageText")
        self.text.setWordWrap(True)
        self.yes_button = KioskButton(parent=self.panel)
        self.no_button = KioskButton(parent=self.panel)
        self.yes_button.clicked.connect(self._yes)
        self.no_button.clicked.connect(self.close_overlay)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addStretch(1)
        buttons.addWidget(self.yes_button)
        buttons.addWidget(self.no_button)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.text)
        self.body.addLayout(buttons)
        self.retranslate_ui()

    def initial_focus(self, chain: list[QWidget]) -> QWidget:
        return self.no_button

    def _yes(self) -> None:
        self.close_overlay()
        self.confirmed.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Log out now?"))
        self.text.setText(
            self.tr("Your files and everything else you did on this computer will be deleted.")
        )
        self.yes_button.setText(self.tr("Yes, log out"))
        self.yes_button.setAccessibleName(self.tr("Yes, log out now"))
        self.no_button.setText(self.tr("No"))
        self.no_button.setAccessibleName(self.tr("No, keep using the computer"))
        self.panel.setAccessibleName(self.heading.text())
        self.panel.setAccessibleDescription(self.text.text())


class SessionScreen(Screen):
    """Renders ``view.session``; counts the time down with its own monotonic reads.

    Warnings are decided by the window (one tracker for this screen and the session bar) and
    shown with :meth:`show_warning` over ``warning_host`` (the window's screen area, so also
    over a guide or a booking opened from here); "OK" emits :attr:`warning_acknowledged`.
    :attr:`support` asks the window for the guides, help and booking pages.
    """

    warning_acknowledged = Signal()

    def __init__(
        self,
        theme: Theme,
        controller: ShellController,
        announcer: Announcer,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
        warning_host: QWidget | None = None,
    ) -> None:
        super().__init__(theme, parent)
        self._controller = controller
        self._announcer = announcer
        self._monotonic = monotonic
        self._texts = NoticeTexts(self)
        self._session_id: str | None = None
        self._apps_key: tuple[tuple[str, str, str, str], ...] = ()
        self._previous: SessionView | None = None
        self._hidden_notice: str | None = None
        self._extension_minutes: int | None = None
        self._extending = False
        self._logging_out = False
        self._launching: set[str] = set()
        self.app_buttons: dict[str, KioskButton] = {}

        self.greeting = make_label(self, "Title")
        self.time_box = QWidget(self)
        self.time_box.setObjectName("TimeBox")
        self.time_caption = make_label(self.time_box, "Subtitle", wrap=False)
        self.time_value = make_label(self.time_box, "TimeLeft", wrap=False)
        self.time_value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.time_icon = StatusIcon(theme.icon_px * 2, self.time_box)
        self.time_icon.set_shape(Shape.WARNING)
        self.time_icon.hide()
        time_layout = QHBoxLayout(self.time_box)
        time_layout.setContentsMargins(0, 0, 0, 0)
        time_layout.setSpacing(16)
        time_layout.addWidget(self.time_caption, 0, Qt.AlignmentFlag.AlignVCenter)
        time_layout.addWidget(self.time_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        time_layout.addWidget(self.time_value, 0, Qt.AlignmentFlag.AlignVCenter)

        self.notice = NoticePanel(theme, closable=True, parent=self)
        self.notice.closed.connect(self._hide_notice)
        self.apps_heading = make_label(self, "Subtitle")
        self.apps_area = QWidget(self)
        self._apps_grid = QGridLayout(self.apps_area)
        self._apps_grid.setContentsMargins(0, 0, 0, 0)
        self._apps_grid.setSpacing(20)
        self.no_apps = make_label(self, "Note")
        self.support = SupportActions(self)

        self.account_button = KioskButton(parent=self)
        self.account_button.clicked.connect(self.open_account)
        self.reserve_button = KioskButton(parent=self)
        self.reserve_button.clicked.connect(self.open_reservation)
        self.extend_button = KioskButton(parent=self)
        self.extend_button.clicked.connect(self.extend)
        self.logout_button = KioskButton(parent=self)
        self.logout_button.setObjectName("LogoutButton")
        self.logout_button.clicked.connect(self.ask_logout)
        for button in (
            self.account_button,
            self.reserve_button,
            self.extend_button,
            self.logout_button,
        ):
            button.setMinimumWidth(theme.pt(12))

        top = QHBoxLayout()
        top.addWidget(self.greeting, 1)
        top.addWidget(self.time_box, 0, Qt.AlignmentFlag.AlignVCenter)
        programs = QVBoxLayout()
        programs.setSpacing(16)
        programs.addWidget(self.apps_heading)
        programs.addWidget(self.apps_area)
        programs.addWidget(self.no_apps)
        programs.addStretch(1)
        programs.addWidget(self.support)
        actions = QVBoxLayout()
        actions.setSpacing(12)
        actions.addWidget(self.account_button)
        actions.addWidget(self.reserve_button)
        actions.addWidget(self.extend_button)
        actions.addStretch(1)
        actions.addWidget(self.logout_button)
        middle = QHBoxLayout()
        middle.setSpacing(48)
        middle.addLayout(programs, 1)
        middle.addLayout(actions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(56, 24, 56, 24)
        layout.setSpacing(18)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addLayout(middle, 1)

        # The time warning dims whatever is on screen in the session: this screen, or a page
        # the window shows in its place (a guide, a booking), hence ``warning_host``.
        self.warning = WarningOverlay(theme, warning_host or self)
        self.warning.acknowledged.connect(self.warning_acknowledged.emit)
        self.warning.extend_requested.connect(self.extend)
        self.account = AccountOverlay(theme, controller, self)
        self.reservation = ReservationOverlay(theme, controller, self)
        self.logout_confirm = ConfirmLogoutOverlay(self)
        self.logout_confirm.confirmed.connect(self.logout)
        self.retranslate_ui()

    @property
    def overlays(self) -> tuple[Overlay, ...]:
        return (self.warning, self.account, self.reservation, self.logout_confirm)

    # --- rendering -----------------------------------------------------------------------------

    def show_view(self, view: ShellView) -> None:
        session = view.session
        if session is None or session.session_id != self._session_id:
            self._new_session(session)
        previous = self._previous
        if session is not None and session.notice == "extended":
            if previous is not None and previous.notice != "extended":
                added = round((session.ends_at - previous.ends_at) / 60)
                self._extension_minutes = added if added > 0 else None
        else:
            self._extension_minutes = None
        self._previous = session
        self.view = view
        self._rebuild_apps(view)
        self.retranslate_ui()
        self.account.set_language(view.language)
        self.reservation.set_language(view.language)
        notice = session.notice if session is not None else None
        previous_notice = previous.notice if previous is not None else None
        if notice is not None and notice != previous_notice and self.notice.message is not None:
            self._announcer.announce(self.notice, self.notice.message)

    def show_warning(self, level: SessionWarning, view: ShellView) -> None:
        """The window's decision: show ``level`` (NONE hides the warning)."""
        self.warning.show_warning(level, view.session, self._monotonic(), view.language)

    def tick(self) -> None:
        """Once a second: the countdowns."""
        now = self._monotonic()
        self._show_time(now)
        self.warning.tick(now)

    def reset(self) -> None:
        """The session is over: close everything and forget what it showed."""
        for overlay in (self.warning, self.logout_confirm):
            overlay.close_overlay()
        self.account.clear()
        self.reservation.clear()
        self._new_session(None)

    def focus_target(self) -> QWidget:
        for button in self.app_buttons.values():
            return button
        return self.logout_button

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.notice.set_theme(theme)
        self.time_icon.setFixedSize(theme.icon_px * 2, theme.icon_px * 2)
        for overlay in (self.warning, self.account, self.reservation):
            overlay.set_theme(theme)
        self.logout_confirm.fit()

    def retranslate_ui(self) -> None:
        session = self.view.session
        if session is not None and session.first_name:
            self.greeting.setText(self.tr("Hello, {name}").format(name=session.first_name))
        else:
            self.greeting.setText(self.tr("Welcome"))
        self.time_caption.setText(self.tr("Time left"))
        self.apps_heading.setText(self.tr("Choose a program"))
        self.support.set_help_open(self.view.help is not None)
        self.no_apps.setText(self.tr("No programs are set up on this computer yet."))
        language = self.view.language
        for app_id, button in self.app_buttons.items():
            app = self._app(app_id)
            if app is not None:
                name = app.name.get(language)
                button.setText(name)
                button.setAccessibleName(self.tr("Open {program}").format(program=name))
            button.setEnabled(app_id not in self._launching)
        self.apps_area.setVisible(bool(self.app_buttons))
        self.no_apps.setVisible(not self.app_buttons)
        self.account_button.setText(self.tr("My account"))
        self.account_button.setAccessibleName(self.tr("My account: loans, holds and fees"))
        self.reserve_button.setText(self.tr("Reserve a computer"))
        self.reserve_button.setAccessibleName(self.tr("Reserve a computer for later today"))
        self.extend_button.setText(self.tr("More time"))
        self.extend_button.setAccessibleName(self.tr("Ask for more time"))
        self.logout_button.setText(self.tr("Log out"))
        self.logout_button.setAccessibleName(self.tr("Log out and delete my files"))
        online = session is not None and session.online
        self.account_button.setVisible(session is not None and session.has_account)
        self.reserve_button.setVisible(online)
        self.extend_button.setVisible(session is not None and session.can_extend)
        self.extend_button.setEnabled(
            session is not None and not session.extending and not self._extending
        )
        notice = session.notice if session is not None else None
        if notice is None or notice == self._hidden_notice:
            self.notice.show_notice(None)
        else:
            tone = Tone.DONE if notice == "extended" else Tone.PROBLEM
            self.notice.show_notice(
                notice_sentence(self._texts, notice, self._extension_minutes), tone
            )
        self.setAccessibleName(self.greeting.text())
        self._show_time(self._monotonic())

    def _show_time(self, now: float) -> None:
        session = self.view.session
        if session is None:
            self.time_value.setText("")
            self.time_icon.hide()
            return
        left = session.ends_at - now
        text = format_time_left(left)
        self.time_value.setText(text)
        low = left <= LOW_TIME
        self.time_icon.setVisible(low)
        font = self.time_value.font()
        if font.underline() != low:
            font.setUnderline(low)
            self.time_value.setFont(font)
        self.time_box.setAccessibleName(self.tr("Time left: {time}").format(time=text))

    # --- actions -------------------------------------------------------------------------------

    def launch(self, app_id: str) -> None:
        """A program's button: start it once, however often it is tapped meanwhile."""
        if app_id in self._launching:
            return
        self._launching.add(app_id)
        self.retranslate_ui()
        self._launch(app_id)

    @async_slot(str)
    async def _launch(self, app_id: str) -> None:
        try:
            await self._controller.launch_app(app_id)
        except Exception:
            log.exception("launching %s failed", app_id)
        finally:
            self._launching.discard(app_id)
            self.retranslate_ui()

    def extend(self) -> None:
        """ "More time" (here or in the warning): one request at a time."""
        if self._extending:
            return
        self._extending = True
        self._hidden_notice = None
        self.retranslate_ui()
        self._extend()

    @async_slot()
    async def _extend(self) -> None:
        try:
            await self._controller.extend_session()
        except Exception:
            log.exception("asking for more time failed")
        finally:
            self._extending = False
            self.retranslate_ui()

    def open_account(self) -> None:
        self.account.load()

    def open_reservation(self) -> None:
        self.reservation.load()

    def ask_logout(self) -> None:
        self.logout_confirm.open()

    def logout(self) -> None:
        """Confirmed: log out (once)."""
        if self._logging_out:
            return
        self._logging_out = True
        self._logout()

    @async_slot()
    async def _logout(self) -> None:
        try:
            await self._controller.logout()
        except Exception:
            log.exception("logging out failed")
        finally:
            self._logging_out = False

    # --- helpers -------------------------------------------------------------------------------

    def _new_session(self, session: SessionView | None) -> None:
        self._session_id = session.session_id if session is not None else None
        self._previous = None
        self._hidden_notice = None
        self._extension_minutes = None
        self._launching.clear()
        for overlay in self.overlays:
            overlay.close_overlay()

    def _hide_notice(self) -> None:
        session = self.view.session
        self._hidden_notice = session.notice if session is not None else None
        self.retranslate_ui()

    def _app(self, app_id: str) -> LauncherApp | None:
        session = self.view.session
        apps = session.apps if session is not None else ()
        return next((app for app in apps if app.id == app_id), None)

    def _rebuild_apps(self, view: ShellView) -> None:
        apps = view.session.apps if view.session is not None else ()
        key = tuple((app.id, app.name.fi, app.name.sv, app.name.en) for app in apps)
        if key == self._apps_key:
            return
        self._apps_key = key
        for button in self.app_buttons.values():
            self._apps_grid.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.app_buttons = {}
        for index, app in enumerate(apps):
            button = KioskButton(parent=self.apps_area)
            button.setObjectName("AppButton")
            button.clicked.connect(lambda _=False, app_id=app.id: self.launch(app_id))
            self._apps_grid.addWidget(button, index // _APP_COLUMNS, index % _APP_COLUMNS)
            self.app_buttons[app.id] = button
        # Tab: the programs in reading order, then the actions on the right.
        chain: list[QWidget] = [
            *self.app_buttons.values(),
            *self.support.buttons,
            self.account_button,
            self.reserve_button,
            self.extend_button,
            self.logout_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

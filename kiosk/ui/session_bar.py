"""The session bar: time left, More time and Log out, on top of the visitor's programs."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fleet.protocol.support import HelpStatus, HelpTicket
from kiosk.services.shell import SessionView, SessionWarning, ShellController, ShellView
from kiosk.ui.buttons import KioskButton
from kiosk.ui.formatting import format_time_left
from kiosk.ui.help_queue import HelpTexts
from kiosk.ui.notices import NoticeTexts
from kiosk.ui.session import LOW_TIME, notice_sentence
from kiosk.ui.slots import async_slot
from kiosk.ui.status import Shape, StatusIcon
from kiosk.ui.theme import Theme
from kiosk.ui.warnings import WarningTexts, closing_clock, shutdown_clock

log = logging.getLogger(__name__)

#: The flags that keep the bar above every program, without a frame or a taskbar entry.
BAR_FLAGS = (
    Qt.WindowType.Tool
    | Qt.WindowType.FramelessWindowHint
    | Qt.WindowType.WindowStaysOnTopHint
    # Pressing its buttons must not take the keyboard from the program the visitor types in.
    | Qt.WindowType.WindowDoesNotAcceptFocus
)
#: How long a session notice ("You got 30 more minutes.") stays in the bar.
NOTICE_SECONDS = 15_000
BAR_MAX_WIDTH = 960


def _label(parent: QWidget, name: str | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class SessionBar(QWidget):
    """A small frameless window at the top edge of the screen while a session runs.

    The visitor's programs cover the kiosk window, so this bar is where they see the time,
    the warnings (the window decides which, see ``WarningTracker``), their place in the help
    queue and, once called, that an adviser is coming, and the way out. Its log-out asks
    for confirmation inside the bar itself.
    """

    warning_acknowledged = Signal()

    def __init__(
        self,
        theme: Theme,
        controller: ShellController,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, BAR_FLAGS)
        self.setObjectName("SessionBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self._controller = controller
        self._monotonic = monotonic
        self._texts = NoticeTexts(self)
        self._warning_texts = WarningTexts(self)
        self._help_texts = HelpTexts(self)
        self._session: SessionView | None = None
        self._help: HelpTicket | None = None
        self._language = "fi"
        self._extending = False
        self._logging_out = False
        self.warning_level = SessionWarning.NONE
        #: The window to hand activation back to if showing the bar took it (some platforms
        #: activate every new window, whatever its flags say).
        self.give_activation_back_to: QWidget | None = None

        self.time_icon = StatusIcon(theme.icon_px, self)
        self.time_icon.set_shape(Shape.WARNING)
        self.time_icon.hide()
        self.time_label = _label(self, "BarTime")
        self.time_label.setWordWrap(False)
        self.extend_button = KioskButton(parent=self)
        self.extend_button.clicked.connect(self.extend)
        self.logout_button = KioskButton(parent=self)
        self.logout_button.clicked.connect(self.ask_logout)

        self.warning = QFrame(self)
        self.warning.setObjectName("BarWarning")
        self.warning_icon = StatusIcon(theme.icon_px * 2, self.warning)
        self.warning_icon.set_shape(Shape.WARNING)
        self.warning_heading = _label(self.warning, "BarWarningHeading")
        self.warning_text = _label(self.warning, "BarWarningText")
        self.ok_button = KioskButton(parent=self.warning)
        self.ok_button.clicked.connect(self.warning_acknowledged.emit)
        warning_layout = QHBoxLayout(self.warning)
        warning_layout.setContentsMargins(16, 10, 16, 10)
        warning_layout.setSpacing(16)
        warning_layout.addWidget(self.warning_icon, 0, Qt.AlignmentFlag.AlignTop)
        warning_words = QVBoxLayout()
        warning_words.setSpacing(2)
        warning_words.addWidget(self.warning_heading)
        warning_words.addWidget(self.warning_text)
        warning_layout.addLayout(warning_words, 1)
        warning_layout.addWidget(self.ok_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.warning.hide()

        self.confirm = QFrame(self)
        self.confirm.setObjectName("BarConfirm")
        self.confirm_text = _label(self.confirm)
        self.yes_button = KioskButton(parent=self.confirm)
        self.yes_button.clicked.connect(self.logout)
        self.no_button = KioskButton(parent=self.confirm)
        self.no_button.clicked.connect(self.cancel_logout)
        confirm_layout = QHBoxLayout(self.confirm)
        confirm_layout.setContentsMargins(16, 10, 16, 10)
        confirm_layout.setSpacing(16)
        confirm_layout.addWidget(self.confirm_text, 1)
        confirm_layout.addWidget(self.yes_button)
        confirm_layout.addWidget(self.no_button)
        self.confirm.hide()

        # This PC's ticket in the help queue: the words say waiting or coming, and so does the
        # icon's shape (never the colour alone).
        self.help_line = QFrame(self)
        self.help_line.setObjectName("BarHelp")
        self.help_icon = StatusIcon(theme.icon_px, self.help_line)
        self.help_label = _label(self.help_line, "BarHelpText")
        help_layout = QHBoxLayout(self.help_line)
        help_layout.setContentsMargins(0, 0, 0, 0)
        help_layout.setSpacing(12)
        help_layout.addWidget(self.help_icon, 0, Qt.AlignmentFlag.AlignTop)
        help_layout.addWidget(self.help_label, 1)
        self.help_line.hide()

        self.notice = _label(self, "BarNotice")
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_SECONDS)
        self._notice_timer.timeout.connect(self.notice.hide)
        self._notice_timer.timeout.connect(self.place)

        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self.time_icon)
        row.addWidget(self.time_label)
        row.addStretch(1)
        row.addWidget(self.extend_button)
        row.addWidget(self.logout_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 12)
        layout.setSpacing(8)
        layout.addLayout(row)
        layout.addWidget(self.help_line)
        layout.addWidget(self.notice)
        layout.addWidget(self.warning)
        layout.addWidget(self.confirm)
        self.retranslate_ui()

    @property
    def confirming(self) -> bool:
        return not self.confirm.isHidden()

    # --- rendering -----------------------------------------------------------------------------

    def show_view(self, view: ShellView) -> None:
        session = view.session
        previous = self._session
        self._language = view.language
        if session is None or previous is None or session.session_id != previous.session_id:
            self.reset()
        elif session.notice is not None and session.notice != previous.notice:
            minutes = None
            if session.notice == "extended":
                added = round((session.ends_at - previous.ends_at) / 60)
                minutes = added if added > 0 else None
            self.notice.setText(notice_sentence(self._texts, session.notice, minutes))
            self.notice.show()
            self._notice_timer.start()
        self._session = session
        self._help = view.help if session is not None else None
        self.retranslate_ui()

    def show_warning(self, level: SessionWarning) -> None:
        self.warning_level = level if self._session is not None else SessionWarning.NONE
        self.retranslate_ui()

    def tick(self) -> None:
        self._show_time()

    def reset(self) -> None:
        """A new session or none: no confirmation, no notice, no warning."""
        self.confirm.hide()
        self.notice.hide()
        self.notice.setText("")
        self._notice_timer.stop()
        self.warning_level = SessionWarning.NONE
        self._extending = False

    def set_theme(self, theme: Theme) -> None:
        self.time_icon.setFixedSize(theme.icon_px, theme.icon_px)
        self.help_icon.setFixedSize(theme.icon_px, theme.icon_px)
        self.warning_icon.setFixedSize(theme.icon_px * 2, theme.icon_px * 2)
        self.place()

    def place(self) -> None:
        """Top edge of the screen, centred, as tall as its content."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        width = max(min(area.width(), BAR_MAX_WIDTH), self.minimumSizeHint().width())
        layout = self.layout()
        height = -1
        if layout is not None:
            layout.activate()
            height = layout.totalHeightForWidth(width)
        height = max(height, self.minimumSizeHint().height())
        self.setGeometry(area.x() + (area.width() - width) // 2, area.y(), width, height)

    def retranslate_ui(self) -> None:
        session = self._session
        self.setAccessibleName(self.tr("Your session"))
        self.extend_button.setText(self.tr("More time"))
        self.extend_button.setAccessibleName(self.tr("Ask for more time"))
        self.logout_button.setText(self.tr("Log out"))
        self.logout_button.setAccessibleName(self.tr("Log out and delete my files"))
        self.confirm_text.setText(self.tr("Log out now? Your files will be deleted."))
        self.yes_button.setText(self.tr("Yes, log out"))
        self.yes_button.setAccessibleName(self.tr("Yes, log out now"))
        self.no_button.setText(self.tr("No"))
        self.no_button.setAccessibleName(self.tr("No, keep using the computer"))
        can_extend = session is not None and session.can_extend
        self.extend_button.setVisible(can_extend)
        self.extend_button.setEnabled(
            session is not None and not session.extending and not self._extending
        )
        level = self.warning_level
        if level is SessionWarning.IDLE:
            self.ok_button.setText(self.tr("Continue"))
            self.ok_button.setAccessibleName(self.tr("Continue, I am still here"))
        else:
            self.ok_button.setText(self.tr("OK"))
            self.ok_button.setAccessibleName(self.tr("OK, close the warning"))
        self.warning.setVisible(level is not SessionWarning.NONE and session is not None)
        self._show_help()
        self._show_time()

    def _show_help(self) -> None:
        ticket = self._help
        self.help_line.setVisible(ticket is not None)
        if ticket is None:
            return
        texts = self._help_texts
        if ticket.status is HelpStatus.CALLED:
            self.help_icon.set_shape(Shape.CHECK)
            text = f"{texts.coming(ticket)} {texts.number(ticket)}."
        else:
            self.help_icon.set_shape(Shape.DASH)
            text = f"{texts.number(ticket)}. {texts.queue(ticket)}"
        self.help_label.setText(text)
        self.help_line.setAccessibleName(text)

    def _show_time(self) -> None:
        session = self._session
        if session is None:
            self.time_label.setText("")
            self.time_icon.hide()
            return
        now = self._monotonic()
        left = session.ends_at - now
        self.time_label.setText(self.tr("Time left: {time}").format(time=format_time_left(left)))
        self.time_label.setAccessibleName(self.time_label.text())
        self.time_icon.setVisible(left <= LOW_TIME)
        level = self.warning_level
        if level is not SessionWarning.NONE:
            idle_left = None if session.idle_ends_at is None else session.idle_ends_at - now
            heading = self._warning_texts.heading(
                level, left, closing_clock(session, self._language)
            )
            advice = self._warning_texts.advice(
                level,
                can_extend=session.can_extend,
                idle_seconds_left=idle_left,
                shutdown=shutdown_clock(session, self._language),
            )
            self.warning_heading.setText(heading)
            self.warning_text.setText(advice)
            self.warning.setAccessibleName(heading)
            self.warning.setAccessibleDescription(advice)
        if self.isVisible():
            self.place()

    # --- actions -------------------------------------------------------------------------------

    def extend(self) -> None:
        if self._extending:
            return
        self._extending = True
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

    def ask_logout(self) -> None:
        self.confirm.show()
        self.place()

    def cancel_logout(self) -> None:
        self.confirm.hide()
        self.place()

    def logout(self) -> None:
        self.confirm.hide()
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

    # --- Qt ------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            target, self.give_activation_back_to = self.give_activation_back_to, None
            if target is not None and target.isVisible():
                target.activateWindow()
        super().changeEvent(event)

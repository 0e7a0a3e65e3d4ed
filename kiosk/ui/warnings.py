"""Session warnings (closing time, 5 min, 1 min, idle): their words, when to sound them, and
their overlay."""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.services.shell import SessionView, SessionWarning
from kiosk.ui.buttons import KioskButton
from kiosk.ui.formatting import format_clock, format_countdown
from kiosk.ui.overlay import Overlay
from kiosk.ui.status import Shape, StatusIcon
from kiosk.ui.theme import Theme

NONE = SessionWarning.NONE


def closing_clock(session: SessionView | None, language: str) -> str:
    """The session's closing time as the warning says it (``20.00``; "" if not known)."""
    time: dt.time | None = session.closing_time if session is not None else None
    return format_clock(time, language) if time is not None else ""


def shutdown_clock(session: SessionView | None, language: str) -> str:
    """When the PC switches off after closing (``20.30``); "" without a power schedule."""
    time: dt.time | None = session.shutdown_time if session is not None else None
    return format_clock(time, language) if time is not None else ""


class WarningTracker:
    """Decides when a warning is announced (spoken, beeped, read by screen readers) and when
    its overlay shows. Qt-free.

    A level is announced when the session reaches it: each idle warning, and each time
    warning once (again after an extension took the session out of the warning zone). Coming
    back to a time warning from the idle warning is silent: someone just touched the PC.
    "OK" hides the overlay until the level changes.
    """

    def __init__(self) -> None:
        self._session_id: str | None = None
        self._level = NONE
        self._announced: set[SessionWarning] = set()
        self._dismissed: SessionWarning | None = None

    @property
    def level(self) -> SessionWarning:
        return self._level

    @property
    def visible(self) -> SessionWarning:
        """The level whose overlay should be on screen (NONE when acknowledged)."""
        return NONE if self._level is self._dismissed else self._level

    def observe(self, session: SessionView | None) -> bool:
        """Take the session's current warning; True when it should be announced now."""
        if session is None:
            self.reset()
            return False
        if session.session_id != self._session_id:
            self.reset()
            self._session_id = session.session_id
        level = session.warning
        if level is self._level:
            return False
        self._level = level
        self._dismissed = None
        if level is NONE:
            self._announced.clear()  # more time was added: the warnings apply again
            return False
        if level is SessionWarning.IDLE:
            return True
        if level in self._announced:
            self._dismissed = level
            return False
        self._announced.add(level)
        return True

    def dismiss(self) -> None:
        self._dismissed = self._level

    def reset(self) -> None:
        self._session_id = None
        self._level = NONE
        self._announced.clear()
        self._dismissed = None


class WarningTexts(QObject):
    """The words of each warning; the overlay, the session bar and the speech share them."""

    def heading(self, level: SessionWarning, seconds_left: float, closing: str = "") -> str:
        """The warning's first line; ``closing`` is the closing time for CLOSING."""
        if level is SessionWarning.IDLE:
            return self.tr("Are you still there?")
        if level is SessionWarning.CLOSING:
            if not closing:
                return self.tr("The library closes soon")
            return self.tr("The library closes at {time}").format(time=closing)
        if level is SessionWarning.ONE_MINUTE:
            return self.tr("Less than a minute left")
        minutes = min(max(math.ceil(seconds_left / 60), 2), 5)
        return self.tr("{minutes} minutes left").format(minutes=minutes)

    def advice(
        self,
        level: SessionWarning,
        *,
        can_extend: bool,
        idle_seconds_left: float | None,
        shutdown: str = "",
    ) -> str:
        """The warning's second line; ``shutdown`` is when the PC switches off, for CLOSING."""
        if level is SessionWarning.IDLE:
            return self.tr("Touch the screen or press any key. Logging out in {time}.").format(
                time=format_countdown(idle_seconds_left or 0.0)
            )
        if level is SessionWarning.ONE_MINUTE:
            return self.tr(
                "Save your work now. Everything on this computer is deleted when the time is up."
            )
        if level is SessionWarning.CLOSING:
            if shutdown:
                return self.tr(
                    "Please save your work. You will be logged out when the library closes, "
                    "and this computer switches off at {time}."
                ).format(time=shutdown)
            return self.tr("Please save your work. You will be logged out when the library closes.")
        if can_extend:
            return self.tr("Save your work. If you need more time, press More time.")
        return self.tr("Save your work. You will be logged out when the time is up.")

    def spoken(
        self,
        level: SessionWarning,
        seconds_left: float,
        *,
        can_extend: bool,
        closing: str = "",
        shutdown: str = "",
    ) -> str:
        """What is said aloud: no countdown digits, which speech reads out clumsily."""
        if level is SessionWarning.IDLE:
            return self.tr(
                "Are you still there? Touch the screen or press any key, or you will be logged out."
            )
        advice = self.advice(
            level, can_extend=can_extend, idle_seconds_left=None, shutdown=shutdown
        )
        return f"{self.heading(level, seconds_left, closing)}. {advice}"


class WarningOverlay(Overlay):
    """The warning over the session screen: a triangle, the words, "More time" and "OK"."""

    acknowledged = Signal()
    extend_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget) -> None:
        super().__init__(parent, panel_name="WarningPanel", width=1000)
        self._texts = WarningTexts(self)
        self.level = NONE
        self._session: SessionView | None = None
        self._now = 0.0
        self.language = "fi"
        self.icon = StatusIcon(theme.icon_px * 3, self.panel)
        self.icon.set_shape(Shape.WARNING)
        self.heading = QLabel(self.panel)
        self.heading.setObjectName("WarningHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.advice = QLabel(self.panel)
        self.advice.setObjectName("WarningText")
        self.advice.setWordWrap(True)
        self.advice.setTextFormat(Qt.TextFormat.PlainText)
        self.extend_button = KioskButton(parent=self.panel)
        self.extend_button.clicked.connect(self.extend_requested.emit)
        self.ok_button = KioskButton(parent=self.panel)
        self.ok_button.clicked.connect(self.acknowledged.emit)
        top = QHBoxLayout()
        top.setSpacing(28)
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.heading, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addStretch(1)
        buttons.addWidget(self.extend_button)
        buttons.addWidget(self.ok_button)
        self.body.addLayout(top)
        self.body.addWidget(self.advice)
        self.body.addLayout(buttons)
        self.retranslate_ui()

    def show_warning(
        self, level: SessionWarning, session: SessionView | None, now: float, language: str = "fi"
    ) -> None:
        """Show ``level`` for ``session`` (NONE hides); ``now`` is the monotonic time."""
        self.language = language
        was = self.level
        self.level = level if session is not None else NONE
        self._session = session
        self._now = now
        self.retranslate_ui()
        if self.level is NONE:
            self.close_overlay()
        elif was is not self.level or self.isHidden():
            self.open()
        else:
            self.fit()

    def tick(self, now: float) -> None:
        self._now = now
        if self.level is not NONE:
            self.retranslate_ui()

    def set_theme(self, theme: Theme) -> None:
        self.icon.setFixedSize(theme.icon_px * 3, theme.icon_px * 3)
        if self.is_open:
            self.fit()

    def initial_focus(self, chain: list[QWidget]) -> QWidget:
        return self.extend_button if self.extend_button in chain else self.ok_button

    def escape(self) -> None:
        self.acknowledged.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        session = self._session
        level = self.level
        self.extend_button.setText(self.tr("More time"))
        self.extend_button.setAccessibleName(self.tr("Ask for more time"))
        if level is SessionWarning.IDLE:
            self.ok_button.setText(self.tr("Continue"))
            self.ok_button.setAccessibleName(self.tr("Continue, I am still here"))
        else:
            self.ok_button.setText(self.tr("OK"))
            self.ok_button.setAccessibleName(self.tr("OK, close the warning"))
        if session is None or level is NONE:
            self.extend_button.hide()
            return
        left = session.ends_at - self._now
        idle_left = None if session.idle_ends_at is None else session.idle_ends_at - self._now
        closing = closing_clock(session, self.language)
        self.heading.setText(self._texts.heading(level, left, closing))
        self.advice.setText(
            self._texts.advice(
                level,
                can_extend=session.can_extend,
                idle_seconds_left=idle_left,
                shutdown=shutdown_clock(session, self.language),
            )
        )
        self.extend_button.setVisible(session.can_extend)
        self.extend_button.setEnabled(not session.extending)
        self.panel.setAccessibleName(self.heading.text())
        self.panel.setAccessibleDescription(self.advice.text())

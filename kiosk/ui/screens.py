"""The shell's screens: starting, idle, locked and not registered. Each renders a ShellView."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fleet.protocol import HoursException
from fleet.protocol.sessions import LoginMethod
from kiosk.services.shell import ShellController, ShellView
from kiosk.ui.buttons import KioskButton
from kiosk.ui.formatting import format_clock, format_date, format_hour, local_time
from kiosk.ui.help_queue import HelpPanel
from kiosk.ui.notices import NoticePanel, NoticeTexts
from kiosk.ui.speech import Announcer
from kiosk.ui.support_actions import SupportActions
from kiosk.ui.theme import INK, NAVY, PAPER, Theme


def make_label(parent: QWidget, name: str | None = None, *, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    # Texts from the fleet (branch names, staff messages) are never interpreted as HTML.
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    return label


class Screen(QWidget):
    """Base for screens: keeps the last view and re-renders it when the language changes."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.theme = theme
        self.view = ShellView()

    def show_view(self, view: ShellView) -> None:
        self.view = view
        self.retranslate_ui()

    def focus_target(self) -> QWidget | None:
        """Where keyboard focus goes when the screen comes up (None: leave it alone)."""
        return None

    def set_theme(self, theme: Theme) -> None:
        """The text size changed (the style sheet does the rest)."""
        self.theme = theme

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        raise NotImplementedError


class Page(Screen):
    """A screen the visitor opens over the idle or session screen: guides, help, booking.

    The window shows it in that screen's place until it emits :attr:`closed`, the mode
    changes, or (on the idle screen) nobody has touched the PC for a while; :meth:`reset`
    then forgets whatever the visitor typed or chose there.
    """

    closed = Signal()

    @property
    def scene_name(self) -> str:
        """A name for what the page shows, for screenshot files."""
        return "page"

    def open(self) -> None:
        """The page comes up: start afresh."""
        self.reset()

    def reset(self) -> None:
        """Forget the visitor's answers and typing (the page closes)."""


class StartingScreen(Screen):
    """Shown for the moment it takes to read local state."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.title = make_label(self, "Title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = make_label(self, "Subtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Starting…"))
        self.subtitle.setText(self.tr("Please wait a moment."))
        self.setAccessibleName(self.title.text())


class CardAndPhoneIcon(QWidget):
    """A drawn phone and library card: the picture says "use one of these" without words."""

    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(round(size * 1.6), size)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = float(self.height())
        line = max(h / 40.0, 3.0)
        painter.setPen(QPen(QColor(NAVY), line))
        # The phone, upright on the left.
        painter.setBrush(QColor(PAPER))
        phone = QRectF(line, line, h * 0.5, h - 2 * line)
        painter.drawRoundedRect(phone, h * 0.07, h * 0.07)
        painter.setBrush(QColor("#cfdceb"))
        painter.drawRect(phone.adjusted(h * 0.05, h * 0.12, -h * 0.05, -h * 0.16))
        # A QR-like pattern on its screen.
        painter.setBrush(QColor(INK))
        painter.setPen(Qt.PenStyle.NoPen)
        cell = h * 0.075
        origin = QPointF(phone.x() + h * 0.1, phone.y() + h * 0.25)
        for row, col in ((0, 0), (0, 2), (1, 1), (2, 0), (2, 2), (0, 3), (3, 3), (3, 1)):
            painter.drawRect(QRectF(origin.x() + col * cell, origin.y() + row * cell, cell, cell))
        # The card, lying to the right, with a barcode.
        painter.setPen(QPen(QColor(NAVY), line))
        painter.setBrush(QColor(PAPER))
        card = QRectF(h * 0.62, h * 0.3, h * 0.95, h * 0.6)
        painter.drawRoundedRect(card, h * 0.06, h * 0.06)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(NAVY))
        painter.drawRect(QRectF(card.x(), card.y() + h * 0.08, card.width(), h * 0.09))
        painter.setBrush(QColor(INK))
        x = card.x() + h * 0.1
        for i, width in enumerate((2, 1, 3, 1, 2, 1, 1, 3, 2, 1, 2, 1)):
            bar = width * h * 0.012
            if i % 2 == 0:
                painter.drawRect(QRectF(x, card.y() + h * 0.3, bar, h * 0.2))
            x += bar + h * 0.012
        painter.end()


class IdleScreen(Screen):
    """Ready for the next visitor: where they are, whether the library is open, how to start.

    The card reader and a scanner start a log-in by themselves; the two buttons open the
    log-in screen's number step (:attr:`number_entry_requested`). A notice from the
    services (a refused card) is shown and announced; "Close" emits :attr:`notice_dismissed`.
    Digital support: :attr:`support` asks the window for guides, help and booking pages;
    while this PC has a ticket in the help queue, :attr:`help_panel` shows it in the
    invitation's place.
    """

    number_entry_requested = Signal(str)  # LoginMethod value
    notice_dismissed = Signal()

    def __init__(
        self,
        theme: Theme,
        parent: QWidget | None = None,
        *,
        controller: ShellController,
        announcer: Announcer | None = None,
    ) -> None:
        super().__init__(theme, parent)
        self._announcer = announcer or Announcer()
        self._texts = NoticeTexts(self)
        self.now = dt.datetime(2000, 1, 1)
        self.branch = make_label(self, "Title")
        self.hours = make_label(self, "Subtitle")
        self.note = make_label(self, "Note")
        self.reserved = make_label(self, "ReservedNote")
        self.clock = make_label(self, "Clock", wrap=False)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.date = make_label(self, "Date", wrap=False)
        self.date.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.notice = NoticePanel(theme, closable=True, parent=self)
        self.notice.closed.connect(self.notice_dismissed.emit)

        # The invitation is a picture and words, not a button: tapping a phone or scanning a
        # card needs no button. The two buttons below it are for typing instead.
        self.call_to_action = QFrame(self)
        self.call_to_action.setObjectName("CallToAction")
        self.invitation = make_label(self.call_to_action)
        self.invitation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture = CardAndPhoneIcon(theme.pt(6), self.call_to_action)
        cta_layout = QHBoxLayout(self.call_to_action)
        cta_layout.setContentsMargins(40, 24, 40, 24)
        cta_layout.setSpacing(40)
        cta_layout.addWidget(self.picture)
        cta_layout.addWidget(self.invitation, 1)
        self.action_row = QWidget(self)
        self.action_row.setObjectName("IdleActions")
        self.number_button = KioskButton(parent=self.action_row)
        self.number_button.clicked.connect(
            lambda: self.number_entry_requested.emit(LoginMethod.LIBRARY_CARD.value)
        )
        self.guest_button = KioskButton(parent=self.action_row)
        self.guest_button.clicked.connect(
            lambda: self.number_entry_requested.emit(LoginMethod.GUEST_PASS.value)
        )
        actions_layout = QHBoxLayout(self.action_row)
        actions_layout.setContentsMargins(0, 0, 0, 0)
        actions_layout.setSpacing(32)
        actions_layout.addStretch(1)
        actions_layout.addWidget(self.number_button)
        actions_layout.addWidget(self.guest_button)
        actions_layout.addStretch(1)
        self.support = SupportActions(self, inline=True)
        self.help = self.support.heading
        self.help_panel = HelpPanel(theme, controller, self._announcer, compact=False, parent=self)
        self.help_panel.hide()

        heading = QVBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(self.branch)
        heading.addWidget(self.hours)
        heading.addWidget(self.note)
        heading.addWidget(self.reserved)
        time_box = QVBoxLayout()
        time_box.setSpacing(0)
        time_box.addWidget(self.clock)
        time_box.addWidget(self.date)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addLayout(time_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(56, 28, 56, 24)
        layout.setSpacing(18)
        layout.addLayout(top)
        layout.addStretch(1)
        # A notice (a refused card) takes the invitation's place while it is shown: it is
        # the answer to what the visitor just did, and the screen has room for one of them.
        layout.addWidget(self.notice)
        layout.addWidget(self.help_panel)
        layout.addWidget(self.call_to_action)
        layout.addWidget(self.action_row)
        layout.addWidget(self.support)
        layout.addStretch(1)
        self.retranslate_ui()

    def show_view(self, view: ShellView) -> None:
        previous = self.view.notice
        super().show_view(view)
        message = self.notice.message
        if view.notice is not None and view.notice != previous and message is not None:
            self._announcer.announce(self.notice, message, assertive=True)

    def set_now(self, now: dt.datetime) -> None:
        """Update the clock; the window calls this from its timer."""
        self.now = now
        language = self.view.language
        self.clock.setText(format_clock(now.time(), language))
        self.date.setText(format_date(now.date(), language))
        self._show_reservation()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.notice.set_theme(theme)
        self.help_panel.set_theme(theme)

    def focus_target(self) -> QWidget:
        return self.number_button

    def retranslate_ui(self) -> None:
        view = self.view
        language = view.language
        if view.branch_name is not None:
            self.branch.setText(view.branch_name.get(language))
        else:
            self.branch.setText(self.tr("Welcome to the library"))
        hours = view.hours_today
        if hours is None:
            self.hours.setText("")
        elif hours.closed:
            self.hours.setText(self.tr("Closed today"))
        else:
            assert hours.opens is not None
            assert hours.closes is not None
            self.hours.setText(
                self.tr("Open today {opens}–{closes}").format(
                    opens=format_hour(hours.opens, language),
                    closes=format_hour(hours.closes, language),
                )
            )
        self.hours.setVisible(hours is not None)
        note = hours.note if isinstance(hours, HoursException) else None
        self.note.setText(note.get(language) if note is not None else "")
        self.note.setVisible(note is not None)
        self.invitation.setText(self.tr("Tap your phone or scan your library card"))
        self.call_to_action.setAccessibleName(self.invitation.text())
        self.number_button.setText(self.tr("Type your card number"))
        self.number_button.setAccessibleName(self.tr("Type your library card number"))
        self.guest_button.setText(self.tr("Guest pass"))
        self.guest_button.setAccessibleName(self.tr("Log in with a guest pass code"))
        self.notice.show_notice(
            self._texts.sentence(view.notice) if view.notice is not None else None
        )
        # The ticket in the help queue takes the invitation's place, like a notice does:
        # a card still logs in, and the two buttons below still open the number step.
        # (Hidden first, shown second: never both at once, or the window grows to hold them.)
        self.call_to_action.setVisible(view.notice is None and view.help is None)
        self.help_panel.show_ticket(view.help)
        self.help_panel.setVisible(view.help is not None)
        self.support.set_help_open(view.help is not None)
        self.setAccessibleName(self.branch.text())
        self.set_now(self.now)

    def _show_reservation(self) -> None:
        reserved = self.view.reserved_from
        today = self.view.today or self.now.date()
        text = ""
        if reserved is not None:
            start = local_time(reserved)
            if start <= self.now:
                text = self.tr("This computer is reserved now.")
            elif start.date() == today:
                text = self.tr("This computer is reserved from {time}").format(
                    time=format_clock(start.time(), self.view.language)
                )
        self.reserved.setText(text)
        self.reserved.setVisible(bool(text))


class LockIcon(QWidget):
    """A drawn padlock."""

    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(size, size)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(self.width())
        line = s / 9.0
        painter.setPen(QPen(QColor(INK), line))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRectF(s * 0.27, s * 0.08, s * 0.46, s * 0.62), 0, 180 * 16)
        painter.drawLine(QPointF(s * 0.27, s * 0.39), QPointF(s * 0.27, s * 0.48))
        painter.drawLine(QPointF(s * 0.73, s * 0.39), QPointF(s * 0.73, s * 0.48))
        painter.setPen(QPen(QColor(INK), line / 2))
        painter.setBrush(QColor(NAVY))
        painter.drawRoundedRect(QRectF(s * 0.14, s * 0.45, s * 0.72, s * 0.5), s * 0.06, s * 0.06)
        painter.setBrush(QColor(PAPER))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(s * 0.5, s * 0.64), s * 0.06, s * 0.06)
        painter.drawRect(QRectF(s * 0.475, s * 0.66, s * 0.05, s * 0.15))
        painter.end()


class LockedScreen(Screen):
    """Locked by IT or staff. There is deliberately nothing here to press."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.icon = LockIcon(theme.pt(6), self)
        self.title = make_label(self, "Title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.panel = QFrame(self)
        self.panel.setObjectName("LockPanel")
        self.message_heading = make_label(self.panel, "Subtitle")
        self.message = make_label(self.panel, "StaffMessage")
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.setContentsMargins(36, 24, 36, 24)
        panel_layout.addWidget(self.message_heading)
        panel_layout.addWidget(self.message)
        self.advice = make_label(self, "Subtitle")
        self.advice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 40, 120, 40)
        layout.setSpacing(28)
        layout.addStretch(1)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.panel)
        layout.addWidget(self.advice)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("This computer is locked"))
        self.message_heading.setText(self.tr("Message from the library:"))
        text = (self.view.lock_message or "").strip()
        self.message.setText(text)
        self.panel.setVisible(bool(text))
        self.advice.setText(self.tr("Please use another computer or ask the library staff."))
        self.setAccessibleName(self.title.text())
        self.setAccessibleDescription(text)


class NotRegisteredScreen(Screen):
    """This PC has no valid credential: only IT can fix it, so tell them how to find it."""

    def __init__(self, theme: Theme, hostname: str, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.hostname = hostname
        self.title = make_label(self, "Title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.advice = make_label(self, "Subtitle")
        self.advice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.computer = make_label(self)
        self.computer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.computer.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 40, 120, 40)
        layout.setSpacing(28)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.advice)
        layout.addWidget(self.computer)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("This computer is not registered"))
        self.advice.setText(self.tr("Please contact library staff or IT."))
        self.computer.setText(self.tr("Computer name: {hostname}").format(hostname=self.hostname))
        self.setAccessibleName(self.title.text())
        self.setAccessibleDescription(f"{self.advice.text()} {self.computer.text()}")

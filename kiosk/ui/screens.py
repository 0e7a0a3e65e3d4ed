"""The shell's screens: starting, idle, locked and not registered. Each renders a ShellView."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fleet.protocol import HoursException
from kiosk.services.shell import ShellView
from kiosk.ui.formatting import format_clock, format_date, format_hour
from kiosk.ui.theme import INK, NAVY, PAPER, Theme


def _label(parent: QWidget, name: str | None = None, *, wrap: bool = True) -> QLabel:
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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        raise NotImplementedError


class StartingScreen(Screen):
    """Shown for the moment it takes to read local state."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.title = _label(self, "Title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = _label(self, "Subtitle")
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
    """Ready for the next visitor: where they are, whether the library is open, how to start."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.now = dt.datetime(2000, 1, 1)
        self.branch = _label(self, "Title")
        self.hours = _label(self, "Subtitle")
        self.note = _label(self, "Note")
        self.clock = _label(self, "Clock", wrap=False)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.date = _label(self, "Date", wrap=False)
        self.date.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        # The log-in arrives with a later issue; until then this panel is an invitation,
        # deliberately not a button, so nobody is offered something that does nothing.
        self.call_to_action = QFrame(self)
        self.call_to_action.setObjectName("CallToAction")
        self.invitation = _label(self.call_to_action)
        self.invitation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture = CardAndPhoneIcon(theme.pt(7), self.call_to_action)
        cta_layout = QHBoxLayout(self.call_to_action)
        cta_layout.setContentsMargins(48, 36, 48, 36)
        cta_layout.setSpacing(48)
        cta_layout.addWidget(self.picture)
        cta_layout.addWidget(self.invitation, 1)
        self.help = _label(self, "Subtitle")
        self.help.setAlignment(Qt.AlignmentFlag.AlignCenter)

        heading = QVBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(self.branch)
        heading.addWidget(self.hours)
        heading.addWidget(self.note)
        time_box = QVBoxLayout()
        time_box.setSpacing(0)
        time_box.addWidget(self.clock)
        time_box.addWidget(self.date)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addLayout(time_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(56, 40, 56, 32)
        layout.setSpacing(24)
        layout.addLayout(top)
        layout.addStretch(1)
        layout.addWidget(self.call_to_action)
        layout.addWidget(self.help)
        layout.addStretch(1)
        self.retranslate_ui()

    def set_now(self, now: dt.datetime) -> None:
        """Update the clock; the window calls this from its timer."""
        self.now = now
        language = self.view.language
        self.clock.setText(format_clock(now.time(), language))
        self.date.setText(format_date(now.date(), language))

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
        self.help.setText(self.tr("Need help? Ask the library staff."))
        self.setAccessibleName(self.branch.text())
        self.set_now(self.now)


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
        self.title = _label(self, "Title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.panel = QFrame(self)
        self.panel.setObjectName("LockPanel")
        self.message_heading = _label(self.panel, "Subtitle")
        self.message = _label(self.panel, "StaffMessage")
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.setContentsMargins(36, 24, 36, 24)
        panel_layout.addWidget(self.message_heading)
        panel_layout.addWidget(self.message)
        self.advice = _label(self, "Subtitle")
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
        self.title = _label(self, "Title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.advice = _label(self, "Subtitle")
        self.advice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.computer = _label(self)
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

"""The digital-support buttons: guides, help me now and book an adviser (idle and session)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.wrapping import WrappingButton


class SupportActions(QWidget):
    """ "Need help?" and three buttons in a row; the window opens the pages they ask for.

    ``inline`` puts the question on the buttons' row (the idle screen, short of height),
    otherwise above them. The buttons' words wrap with "Larger text" rather than pushing
    the row off the screen. "Help me now" hides while this PC already has a ticket in the
    queue (:meth:`set_help_open`): the panel shows that one.
    """

    guides_requested = Signal()
    help_requested = Signal()
    booking_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, inline: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("SupportActions")
        self.heading = QLabel(self)
        self.heading.setObjectName("Subtitle")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.guides_button = WrappingButton(self, centred=True)
        self.guides_button.clicked.connect(self.guides_requested.emit)
        self.help_button = WrappingButton(self, centred=True)
        self.help_button.clicked.connect(self.help_requested.emit)
        self.booking_button = WrappingButton(self, centred=True)
        self.booking_button.clicked.connect(self.booking_requested.emit)
        row = QHBoxLayout()
        row.setSpacing(24)
        if inline:
            row.addStretch(1)
            row.addWidget(self.heading, 0, Qt.AlignmentFlag.AlignVCenter)
        for button in self.buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        if not inline:
            layout.addWidget(self.heading)
        layout.addLayout(row, 1)
        self.retranslate_ui()

    @property
    def buttons(self) -> tuple[WrappingButton, WrappingButton, WrappingButton]:
        return (self.guides_button, self.help_button, self.booking_button)

    def set_help_open(self, open_ticket: bool) -> None:
        """A ticket is in the queue already: one is enough (the panel shows it)."""
        self.help_button.setHidden(open_ticket)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Need help?"))
        self.guides_button.set_text(self.tr("Guides"), self.tr("Guides: step-by-step help"))
        self.help_button.set_text(
            self.tr("Help me now"), self.tr("Help me now: an adviser comes to this computer")
        )
        self.booking_button.set_text(
            self.tr("Book an adviser"), self.tr("Book a time with a digital support adviser")
        )
        self.setAccessibleName(self.tr("Digital support"))

"""The message overlay: a note from staff or IT, shown over whatever screen is up."""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.ui.buttons import KioskButton


class MessageOverlay(QWidget):
    """Dims its parent and shows one message at a time; later messages wait their turn.

    An overlay inside the window rather than a separate dialog window: a fullscreen,
    frameless kiosk has no window manager to keep a dialog on top, and a screenshot of the
    window shows it. Escape, Enter or the close button dismisses it.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBackdrop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._queue: deque[str] = deque()
        self.panel = QFrame(self)
        self.panel.setObjectName("MessagePanel")
        self.heading = QLabel(self.panel)
        self.heading.setObjectName("MessageHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.text = QLabel(self.panel)
        self.text.setObjectName("MessageText")
        # Staff messages are plain text: never interpreted as HTML or links.
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.close_button = KioskButton(parent=self.panel)
        self.close_button.clicked.connect(self.dismiss)
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.setContentsMargins(48, 40, 48, 40)
        panel_layout.setSpacing(28)
        panel_layout.addWidget(self.heading)
        panel_layout.addWidget(self.text)
        panel_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        parent.installEventFilter(self)
        self.hide()
        self.retranslate_ui()

    @property
    def current(self) -> str | None:
        """The message on screen, or None when the overlay is hidden."""
        return self.text.text() if self.isVisible() else None

    @property
    def pending(self) -> int:
        """Messages waiting behind the one shown."""
        return len(self._queue)

    def show_message(self, text: str) -> None:
        if self.isVisible():
            self._queue.append(text)
            return
        self._present(text)

    def dismiss(self) -> None:
        if self._queue:
            self._present(self._queue.popleft())
            return
        self.hide()
        self.dismissed.emit()

    def clear(self) -> None:
        """Drop every message, shown or waiting (the visitor they were for has left)."""
        self._queue.clear()
        if self.isVisible():
            self.hide()
            self.dismissed.emit()

    def _present(self, text: str) -> None:
        self.text.setText(text)
        self.panel.setAccessibleDescription(text)
        self._fit_to_parent()
        self.raise_()
        self.show()
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        # An alert event makes screen readers read the message out without moving there.
        QAccessible.updateAccessibility(QAccessibleEvent(self.panel, QAccessible.Event.Alert))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit_to_parent()
        return False

    def focusNextPrevChild(self, next: bool) -> bool:
        # Keep Tab inside the message while it is up: the page behind it is dimmed.
        self.close_button.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def refit(self) -> None:
        """Lay the panel out again (after the text size changed)."""
        if self.isVisible():
            self._fit_to_parent()

    def _fit_to_parent(self) -> None:
        # Wrapped labels need a known width to report their height, so the panel is placed
        # by hand: a readable width, the height its text needs, centred.
        parent = self.parentWidget()
        layout = self.panel.layout()
        if parent is None or layout is None:
            return
        area = parent.rect()
        self.setGeometry(area)
        width = max(min(1100, area.width() - 160), 320)
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        if height < 0:
            height = layout.totalSizeHint().height()
        height = min(height, area.height() - 40)
        self.panel.setGeometry(
            (area.width() - width) // 2, (area.height() - height) // 2, width, height
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Message from the library staff"))
        self.close_button.setText(self.tr("OK, close"))
        self.close_button.setAccessibleName(self.tr("Close the message"))
        self.panel.setAccessibleName(self.heading.text())
        self.setAccessibleName(self.heading.text())

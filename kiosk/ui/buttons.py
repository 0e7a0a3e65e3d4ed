"""KioskButton: a push button that Enter and Return activate as well as Space and a tap."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton, QWidget


class KioskButton(QPushButton):
    """Keyboard users expect Enter to press the focused button; plain QPushButton ignores it
    outside dialogs. Buttons take focus by Tab and by click, and never act as a dialog default."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.click()
            event.accept()
            return
        super().keyPressEvent(event)


class TextSizeButton(KioskButton):
    """Toggles larger text for the whole screen (EN 301 549: text enlargement on a kiosk)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setObjectName("TextSizeButton")
        self.setCheckable(True)
        self.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setText(self.tr("Larger text"))
        self.setAccessibleName(self.text())
        self.setAccessibleDescription(self.tr("Makes all text on the screen bigger"))

"""Overlay: a panel over a dimmed screen, the kiosk's dialog (Tab stays inside, Escape closes)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QVBoxLayout, QWidget


class Overlay(QWidget):
    """Dims its parent widget and shows :attr:`panel` in the middle.

    An overlay inside the window, not a separate dialog window: a fullscreen, frameless kiosk
    has no window manager to keep a dialog on top, and a screenshot of the window shows it.
    Subclasses fill :attr:`body`; they must not be subclassed again if they translate
    (Qt takes the translation context from the object's class).
    """

    closed = Signal()

    def __init__(
        self, parent: QWidget, *, panel_name: str = "OverlayPanel", width: int = 1100
    ) -> None:
        super().__init__(parent)
        self.setObjectName("OverlayBackdrop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._max_width = width
        self.panel = QFrame(self)
        self.panel.setObjectName(panel_name)
        self.body = QVBoxLayout(self.panel)
        self.body.setContentsMargins(48, 40, 48, 40)
        self.body.setSpacing(24)
        parent.installEventFilter(self)
        self.hide()

    @property
    def is_open(self) -> bool:
        return not self.isHidden()

    def open(self) -> None:
        self.fit()
        self.raise_()
        self.show()
        first = self.focus_chain()
        if first:
            self.initial_focus(first).setFocus(Qt.FocusReason.OtherFocusReason)

    def close_overlay(self) -> None:
        if self.isHidden():
            return
        self.hide()
        self.closed.emit()

    def initial_focus(self, chain: list[QWidget]) -> QWidget:
        """Where keyboard focus starts when the overlay opens (the first control by default)."""
        return chain[0]

    def escape(self) -> None:
        """Escape pressed: close, unless a subclass knows better."""
        self.close_overlay()

    def focus_chain(self) -> list[QWidget]:
        """The panel's controls that Tab visits, in reading (creation) order."""
        return [
            widget
            for widget in self.panel.findChildren(QWidget)
            if widget.isVisibleTo(self.panel)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Keep Tab inside the panel while it is up: the page behind it is dimmed.
        chain = self.focus_chain()
        if not chain:
            return True
        focused = QApplication.focusWidget()
        index = chain.index(focused) if focused in chain else -1
        step = 1 if next else -1
        target = chain[(index + step) % len(chain)] if index >= 0 else chain[0]
        target.setFocus(
            Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        )
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """Lay the panel out for the parent's size (after a resize or a text-size change)."""
        # Wrapped labels need a known width to report their height, so the panel is placed
        # by hand: a readable width, the height its content needs, centred.
        parent = self.parentWidget()
        layout = self.panel.layout()
        if parent is None or layout is None:
            return
        layout.activate()
        area = parent.rect()
        self.setGeometry(area)
        width = max(min(self._max_width, area.width() - 80), 320)
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        if height < 0:
            height = layout.totalSizeHint().height()
        height = max(min(height, area.height() - 40), 80)
        self.panel.setGeometry(
            (area.width() - width) // 2, (area.height() - height) // 2, width, height
        )

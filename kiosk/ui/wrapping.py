"""WrappingButton: a big button whose words wrap onto more lines instead of widening it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.buttons import KioskButton


class WrappingButton(KioskButton):
    """A :class:`KioskButton` drawn with lines of wrapped text (labels) instead of its own.

    Topic names and guide titles are long in Finnish and longer with "Larger text"; a plain
    button would grow wider than the screen. The labels ignore the mouse, so a tap anywhere
    presses the button; the button's accessible name says what the lines say.
    """

    def __init__(self, parent: QWidget | None = None, *, centred: bool = False) -> None:
        super().__init__(parent=parent)
        self._centred = centred
        self._lines = QVBoxLayout(self)
        self._lines.setContentsMargins(24, 12, 24, 12)
        self._lines.setSpacing(4)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        # The lines keep together (at the top, or in the middle) in a taller button.
        if centred:
            self._lines.addStretch(1)
        self._lines.addStretch(1)
        self.label = self.add_line()

    def add_line(self, name: str | None = None) -> QLabel:
        """Another line of text under the others (a title, a summary ...)."""
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        if name:
            label.setObjectName(name)
        if self._centred:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._lines.insertWidget(self._lines.count() - 1, label)
        return label

    def set_text(self, text: str, accessible_name: str | None = None) -> None:
        """The first line's text; also the accessible name unless one is given."""
        self.label.setText(text)
        self.setAccessibleName(accessible_name or text)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self._lines.totalHeightForWidth(width), super().sizeHint().height())

    def sizeHint(self) -> QSize:
        # Each line on one line when there is room (a wrapped label's own hint is narrower).
        margins = self._lines.contentsMargins()
        widths = []
        for label in self.findChildren(QLabel):
            if not label.isHidden() and label.text():
                label.ensurePolished()
                widths.append(label.fontMetrics().horizontalAdvance(label.text()))
        width = max(widths, default=0) + margins.left() + margins.right() + 4
        return QSize(width, self.heightForWidth(width)).expandedTo(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        lines = self._lines.totalMinimumSize()
        return QSize(lines.width(), max(lines.height(), super().minimumSizeHint().height()))

"""Screens that scroll instead of growing past the monitor: larger text on a small screen.

A fullscreen window cannot be larger than its monitor. Without these, the window's minimum
size is the sum of everything on the tallest screen, and with "Larger text" on a 1280 x 800
or 1366 x 768 monitor the bottom of the screen (the log-in buttons, the status strip) would
be drawn off the glass. Instead, the screen area scrolls vertically, like a browser page
with its text zoomed; with room to spare nothing changes.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QWidget,
)


def scrolled(page: QWidget) -> QScrollArea:
    """``page`` in a frameless scroll area that follows Tab and a finger.

    With larger text on a small screen it scrolls instead of pushing the buttons below it
    off the screen. Tab scrolls the focused control into view (``QScrollArea`` does that);
    a touch screen scrolls by dragging.
    """
    page.setObjectName(page.objectName() or "PageArea")
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields and buttons inside take focus
    area.setWidget(page)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return area


class ScreenStack(QStackedWidget):
    """A stack of screens as large as the screen *shown*, not the largest of them.

    ``QStackedWidget`` asks for room for every page at once; in a scroll area that would
    make the log-in screen scroll because the booking page is long. A screen with its own
    scroll area (``scrolls_itself = True``: the guides, help and booking pages) gets the
    visible height, and its list scrolls inside it under its fixed heading and buttons.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def _page_for_height(self) -> QWidget | None:
        """The shown screen, if its height follows its width (wrapped words) and it does not
        scroll by itself."""
        page = self.currentWidget()
        if page is None or getattr(page, "scrolls_itself", False) or not page.hasHeightForWidth():
            return None
        return page

    def hasHeightForWidth(self) -> bool:
        return self._page_for_height() is not None

    def heightForWidth(self, width: int) -> int:
        page = self._page_for_height()
        if page is None:
            return -1
        return max(page.heightForWidth(width), page.minimumSizeHint().height())


def visible_height(widget: QWidget) -> int:
    """How much of ``widget``'s height the visitor can see without scrolling: the height of
    the scroll area it is in (if any), else its own."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent.viewport().height()
        parent = parent.parentWidget()
    return widget.height()

"""ReflowRow: a row of widgets that wraps onto more rows instead of growing past the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QGridLayout, QWidget


class ReflowRow(QWidget):
    """Its items side by side while the width allows; otherwise in as many columns as fit,
    in reading order (left to right, then the next row), like words in a line.

    The strip along the bottom of the screen holds three or four statuses; in Swedish with
    "Larger text" they are wider than a 1280-pixel screen. Its minimum width is the widest
    item's, so the window never has to be wider than the monitor.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        margins: tuple[int, int, int, int] = (0, 0, 0, 0),
        spacing: int = 24,
        row_spacing: int = 8,
    ) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(*margins)
        self._grid.setHorizontalSpacing(spacing)
        self._grid.setVerticalSpacing(row_spacing)
        self._items: list[QWidget] = []
        #: The placement in force: the items shown, and how many columns.
        self._placed: tuple[tuple[QWidget, ...], int] = ((), 0)

    def add_item(self, widget: QWidget) -> None:
        self._items.append(widget)
        self.reflow()

    @property
    def columns(self) -> int:
        return self._placed[1]

    def reflow(self) -> None:
        """Place the shown items for the current width (call after showing or hiding one)."""
        shown = tuple(item for item in self._items if not item.isHidden())
        width = self.width() if self.isVisible() else self.sizeHint().width()
        columns = self._columns_for(shown, width)
        if (shown, columns) == self._placed:
            return
        for item in self._items:
            self._grid.removeWidget(item)
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 0)
        for index, item in enumerate(shown):
            self._grid.addWidget(item, index // columns, index % columns)
        # The items keep their own width and stay at the left; the rest is empty.
        self._grid.setColumnStretch(columns, 1)
        self._placed = (shown, columns)

    def _columns_for(self, shown: tuple[QWidget, ...], width: int) -> int:
        margins = self._grid.contentsMargins()
        room = width - margins.left() - margins.right()
        spacing = self._grid.horizontalSpacing()
        for columns in range(len(shown), 1, -1):
            widths = [
                max(item.sizeHint().width() for item in shown[column::columns])
                for column in range(columns)
            ]
            if sum(widths) + spacing * (columns - 1) <= room:
                return columns
        return 1

    def sizeHint(self) -> QSize:
        margins = self._grid.contentsMargins()
        shown = [item for item in self._items if not item.isHidden()]
        width = sum(item.sizeHint().width() for item in shown)
        width += self._grid.horizontalSpacing() * max(len(shown) - 1, 0)
        return QSize(width + margins.left() + margins.right(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        margins = self._grid.contentsMargins()
        widest = max(
            (item.minimumSizeHint().width() for item in self._items if not item.isHidden()),
            default=0,
        )
        height = super().minimumSizeHint().height()
        return QSize(widest + margins.left() + margins.right(), height)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self.reflow()
        return handled

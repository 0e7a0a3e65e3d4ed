"""The always-visible status strip: network, card reader and printer, in words and shapes
(and a content update's progress while one downloads)."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from fleet.protocol import DeviceHealth, HealthStatus
from kiosk.services.shell import ShellView
from kiosk.ui.reflow import ReflowRow
from kiosk.ui.theme import INK, PAPER, Theme


class Shape(StrEnum):
    """Each status has its own shape, so colour is never the only cue."""

    CHECK = "check"  # circle with a tick: working
    WARNING = "warning"  # triangle with an exclamation mark: needs attention
    CROSS = "cross"  # square with an X: not working / not connected
    DASH = "dash"  # hollow circle with a dash: not in use
    INFO = "info"  # circle with an "i": something to know (an announcement)


_SHAPE_COLOURS = {
    Shape.CHECK: "#1a6b21",
    Shape.WARNING: "#ffdd00",
    Shape.CROSS: "#b00020",
    Shape.DASH: PAPER,
    Shape.INFO: "#cfdceb",
}


class StatusIcon(QWidget):
    """A drawn status shape; decorative (the label next to it carries the meaning)."""

    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shape = Shape.DASH
        self.setFixedSize(size, size)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    @property
    def shape(self) -> Shape:
        return self._shape

    def set_shape(self, shape: Shape) -> None:
        if shape != self._shape:
            self._shape = shape
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(min(self.width(), self.height()))
        line = max(side / 10.0, 2.0)
        box = QRectF(line / 2, line / 2, side - line, side - line)
        outline = QPen(QColor(INK), line)
        mark = QPen(QColor(PAPER if self._shape in (Shape.CHECK, Shape.CROSS) else INK), line * 1.3)
        mark.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(outline)
        painter.setBrush(QColor(_SHAPE_COLOURS[self._shape]))
        x, y, w, h = box.x(), box.y(), box.width(), box.height()
        if self._shape == Shape.CHECK:
            painter.drawEllipse(box)
            painter.setPen(mark)
            painter.drawPolyline(
                QPolygonF(
                    [
                        QPointF(x + w * 0.27, y + h * 0.52),
                        QPointF(x + w * 0.44, y + h * 0.70),
                        QPointF(x + w * 0.74, y + h * 0.33),
                    ]
                )
            )
        elif self._shape == Shape.WARNING:
            painter.drawPolygon(
                QPolygonF([QPointF(x + w / 2, y), QPointF(x + w, y + h), QPointF(x, y + h)])
            )
            painter.setPen(mark)
            painter.drawLine(QPointF(x + w / 2, y + h * 0.38), QPointF(x + w / 2, y + h * 0.66))
            painter.drawPoint(QPointF(x + w / 2, y + h * 0.84))
        elif self._shape == Shape.CROSS:
            painter.drawRoundedRect(box, side * 0.12, side * 0.12)
            painter.setPen(mark)
            painter.drawLine(QPointF(x + w * 0.3, y + h * 0.3), QPointF(x + w * 0.7, y + h * 0.7))
            painter.drawLine(QPointF(x + w * 0.7, y + h * 0.3), QPointF(x + w * 0.3, y + h * 0.7))
        elif self._shape == Shape.INFO:
            painter.drawEllipse(box)
            painter.setPen(mark)
            painter.drawPoint(QPointF(x + w / 2, y + h * 0.28))
            painter.drawLine(QPointF(x + w / 2, y + h * 0.45), QPointF(x + w / 2, y + h * 0.74))
        else:
            painter.drawEllipse(box)
            painter.setPen(mark)
            painter.drawLine(QPointF(x + w * 0.3, y + h / 2), QPointF(x + w * 0.7, y + h / 2))
        painter.end()


class StatusItem(QWidget):
    """One status: a shape and the words that say the same thing."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = StatusIcon(theme.icon_px, self)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.icon)
        layout.addWidget(self.label)

    def set_theme(self, theme: Theme) -> None:
        self.icon.setFixedSize(theme.icon_px, theme.icon_px)

    def set_status(self, shape: Shape, text: str) -> None:
        self.icon.set_shape(shape)
        self.label.setText(text)
        self.setAccessibleName(text)


_HEALTH_SHAPES = {
    HealthStatus.OK: Shape.CHECK,
    HealthStatus.WARNING: Shape.WARNING,
    HealthStatus.ERROR: Shape.CROSS,
    HealthStatus.ABSENT: Shape.DASH,
}


class StatusStrip(ReflowRow):
    """Network, card reader and printer status along the bottom of every screen (on two
    rows when one is too narrow: larger text on a small screen)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent, margins=(24, 10, 24, 10), spacing=48, row_spacing=6)
        self.setObjectName("StatusStrip")
        # Style sheets paint a plain QWidget's background only with this attribute.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.network = StatusItem(theme, self)
        self.reader = StatusItem(theme, self)
        self.printer = StatusItem(theme, self)
        #: Shown only while a large content update downloads.
        self.content = StatusItem(theme, self)
        self.content.setVisible(False)
        for item in (self.network, self.reader, self.printer, self.content):
            self.add_item(item)
        self._view = ShellView()
        self.retranslate_ui()

    def show_view(self, view: ShellView) -> None:
        self._view = view
        self.retranslate_ui()

    def set_theme(self, theme: Theme) -> None:
        for item in (self.network, self.reader, self.printer, self.content):
            item.set_theme(theme)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        view = self._view
        self.setAccessibleName(self.tr("Status"))
        if view.online:
            self.network.set_status(Shape.CHECK, self.tr("Network: connected"))
        else:
            self.network.set_status(Shape.CROSS, self.tr("Network: not connected"))
        self.reader.set_status(_HEALTH_SHAPES[view.reader.status], self._reader_text(view.reader))
        self.printer.set_status(
            _HEALTH_SHAPES[view.printer.status], self._printer_text(view.printer)
        )
        percent = view.content_download
        self.content.setVisible(percent is not None)
        if percent is not None:
            text = self.tr("Downloading new content: {percent} %").format(percent=percent)
            self.content.set_status(Shape.DASH, text)
        self.reflow()

    def _reader_text(self, health: DeviceHealth) -> str:
        if health.status == HealthStatus.OK:
            return self.tr("Card reader: working")
        if health.status == HealthStatus.WARNING:
            return self.tr("Card reader: needs attention")
        if health.status == HealthStatus.ERROR:
            return self.tr("Card reader: not working")
        return self.tr("Card reader: not in use")

    def _printer_text(self, health: DeviceHealth) -> str:
        # The two paper states are the ones a visitor can act on (ask staff for paper).
        if health.detail == "paper_low" and health.status == HealthStatus.WARNING:
            return self.tr("Printer: paper running low")
        if health.detail == "paper_out" and health.status == HealthStatus.ERROR:
            return self.tr("Printer: out of paper")
        if health.status == HealthStatus.OK:
            return self.tr("Printer: working")
        if health.status == HealthStatus.WARNING:
            return self.tr("Printer: needs attention")
        if health.status == HealthStatus.ERROR:
            return self.tr("Printer: not working")
        return self.tr("Printer: not in use")

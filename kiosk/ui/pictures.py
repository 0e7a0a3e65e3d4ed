"""Picture: a content bundle's picture (a guide step's, a slide's), scaled to its room."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImageReader, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

log = logging.getLogger(__name__)


class Picture(QLabel):
    """A picture from a file, scaled to the room it has; the alt text is its accessible
    description (the picture has no words of its own)."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "Picture") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(200, 140)
        self.path: Path | None = None
        self._data: bytes | None = None

    def show_image(self, path: Path | None, alt: str) -> None:
        if path != self.path:
            self.path = path
            self._data = self._read(path) if path is not None else None
        self.setAccessibleDescription(alt)
        self._render()

    @property
    def loaded(self) -> bool:
        pixmap = self.pixmap()
        return self._data is not None and not pixmap.isNull()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._render()

    @staticmethod
    def _read(path: Path) -> bytes | None:
        # Bundles hand out a path, not the picture: a small local file, read once per change.
        try:
            return path.read_bytes()
        except OSError:
            log.warning("cannot read the picture %s", path)
            return None

    def _render(self) -> None:
        if not self._data or self.path is None:
            self.clear()
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(self._data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer, self.path.suffix.lstrip(".").lower().encode())
        room = self.contentsRect().adjusted(12, 12, -12, -12).size()
        natural = reader.size()
        if natural.isValid() and room.width() > 0 and room.height() > 0:
            reader.setScaledSize(natural.scaled(room, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        buffer.close()
        if image.isNull():
            self.clear()
            return
        self.setPixmap(QPixmap.fromImage(image))

"""The on-screen number keypad: 0–9, erase and OK, big enough for any finger."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.ui.buttons import KioskButton

#: Rows as on a phone and a payment terminal (1 2 3 at the top), not as on a keyboard.
_LAYOUT = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), ("erase", "0", "ok"))


class KeypadKey(KioskButton):
    """A key: reachable by Tab, but a tap never takes focus away from the text field."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)


class Keypad(QWidget):
    """Emits :attr:`digit_pressed`, :attr:`erase_pressed` and :attr:`ok_pressed`.

    Sizes come from the theme's style sheet (``#Keypad QPushButton``), so the keys grow with
    the "Larger text" setting and are never smaller than 64 px.
    """

    digit_pressed = Signal(str)
    erase_pressed = Signal()
    ok_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Keypad")
        self.keys: dict[str, KeypadKey] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(14)
        for row, names in enumerate(_LAYOUT):
            for column, name in enumerate(names):
                key = KeypadKey(name if name.isdigit() else "", self)
                if name.isdigit():
                    key.setAccessibleName(name)
                    key.clicked.connect(lambda _=False, d=name: self.digit_pressed.emit(d))
                elif name == "erase":
                    key.setObjectName("EraseKey")
                    key.clicked.connect(self.erase_pressed.emit)
                else:
                    key.setObjectName("OkKey")
                    key.clicked.connect(self.ok_pressed.emit)
                self.keys[name] = key
                grid.addWidget(key, row, column)
        # Tab goes through the keys in reading order, ending on OK.
        ordered = [self.keys[name] for names in _LAYOUT for name in names]
        for first, second in itertools.pairwise(ordered):
            QWidget.setTabOrder(first, second)
        self.retranslate_ui()

    @property
    def first_key(self) -> KeypadKey:
        return self.keys["1"]

    @property
    def last_key(self) -> KeypadKey:
        return self.keys["ok"]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        erase, ok = self.keys["erase"], self.keys["ok"]
        erase.setText(self.tr("Erase"))
        erase.setAccessibleName(self.tr("Erase the last character"))
        ok.setText(self.tr("OK"))
        ok.setAccessibleName(self.tr("OK, continue"))
        self.setAccessibleName(self.tr("Number keys"))

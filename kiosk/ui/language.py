"""The fi / sv / en language switch shown at the top of every screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.ui.buttons import KioskButton

# Each language is offered in its own words, so a visitor who cannot read the current
# language still finds theirs. These are deliberately not translated.
LANGUAGE_LABELS = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
_DESCRIPTIONS = {
    "fi": "Näytä tämä tietokone suomeksi",
    "sv": "Visa den här datorn på svenska",
    "en": "Show this computer in English",
}
_PROMPT = "Kieli · Språk · Language"
_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}


class LanguageBar(QWidget):
    """Three buttons; choosing one emits :attr:`language_chosen` (the window does the rest).

    Deliberately not an exclusive button group: Qt would then let Tab reach only the checked
    button (radio-button style), and a visitor tabbing through must find every language.
    The "Kieli · Språk · Language" prompt gives way when the bar is short of room (larger
    text on a small screen): the buttons name their languages in their own words anyway.
    """

    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LanguageBar")
        self.prompt = QLabel(_PROMPT, self)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self._current = "fi"
        self.buttons: dict[str, KioskButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addStretch(1)  # without the prompt, the buttons stay at the right
        layout.addWidget(self.prompt)
        for language, label in LANGUAGE_LABELS.items():
            button = KioskButton(label, self)
            button.setCheckable(True)
            button.setAccessibleName(label)
            button.setAccessibleDescription(_DESCRIPTIONS[language])
            # Screen readers pick the voice from the widget's locale.
            button.setLocale(QLocale(_LOCALES[language]))
            button.clicked.connect(lambda _checked=False, lang=language: self._choose(lang))
            self.buttons[language] = button
            layout.addWidget(button)
        self.retranslate_ui()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.prompt.isHidden():
            layout = self.layout()
            spacing = layout.spacing() if layout is not None else 0
            hint.setWidth(hint.width() + self.prompt.sizeHint().width() + spacing)
        return hint

    def minimumSizeHint(self) -> QSize:
        # The buttons only: the prompt is left out when there is no room for it.
        hint = super().minimumSizeHint()
        if not self.prompt.isHidden():
            layout = self.layout()
            spacing = layout.spacing() if layout is not None else 0
            hint.setWidth(hint.width() - self.prompt.minimumSizeHint().width() - spacing)
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.prompt.setVisible(self.width() >= self.sizeHint().width())

    def set_current(self, language: str) -> None:
        """Mark the language in use (checked: a thick underline, a shape, not colour)."""
        self._current = language
        for lang, button in self.buttons.items():
            button.setChecked(lang == language)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setAccessibleName(self.tr("Choose language"))

    def _choose(self, language: str) -> None:
        # A click toggles the button by itself; the mark moves only when the services have
        # switched (set_current), so it never shows a language that is not in use.
        self.set_current(self._current)
        self.language_chosen.emit(language)

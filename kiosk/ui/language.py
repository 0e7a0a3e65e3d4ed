"""The fi / sv / en language switch shown at the top of every screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
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

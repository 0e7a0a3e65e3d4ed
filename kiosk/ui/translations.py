"""Loads the compiled fi/sv/en translations and switches between them at run time."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTranslator

from kiosk.services.shell import LANGUAGES


class TranslationError(Exception):
    """A compiled translation file is missing or unreadable."""


class Translations:
    """One QTranslator per language; exactly one is installed at a time.

    Loading reads files, so it happens in the composition root (:meth:`load`); widgets only
    call :meth:`activate`, which installs an already loaded translator.
    """

    def __init__(self, app: QCoreApplication, translators: dict[str, QTranslator]) -> None:
        missing = set(LANGUAGES) - set(translators)
        if missing:
            raise TranslationError(f"no translations for {sorted(missing)}")
        self._app = app
        self._translators = translators
        self._active: str | None = None

    @classmethod
    def load(cls, app: QCoreApplication, qm_dir: Path) -> Translations:
        """Load ``kiosk_<lang>.qm`` for every language from ``qm_dir``."""
        translators: dict[str, QTranslator] = {}
        for language in LANGUAGES:
            path = qm_dir / f"kiosk_{language}.qm"
            # The translator's parent is the app, so it lives as long as the app does.
            translator = QTranslator(app)
            if not translator.load(str(path)):
                raise TranslationError(f"cannot load {path}")
            translators[language] = translator
        return cls(app, translators)

    @property
    def active(self) -> str | None:
        return self._active

    def activate(self, language: str) -> None:
        """Install ``language``'s translator; widgets retranslate synchronously on return."""
        if language not in self._translators:
            raise TranslationError(f"unknown language {language!r}")
        if language == self._active:
            return
        if self._active is not None:
            self._app.removeTranslator(self._translators[self._active])
        self._app.installTranslator(self._translators[language])
        self._active = language
        # Qt posts LanguageChange to the top-level widgets; deliver it now so the caller can
        # render (and screenshot) the new language without waiting for the next loop turn.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    def clear(self) -> None:
        """Uninstall the active translator (at shutdown, and between tests)."""
        if self._active is not None:
            self._app.removeTranslator(self._translators[self._active])
            self._active = None

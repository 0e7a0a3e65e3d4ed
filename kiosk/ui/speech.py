"""Warnings out loud (espeak-ng, or a beep) and announcements for screen readers."""

from __future__ import annotations

import logging
import shutil

from PySide6.QtCore import QObject, QProcess
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

#: espeak-ng voice per kiosk language.
VOICES = {"fi": "fi", "sv": "sv", "en": "en"}
#: Words per minute: a little slower than espeak-ng's 175, for listeners new to it.
SPEECH_RATE = 150


class Speaker:
    """Says a warning aloud in the visitor's language (EN 301 549: closed functionality needs
    speech output). Uses espeak-ng when it is installed, otherwise the system beep.

    Never blocks the UI (the speech runs as a child process) and never talks over itself: a
    new warning stops the one still being spoken.
    """

    def __init__(self, program: str | None = None, *, parent: QObject | None = None) -> None:
        self._program = program if program is not None else shutil.which("espeak-ng")
        self._parent = parent
        self._process: QProcess | None = None

    @property
    def speaks(self) -> bool:
        """True when warnings are spoken, False when they only beep."""
        return self._program is not None

    def say(self, text: str, language: str) -> None:
        if self._program is None:
            QApplication.beep()
            return
        self.stop()
        process = QProcess(self._parent)
        process.setProgram(self._program)
        process.setArguments(["-v", VOICES.get(language, "fi"), "-s", str(SPEECH_RATE), "--", text])
        process.finished.connect(process.deleteLater)
        process.errorOccurred.connect(
            lambda error: log.warning("espeak-ng did not speak: %s", error.name)
        )
        process.start()
        self._process = process

    def stop(self) -> None:
        """Stop speaking (a newer warning, the end of the session)."""
        process, self._process = self._process, None
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            process.kill()


class Announcer:
    """Asks screen readers to read a text out without moving their focus."""

    def announce(self, widget: QObject, text: str, *, assertive: bool = False) -> None:
        event = QAccessibleAnnouncementEvent(widget, text)
        event.setPoliteness(
            QAccessible.AnnouncementPoliteness.Assertive
            if assertive
            else QAccessible.AnnouncementPoliteness.Polite
        )
        QAccessible.updateAccessibility(event)

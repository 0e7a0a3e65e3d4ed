"""The speaker runs espeak-ng without blocking and one at a time, or beeps; announcements work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QProcess
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.ui.speech import Announcer, Speaker


def fake_espeak(tmp_path: Path, body: str) -> Path:
    """An executable standing in for espeak-ng (records its arguments)."""
    program = tmp_path / "espeak-ng"
    program.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    program.chmod(0o755)
    return program


def test_speaks_in_the_visitors_language(tmp_path: Path, qtbot: QtBot) -> None:
    said = tmp_path / "said.txt"
    program = fake_espeak(tmp_path, f'printf "%s|" "$@" > "{said}"')
    owner = QObject()
    speaker = Speaker(str(program), parent=owner)
    assert speaker.speaks
    speaker.say("Aikaa on 5 minuuttia. Tallenna työsi.", "fi")
    qtbot.waitUntil(lambda: said.is_file() and said.stat().st_size > 0, timeout=5000)
    assert said.read_text(encoding="utf-8") == (
        "-v|fi|-s|150|--|Aikaa on 5 minuuttia. Tallenna työsi.|"
    )


def test_a_new_warning_stops_the_one_being_spoken(tmp_path: Path, qtbot: QtBot) -> None:
    program = fake_espeak(tmp_path, "exec sleep 30")
    owner = QObject()
    speaker = Speaker(str(program), parent=owner)
    speaker.say("first", "sv")
    first = speaker._process
    assert first is not None
    assert first.waitForStarted(5000)
    speaker.say("second", "sv")
    assert first.waitForFinished(5000)  # killed, not left talking underneath
    second = speaker._process
    assert second is not None
    assert second is not first
    assert second.waitForStarted(5000)
    speaker.stop()
    assert second.waitForFinished(5000)
    assert second.exitStatus() == QProcess.ExitStatus.CrashExit


def test_beeps_without_espeak(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    beeps: list[bool] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(True)))
    speaker = Speaker()
    assert not speaker.speaks
    speaker.say("One minute left", "en")
    assert beeps == [True]
    speaker.stop()  # nothing to stop


def test_announcements_reach_qt(qtbot: QtBot) -> None:
    label = QLabel("Varoitus")
    qtbot.addWidget(label)
    # No screen reader runs in the tests; this proves the event is built and accepted.
    Announcer().announce(label, "Aikaa on 5 minuuttia", assertive=True)
    Announcer().announce(label, "Sait lisäaikaa.")

"""Kiosk test fixtures: compiled translations and a qasync loop for async slots.

Qt runs offscreen: tests/conftest.py sets QT_QPA_PLATFORM before anything imports Qt.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from kiosk.i18n_build import compile_translations
from kiosk.ui.translations import Translations


@pytest.fixture(scope="session")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .ts sources compiled once per run with the real lrelease."""
    out = tmp_path_factory.mktemp("qm")
    compile_translations(out)
    return out


@pytest.fixture
def translations(qapp: QApplication, qm_dir: Path) -> Iterator[Translations]:
    loaded = Translations.load(qapp, qm_dir)
    yield loaded
    loaded.clear()


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """A qasync loop over the test QApplication: async slots run as tasks on it.

    Run a scenario with ``qloop.run_until_complete(scenario())`` (STYLE.md's recipe).
    """
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.set_event_loop(None)
    loop.close()

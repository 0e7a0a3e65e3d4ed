"""Keyboard-wedge scanners: a fast burst ending in Enter is a scan and never lands in a field."""

from __future__ import annotations

import string

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from fleet.protocol.sessions import LoginMethod
from kiosk.ui.login import LoginScreen
from kiosk.ui.screens import IdleScreen
from tests.kiosk.ui.scenes import IDLE, LOGIN, SESSION, Kiosk, WindowFactory, finish_tasks

CARD = "20001234567890"
#: A digital-card proof as a QR scanner types it: long, with dots, dashes and underscores.
PROOF = "dcq1." + (string.ascii_letters + string.digits + "-_.") * 5
PROOF = PROOF[:320]


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def scan(widget: QWidget, text: str) -> None:
    """What a wedge does: every key at once, then Enter."""
    QTest.keyClicks(widget, text)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def field_texts(kiosk: Kiosk) -> list[str]:
    return [field.text() for field in kiosk.window.findChildren(QLineEdit)]


def run_scan(qloop: qasync.QEventLoop, widget: QWidget, text: str) -> None:
    async def scenario() -> None:
        scan(widget, text)
        await finish_tasks()

    qloop.run_until_complete(scenario())


def test_a_card_scan_on_the_idle_screen(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(IDLE)
    run_scan(qloop, focused(), CARD)
    assert kiosk.controller.calls == [("scanned", CARD)]
    assert isinstance(kiosk.window.current_screen, IdleScreen)  # no number step opened
    assert kiosk.window.number_step is None
    assert CARD not in "".join(field_texts(kiosk))
    # Enter went to the scan, not to the focused language button.
    assert kiosk.controller.language_requests == []


def test_slow_typing_on_the_idle_screen_is_typing(make_kiosk: WindowFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk(IDLE)
    QTest.keyClicks(focused(), "20001234", Qt.KeyboardModifier.NoModifier, 120)
    screen = kiosk.window.current_screen
    assert isinstance(screen, LoginScreen)
    qtbot.waitUntil(lambda: screen.field.text() == "20001234", timeout=2000)
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    assert kiosk.controller.named("scanned") == []
    assert kiosk.controller.named("begin_login")[0][1] == "20001234"


def test_a_qr_proof_never_reaches_a_field(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(IDLE)
    kiosk.window.open_number_step(LoginMethod.LIBRARY_CARD)
    screen = kiosk.window.current_screen
    assert isinstance(screen, LoginScreen)
    QTest.keyClicks(screen.field, "12")
    QTest.qWait(100)
    assert screen.field.text() == "12"
    seen: list[str] = []
    screen.field.textChanged.connect(seen.append)
    run_scan(qloop, screen.field, PROOF)
    assert kiosk.controller.calls == [("scanned", PROOF)]
    assert all(PROOF[:8] not in text for text in field_texts(kiosk))
    # Not even for a moment.
    assert seen == []


def test_a_proof_scanned_at_the_pin_step(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(LOGIN)
    screen = kiosk.window.current_screen
    assert isinstance(screen, LoginScreen)
    run_scan(qloop, screen.field, PROOF)
    assert kiosk.controller.calls == [("scanned", PROOF)]
    assert screen.field.text() == ""


def test_another_card_at_the_pin_step_goes_to_the_services(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    # The services replace the card being logged in (VisitorService.scanned -> begin_login).
    kiosk = make_kiosk(LOGIN)
    screen = kiosk.window.current_screen
    assert isinstance(screen, LoginScreen)
    QTest.keyClicks(screen.field, "12")
    QTest.qWait(100)  # a person's keys, then a pause, then the scanner
    assert screen.field.text() == "12"
    run_scan(qloop, screen.field, CARD)
    assert kiosk.controller.calls == [("scanned", CARD)]
    assert screen.field.text() == "12"  # the services' new card will empty it


def test_a_stalled_ui_takes_delivered_characters_back(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(LOGIN)
    screen = kiosk.window.current_screen
    assert isinstance(screen, LoginScreen)
    QTest.keyClicks(screen.field, CARD[:6])
    # The hold timer fired mid-burst (the UI was busy): the first part reached the field ...
    kiosk.window.wedge.flush()
    assert screen.field.text() == CARD[:6]
    # ... the rest of the burst and Enter make it a scan, and the field is clean again.
    run_scan(qloop, screen.field, CARD[6:])
    assert kiosk.controller.calls == [("scanned", CARD)]
    assert screen.field.text() == ""


def test_space_and_tab_are_never_held(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    window = kiosk.window
    QTest.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is window.language_bar.buttons["sv"]
    assert window.wedge.holding == ""


def test_no_scanning_during_a_session(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(SESSION)
    assert not kiosk.window.wedge.enabled
    screen = kiosk.window.session_screen
    QTest.keyClicks(screen, CARD)
    QTest.keyClick(screen, Qt.Key.Key_Return)
    assert kiosk.window.wedge.holding == ""
    assert kiosk.controller.named("scanned") == []

"""Keyboard, screen-reader names, staff messages and the language switch's guard rails."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.services.shell import ShellMode
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens import IdleScreen
from tests.kiosk.ui.scenes import IDLE, NOW, VIEWS, WindowFactory, expect_view, settle


def interactive_widgets(window: QWidget) -> list[QWidget]:
    """Everything a visitor can press or tab to (visible now) in ``window`` itself.

    Widgets of other top-level windows owned by it (the session bar) are left out: Tab in
    this window cannot reach them, and they are checked on their own.
    """
    found = []
    top = window.window()
    for widget in window.findChildren(QWidget):
        takes_focus = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if (
            (isinstance(widget, QAbstractButton) or takes_focus)
            and widget.isVisible()
            and widget.window() is top
        ):
            found.append(widget)
    return found


def tab_cycle(window: MainWindow, qtbot: QtBot, presses: int = 12) -> list[QWidget]:
    """Press Tab repeatedly from the focused widget; returns each widget that got focus."""
    reached: list[QWidget] = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        assert focused is not None
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        reached.append(now)
    return reached


@pytest.mark.parametrize("mode", list(ShellMode))
def test_every_interactive_widget_has_an_accessible_name(
    make_kiosk: WindowFactory, mode: ShellMode
) -> None:
    kiosk = make_kiosk(VIEWS[mode])
    widgets = interactive_widgets(kiosk.window)
    assert len(widgets) >= 3  # at least the three language buttons
    for widget in widgets:
        assert widget.accessibleName().strip(), f"{type(widget).__name__} has no accessible name"
    # With a message on top, its close button too.
    kiosk.controller.send_message("Tervetuloa!")
    overlay_widgets = interactive_widgets(kiosk.window.message_overlay)
    assert overlay_widgets
    for widget in overlay_widgets:
        assert widget.accessibleName().strip()


def test_language_buttons_are_named_in_their_own_language(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    labels = {lang: button.text() for lang, button in kiosk.window.language_bar.buttons.items()}
    assert labels == {"fi": "Suomi", "sv": "Svenska", "en": "English"}
    for button in kiosk.window.language_bar.buttons.values():
        assert button.accessibleName() == button.text()
        assert button.accessibleDescription()


@pytest.mark.parametrize("mode", list(ShellMode))
def test_tab_reaches_every_language_button(
    make_kiosk: WindowFactory, qtbot: QtBot, mode: ShellMode
) -> None:
    kiosk = make_kiosk(VIEWS[mode])
    window = kiosk.window
    # Focus starts on the language in use, or where the screen wants it (the PIN field).
    expected: QWidget = window.language_bar.buttons["fi"]
    if mode is ShellMode.LOGIN:
        expected = window.login_screen.field
    elif mode is ShellMode.SESSION:
        expected = window.session_screen.app_buttons["browser"]
    assert QApplication.focusWidget() is expected
    reached = tab_cycle(window, qtbot, presses=len(interactive_widgets(window)) + 2)
    for button in window.language_bar.buttons.values():
        assert button in reached
    # Nothing interactive is left out of the Tab order.
    for widget in interactive_widgets(window):
        assert widget in reached


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space])
def test_keyboard_activates_a_language_button(
    make_kiosk: WindowFactory, qtbot: QtBot, qloop: qasync.QEventLoop, key: Qt.Key
) -> None:
    kiosk = make_kiosk(IDLE)
    window = kiosk.window
    QTest.keyClick(window.language_bar.buttons["fi"], Qt.Key.Key_Tab)
    swedish = window.language_bar.buttons["sv"]
    assert QApplication.focusWidget() is swedish

    async def scenario() -> None:
        waiting = expect_view(window, lambda view: view.language == "sv")
        QTest.keyClick(swedish, key)
        await settle(waiting)

    qloop.run_until_complete(scenario())
    assert kiosk.controller.language_requests == ["sv"]
    assert swedish.isChecked()
    # Focus stays where the visitor left it.
    assert QApplication.focusWidget() is swedish


def test_second_tap_while_switching_is_ignored(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(IDLE)
    window = kiosk.window

    async def scenario() -> None:
        kiosk.controller.gate = asyncio.Event()
        first = window.choose_language("sv")
        second = window.choose_language("en")
        assert isinstance(first, asyncio.Task)
        assert isinstance(second, asyncio.Task)
        await settle(second)
        assert not first.done()  # still waiting on the services
        kiosk.controller.gate.set()
        await settle(first)

    qloop.run_until_complete(scenario())
    assert kiosk.controller.language_requests == ["sv"]
    assert window.view.language == "sv"


def test_failed_switch_keeps_the_current_language(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk = make_kiosk(IDLE)
    window = kiosk.window
    kiosk.controller.fail_next = True

    async def scenario() -> None:
        window.language_bar.buttons["en"].click()
        # The mark does not move before the services have switched.
        assert not window.language_bar.buttons["en"].isChecked()
        # The click started the slot's task; wait for it (and nothing else is running).
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        assert len(pending) == 1
        await settle(asyncio.gather(*pending))

    qloop.run_until_complete(scenario())
    assert kiosk.controller.language_requests == ["en"]
    assert window.view.language == "fi"
    assert window.language_bar.buttons["fi"].isChecked()
    assert not window.language_bar.buttons["en"].isChecked()
    assert "switching the language failed" in caplog.text


def test_message_is_shown_announced_and_dismissed_by_escape(
    make_kiosk: WindowFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk(IDLE)
    window = kiosk.window
    overlay = window.message_overlay
    assert overlay.current is None
    kiosk.controller.send_message("Kirjasto sulkeutuu 15 minuutin kuluttua.")
    assert overlay.isVisible()
    assert overlay.current == "Kirjasto sulkeutuu 15 minuutin kuluttua."
    assert overlay.panel.accessibleName() == "Viesti kirjaston henkilökunnalta"
    assert overlay.panel.accessibleDescription() == overlay.current
    assert QApplication.focusWidget() is overlay.close_button
    # Tab stays inside the message while it is shown.
    QTest.keyClick(overlay.close_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is overlay.close_button
    QTest.keyClick(overlay.close_button, Qt.Key.Key_Escape)
    assert not overlay.isVisible()
    assert overlay.current is None
    assert QApplication.focusWidget() is window.language_bar.buttons["fi"]


def test_messages_queue_and_enter_closes_each(make_kiosk: WindowFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk(VIEWS[ShellMode.LOCKED])
    window = kiosk.window
    overlay = window.message_overlay
    kiosk.controller.send_message("first")
    kiosk.controller.send_message("second")
    assert overlay.current == "first"
    assert overlay.pending == 1
    QTest.keyClick(overlay.close_button, Qt.Key.Key_Return)
    assert overlay.current == "second"
    QTest.mouseClick(overlay.close_button, Qt.MouseButton.LeftButton)
    assert overlay.current is None


def test_message_is_translated_around_the_staff_text(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(IDLE)
    window = kiosk.window
    kiosk.controller.send_message("Hej!")

    async def scenario() -> None:
        waiting = expect_view(window, lambda view: view.language == "en")
        task = window.choose_language("en")
        assert isinstance(task, asyncio.Task)
        await settle(task)
        await settle(waiting)

    qloop.run_until_complete(scenario())
    overlay = window.message_overlay
    assert overlay.heading.text() == "Message from the library staff"
    assert overlay.close_button.text() == "OK, close"
    assert overlay.current == "Hej!"


def test_restart_request_reaches_the_bridge(make_kiosk: WindowFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk(IDLE)
    with qtbot.waitSignal(kiosk.bridge.restart_asked, timeout=1000):
        kiosk.controller.ask_restart()


def test_clock_follows_the_injected_time_and_language(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="en"))
    idle = kiosk.window.current_screen
    assert isinstance(idle, IdleScreen)
    assert idle.now == NOW
    assert idle.clock.text() == "14:05"
    assert idle.date.text() == "Monday 23 November 2026"


def test_larger_text_button_enlarges_every_text(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    window = kiosk.window
    idle = window.current_screen
    assert isinstance(idle, IdleScreen)
    button = window.text_size_button
    assert button.text() == "Suurempi teksti"
    assert button.accessibleName() == "Suurempi teksti"
    normal_invitation = idle.invitation.font().pointSize()
    normal_help = idle.help.font().pointSize()
    normal_icon = window.status_strip.network.icon.width()
    QTest.keyClick(button, Qt.Key.Key_Space)
    assert button.isChecked()
    assert idle.invitation.font().pointSize() > normal_invitation
    assert idle.help.font().pointSize() > normal_help
    assert window.status_strip.network.icon.width() > normal_icon
    QTest.keyClick(button, Qt.Key.Key_Return)
    assert not button.isChecked()
    assert idle.help.font().pointSize() == normal_help


def test_larger_text_button_is_translated(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(IDLE)
    window = kiosk.window

    async def scenario() -> None:
        task = window.choose_language("sv")
        assert isinstance(task, asyncio.Task)
        await settle(task)

    qloop.run_until_complete(scenario())
    assert window.text_size_button.text() == "Större text"
    assert window.text_size_button.accessibleDescription() == "Gör all text på skärmen större"

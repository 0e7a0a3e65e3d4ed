"""The session: greeting, countdown, programs, warnings, more time, log-out and the session bar."""

from __future__ import annotations

import dataclasses
from collections.abc import Coroutine
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.services.shell import SessionWarning, ShellMode
from kiosk.ui.screens import IdleScreen
from kiosk.ui.session import SessionScreen
from kiosk.ui.session_bar import SessionBar
from kiosk.ui.status import Shape
from tests.kiosk.ui.scenes import (
    IDLE,
    LOGIN,
    MONO,
    SESSION,
    SESSION_VIEW,
    Kiosk,
    WindowFactory,
    finish_tasks,
)

FIVE = SessionWarning.FIVE_MINUTES
ONE = SessionWarning.ONE_MINUTE
IDLE_WARNING = SessionWarning.IDLE


def screen_of(kiosk: Kiosk) -> SessionScreen:
    screen = kiosk.window.current_screen
    assert isinstance(screen, SessionScreen)
    return screen


def run(qloop: qasync.QEventLoop, scenario: Coroutine[Any, Any, None]) -> None:
    qloop.run_until_complete(scenario)


def click(widget: object) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[call-overload]


def at_minutes_left(kiosk: Kiosk, minutes: float, warning: SessionWarning) -> None:
    """Move the window's clock so ``minutes`` are left, and publish ``warning``."""
    kiosk.clock.now = SESSION_VIEW.ends_at - minutes * 60
    kiosk.controller.publish_session(warning=warning)
    kiosk.window.tick()


@pytest.mark.parametrize(
    ("language", "greeting", "apps"),
    [
        ("fi", "Hei, Aino", ["Selain", "Tekstinkäsittely"]),
        ("sv", "Hej, Aino", ["Webbläsare", "Ordbehandling"]),
        ("en", "Hello, Aino", ["Web browser", "Word processor"]),
    ],
)
def test_session_screen_in_each_language(
    make_kiosk: WindowFactory, language: str, greeting: str, apps: list[str]
) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language=language))
    screen = screen_of(kiosk)
    assert screen.greeting.text() == greeting
    assert [button.text() for button in screen.app_buttons.values()] == apps
    assert screen.time_value.text() == "42 min"
    assert screen.account_button.isVisible()
    assert screen.reserve_button.isVisible()
    assert screen.extend_button.isVisible()
    assert screen.logout_button.isVisible()
    assert not screen.warning.is_open


def test_no_name_no_account_no_extension(make_kiosk: WindowFactory) -> None:
    session = dataclasses.replace(
        SESSION_VIEW, first_name=None, has_account=False, can_extend=False, online=False
    )
    kiosk = make_kiosk(dataclasses.replace(SESSION, session=session, language="en"))
    screen = screen_of(kiosk)
    assert screen.greeting.text() == "Welcome"
    assert not screen.account_button.isVisible()
    assert not screen.extend_button.isVisible()
    assert not screen.reserve_button.isVisible()  # reserving needs the network
    assert not kiosk.window.session_bar.extend_button.isVisible()


def test_launcher_buttons_launch(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(SESSION)
    screen = screen_of(kiosk)
    button = screen.app_buttons["writer"]
    assert button.accessibleName() == "Avaa Tekstinkäsittely"

    async def scenario() -> None:
        click(button)
        click(button)  # a second tap while it starts does nothing more
        await finish_tasks()

    run(qloop, scenario())
    assert kiosk.controller.calls == [("launch_app", "writer")]


def test_countdown_follows_the_monotonic_clock(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en"))
    screen = screen_of(kiosk)
    bar = kiosk.window.session_bar
    assert screen.time_value.text() == "42 min"
    assert bar.time_label.text() == "Time left: 42 min"
    assert screen.time_box.accessibleName() == "Time left: 42 min"
    kiosk.clock.advance(30)
    kiosk.window.tick()
    assert screen.time_value.text() == "42 min"  # 41.5 minutes are rounded up
    kiosk.clock.advance(40 * 60)
    kiosk.window.tick()
    assert screen.time_value.text() == "2 min"
    assert screen.time_icon.isVisible()  # low time: a shape and underlining, not only colour
    assert screen.time_value.font().underline()
    kiosk.clock.advance(31)
    kiosk.window.tick()
    assert screen.time_value.text() == "0:59"
    assert bar.time_label.text() == "Time left: 0:59"
    kiosk.clock.advance(58.5)
    kiosk.window.tick()
    assert screen.time_value.text() == "0:01"


@pytest.mark.parametrize("level", [FIVE, ONE, IDLE_WARNING])
@pytest.mark.parametrize("can_extend", [True, False])
def test_warning_levels(make_kiosk: WindowFactory, level: SessionWarning, can_extend: bool) -> None:
    session = dataclasses.replace(SESSION_VIEW, can_extend=can_extend)
    kiosk = make_kiosk(dataclasses.replace(SESSION, session=session))
    screen = screen_of(kiosk)
    bar = kiosk.window.session_bar
    left = {FIVE: 4.5, ONE: 0.75, IDLE_WARNING: 30}[level]
    kiosk.clock.now = SESSION_VIEW.ends_at - left * 60
    kiosk.controller.publish_session(
        warning=level, idle_ends_at=kiosk.clock.now + 42 if level is IDLE_WARNING else None
    )
    overlay = screen.warning
    assert overlay.is_open
    assert overlay.icon.isVisible()
    assert overlay.icon.shape is Shape.WARNING
    heading = {FIVE: "Aikaa on 5 minuuttia", ONE: "Aikaa on alle minuutti"}
    assert overlay.heading.text() == heading.get(level, "Oletko vielä paikalla?")
    assert overlay.extend_button.isVisible() is can_extend
    assert bar.warning.isVisible()
    assert bar.warning_heading.text() == overlay.heading.text()
    assert bar.extend_button.isVisible() is can_extend
    assert overlay.ok_button.text() == ("Jatka" if level is IDLE_WARNING else "Selvä")
    # Spoken once, in the visitor's language, and announced assertively once.
    assert len(kiosk.speaker.said) == 1
    assert kiosk.speaker.said[0][1] == "fi"
    assert [assertive for _name, _text, assertive in kiosk.announcer.announced] == [True]
    # Renders without a change of level are silent.
    kiosk.controller.publish_session(notice="app_failed")
    kiosk.window.tick()
    assert len(kiosk.speaker.said) == 1
    assert len(kiosk.announcer.announced) == 2  # the notice, politely
    assert kiosk.announcer.announced[1][2] is False


def test_idle_warning_counts_down_and_continue_reports_activity(
    make_kiosk: WindowFactory,
) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en"))
    screen = screen_of(kiosk)
    kiosk.controller.publish_session(warning=IDLE_WARNING, idle_ends_at=MONO + 42)
    overlay = screen.warning
    assert overlay.advice.text() == ("Touch the screen or press any key. Logging out in 0:42.")
    assert "Are you still there?" in kiosk.speaker.said[0][0]
    kiosk.clock.advance(2)
    kiosk.window.tick()
    assert overlay.advice.text().endswith("Logging out in 0:40.")
    assert kiosk.window.session_bar.warning_text.text().endswith("Logging out in 0:40.")
    calls = kiosk.controller.active_calls
    QTest.keyClick(overlay.ok_button, Qt.Key.Key_Return)
    assert kiosk.controller.active_calls > calls
    assert not overlay.is_open
    assert not kiosk.window.session_bar.warning.isVisible()


def test_speech_once_per_level_change(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="sv"))
    screen = screen_of(kiosk)
    at_minutes_left(kiosk, 4.5, FIVE)
    at_minutes_left(kiosk, 4.4, FIVE)
    assert [text for text, _lang in kiosk.speaker.said] == [
        "5 minuter kvar. Spara ditt arbete. Om du behöver mer tid, tryck på Mer tid."
    ]
    assert kiosk.speaker.said[0][1] == "sv"
    # OK hides it until the level changes.
    click(screen.warning.ok_button)
    assert not screen.warning.is_open
    at_minutes_left(kiosk, 4.3, FIVE)
    assert not screen.warning.is_open
    # Idle: announced; back from idle to the same time warning: silent, not shown again.
    kiosk.controller.publish_session(warning=IDLE_WARNING, idle_ends_at=kiosk.clock.now + 60)
    assert screen.warning.is_open
    assert len(kiosk.speaker.said) == 2
    kiosk.controller.publish_session(warning=FIVE, idle_ends_at=None)
    assert not screen.warning.is_open
    assert len(kiosk.speaker.said) == 2
    at_minutes_left(kiosk, 0.9, ONE)
    assert screen.warning.is_open
    assert len(kiosk.speaker.said) == 3
    assert kiosk.speaker.said[2][0].startswith("Mindre än en minut kvar.")
    # After more time the warnings apply again.
    at_minutes_left(kiosk, 20, SessionWarning.NONE)
    assert not screen.warning.is_open
    at_minutes_left(kiosk, 4.9, FIVE)
    assert len(kiosk.speaker.said) == 4


def test_more_time_from_the_warning(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(SESSION)
    screen = screen_of(kiosk)
    at_minutes_left(kiosk, 4.5, FIVE)
    import asyncio

    kiosk.controller.extend_gate = asyncio.Event()

    async def scenario() -> None:
        click(screen.warning.extend_button)
        await asyncio.sleep(0.01)
        # While the services ask the fleet, every "More time" is disabled.
        assert not screen.warning.extend_button.isEnabled()
        assert not screen.extend_button.isEnabled()
        assert not kiosk.window.session_bar.extend_button.isEnabled()
        click(screen.extend_button)
        assert kiosk.controller.extend_gate is not None
        kiosk.controller.extend_gate.set()
        await finish_tasks()

    run(qloop, scenario())
    assert kiosk.controller.named("extend_session") == [()]
    assert not screen.warning.is_open
    assert screen.notice.message == "Sait 30 minuuttia lisäaikaa."
    assert screen.notice.icon.shape is Shape.CHECK
    assert kiosk.window.session_bar.notice.text() == "Sait 30 minuuttia lisäaikaa."
    assert screen.extend_button.isEnabled()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("extension_not_allowed", "Et voi nyt saada lisäaikaa. Tallenna työsi."),
        ("offline_no_extension", "Verkko ei toimi, joten et voi nyt saada lisäaikaa."),
        ("app_failed", "Ohjelma ei avautunut. Yritä uudelleen tai kysy henkilökunnalta."),
        ("app_unknown", "Tätä ohjelmaa ei ole tällä tietokoneella."),
    ],
)
def test_session_notices_are_translated(
    make_kiosk: WindowFactory, code: str, expected: str
) -> None:
    kiosk = make_kiosk(SESSION)
    screen = screen_of(kiosk)
    kiosk.controller.publish_session(notice=code)
    assert screen.notice.message == expected
    assert screen.notice.icon.shape is Shape.WARNING
    assert kiosk.announcer.texts == [expected]
    close = screen.notice.close_button
    assert close is not None
    click(close)
    assert screen.notice.message is None


def test_log_out_asks_first(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(SESSION)
    screen = screen_of(kiosk)
    click(screen.logout_button)
    confirm = screen.logout_confirm
    assert confirm.is_open
    assert confirm.heading.text() == "Haluatko kirjautua ulos nyt?"
    assert kiosk.window.focusWidget() is confirm.no_button  # Enter twice must not log out
    QTest.keyClick(confirm.no_button, Qt.Key.Key_Return)
    assert not confirm.is_open
    assert kiosk.controller.calls == []
    click(screen.logout_button)
    QTest.keyClick(confirm.no_button, Qt.Key.Key_Escape)
    assert not confirm.is_open

    async def scenario() -> None:
        click(screen.logout_button)
        click(confirm.yes_button)
        await finish_tasks()

    run(qloop, scenario())
    assert kiosk.controller.calls == [("logout",)]
    assert isinstance(kiosk.window.current_screen, IdleScreen)
    assert not kiosk.window.session_bar.isVisible()


def test_log_out_from_the_bar(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en"))
    bar = kiosk.window.session_bar
    click(bar.logout_button)
    assert bar.confirming
    assert bar.confirm_text.text() == "Log out now? Your files will be deleted."
    click(bar.no_button)
    assert not bar.confirming
    assert kiosk.controller.calls == []

    async def scenario() -> None:
        click(bar.logout_button)
        click(bar.yes_button)
        await finish_tasks()

    run(qloop, scenario())
    assert kiosk.controller.calls == [("logout",)]
    assert not bar.isVisible()


def test_session_bar_only_in_a_session_and_on_top(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    bar = kiosk.window.session_bar
    assert isinstance(bar, SessionBar)
    assert not bar.isVisible()
    flags = bar.windowFlags()
    assert bar.isWindow()
    for flag in (
        Qt.WindowType.WindowStaysOnTopHint,
        Qt.WindowType.FramelessWindowHint,
        Qt.WindowType.Tool,
    ):
        assert flags & flag == flag
    assert bar.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    kiosk.controller.publish(LOGIN)
    assert not bar.isVisible()
    kiosk.controller.publish(SESSION)
    assert bar.isVisible()
    assert bar.geometry().top() == bar.screen().availableGeometry().top()
    for button in (bar.extend_button, bar.logout_button):
        assert button.accessibleName()
    kiosk.controller.end_session()
    assert not bar.isVisible()


def test_session_end_wipes_what_the_ui_holds(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(SESSION)
    window = kiosk.window
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("my bank password", QClipboard.Mode.Clipboard)
    assert clipboard.text() == "my bank password"
    at_minutes_left(kiosk, 0.5, ONE)
    screen = screen_of(kiosk)
    click(screen.logout_button)
    assert screen.logout_confirm.is_open
    window.login_screen.field.setText("1234")
    kiosk.controller.send_message("Aino, neuvojasi odottaa.")
    kiosk.bridge.session_ended.emit()
    assert clipboard.text(QClipboard.Mode.Clipboard) == ""
    assert window.login_screen.field.text() == ""
    assert not screen.logout_confirm.is_open
    assert not screen.warning.is_open
    assert not window.message_overlay.isVisible()
    assert not window.session_bar.isVisible()
    assert kiosk.speaker.stops >= 1
    # Back to the idle screen at once, before the services' next view.
    assert isinstance(window.current_screen, IdleScreen)
    # The warning of the ended session is not spoken again.
    assert len(kiosk.speaker.said) == 1


def test_activity_is_reported_at_most_once_a_second(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(SESSION)
    screen = screen_of(kiosk)
    before = kiosk.controller.active_calls
    for _ in range(3):
        QTest.mouseClick(screen.greeting, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        QTest.keyClick(screen, Qt.Key.Key_Shift)
    assert kiosk.controller.active_calls == before + 1
    kiosk.clock.advance(1.0)
    QTest.keyClick(screen, Qt.Key.Key_A)
    assert kiosk.controller.active_calls == before + 2
    # Nobody to report for outside a session.
    kiosk.controller.publish(IDLE)
    kiosk.clock.advance(5)
    QTest.keyClick(kiosk.window.idle_screen, Qt.Key.Key_Shift)
    assert kiosk.controller.active_calls == before + 2


def test_touching_during_the_idle_warning_counts(make_kiosk: WindowFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk(SESSION)
    kiosk.clock.advance(10)
    kiosk.controller.publish_session(warning=IDLE_WARNING, idle_ends_at=kiosk.clock.now + 50)
    calls = kiosk.controller.active_calls
    QTest.mouseClick(screen_of(kiosk).warning.panel, Qt.MouseButton.LeftButton)
    assert kiosk.controller.active_calls == calls + 1
    assert kiosk.window.view.mode is ShellMode.SESSION


def test_the_bar_does_not_take_the_keyboard(make_kiosk: WindowFactory, qtbot: QtBot) -> None:
    # Some platforms activate every new window, whatever its flags say; the bar hands the
    # keyboard back to the kiosk window it was taken from.
    kiosk = make_kiosk(LOGIN)
    window = kiosk.window
    assert QApplication.activeWindow() is window
    kiosk.controller.publish(SESSION)
    assert window.session_bar.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.wait(50)
    assert QApplication.activeWindow() is window
    assert QApplication.focusWidget() is screen_of(kiosk).app_buttons["browser"]

"""Logging in: the idle screen's buttons, the number step, the PIN keypad, errors and notices."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from fleet.protocol.sessions import LoginMethod, LoginRefusal
from kiosk.services.shell import LoginView, ShellMode
from kiosk.ui.login import LoginScreen
from kiosk.ui.notices import NoticeTexts
from kiosk.ui.screens import IdleScreen
from tests.kiosk.ui.scenes import IDLE, LOGIN, Kiosk, WindowFactory, finish_tasks

#: Keys a person types are at least this far apart (a keyboard wedge types within 50 ms).
PERSON_MS = 120


def type_like_a_person(text: str) -> None:
    """Keys to whatever has the focus, as slowly as people type."""
    for char in text:
        focused = QApplication.focusWidget()
        assert focused is not None
        QTest.keyClicks(focused, char, Qt.KeyboardModifier.NoModifier, PERSON_MS)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def login_screen(kiosk: Kiosk) -> LoginScreen:
    screen = kiosk.window.current_screen
    assert isinstance(screen, LoginScreen)
    return screen


def press_keys(screen: LoginScreen, keys: str) -> None:
    """Tap keypad keys: digits one by one, or one named key ("erase", "ok")."""
    for key in [keys] if keys in ("erase", "ok") else list(keys):
        QTest.mouseClick(screen.keypad.keys[key], Qt.MouseButton.LeftButton)


def run(qloop: qasync.QEventLoop, scenario: object) -> None:
    assert asyncio.iscoroutine(scenario)
    qloop.run_until_complete(scenario)


def test_keypad_number_then_pin(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(IDLE)
    window = kiosk.window
    idle = window.current_screen
    assert isinstance(idle, IdleScreen)
    QTest.mouseClick(idle.number_button, Qt.MouseButton.LeftButton)
    screen = login_screen(kiosk)
    assert window.number_step is LoginMethod.LIBRARY_CARD
    assert screen.title.text() == "Kirjoita kirjastokorttisi numero"
    assert screen.field.echoMode() == QLineEdit.EchoMode.Normal
    # The field keeps the focus while the keys are tapped.
    assert QApplication.focusWidget() is screen.field
    press_keys(screen, "20001234")
    assert QApplication.focusWidget() is screen.field
    press_keys(screen, "erase")
    press_keys(screen, "5")
    assert screen.field.text() == "20001235"
    assert kiosk.controller.calls == []  # nothing leaves the screen before OK
    press_keys(screen, "ok")
    assert kiosk.controller.calls == [("begin_login", LoginMethod.LIBRARY_CARD, "20001235")]
    # The services asked for the PIN: the same screen, now masked and empty.
    assert window.view.mode is ShellMode.LOGIN
    assert window.number_step is None
    assert screen.title.text() == "Näppäile PIN-koodisi"
    assert screen.hint.text() == "Kirjastokortti •••• 1235"
    assert screen.field.text() == ""
    assert screen.field.echoMode() == QLineEdit.EchoMode.Password

    async def scenario() -> None:
        press_keys(screen, "1234")
        assert screen.field.text() == "1234"
        press_keys(screen, "ok")
        # Cleared at once, before the services have answered.
        assert screen.field.text() == ""
        await finish_tasks()

    run(qloop, scenario())
    assert kiosk.controller.named("submit_pin") == [("1234",)]
    assert screen.field.text() == ""
    assert screen.error.message == "PIN-koodi on väärä. Yritä uudelleen."
    assert ("NoticePanel", "PIN-koodi on väärä. Yritä uudelleen.", True) in (
        kiosk.announcer.announced
    )


def test_physical_keyboard_number_then_pin(
    make_kiosk: WindowFactory, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="en"))
    window = kiosk.window
    # A person typing digits on the idle screen gets the number step with them.
    type_like_a_person("2000 1234")
    screen = login_screen(kiosk)
    qtbot.waitUntil(lambda: screen.field.text() == "2000 1234", timeout=2000)
    assert window.number_step is LoginMethod.LIBRARY_CARD
    QTest.keyClick(focused(), Qt.Key.Key_Backspace)
    QTest.keyClick(focused(), Qt.Key.Key_5)
    qtbot.waitUntil(lambda: screen.field.text() == "2000 1235", timeout=2000)
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    assert kiosk.controller.calls == [("begin_login", LoginMethod.LIBRARY_CARD, "2000 1235")]
    assert screen.hint.text() == "Library card •••• 1235"
    assert QApplication.focusWidget() is screen.field

    async def scenario() -> None:
        # Four digits are too short for a scan, however fast they come.
        QTest.keyClicks(screen.field, "4321")
        QTest.keyClick(screen.field, Qt.Key.Key_Enter)
        await finish_tasks()

    run(qloop, scenario())
    assert kiosk.controller.named("submit_pin") == [("4321",)]
    assert kiosk.controller.named("scanned") == []
    assert screen.field.text() == ""
    assert screen.error.message == "The PIN is wrong. Please try again."


def test_guest_pass_labels_and_letters(make_kiosk: WindowFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="sv"))
    idle = kiosk.window.current_screen
    assert isinstance(idle, IdleScreen)
    QTest.keyClick(idle.guest_button, Qt.Key.Key_Return)
    screen = login_screen(kiosk)
    assert screen.title.text() == "Skriv koden på ditt gästpass"
    assert screen.field.accessibleName() == "Gästpassets kod"
    type_like_a_person("ABCD-2")
    press_keys(screen, "345")
    qtbot.waitUntil(lambda: screen.field.text() == "ABCD-2345", timeout=2000)
    QTest.keyClick(screen.field, Qt.Key.Key_Return)
    assert kiosk.controller.calls == [("begin_login", LoginMethod.GUEST_PASS, "ABCD-2345")]
    assert screen.hint.text() == "Gästpass •••• 2345"


def test_number_step_checks_the_number_and_cancels(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    window = kiosk.window
    window.open_number_step(LoginMethod.LIBRARY_CARD)
    screen = login_screen(kiosk)
    press_keys(screen, "ok")
    assert screen.error.message == "Kirjoita ensin numero."
    assert kiosk.announcer.texts[-1] == "Kirjoita ensin numero."
    press_keys(screen, "1")
    assert screen.error.message is None  # typing again takes the complaint away
    QTest.keyClick(screen.field, Qt.Key.Key_Escape)
    assert window.number_step is None
    assert isinstance(window.current_screen, IdleScreen)
    assert screen.field.text() == ""
    # Focus returns to the button that started it.
    assert QApplication.focusWidget() is window.idle_screen.number_button
    assert kiosk.controller.calls == []


def test_number_the_services_do_not_take(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    kiosk.controller.accept_numbers = False
    kiosk.window.open_number_step(LoginMethod.LIBRARY_CARD, "1234567")
    screen = login_screen(kiosk)
    press_keys(screen, "ok")
    assert kiosk.controller.named("begin_login") == [(LoginMethod.LIBRARY_CARD, "1234567")]
    assert kiosk.window.number_step is LoginMethod.LIBRARY_CARD
    assert screen.error.message == (
        "Tämä tietokone ei ole vielä valmis. Odota hetki tai kysy henkilökunnalta."
    )


def test_a_refused_number_goes_back_to_the_idle_notice(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    kiosk.window.open_number_step(LoginMethod.LIBRARY_CARD, "99")
    kiosk.controller.publish(dataclasses.replace(IDLE, notice="card_number_invalid"))
    idle = kiosk.window.current_screen
    assert isinstance(idle, IdleScreen)
    assert idle.notice.message == "Numero ei ole oikein. Tarkista numero ja kirjoita se uudelleen."


def test_cancel_and_escape_clear_the_pin(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(LOGIN)
    screen = login_screen(kiosk)
    press_keys(screen, "12")
    QTest.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    assert kiosk.controller.calls == [("cancel_login",)]
    assert screen.field.text() == ""
    assert isinstance(kiosk.window.current_screen, IdleScreen)
    # Again, with Escape from the physical keyboard.
    kiosk.controller.publish(LOGIN)
    QTest.keyClicks(screen.field, "98")
    kiosk.window.wedge.flush()  # what the hold timer does 80 ms later
    assert screen.field.text() == "98"
    QTest.keyClick(screen.field, Qt.Key.Key_Escape)
    assert kiosk.controller.named("cancel_login") == [(), ()]
    assert screen.field.text() == ""


def test_leaving_the_screen_forgets_the_pin(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(LOGIN)
    screen = login_screen(kiosk)
    QTest.keyClicks(screen.field, "5555")
    kiosk.window.wedge.flush()
    assert screen.field.text() == "5555"
    # The services end the log-in (a lock, a time-out): the PIN does not wait in the widget.
    kiosk.controller.publish(dataclasses.replace(IDLE))
    assert screen.field.text() == ""
    kiosk.controller.publish(LOGIN)
    assert screen.field.text() == ""


def test_checking_disables_input(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(LOGIN)
    screen = login_screen(kiosk)
    kiosk.controller.pin_gate = asyncio.Event()

    async def scenario() -> None:
        QTest.keyClicks(screen.field, "1234")
        QTest.keyClick(screen.field, Qt.Key.Key_Return)
        await asyncio.sleep(0.01)
        assert kiosk.window.view.login is not None
        assert kiosk.window.view.login.checking
        assert screen.status.isVisible()
        assert screen.status.text() == "Tarkistetaan…"
        assert not screen.field.isEnabled()
        assert not screen.keypad.isEnabled()
        assert not screen.cancel_button.isEnabled()
        # Neither the keypad nor Enter sends anything while checking.
        screen.submit()
        QTest.keyClick(screen, Qt.Key.Key_Escape)
        assert kiosk.controller.named("submit_pin") == [("1234",)]
        assert kiosk.controller.named("cancel_login") == []
        assert kiosk.controller.pin_gate is not None
        kiosk.controller.pin_gate.set()
        await finish_tasks()

    run(qloop, scenario())
    assert screen.field.isEnabled()
    assert not screen.status.isVisible()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_refusal_has_its_own_sentence(make_kiosk: WindowFactory, language: str) -> None:
    kiosk = make_kiosk(dataclasses.replace(LOGIN, language=language))
    screen = login_screen(kiosk)
    texts = NoticeTexts()
    generic = texts.generic()
    seen = set()
    for code in [*LoginRefusal, "offline_library_card", "pin_missing", "not_ready"]:
        assert kiosk.window.view.login is not None
        login = dataclasses.replace(kiosk.window.view.login, error=code)
        kiosk.controller.publish(dataclasses.replace(kiosk.window.view, login=login))
        message = screen.error.message
        assert message is not None
        assert message != generic, code
        seen.add(message)
        assert screen.error.icon.isVisible()  # a shape as well as words
    assert len(seen) == len(LoginRefusal) + 3
    # An unknown code still says something useful.
    kiosk.controller.publish(
        dataclasses.replace(
            LOGIN,
            language=language,
            login=LoginView(
                method=LoginMethod.LIBRARY_CARD, card_hint="•••• 5678", error="something_new"
            ),
        )
    )
    assert screen.error.message == generic


def test_throttled_pin_says_when_to_try_again(make_kiosk: WindowFactory) -> None:
    assert LOGIN.login is not None
    login = dataclasses.replace(LOGIN.login, error="pin_throttled", retry_after_seconds=290)
    kiosk = make_kiosk(dataclasses.replace(LOGIN, language="en", login=login))
    screen = login_screen(kiosk)
    assert screen.error.message == (
        "Too many wrong PINs. Wait a moment and try again. You can try again in 5 min."
    )


def test_a_guest_pin_step(make_kiosk: WindowFactory) -> None:
    login = LoginView(method=LoginMethod.GUEST_PASS, card_hint="•••• 2345")
    kiosk = make_kiosk(dataclasses.replace(LOGIN, login=login))
    screen = login_screen(kiosk)
    assert screen.hint.text() == "Vierastunnus •••• 2345"
    assert screen.field.echoMode() == QLineEdit.EchoMode.Password


def test_keypad_keys_are_large_and_grow(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(LOGIN)
    screen = login_screen(kiosk)
    sizes = {name: key.size() for name, key in screen.keypad.keys.items()}
    assert all(size.width() >= 64 and size.height() >= 64 for size in sizes.values()), sizes
    QTest.mouseClick(kiosk.window.text_size_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    larger = screen.keypad.keys["5"].size()
    assert larger.width() > sizes["5"].width()
    assert larger.height() > sizes["5"].height()


def test_idle_notice_is_translated_announced_and_dismissed(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    idle = kiosk.window.current_screen
    assert isinstance(idle, IdleScreen)
    kiosk.controller.publish(dataclasses.replace(IDLE, notice="uid_only_card"))
    expected = (
        "Tätä korttia ei voi käyttää tässä. Skannaa kirjastokorttisi viivakoodi tai käytä "
        "sovelluksen digitaalista korttia."
    )
    assert idle.notice.message == expected
    assert kiosk.announcer.announced == [("NoticePanel", expected, True)]
    # The notice takes the invitation's place while it is up.
    assert not idle.call_to_action.isVisible()
    # Re-rendering (a clock tick, another change) does not announce it again.
    kiosk.controller.publish(dataclasses.replace(kiosk.controller.view, online=False))
    assert len(kiosk.announcer.announced) == 1
    close = idle.notice.close_button
    assert close is not None
    assert close.accessibleName() == "Sulje tämä viesti"
    QTest.keyClick(close, Qt.Key.Key_Return)
    assert kiosk.controller.calls == [("dismiss_notice",)]
    assert idle.notice.message is None
    assert idle.call_to_action.isVisible()


@pytest.mark.parametrize(
    ("language", "starts", "expected"),
    [
        ("fi", dt.datetime(2026, 11, 23, 16, 0), "Tämä tietokone on varattu klo 16.00 alkaen"),
        ("sv", dt.datetime(2026, 11, 23, 16, 30), "Den här datorn är bokad från kl. 16.30"),
        ("en", dt.datetime(2026, 11, 23, 16, 0), "This computer is reserved from 16:00"),
        ("en", dt.datetime(2026, 11, 23, 14, 0), "This computer is reserved now."),
        ("fi", dt.datetime(2026, 11, 24, 9, 0), None),  # tomorrow: not for today's visitors
    ],
)
def test_idle_screen_shows_todays_reservation(
    make_kiosk: WindowFactory, language: str, starts: dt.datetime, expected: str | None
) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language=language, reserved_from=starts))
    idle = kiosk.window.current_screen
    assert isinstance(idle, IdleScreen)
    if expected is None:
        assert not idle.reserved.isVisible()
    else:
        assert idle.reserved.isVisible()
        assert idle.reserved.text() == expected


def test_reservation_in_utc_is_shown_in_local_time(make_kiosk: WindowFactory) -> None:
    # The fleet sends aware UTC times; the screen shows this PC's local time.
    local = dt.datetime(2026, 11, 23, 16, 0).astimezone()
    kiosk = make_kiosk(dataclasses.replace(IDLE, reserved_from=local.astimezone(dt.UTC)))
    idle = kiosk.window.current_screen
    assert isinstance(idle, IdleScreen)
    assert idle.reserved.text() == "Tämä tietokone on varattu klo 16.00 alkaen"

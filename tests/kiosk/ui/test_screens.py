"""Each screen renders from a ShellView: the right page, the right words, in every language."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from fleet.protocol import DayHours, HoursException, LocalizedText
from kiosk.services.shell import ShellMode
from kiosk.ui.login import LoginScreen
from kiosk.ui.screens import IdleScreen, LockedScreen, NotRegisteredScreen, StartingScreen
from kiosk.ui.session import SessionScreen
from tests.kiosk.ui.scenes import IDLE, VIEWS, WindowFactory, expect_view, settle

SCREEN_TYPES = {
    ShellMode.STARTING: StartingScreen,
    ShellMode.IDLE: IdleScreen,
    ShellMode.LOCKED: LockedScreen,
    ShellMode.NOT_REGISTERED: NotRegisteredScreen,
    ShellMode.LOGIN: LoginScreen,
    ShellMode.SESSION: SessionScreen,
}

# A phrase each screen shows, per language: proof that the screen was translated live.
HEADLINES = {
    ShellMode.STARTING: {"fi": "Käynnistyy…", "sv": "Startar…", "en": "Starting…"},
    ShellMode.IDLE: {
        "fi": "Kosketa lukijaa puhelimellasi tai skannaa kirjastokorttisi",
        "sv": "Håll telefonen mot läsaren eller skanna ditt bibliotekskort",
        "en": "Tap your phone or scan your library card",
    },
    ShellMode.LOCKED: {
        "fi": "Tämä tietokone on lukittu",
        "sv": "Den här datorn är låst",
        "en": "This computer is locked",
    },
    ShellMode.NOT_REGISTERED: {
        "fi": "Tätä tietokonetta ei ole rekisteröity",
        "sv": "Den här datorn är inte registrerad",
        "en": "This computer is not registered",
    },
    ShellMode.LOGIN: {
        "fi": "Näppäile PIN-koodisi",
        "sv": "Skriv din PIN-kod",
        "en": "Type your PIN",
    },
    ShellMode.SESSION: {"fi": "Hei, Aino", "sv": "Hej, Aino", "en": "Hello, Aino"},
}


def visible_texts(window: QWidget) -> str:
    texts = [
        w.text()
        for w in window.findChildren(QWidget)
        if isinstance(w, QLabel | QAbstractButton) and w.isVisible()
    ]
    return "\n".join(texts)


@pytest.mark.parametrize("mode", list(ShellMode))
def test_each_mode_shows_its_screen(make_kiosk: WindowFactory, mode: ShellMode) -> None:
    kiosk = make_kiosk(VIEWS[mode])
    assert isinstance(kiosk.window.current_screen, SCREEN_TYPES[mode])
    assert HEADLINES[mode]["fi"] in visible_texts(kiosk.window)


def test_idle_screen_shows_branch_hours_and_clock(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    idle = kiosk.window.current_screen
    assert isinstance(idle, IdleScreen)
    assert idle.branch.text() == "Oodi – Helsingin keskustakirjasto"
    assert idle.hours.text() == "Avoinna tänään 8–21"
    assert not idle.note.isVisible()
    assert idle.clock.text() == "14.05"
    assert idle.date.text().endswith("23.11.2026")
    # The invitation is not a button (tapping or scanning needs none); typing has two buttons.
    assert idle.invitation.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert idle.number_button.text() == "Kirjoita kortin numero"
    assert idle.guest_button.text() == "Vierastunnus"
    assert not idle.reserved.isVisible()
    assert not idle.notice.isVisible()


def test_idle_screen_says_closed_and_shows_the_exception_note(make_kiosk: WindowFactory) -> None:
    holiday = HoursException(
        date=dt.date(2026, 12, 6),
        note=LocalizedText(
            fi="Itsenäisyyspäivä", sv="Självständighetsdagen", en="Independence Day"
        ),
    )
    kiosk = make_kiosk(dataclasses.replace(IDLE, hours_today=holiday, language="sv"))
    idle = kiosk.window.current_screen
    assert isinstance(idle, IdleScreen)
    assert idle.hours.text() == "Stängt i dag"
    assert idle.note.isVisible()
    assert idle.note.text() == "Självständighetsdagen"


def test_idle_screen_short_day_with_minutes(make_kiosk: WindowFactory) -> None:
    short = HoursException(
        date=dt.date(2026, 12, 24),
        opens=dt.time(9, 30),
        closes=dt.time(13),
        note=LocalizedText(fi="Jouluaatto", sv="Julafton", en="Christmas Eve"),
    )
    kiosk = make_kiosk(dataclasses.replace(IDLE, hours_today=short, language="en"))
    idle = kiosk.window.current_screen
    assert isinstance(idle, IdleScreen)
    assert idle.hours.text() == "Open today 9:30–13"
    assert idle.note.text() == "Christmas Eve"


def test_idle_screen_before_any_configuration(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, branch_name=None, hours_today=None))
    idle = kiosk.window.current_screen
    assert isinstance(idle, IdleScreen)
    assert idle.branch.text() == "Tervetuloa kirjastoon"
    assert not idle.hours.isVisible()


def test_closed_weekday_rule(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, hours_today=DayHours(), language="en"))
    idle = kiosk.window.current_screen
    assert isinstance(idle, IdleScreen)
    assert idle.hours.text() == "Closed today"
    assert not idle.note.isVisible()


def test_locked_screen_shows_the_staff_message_as_plain_text(make_kiosk: WindowFactory) -> None:
    message = "<b>Huolto</b> klo 15 asti"
    kiosk = make_kiosk(dataclasses.replace(VIEWS[ShellMode.LOCKED], lock_message=message))
    locked = kiosk.window.current_screen
    assert isinstance(locked, LockedScreen)
    assert locked.message.text() == message
    assert locked.message.textFormat() == Qt.TextFormat.PlainText
    assert locked.panel.isVisible()
    assert locked.accessibleDescription() == message


def test_locked_screen_without_a_message_hides_the_panel(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(VIEWS[ShellMode.LOCKED], lock_message=None))
    locked = kiosk.window.current_screen
    assert isinstance(locked, LockedScreen)
    assert not locked.panel.isVisible()
    assert "Tämä tietokone on lukittu" in visible_texts(kiosk.window)


def test_not_registered_screen_names_the_computer(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(VIEWS[ShellMode.NOT_REGISTERED])
    screen = kiosk.window.current_screen
    assert isinstance(screen, NotRegisteredScreen)
    assert screen.computer.text() == "Tietokoneen nimi: kiosk-oodi-07"
    assert "Ota yhteyttä kirjaston henkilökuntaan tai IT-tukeen." in visible_texts(kiosk.window)


def test_screens_follow_the_services(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(VIEWS[ShellMode.STARTING])
    for mode in (ShellMode.IDLE, ShellMode.LOCKED, ShellMode.IDLE, ShellMode.NOT_REGISTERED):
        kiosk.controller.publish(VIEWS[mode])
        assert isinstance(kiosk.window.current_screen, SCREEN_TYPES[mode])


@pytest.mark.parametrize("mode", list(ShellMode))
def test_language_switch_on_every_screen(
    make_kiosk: WindowFactory, qtbot: QtBot, qloop: qasync.QEventLoop, mode: ShellMode
) -> None:
    kiosk = make_kiosk(VIEWS[mode])
    window = kiosk.window
    for language in ("sv", "en", "fi"):
        button = window.language_bar.buttons[language]
        assert button.isVisible()

        async def scenario(button: QWidget = button, language: str = language) -> None:
            waiting = expect_view(window, lambda view: view.language == language)
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            await settle(waiting)

        qloop.run_until_complete(scenario())
        texts = visible_texts(window)
        assert HEADLINES[mode][language] in texts
        others = {lang for lang in HEADLINES[mode] if lang != language}
        assert not any(HEADLINES[mode][other] in texts for other in others)
        assert window.language_bar.buttons[language].isChecked()
    assert kiosk.controller.language_requests == ["sv", "en", "fi"]


def test_branch_name_and_status_follow_the_language(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(IDLE)
    window = kiosk.window

    async def scenario() -> None:
        waiting = expect_view(window, lambda view: view.language == "sv")
        window.language_bar.buttons["sv"].click()
        await settle(waiting)

    qloop.run_until_complete(scenario())
    idle = window.current_screen
    assert isinstance(idle, IdleScreen)
    assert idle.branch.text() == "Ode – Helsingfors centrumbibliotek"
    assert idle.hours.text() == "Öppet i dag 8–21"
    assert window.status_strip.network.label.text() == "Nätanslutning: fungerar"
    assert window.windowTitle() == "Bibliotekets dator"

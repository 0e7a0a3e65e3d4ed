"""Help me now: asking (with or without a topic), the waiting panel, the call, print and cancel."""

from __future__ import annotations

import dataclasses

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from fleet.protocol.support import HelpStatus, SupportTopic
from kiosk.services.shell import ShellMode
from kiosk.services.support import SupportError
from kiosk.ui.help_queue import HelpPanel
from kiosk.ui.help_topics import HelpTopicScreen
from kiosk.ui.screens import IdleScreen
from kiosk.ui.status import Shape
from tests.kiosk.ui.fakes import help_ticket
from tests.kiosk.ui.scenes import IDLE, SESSION, Kiosk, WindowFactory, finish_tasks

CALLED = HelpStatus.CALLED


def press(widget: QWidget, key: Qt.Key = Qt.Key.Key_Return) -> None:
    QTest.keyClick(widget, key)


def run_press(qloop: qasync.QEventLoop, widget: QWidget) -> None:
    """Press a button whose slot calls the services, and let that call finish."""

    async def scenario() -> None:
        press(widget)
        await finish_tasks()

    qloop.run_until_complete(scenario())


def open_help(kiosk: Kiosk) -> HelpTopicScreen:
    press(kiosk.window.idle_screen.support.help_button)
    screen = kiosk.window.current_screen
    assert isinstance(screen, HelpTopicScreen)
    return screen


def panel(kiosk: Kiosk) -> HelpPanel:
    return kiosk.window.idle_screen.help_panel


def test_asking_for_help_with_a_topic(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(IDLE)
    screen = open_help(kiosk)
    assert screen.title.text() == "Apua nyt"
    email = screen.topic_buttons[SupportTopic.EMAIL]
    assert email.accessibleName() == "Sähköposti"
    assert QApplication.focusWidget() is screen.topic_buttons[SupportTopic.E_IDENTIFICATION]
    run_press(qloop, email)
    assert kiosk.controller.calls == [("ask_for_help", SupportTopic.EMAIL)]
    idle = kiosk.window.current_screen
    assert isinstance(idle, IdleScreen)
    shown = panel(kiosk)
    assert shown.isVisible()
    assert not idle.call_to_action.isVisible()  # the ticket takes the invitation's place
    assert not idle.support.help_button.isVisible()  # one ticket is enough
    assert shown.digits.text() == "12"
    assert shown.caption.text() == "Vuoronumerosi"
    assert shown.text_label.text() == (
        "Neuvoja tulee tämän tietokoneen luo. Ennen sinua on 2 henkilöä. Noin 10 minuuttia."
    )
    assert QApplication.focusWidget() is shown.print_button
    assert kiosk.announcer.announced[-1] == (
        "HelpPanel",
        "Vuoronumerosi on 12. Neuvoja tulee tämän tietokoneen luo. "
        "Ennen sinua on 2 henkilöä. Noin 10 minuuttia.",
        False,
    )
    assert kiosk.speaker.said == []  # waiting is not news to say aloud


def test_asking_without_a_topic(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="sv"))
    screen = open_help(kiosk)
    assert screen.skip_button.text() == "Hoppa över"
    run_press(qloop, screen.skip_button)
    assert kiosk.controller.calls == [("ask_for_help", None)]
    assert panel(kiosk).isVisible()


def test_cancel_and_escape_ask_nothing(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(IDLE)
    screen = open_help(kiosk)
    press(screen.cancel_button)
    assert isinstance(kiosk.window.current_screen, IdleScreen)
    screen = open_help(kiosk)
    press(screen.topic_buttons[SupportTopic.SCAMS], Qt.Key.Key_Escape)
    assert isinstance(kiosk.window.current_screen, IdleScreen)
    assert kiosk.controller.calls == []
    assert QApplication.focusWidget() is kiosk.window.idle_screen.support.help_button


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "offline",
            "Kirjaston verkko ei toimi juuri nyt, joten tätä ei voi tehdä täällä. "
            "Kysy apua kirjaston henkilökunnalta.",
        ),
        ("something_new", "Se ei onnistunut. Kysy apua kirjaston henkilökunnalta."),
    ],
)
def test_a_refusal_is_explained(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop, code: str, expected: str
) -> None:
    kiosk = make_kiosk(IDLE)
    kiosk.controller.help_result = SupportError(code)
    screen = open_help(kiosk)
    run_press(qloop, screen.topic_buttons[SupportTopic.VIDEO_CALLS])
    assert kiosk.window.current_screen is screen  # still here: try again, or cancel
    assert screen.error.message == expected
    assert screen.error.icon.shape is Shape.WARNING
    assert not panel(kiosk).isVisible()


@pytest.mark.parametrize(
    ("position", "minutes", "expected"),
    [
        (
            2,
            10,
            "An adviser will come to this computer. 2 people are before you. About 10 minutes.",
        ),
        (
            1,
            1,
            "An adviser will come to this computer. 1 person is before you. It will not take long.",
        ),
        (0, None, "An adviser will come to this computer. You are next."),
        (5, None, "An adviser will come to this computer. 5 people are before you."),
    ],
)
def test_the_waiting_panel(
    make_kiosk: WindowFactory, position: int, minutes: int | None, expected: str
) -> None:
    ticket = help_ticket(position=position, estimated_wait_minutes=minutes)
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="en", help=ticket))
    shown = panel(kiosk)
    assert shown.text_label.text() == expected
    assert shown.digits.text() == "12"
    assert shown.print_button.text() == "Print my number"
    assert shown.cancel_button.text() == "Cancel"
    assert not shown.coming_label.isVisible()
    assert shown.accessibleName() == f"Your number is 12. {expected}"


@pytest.mark.parametrize(
    ("name", "coming"),
    [("Aino", "Aino is coming to you now."), (None, "An adviser is coming to you now.")],
)
def test_the_call_is_shown_spoken_once_and_announced(
    make_kiosk: WindowFactory, name: str | None, coming: str
) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="en", help=help_ticket()))
    kiosk.controller.publish_help(help_ticket(position=1))  # moving up is not news
    assert kiosk.speaker.said == []
    called = help_ticket(status=CALLED, position=0, adviser_name=name)
    kiosk.controller.publish_help(called)
    shown = panel(kiosk)
    assert shown.coming_label.isVisible()
    assert shown.coming_label.text() == coming
    assert shown.icon.isVisible()
    assert shown.icon.shape is Shape.CHECK  # a shape as well as the yellow background
    assert not shown.print_button.isVisible()
    spoken = f"{coming} Your number is 12."
    assert kiosk.speaker.said == [(spoken, "en")]
    assert ("HelpPanel", spoken, True) in kiosk.announcer.announced
    # Once: the same call in another view (a language switch, a refresh) says nothing more.
    kiosk.controller.publish_help(called)
    kiosk.controller.publish(dataclasses.replace(kiosk.controller.view, language="fi"))
    assert len(kiosk.speaker.said) == 1
    assert shown.coming_label.text() == (
        "Aino tulee luoksesi nyt." if name else "Neuvoja tulee luoksesi nyt."
    )


@pytest.mark.parametrize(
    ("outcome", "language", "expected", "shape"),
    [
        ("printed", "fi", "Ota vuoronumerosi tulostimesta.", Shape.CHECK),
        (
            "paper_out",
            "fi",
            "Tulostimen paperi on loppu. Kerro siitä henkilökunnalle.",
            Shape.WARNING,
        ),
        ("no_printer", "sv", "Den här datorn har ingen skrivare.", Shape.WARNING),
        ("printer_offline", "en", "Your number could not be printed.", Shape.WARNING),
        ("printer_error", "en", "Your number could not be printed.", Shape.WARNING),
    ],
)
def test_printing_the_number(
    make_kiosk: WindowFactory,
    qloop: qasync.QEventLoop,
    outcome: str,
    language: str,
    expected: str,
    shape: Shape,
) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language=language, help=help_ticket()))
    kiosk.controller.print_result = outcome
    shown = panel(kiosk)
    run_press(qloop, shown.print_button)
    assert kiosk.controller.calls == [("print_help_ticket",)]
    assert shown.outcome.text() == expected
    assert shown.outcome.isVisible()
    assert shown.outcome_icon.shape is shape
    assert not shown.print_button.isVisible()  # the outcome takes its place
    assert ("QLabel", expected, False) in kiosk.announcer.announced
    assert QApplication.focusWidget() is shown.cancel_button


def test_cancel_asks_first(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language="en", help=help_ticket()))
    shown = panel(kiosk)
    press(shown.cancel_button)
    assert shown.confirm_label.text() == "Leave the queue?"
    assert shown.yes_button.isVisible()
    assert QApplication.focusWidget() is shown.no_button  # Enter twice keeps the place
    press(shown.no_button)
    assert not shown.yes_button.isVisible()
    assert QApplication.focusWidget() is shown.cancel_button
    assert kiosk.controller.calls == []
    press(shown.cancel_button)
    run_press(qloop, shown.yes_button)
    assert kiosk.controller.calls == [("cancel_help",)]
    assert not shown.isVisible()
    idle = kiosk.window.idle_screen
    assert idle.call_to_action.isVisible()
    assert idle.support.help_button.isVisible()
    assert QApplication.focusWidget() is idle.support.help_button


def test_the_strip_in_the_session_and_over_the_pages(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en", help=help_ticket()))
    strip = kiosk.window.help_strip
    assert strip.isVisible()
    assert strip.text_label.text() == (
        "Your number is 12. 2 people are before you. About 10 minutes."
    )
    assert not kiosk.window.session_screen.support.help_button.isVisible()
    # A guide while waiting: the strip stays.
    QTest.keyClick(kiosk.window.session_screen.support.guides_button, Qt.Key.Key_Return)
    assert kiosk.window.current_screen is kiosk.window.guides_screen
    assert strip.isVisible()
    kiosk.controller.publish_help(help_ticket(status=CALLED, position=0, adviser_name="Aino"))
    assert strip.coming_label.text() == "Aino is coming to you now."
    assert strip.text_label.text() == "Your number is 12"
    assert kiosk.speaker.said == [("Aino is coming to you now. Your number is 12.", "en")]
    # Announced on the session bar: the visitor's program may cover the window.
    assert kiosk.announcer.announced[-1][1:] == (
        "Aino is coming to you now. Your number is 12.",
        True,
    )
    # The session ends (the services cancel the ticket): nothing is left on screen.
    kiosk.controller.publish_help(None)
    kiosk.controller.end_session()
    assert not strip.isVisible()


def test_the_ticket_is_not_shown_on_a_locked_screen(make_kiosk: WindowFactory) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, help=help_ticket()))
    kiosk.controller.publish(dataclasses.replace(kiosk.controller.view, mode=ShellMode.LOCKED))
    assert not kiosk.window.help_strip.isVisible()


def test_the_session_bar_shows_the_ticket_over_the_visitors_programs(
    make_kiosk: WindowFactory,
) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en", help=help_ticket()))
    bar = kiosk.window.session_bar
    assert bar.help_line.isVisible()
    assert bar.help_label.text() == "Your number is 12. 2 people are before you. About 10 minutes."

    def shape() -> Shape:  # read afresh after each change
        return bar.help_icon.shape

    assert shape() is Shape.DASH
    kiosk.controller.publish_help(help_ticket(status=CALLED, position=0, adviser_name="Aino"))
    assert bar.help_label.text() == "Aino is coming to you now. Your number is 12."
    assert shape() is Shape.CHECK  # the shape changes with the words
    assert bar.help_line.accessibleName() == bar.help_label.text()
    kiosk.controller.publish(dataclasses.replace(kiosk.controller.view, language="sv"))
    assert bar.help_label.text().startswith("Aino kommer till dig nu.")
    kiosk.controller.publish_help(None)  # served, or cancelled
    assert not bar.help_line.isVisible()

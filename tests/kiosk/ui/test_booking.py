"""Booking an adviser: the wizard by keyboard, validation, the confirmation, slips and refusals."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from fleet.protocol.support import BookingCreate, SlotList, SupportTopic
from kiosk.services.support import BookedSlip, SupportError
from kiosk.ui.booking import BookingScreen, BookingStep
from kiosk.ui.main_window import PAGE_IDLE_SECONDS
from kiosk.ui.screens import IdleScreen
from kiosk.ui.status import Shape
from tests.kiosk.ui.fakes import confirmation_for
from tests.kiosk.ui.scenes import (
    DAY_AFTER,
    IDLE,
    SESSION,
    SLOTS,
    TOMORROW,
    Kiosk,
    WindowFactory,
    finish_tasks,
    slot,
)

NOT_PRINTED = "The slip could not be printed: write the code down or take a photo. Staff can help."


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(widget: QWidget | None = None, which: Qt.Key = Qt.Key.Key_Return) -> None:
    QTest.keyClick(widget or focused(), which)


def open_booking(kiosk: Kiosk) -> BookingScreen:
    screen = kiosk.window.current_screen
    support = getattr(screen, "support", None)
    assert support is not None
    key(support.booking_button)
    booking = kiosk.window.current_screen
    assert isinstance(booking, BookingScreen)
    return booking


def run(qloop: qasync.QEventLoop, steps: Callable[[], None]) -> None:
    """Do ``steps`` (key presses) inside the qasync loop and let the service calls finish."""

    async def scenario() -> None:
        steps()
        await finish_tasks()

    qloop.run_until_complete(scenario())


def step(screen: BookingScreen) -> BookingStep:
    """The question on screen (a call, so each read is fresh)."""
    return screen.step


def texts(screen: BookingScreen, question: BookingStep) -> list[str]:
    page = {
        BookingStep.TOPIC: screen.topic_list,
        BookingStep.LANGUAGE: screen.language_list,
        BookingStep.BRANCH: screen.branch_list,
        BookingStep.DAY: screen.day_list,
        BookingStep.TIME: screen.time_list,
    }[question]
    return [button.label.text() for _key, button in page.buttons]


def to_contact(kiosk: Kiosk, qloop: qasync.QEventLoop, language: str = "fi") -> BookingScreen:
    """Topic e-mail, ``language``, tomorrow, 11.00: the name question."""
    screen = open_booking(kiosk)
    key(screen.topic_list.button_for(SupportTopic.EMAIL))
    run(qloop, lambda: key(screen.language_list.button_for(language)))
    key(screen.day_list.button_for(TOMORROW))
    key(screen.time_list.buttons[1][1])
    assert step(screen) is BookingStep.CONTACT
    return screen


def test_the_whole_wizard_by_keyboard(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    # In a session: the keyboard types straight into the fields (no scanner detection).
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en"))
    kiosk.controller.slots_result = SLOTS
    screen = open_booking(kiosk)
    assert screen.question.text() == "What do you need help with?"
    assert focused() is screen.topic_list.buttons[0][1]
    key(focused(), Qt.Key.Key_Tab)  # the second topic: e-mail
    assert focused().accessibleName() == "E-mail"
    key()
    assert screen.question.text() == "In which language?"
    assert texts(screen, BookingStep.LANGUAGE) == ["Suomi", "Svenska", "English"]
    assert focused() is screen.language_list.button_for("en")  # the screen's, as a start
    key(focused(), Qt.Key.Key_Backtab)
    assert focused() is screen.language_list.button_for("sv")
    run(qloop, key)
    assert kiosk.controller.named("support_slots") == [(SupportTopic.EMAIL, "sv", None)]
    # One branch: no question about it; the days that have times.
    assert step(screen) is BookingStep.DAY
    assert texts(screen, BookingStep.DAY) == [
        "Tomorrow, Tuesday 24 November 2026",
        "Wednesday 25 November 2026",
    ]
    key()
    assert screen.question.text() == "What time?"
    # Two advisers are free at 10.00: one button (the one with more room).
    assert texts(screen, BookingStep.TIME) == ["10:00–10:45", "11:00–11:45"]
    assert screen.time_list.buttons[0][1].accessibleName() == "From 10:00 to 10:45"
    key(focused(), Qt.Key.Key_Tab)
    key()
    assert screen.question.text() == "Who is coming?"
    assert focused() is screen.name_field
    # The name is required: the error is shown by the field and read with it.
    key(screen.contact_field)
    assert step(screen) is BookingStep.CONTACT
    assert screen.name_error.message == "Write your name or a nickname."
    assert screen.name_error.icon.shape is Shape.WARNING
    assert screen.name_field.accessibleDescription() == "Write your name or a nickname."
    assert focused() is screen.name_field
    assert ("QLineEdit", "Write your name or a nickname.", True) in kiosk.announcer.announced
    QTest.keyClicks(screen.name_field, "Aino")
    key(screen.name_field)  # Enter goes on to the next field
    assert focused() is screen.contact_field
    QTest.keyClicks(screen.contact_field, "040 12ab")
    key(screen.contact_field)
    assert screen.name_error.message is None
    assert screen.contact_error.message == "Check the phone number, for example 040 123 4567."
    assert screen.contact_field.accessibleDescription() == screen.contact_error.message
    assert focused() is screen.contact_field
    screen.contact_field.clear()
    QTest.keyClicks(screen.contact_field, "aino@example")
    key(screen.contact_field)
    assert screen.contact_error.message == (
        "Check the e-mail address, for example aino@example.fi."
    )
    QTest.keyClicks(screen.contact_field, ".fi")
    key(screen.contact_field)
    assert step(screen) is BookingStep.CONFIRM
    assert screen.summary.text().split("\n") == [
        "Topic: E-mail",
        "Language: Svenska",
        "Place: Oodi Helsinki Central Library",
        "Time: tomorrow, Tuesday 24 November 2026 at 11:00–11:45",
        "Name: Aino",
        "Reminder to: aino@example.fi",
    ]
    assert screen.confirm_privacy.text() == (
        "Your name and contact details are deleted after the appointment."
    )
    assert focused() is screen.next_button
    assert screen.next_button.text() == "Book"
    run(qloop, key)
    [(request,)] = kiosk.controller.named("book_adviser")
    assert isinstance(request, BookingCreate)
    chosen = SLOTS.slots[2]
    assert (request.adviser, request.branch_id, request.starts_at) == (
        chosen.adviser,
        chosen.branch_id,
        chosen.starts_at,
    )
    assert (request.topic, request.language, request.name) == (SupportTopic.EMAIL, "sv", "Aino")
    assert (request.email, request.phone) == ("aino@example.fi", None)
    # The confirmation: when, where, the code big, what to do with it, the slip.
    assert step(screen) is BookingStep.DONE
    assert screen.done_heading.text() == "Your time is booked"
    assert screen.done_when.text() == "tomorrow, Tuesday 24 November 2026 at 11:00–11:45"
    assert screen.done_place.text() == "Oodi, 2. kerros, digituki"
    assert screen.code.text() == "K7QMP-X3RTA"
    assert screen.code.accessibleName() == "Booking code: K7QMP-X3RTA"
    assert screen.keep_code.text() == "Keep this code to cancel or change the booking."
    assert screen.slip.message == "Take your slip from the printer."
    assert screen.slip.icon.shape is Shape.CHECK
    assert not screen.back_button.isVisible()
    assert focused() is screen.next_button
    announced = kiosk.announcer.texts[-1]
    assert "K7QMP-X3RTA" in announced
    assert "Take your slip from the printer." in announced
    key()  # Done
    assert kiosk.window.page is None
    assert screen.name_field.text() == ""  # forgotten


@pytest.mark.parametrize("outcome", ["paper_out", "printer_offline", "no_printer", "printer_error"])
def test_a_slip_that_was_not_printed(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop, outcome: str
) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en"))
    kiosk.controller.slots_result = SLOTS
    kiosk.controller.slip_outcome = outcome
    screen = to_contact(kiosk, qloop, "en")
    screen.name_field.setText("Aino")
    screen.go_next()
    run(qloop, screen.go_next)
    assert step(screen) is BookingStep.DONE
    assert screen.code.text() == "K7QMP-X3RTA"  # the booking stands
    assert screen.slip.message == NOT_PRINTED
    assert screen.slip.icon.shape is Shape.WARNING


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fi",
            "Varauslappua ei voitu tulostaa. Kirjoita tunnus muistiin tai ota siitä kuva. "
            "Henkilökunta auttaa.",
        ),
        (
            "sv",
            "Lappen kunde inte skrivas ut. Skriv upp koden eller ta ett foto. "
            "Personalen hjälper dig.",
        ),
    ],
)
def test_the_confirmation_in_finnish_and_swedish(
    make_kiosk: WindowFactory, language: str, expected: str
) -> None:
    kiosk = make_kiosk(dataclasses.replace(IDLE, language=language))
    screen = open_booking(kiosk)
    request = BookingCreate(
        adviser="a1",
        branch_id="oodi",
        starts_at=dt.datetime.combine(DAY_AFTER, dt.time(13)).astimezone(),
        topic=SupportTopic.SCAMS,
        language=language,
        name="Aino",
    )
    screen.show_booked(BookedSlip(confirmation_for(request), "paper_out"))
    assert screen.slip.message == expected
    when = {
        "fi": "keskiviikkona 25.11.2026 klo 13.00–13.45",
        "sv": "onsdag 25.11.2026 kl. 13.00–13.45",
    }[language]
    assert screen.done_when.text() == when


def test_back_keeps_the_answers(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="fi"))
    kiosk.controller.slots_result = SLOTS
    screen = to_contact(kiosk, qloop, "sv")
    screen.name_field.setText("Aino")
    key(screen.back_button)
    assert step(screen) is BookingStep.TIME
    chosen = screen.time_list.buttons[1][1]
    assert chosen.isChecked()
    assert focused() is chosen
    key(screen.back_button)
    assert step(screen) is BookingStep.DAY
    assert focused() is screen.day_list.button_for(TOMORROW)
    key(screen.back_button)  # one branch: straight back to the language
    assert step(screen) is BookingStep.LANGUAGE
    assert focused() is screen.language_list.button_for("sv")
    key(screen.back_button)
    assert step(screen) is BookingStep.TOPIC
    assert focused() is screen.topic_list.button_for(SupportTopic.EMAIL)
    # Forward again with the same answers: no new search, everything still marked.
    key()
    key()
    assert len(kiosk.controller.named("support_slots")) == 1
    assert step(screen) is BookingStep.DAY
    key()
    key()
    assert screen.name_field.text() == "Aino"
    # Escape goes back one question, like Back.
    key(screen.name_field, Qt.Key.Key_Escape)
    assert step(screen) is BookingStep.TIME


def test_a_time_taken_meanwhile(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en"))
    kiosk.controller.slots_result = SLOTS
    screen = to_contact(kiosk, qloop, "en")
    screen.name_field.setText("Aino")
    screen.go_next()
    assert step(screen) is BookingStep.CONFIRM
    kiosk.controller.book_result = SupportError("slot_full")
    kiosk.controller.slots_result = SlotList(
        slots=[slot(TOMORROW, 10), slot(TOMORROW, 11, 30), slot(DAY_AFTER, 13)]
    )
    run(qloop, lambda: key(screen.next_button))
    # Fresh times for the same day, and why.
    assert len(kiosk.controller.named("support_slots")) == 2
    assert step(screen) is BookingStep.TIME
    assert texts(screen, BookingStep.TIME) == ["10:00–10:45", "11:30–12:15"]
    assert screen.notice.message == "Someone booked that time just now. Please choose another time."
    assert screen.answers.day == TOMORROW
    kiosk.controller.book_result = None
    key(screen.time_list.buttons[1][1])
    assert screen.name_field.text() == "Aino"
    screen.go_next()
    run(qloop, screen.go_next)
    assert step(screen) is BookingStep.DONE
    [_, (request,)] = kiosk.controller.named("book_adviser")
    assert isinstance(request, BookingCreate)
    assert request.starts_at == dt.datetime.combine(TOMORROW, dt.time(11, 30)).astimezone()


def test_the_day_is_gone_too(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en"))
    kiosk.controller.slots_result = SLOTS
    screen = to_contact(kiosk, qloop, "en")
    screen.name_field.setText("Aino")
    screen.go_next()
    kiosk.controller.book_result = SupportError("too_late")
    kiosk.controller.slots_result = SlotList(slots=[slot(DAY_AFTER, 13)])
    run(qloop, screen.go_next)
    assert step(screen) is BookingStep.DAY
    assert texts(screen, BookingStep.DAY) == ["Wednesday 25 November 2026"]
    assert screen.notice.message == (
        "That time can no longer be booked. Please choose a later time."
    )


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (
            SupportError("offline"),
            "Kirjaston verkko ei toimi juuri nyt, joten tätä ei voi tehdä täällä. "
            "Kysy apua kirjaston henkilökunnalta.",
        ),
        (
            SlotList(),
            "Tälle aiheelle ei ole vapaita aikoja tällä kielellä. Valitse toinen kieli tai "
            "kysy henkilökunnalta.",
        ),
    ],
)
def test_no_times_to_choose(
    make_kiosk: WindowFactory,
    qloop: qasync.QEventLoop,
    result: SlotList | Exception,
    expected: str,
) -> None:
    kiosk = make_kiosk(IDLE)
    kiosk.controller.slots_result = result
    screen = open_booking(kiosk)
    key(screen.topic_list.button_for(SupportTopic.SCAMS))
    run(qloop, lambda: key(screen.language_list.button_for("fi")))
    assert step(screen) is BookingStep.LANGUAGE  # choose another language, or cancel
    assert screen.notice.message == expected
    assert screen.notice.icon.shape is Shape.WARNING


def test_an_offline_booking_can_be_tried_again(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en"))
    kiosk.controller.slots_result = SLOTS
    screen = to_contact(kiosk, qloop, "en")
    screen.name_field.setText("Aino")
    screen.go_next()
    kiosk.controller.book_result = SupportError("offline")
    run(qloop, screen.go_next)
    assert step(screen) is BookingStep.CONFIRM
    assert screen.notice.message is not None
    assert screen.notice.message.startswith("The library's network is not working")
    assert focused() is screen.next_button


def test_several_branches_ask_where(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en"))
    kiosk.controller.slots_result = SlotList(
        slots=[slot(TOMORROW, 10), slot(DAY_AFTER, 9, branch="kallio")]
    )
    screen = open_booking(kiosk)
    key(screen.topic_list.button_for(SupportTopic.EBOOKS))
    run(qloop, lambda: key(screen.language_list.button_for("fi")))
    assert step(screen) is BookingStep.BRANCH
    assert screen.question.text() == "In which library?"
    # Only this PC's branch has a name in the view; others show their id.
    assert texts(screen, BookingStep.BRANCH) == ["oodi", "kallio"]
    key(screen.branch_list.button_for("kallio"))
    assert texts(screen, BookingStep.DAY) == ["Wednesday 25 November 2026"]
    key(screen.back_button)
    assert step(screen) is BookingStep.BRANCH


def test_the_name_is_limited_like_the_fleet_does(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="sv"))
    kiosk.controller.slots_result = SLOTS
    screen = to_contact(kiosk, qloop, "sv")
    screen.name_field.setText("A" * 61)
    screen.contact_field.setText("+358 40 123 4567")
    screen.go_next()
    assert screen.name_error.message == "Namnet är för långt. Använd högst 60 bokstäver."
    assert screen.contact_error.message is None
    screen.name_field.setText("  Aino   Maria ")
    screen.go_next()
    assert step(screen) is BookingStep.CONFIRM
    assert "Namn: Aino Maria" in screen.summary.text()


def test_left_alone_on_the_idle_screen_the_booking_is_forgotten(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(IDLE)
    kiosk.controller.slots_result = SLOTS
    screen = to_contact(kiosk, qloop, "fi")
    screen.name_field.setText("Aino")
    screen.contact_field.setText("040 123 4567")
    kiosk.clock.advance(PAGE_IDLE_SECONDS + 1)
    kiosk.window.tick()
    assert isinstance(kiosk.window.current_screen, IdleScreen)
    assert screen.name_field.text() == ""
    assert screen.contact_field.text() == ""
    assert screen.answers.slot is None
    assert step(screen) is BookingStep.TOPIC


def test_the_end_of_a_session_forgets_the_booking(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(SESSION)
    kiosk.controller.slots_result = SLOTS
    screen = to_contact(kiosk, qloop, "fi")
    screen.name_field.setText("Aino")
    kiosk.controller.end_session()
    assert isinstance(kiosk.window.current_screen, IdleScreen)
    assert screen.name_field.text() == ""

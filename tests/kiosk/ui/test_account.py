"""My account and reserving a computer: what the fake services answer, and their errors."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from fleet.protocol.sessions import Hold, Loan, PatronAccount, ReservationOptions
from kiosk.services.errors import FleetUnreachableError
from kiosk.services.visitor import VisitorError
from kiosk.ui.session import SessionScreen
from kiosk.ui.status import Shape
from tests.kiosk.ui.scenes import SESSION, Kiosk, WindowFactory, finish_tasks

ACCOUNT = PatronAccount(
    loans=[
        Loan(title="Tuntematon sotilas", due=dt.date(2026, 12, 1)),
        Loan(title="Muumipappa ja meri", due=dt.date(2026, 11, 20), overdue=True),
    ],
    holds=[
        Hold(
            title="Seitsemän veljestä",
            ready=True,
            pickup_location="Oodi",
            pickup_by=dt.date(2026, 11, 27),
        ),
        Hold(title="Kalevala"),
    ],
    fees_cents=250,
)


def session_screen(kiosk: Kiosk) -> SessionScreen:
    screen = kiosk.window.current_screen
    assert isinstance(screen, SessionScreen)
    return screen


def open_account(kiosk: Kiosk, qloop: qasync.QEventLoop) -> None:
    async def scenario() -> None:
        QTest.mouseClick(session_screen(kiosk).account_button, Qt.MouseButton.LeftButton)
        assert session_screen(kiosk).account.status.isVisible()  # "Loading…" at once
        await finish_tasks()

    qloop.run_until_complete(scenario())


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        (
            "fi",
            [
                "Lainat: 2",
                "• Muumipappa ja meri – eräpäivä oli 20.11.2026 (myöhässä)",
                "• Tuntematon sotilas – eräpäivä 1.12.2026",
                "Noudettavissa: 1",
                "• Seitsemän veljestä – noutopaikka Oodi, nouda viimeistään 27.11.2026",
                "Muita varauksia tulossa: 1",
                "Maksettavaa: 2,50 €",
            ],
        ),
        (
            "en",
            [
                "Loans: 2",
                "• Muumipappa ja meri – was due 20 Nov 2026 (late)",
                "• Tuntematon sotilas – due 1 Dec 2026",
                "Ready to pick up: 1",
                "• Seitsemän veljestä – at Oodi, pick up by 27 Nov 2026",
                "Other holds on the way: 1",
                "Fees to pay: €2.50",
            ],
        ),
    ],
)
def test_account_shows_loans_holds_and_fees(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop, language: str, lines: list[str]
) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language=language))
    kiosk.controller.account_result = ACCOUNT
    open_account(kiosk, qloop)
    overlay = session_screen(kiosk).account
    assert overlay.is_open
    assert not overlay.status.isVisible()
    shown = "\n".join(
        label.text()
        for label in (
            overlay.loans_heading,
            overlay.loans,
            overlay.holds_heading,
            overlay.holds,
            overlay.other_holds,
            overlay.fees,
        )
    )
    assert shown.split("\n") == lines
    assert kiosk.controller.calls == [("account",)]
    # Titles from the library system are never HTML.
    assert overlay.loans.textFormat() == Qt.TextFormat.PlainText
    QTest.keyClick(overlay.close_button, Qt.Key.Key_Escape)
    assert not overlay.is_open


def test_empty_account(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(SESSION)
    open_account(kiosk, qloop)
    overlay = session_screen(kiosk).account
    assert overlay.loans.text() == "Sinulla ei ole lainoja."
    assert overlay.holds.text() == "Sinulle ei ole nyt mitään noudettavaa."
    assert overlay.fees.text() == "Sinulla ei ole maksettavaa."


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            VisitorError("offline_no_account"),
            "Verkko ei toimi, joten tietojasi ei voi nyt näyttää.",
        ),
        (
            VisitorError("account_not_available"),
            "Tietojasi ei voi näyttää, kun olet kirjautunut tällä tavalla.",
        ),
        (VisitorError("something_else"), "Se ei onnistunut. Kysy apua kirjaston henkilökunnalta."),
        (FleetUnreachableError(), "Se ei onnistunut. Kysy apua kirjaston henkilökunnalta."),
    ],
)
def test_account_errors_are_translated(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop, error: Exception, expected: str
) -> None:
    kiosk = make_kiosk(SESSION)
    kiosk.controller.account_result = error
    open_account(kiosk, qloop)
    overlay = session_screen(kiosk).account
    assert overlay.error.message == expected
    assert overlay.error.icon.shape is Shape.WARNING
    assert not overlay.scroll_area.isVisible()


def test_reserving_a_computer(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(SESSION)
    starts = [dt.datetime(2026, 11, 23, 15, 0), dt.datetime(2026, 11, 23, 15, 30)]
    kiosk.controller.options_result = ReservationOptions(
        branch_id="oodi", minutes=60, starts=starts
    )
    overlay = session_screen(kiosk).reservation

    async def choose() -> None:
        QTest.mouseClick(session_screen(kiosk).reserve_button, Qt.MouseButton.LeftButton)
        await finish_tasks()
        assert overlay.intro.text() == (
            "Valitse alkamisaika tänään. Saat tietokoneen käyttöösi 60 minuutiksi."
        )
        buttons = [button for _at, button in overlay.time_buttons]
        assert [button.text() for button in buttons] == ["15.00", "15.30"]
        assert buttons[0].accessibleName() == "Varaa klo 15.00 alkaen"
        QTest.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
        await finish_tasks()

    qloop.run_until_complete(choose())
    assert kiosk.controller.calls == [("reservation_options",), ("reserve", starts[0])]
    assert overlay.notice.message == "Tietokone oodi-pc-2 on varattu sinulle klo 15.00–16.00."
    assert overlay.notice.icon.shape is Shape.CHECK
    assert overlay.time_buttons == []


@pytest.mark.parametrize(
    ("language", "code", "expected"),
    [
        ("fi", "no_free_pc", "Silloin ei ole vapaata tietokonetta. Valitse toinen aika."),
        ("sv", "pc_taken", "Någon bokade just den tiden. Välj en annan tid."),
        ("en", "reservation_needs_card", "You need a library card to reserve a computer."),
    ],
)
def test_reservation_errors_are_translated(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop, language: str, code: str, expected: str
) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language=language))
    start = dt.datetime(2026, 11, 23, 16, 0)
    kiosk.controller.options_result = ReservationOptions(
        branch_id="oodi", minutes=60, starts=[start]
    )
    kiosk.controller.reserve_result = VisitorError(code)
    overlay = session_screen(kiosk).reservation

    async def scenario() -> None:
        overlay.load()
        await finish_tasks()
        overlay.choose(start)
        await finish_tasks()

    qloop.run_until_complete(scenario())
    assert overlay.notice.message == expected
    assert len(overlay.time_buttons) == 1  # the visitor can choose again


def test_no_free_times_and_offline(make_kiosk: WindowFactory, qloop: qasync.QEventLoop) -> None:
    kiosk = make_kiosk(dataclasses.replace(SESSION, language="en"))
    overlay = session_screen(kiosk).reservation

    async def scenario() -> None:
        overlay.load()
        await finish_tasks()
        assert overlay.intro.text() == "No computer is free to reserve today."
        overlay.close_overlay()
        kiosk.controller.options_result = VisitorError("offline_no_reservation")
        overlay.load()
        await finish_tasks()

    qloop.run_until_complete(scenario())
    assert overlay.notice.message == (
        "The network is not working, so you cannot reserve a computer now."
    )


def test_session_end_forgets_the_account(
    make_kiosk: WindowFactory, qloop: qasync.QEventLoop
) -> None:
    kiosk = make_kiosk(SESSION)
    kiosk.controller.account_result = ACCOUNT
    open_account(kiosk, qloop)
    overlay = session_screen(kiosk).account
    assert "Tuntematon sotilas" in overlay.loans.text()
    kiosk.controller.end_session()
    assert not overlay.is_open
    assert overlay.account is None
    assert overlay.loans.text() == ""

"""Reminders: once, in the booking's language, by e-mail through a real SMTP server and by SMS."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from fleet.protocol.support import Reschedule
from fleet.support import bookings
from fleet.support.models import AdviserProfile, SupportBooking
from fleet.support.notify import (
    DeliveryError,
    Email,
    LoggingSmsNotifier,
    Notifier,
    Sms,
    SmsNotifier,
    SmtpConfig,
    SmtpEmailNotifier,
)
from fleet.support.reminders import Due, ReminderJob, reminder_email, reminder_sms, when_text
from tests.fleet.support.booking_world import (
    HELSINKI,
    KEYS,
    MONDAY_11,
    TUESDAY,
    add_adviser,
    add_rule,
    book,
    local,
)
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.network import free_port

# The test server takes a password without TLS (loopback only); aiosmtpd warns of that.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
TEN = local(TUESDAY, 10)
ELEVEN = local(TUESDAY, 11)
SENDER = "digituki@library.example"


class Inbox:
    """An aiosmtpd handler that keeps what it receives and checks the login."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"

    def authenticate(
        self, _server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"p@ss word", handled=False)


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on a free loopback port."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=inbox.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def smtp_url(port: int) -> str:
    return f"smtp://reminders:p%40ss%20word@127.0.0.1:{port}?from={SENDER}&timeout=5"


class RecordingSms:
    """Stands in for an SMS gateway in tests: keeps the messages."""

    def __init__(self) -> None:
        self.sent: list[Sms] = []

    async def send(self, message: Sms) -> None:
        self.sent.append(message)


def job(
    fleet_db: FleetDb,
    clock: FakeClock,
    *,
    email_notifier: Notifier | None,
    sms: SmsNotifier | None,
) -> ReminderJob:
    factory = sessionmaker(fleet_db.engine, class_=Session, expire_on_commit=False)
    return ReminderJob(factory, clock, KEYS, hours=24, email=email_notifier, sms=sms)


@pytest.fixture
def aino(fleet_db: FleetDb) -> AdviserProfile:
    fleet_db.create_branch("oodi")
    profile = add_adviser(fleet_db, languages=("fi", "sv", "en"))
    add_rule(fleet_db, profile.user_id, capacity=5)
    return profile


def row(fleet_db: FleetDb, booking_id: int | None) -> SupportBooking:
    with fleet_db.session() as session:
        found = session.get(SupportBooking, booking_id)
        assert found is not None
        return found


@pytest.mark.asyncio
async def test_each_booking_is_reminded_once_in_its_language(
    fleet_db: FleetDb, aino: AdviserProfile, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, port = smtp_server
    finnish = book(fleet_db, aino, TEN, name="Maija")  # e-mail and phone
    swedish = book(fleet_db, aino, TEN, language="sv", name="Bo", phone=None, email="bo@x.fi")
    english = book(fleet_db, aino, ELEVEN, language="en", name="Sam", email=None)  # SMS only
    book(fleet_db, aino, ELEVEN, name="Nobody", phone=None, email=None)  # nothing to send
    later = book(fleet_db, aino, TEN + dt.timedelta(days=7), name="Later", phone=None)
    clock = FakeClock(MONDAY_11)
    sms = RecordingSms()
    reminders = job(
        fleet_db,
        clock,
        email_notifier=SmtpEmailNotifier(SmtpConfig.from_url(smtp_url(port))),
        sms=sms,
    )

    assert await reminders.run_once() == {"sent": 4, "failed": 0}
    assert inbox.logins == [(b"reminders", b"p@ss word")] * 2  # one connection per message
    by_recipient = {recipients[0]: message for recipients, message in inbox.received}
    assert sorted(by_recipient) == ["bo@x.fi", "maija@example.org"]

    fi = by_recipient["maija@example.org"]
    assert fi["From"] == SENDER
    assert fi["Subject"] == "Muistutus: digitukiaika ti 24.11.2026 klo 10.00–10.45"
    body = fi.get_content()
    assert body.startswith("Hei Maija!")
    assert "Aika: ti 24.11.2026 klo 10.00–10.45" in body
    assert "Paikka: oodi fi, Testikatu 1, Helsinki – 2nd floor, digital support desk" in body
    assert "Aihe: Sähköposti" in body
    assert "Neuvoja: Aino" in body
    assert f"varauskoodilla {bookings.format_booking_code(finnish.code)}" in body

    sv = by_recipient["bo@x.fi"]
    assert sv["Subject"] == "Påminnelse: tid för digitalt stöd tis 24.11.2026 kl. 10.00–10.45"
    body = sv.get_content()
    assert body.startswith("Hej Bo!")
    assert "Plats: oodi sv, Testikatu 1, Helsinki" in body
    assert "Ämne: E-post" in body
    assert f"bokningskoden {bookings.format_booking_code(swedish.code)}" in body

    assert {message.booking_id for message in sms.sent} == {
        finnish.booking.id,
        english.booking.id,
    }
    assert len(sms.sent) == 2
    english_sms = next(m for m in sms.sent if m.booking_id == english.booking.id)
    assert english_sms.to == "+358 40 123 4567"
    assert english_sms.text == (
        "Reminder: digital support Tue 24 November 2026, 11:00–11:45, "
        f"2nd floor, digital support desk. Cancel or move it with code "
        f"{bookings.format_booking_code(english.code)}."
    )
    assert row(fleet_db, finnish.booking.id).reminded_at == MONDAY_11
    assert row(fleet_db, finnish.booking.id).extra["reminded_via"] == ["email", "sms"]

    # Once: the next runs send nothing more, until the next week's booking is due.
    clock.advance(minutes=5)
    assert await reminders.run_once() == {"sent": 0, "failed": 0}
    assert len(inbox.received) == 2
    clock.now = later.booking.starts_at - dt.timedelta(hours=23)
    assert await reminders.run_once() == {"sent": 1, "failed": 0}
    assert inbox.received[-1][0] == ["maija@example.org"]
    assert len(sms.sent) == 2  # the later booking has no phone number


@pytest.mark.asyncio
async def test_a_moved_booking_is_reminded_again_and_a_cancelled_one_not(
    fleet_db: FleetDb, aino: AdviserProfile
) -> None:
    moved = book(fleet_db, aino, TEN)
    cancelled = book(fleet_db, aino, TEN, name="Bo")
    clock = FakeClock(MONDAY_11)
    sms = RecordingSms()
    reminders = job(fleet_db, clock, email_notifier=None, sms=sms)  # no SMTP: SMS only
    with fleet_db.session() as session:
        bookings.cancel(session, bookings.find_by_code(session, cancelled.code), MONDAY_11)
    assert await reminders.run_once() == {"sent": 1, "failed": 0}
    with fleet_db.session() as session:
        bookings.reschedule(
            session,
            bookings.find_by_code(session, moved.code),
            Reschedule(adviser=aino.public_key, branch_id="oodi", starts_at=ELEVEN),
            MONDAY_11,
        )
    assert await reminders.run_once() == {"sent": 1, "failed": 0}
    assert [m.booking_id for m in sms.sent] == [moved.booking.id, moved.booking.id]
    assert "klo 11.00–11.45" in sms.sent[1].text


@pytest.mark.asyncio
async def test_a_failed_reminder_is_retried_and_logged_without_personal_data(
    fleet_db: FleetDb,
    aino: AdviserProfile,
    smtp_server: tuple[Inbox, int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    inbox, port = smtp_server
    made = book(fleet_db, aino, TEN, name="Maija Meikäläinen")
    clock = FakeClock(MONDAY_11)
    sms = RecordingSms()
    dead = SmtpEmailNotifier(SmtpConfig.from_url(smtp_url(free_port())))
    with caplog.at_level(logging.INFO):
        failing = job(fleet_db, clock, email_notifier=dead, sms=sms)
        assert await failing.run_once() == {"sent": 1, "failed": 1}
    assert row(fleet_db, made.booking.id).reminded_at is None  # to be tried again
    assert row(fleet_db, made.booking.id).extra["reminded_via"] == ["sms"]
    logged = caplog.text
    assert f"booking {made.booking.id} by email failed (delivery_unreachable)" in logged
    for secret in ("Maija", "maija@example.org", "+358", made.code, made.code[:5]):
        assert secret not in logged

    clock.advance(minutes=5)
    working = SmtpEmailNotifier(SmtpConfig.from_url(smtp_url(port)))
    assert await job(fleet_db, clock, email_notifier=working, sms=sms).run_once() == {
        "sent": 1,
        "failed": 0,
    }
    assert len(sms.sent) == 1  # the SMS that went through is not repeated
    assert [recipients for recipients, _ in inbox.received] == [["maija@example.org"]]
    assert row(fleet_db, made.booking.id).reminded_at == clock.now


@pytest.mark.asyncio
async def test_a_refused_login_is_a_delivery_error(smtp_server: tuple[Inbox, int]) -> None:
    _inbox, port = smtp_server
    url = smtp_url(port).replace("p%40ss%20word", "wrong")
    notifier = SmtpEmailNotifier(SmtpConfig.from_url(url))
    with pytest.raises(DeliveryError, check=lambda error: error.code == "delivery_login_failed"):
        await notifier.send(Email(1, "someone@example.org", "Subject", "Body"))


@pytest.mark.asyncio
async def test_the_sms_stand_in_logs_no_number_and_no_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="fleet.support.notify"):
        await LoggingSmsNotifier().send(Sms(123, "+358 40 765 4321", "Hei Maija, koodi ABCDE"))
    assert [record.getMessage() for record in caplog.records] == [
        "SMS reminder for booking 123 (1 recipient)"
    ]


def test_dates_and_texts_in_three_languages() -> None:
    starts = local(dt.date(2026, 12, 6), 9, 5)  # a Sunday
    ends = starts + dt.timedelta(minutes=45)
    assert when_text("fi", starts, ends, HELSINKI) == "su 06.12.2026 klo 09.05–09.50"
    assert when_text("sv", starts, ends, HELSINKI) == "sön 06.12.2026 kl. 09.05–09.50"
    assert when_text("en", starts, ends, HELSINKI) == "Sun 6 December 2026, 09:05–09:50"
    due = Due(
        booking_id=1,
        starts_at=starts,
        ends_at=ends,
        zone=HELSINKI,
        language="sv",
        topic="video_calls",
        name="Bo",
        email="bo@example.org",
        phone=None,
        code=None,
        branch="Ode",
        address="",
        place="",
        adviser=None,
        channels=("email",),
    )
    _subject, body = reminder_email(due)
    assert "Ämne: Videosamtal" in body
    assert "Rådgivare" not in body
    assert "bokningskoden du fick när du bokade" in body
    assert "Plats: Ode\n" in body
    assert reminder_sms(due) == (
        "Påminnelse: digitalt stöd sön 06.12.2026 kl. 09.05–09.50, Ode. "
        "Avboka vid behov med din bokningskod."
    )
    assert "bo@example.org" not in repr(due)


def test_smtp_urls() -> None:
    full = SmtpConfig.from_url(
        "smtp://user%40city:se%2Fcret@mail.city.example:2525?starttls=1&from=no-reply@city.example"
    )
    assert (full.host, full.port, full.username, full.password) == (
        "mail.city.example",
        2525,
        "user@city",
        "se/cret",
    )
    assert full.starttls
    assert not full.implicit_tls
    assert "se/cret" not in repr(full)
    assert SmtpConfig.from_url("smtp://mail?starttls=1&from=a@b.fi").port == 587
    assert SmtpConfig.from_url("smtp://mail?from=a@b.fi").port == 25
    tls = SmtpConfig.from_url("smtps://mail?from=a@b.fi")
    assert (tls.port, tls.implicit_tls, tls.username) == (465, True, None)
    for wrong in ("smtp://mail", "http://mail?from=a@b.fi", "smtp://?from=a@b.fi"):
        with pytest.raises(ValueError, match="FLEET_SMTP_URL"):
            SmtpConfig.from_url(wrong)

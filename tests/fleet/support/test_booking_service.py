"""Bookings at the service level: codes, the visit's states, rescheduling, events, MyData."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlmodel import col, select

from fleet.devices.models import UsageEventRecord
from fleet.errors import FleetError
from fleet.protocol.support import BookingChannel, BookingStatus, Reschedule, SupportTopic
from fleet.support import bookings
from fleet.support.bookings import (
    CODE_ALPHABET,
    CODE_KEY,
    format_booking_code,
    normalise_booking_code,
)
from fleet.support.models import AdviserProfile, SupportBooking
from tests.fleet.support.booking_world import (
    KEYS,
    MONDAY_11,
    TUESDAY,
    add_adviser,
    add_rule,
    book,
    local,
)
from tests.support.fleetdb import FleetDb

TEN = local(TUESDAY, 10)
ELEVEN = local(TUESDAY, 11)


@pytest.fixture
def aino(fleet_db: FleetDb) -> AdviserProfile:
    fleet_db.create_branch("oodi")
    profile = add_adviser(fleet_db)
    add_rule(fleet_db, profile.user_id)
    return profile


def refused(code: str) -> pytest.RaisesExc[FleetError]:
    """Expect a ``FleetError`` with this ``code``."""
    return pytest.raises(FleetError, check=lambda error: error.code == code)


def load(fleet_db: FleetDb, booking_id: int | None) -> SupportBooking:
    with fleet_db.session() as session:
        row = session.get(SupportBooking, booking_id)
        assert row is not None
        return row


def events(fleet_db: FleetDb) -> list[tuple[str, dict[str, object]]]:
    with fleet_db.session() as session:
        rows = session.exec(select(UsageEventRecord).order_by(col(UsageEventRecord.occurred_at)))
        return [(row.type, dict(row.attrs)) for row in rows]


def test_codes_are_unambiguous_shown_grouped_and_stored_hashed(
    fleet_db: FleetDb, aino: AdviserProfile
) -> None:
    made = book(fleet_db, aino, TEN)
    assert len(made.code) == 10
    assert set(made.code) <= set(CODE_ALPHABET)
    assert not set(made.code) & set("01IO")
    shown = format_booking_code(made.code)
    assert shown == f"{made.code[:5]}-{made.code[5:]}"
    assert normalise_booking_code(f" {shown.lower()} ") == made.code
    assert normalise_booking_code("ABCDE-FGHI1") is None
    row = load(fleet_db, made.booking.id)
    assert row.code_hash == hashlib.sha256(made.code.encode()).hexdigest()
    assert made.code not in str(row.model_dump())  # kept encrypted, for the reminder only
    assert bookings.reminder_code(row, KEYS) == made.code
    assert made.code not in repr(made)
    with fleet_db.session() as session:
        assert bookings.find_by_code(session, shown.lower()).id == made.booking.id
        with refused("booking_not_found"):
            bookings.find_by_code(session, "ABCDE-FGHJK")
        with refused("booking_not_found"):
            bookings.find_by_code(session, "not a code")


def test_no_contact_data_no_kept_code(fleet_db: FleetDb, aino: AdviserProfile) -> None:
    made = book(fleet_db, aino, TEN, phone=None, email=None)
    assert CODE_KEY not in load(fleet_db, made.booking.id).extra


def test_a_visit_goes_booked_checked_in_done_with_events(
    fleet_db: FleetDb, aino: AdviserProfile
) -> None:
    made = book(fleet_db, aino, TEN, channel=BookingChannel.KIOSK)
    with fleet_db.session() as session:
        booking = bookings.get_booking(session, made.booking.id or 0, adviser_id=aino.user_id)
        with refused("too_early"):
            bookings.mark_no_show(session, booking, TEN - dt.timedelta(minutes=5))
        bookings.check_in(session, booking, TEN - dt.timedelta(minutes=3))
        with refused("invalid_transition"):
            bookings.check_in(session, booking, TEN)
        with refused("invalid_transition"):
            bookings.mark_no_show(session, booking, TEN + dt.timedelta(minutes=5))
        with refused("invalid_transition"):
            bookings.cancel(session, booking, TEN)
        bookings.mark_done(session, booking, SupportTopic.SCAMS, TEN + dt.timedelta(minutes=37))
        assert booking.status == BookingStatus.DONE.value
        assert booking.done_topic == SupportTopic.SCAMS.value
        with refused("invalid_transition"):
            bookings.mark_done(session, booking, SupportTopic.EMAIL, TEN)
        with refused("booking_not_found"):
            bookings.get_booking(session, booking.id or 0, adviser_id=aino.user_id + 1)
    assert events(fleet_db) == [
        ("booking_made", {"topic": "email", "language": "fi", "channel": "kiosk"}),
        ("booking_done", {"topic": "scams", "minutes": 40}),  # from the check-in
    ]


def test_a_no_show_after_the_start_and_an_adviser_cancelling(
    fleet_db: FleetDb, aino: AdviserProfile
) -> None:
    absent = book(fleet_db, aino, TEN).booking
    cancelled = book(fleet_db, aino, ELEVEN).booking
    with fleet_db.session() as session:
        absent_row = bookings.get_booking(session, absent.id or 0)
        bookings.mark_no_show(session, absent_row, TEN + dt.timedelta(minutes=15))
        with refused("invalid_transition"):
            bookings.check_in(session, absent_row, TEN + dt.timedelta(minutes=20))
        row = bookings.get_booking(session, cancelled.id or 0)
        after_start = ELEVEN + dt.timedelta(minutes=1)
        with refused("too_late"):
            bookings.cancel(session, row, after_start)  # by code: too late
        bookings.cancel(session, row, after_start, by_adviser=True)
        bookings.cancel(session, row, after_start, by_adviser=True)  # twice: no change
        with refused("booking_cancelled"):
            bookings.check_in(session, row, after_start)
    kinds = [(kind, attrs) for kind, attrs in events(fleet_db) if kind != "booking_made"]
    assert kinds == [
        ("booking_no_show", {"topic": "email"}),
        ("booking_cancelled", {"topic": "email"}),
    ]


def test_done_without_check_in_counts_from_the_start(
    fleet_db: FleetDb, aino: AdviserProfile
) -> None:
    made = book(fleet_db, aino, TEN)
    with fleet_db.session() as session:
        row = bookings.get_booking(session, made.booking.id or 0)
        bookings.mark_done(session, row, SupportTopic.EMAIL, TEN + dt.timedelta(hours=30))
    assert events(fleet_db)[-1] == ("booking_done", {"topic": "email", "minutes": 600})


def test_events_carry_only_their_allowed_attributes(
    fleet_db: FleetDb, aino: AdviserProfile
) -> None:
    one = book(fleet_db, aino, TEN, name="Very Personal Name")
    two = book(fleet_db, aino, ELEVEN)
    with fleet_db.session() as session:
        bookings.cancel(session, bookings.get_booking(session, one.booking.id or 0), MONDAY_11)
        row = bookings.get_booking(session, two.booking.id or 0)
        bookings.check_in(session, row, ELEVEN)
        bookings.mark_done(session, row, SupportTopic.OTHER, ELEVEN, minutes=25)
    allowed = {
        "booking_made": {"topic", "language", "channel"},
        "booking_cancelled": {"topic"},
        "booking_no_show": {"topic"},
        "booking_done": {"topic", "minutes"},
    }
    recorded = events(fleet_db)
    assert [kind for kind, _ in recorded] == [
        "booking_made",
        "booking_made",
        "booking_cancelled",
        "booking_done",
    ]
    for kind, attrs in recorded:
        assert set(attrs) == allowed[kind]
        assert not {one.code, two.code, "Very Personal Name"} & {str(v) for v in attrs.values()}
    with fleet_db.session() as session:
        branches = {row.branch_id for row in session.exec(select(UsageEventRecord))}
    assert branches == {"oodi"}


def test_rescheduling_keeps_the_code_and_follows_the_booking_rules(
    fleet_db: FleetDb, aino: AdviserProfile
) -> None:
    made = book(fleet_db, aino, TEN)
    other = book(fleet_db, aino, ELEVEN)
    next_week = TEN + dt.timedelta(days=7)
    with fleet_db.session() as session:
        row = bookings.find_by_code(session, made.code)
        row.reminded_at = MONDAY_11
        with refused("slot_full"):
            bookings.reschedule(
                session,
                row,
                Reschedule(adviser=aino.public_key, branch_id="oodi", starts_at=ELEVEN),
                MONDAY_11,
            )
        with refused("slot_unavailable"):
            bookings.reschedule(
                session,
                row,
                Reschedule(
                    adviser=aino.public_key,
                    branch_id="oodi",
                    starts_at=TEN + dt.timedelta(minutes=5),
                ),
                MONDAY_11,
            )
        moved = bookings.reschedule(
            session,
            row,
            Reschedule(adviser=aino.public_key, branch_id="oodi", starts_at=next_week),
            MONDAY_11,
        )
        assert moved.starts_at == next_week
        assert moved.reminded_at is None  # the new time gets its own reminder
        # The same slot again changes nothing.
        same = Reschedule(adviser=aino.public_key, branch_id="oodi", starts_at=next_week)
        assert bookings.reschedule(session, moved, same, MONDAY_11).starts_at == next_week
    with fleet_db.session() as session:
        assert bookings.find_by_code(session, made.code).starts_at == next_week
        # The old slot is free again: someone else can take it.
    assert book(fleet_db, aino, TEN, name="Pekka").booking.starts_at == TEN
    with fleet_db.session() as session:
        cancelled = bookings.cancel(session, bookings.find_by_code(session, other.code), MONDAY_11)
        back = Reschedule(adviser=aino.public_key, branch_id="oodi", starts_at=ELEVEN)
        with refused("booking_cancelled"):
            bookings.reschedule(session, cancelled, back, MONDAY_11)


def test_export_shows_everything_and_deleting_personal_data_keeps_the_booking(
    fleet_db: FleetDb, aino: AdviserProfile
) -> None:
    made = book(fleet_db, aino, TEN)
    with fleet_db.session() as session:
        row = bookings.find_by_code(session, made.code)
        export = bookings.export(session, row, made.code)
        assert (export.name, export.phone, export.email) == (
            "Maija",
            "+358 40 123 4567",
            "maija@example.org",
        )
        assert export.channel is BookingChannel.WEB
        assert export.booking.code == format_booking_code(made.code)
        assert export.booking.adviser_name == "Aino"
        assert export.booking.branch_name.fi == "oodi fi"
        bookings.delete_personal_data(session, row, MONDAY_11)
    row = load(fleet_db, made.booking.id)
    assert (row.name, row.phone, row.email) == (None, None, None)
    assert row.personal_deleted_at == MONDAY_11
    assert CODE_KEY not in row.extra
    assert row.status == BookingStatus.BOOKED.value  # still booked, now anonymous

"""Retention: a booking's personal data goes N days after the appointment, and nothing else."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from fleet.support import bookings
from fleet.support.bookings import CODE_KEY
from fleet.support.models import SupportBooking
from fleet.support.retention import PersonalDataRetention
from tests.fleet.support.booking_world import MONDAY_11, TUESDAY, add_adviser, add_rule, book, local
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb


def rows(fleet_db: FleetDb) -> dict[str, SupportBooking]:
    """Every booking, by id."""
    with fleet_db.session() as session:
        found = session.exec(select(SupportBooking).order_by(col(SupportBooking.id))).all()
        return {str(row.id): row for row in found}


def test_personal_data_goes_days_after_the_appointment(fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")
    aino = add_adviser(fleet_db)
    add_rule(fleet_db, aino.user_id, capacity=3)
    ten = local(TUESDAY, 10)
    eleven = local(TUESDAY, 11)
    done = book(fleet_db, aino, ten).booking  # ends 10:45 on the 24th
    cancelled = book(fleet_db, aino, ten, name="Bo").booking
    later = book(fleet_db, aino, eleven, name="Sam").booking  # ends 11:45
    next_week = book(fleet_db, aino, ten + dt.timedelta(days=7), name="Kim").booking
    with fleet_db.session() as session:
        bookings.cancel(session, bookings.get_booking(session, cancelled.id or 0), MONDAY_11)
    factory = sessionmaker(fleet_db.engine, class_=Session, expire_on_commit=False)
    # Seven days after 10:45 on Tuesday 24th, and before 11:45.
    clock = FakeClock(local(TUESDAY + dt.timedelta(days=7), 11))
    retention = PersonalDataRetention(factory, clock, days=7)

    assert retention.run_once() == 2
    after = rows(fleet_db)
    for gone in (done, cancelled):
        row = after[str(gone.id)]
        assert (row.name, row.phone, row.email) == (None, None, None)
        assert row.personal_deleted_at == clock.now
        assert CODE_KEY not in row.extra
        assert row.topic == "email"  # the anonymous booking stays
        assert row.starts_at == ten
    assert after[str(cancelled.id)].status == "cancelled"
    for kept in (later, next_week):
        row = after[str(kept.id)]
        assert row.name is not None
        assert row.email == "maija@example.org"
        assert row.personal_deleted_at is None

    assert retention.run_once() == 0  # idempotent
    clock.advance(hours=1)
    assert retention.run_once() == 1
    assert rows(fleet_db)[str(later.id)].name is None
    assert rows(fleet_db)[str(next_week.id)].name == "Kim"

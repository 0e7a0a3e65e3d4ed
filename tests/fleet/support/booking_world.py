"""Advisers, availability and bookings for the booking tests, made straight in the database.

The test clock starts on Monday 23 November 2026, 11:00 in Helsinki (UTC+2); the test
branch is open Monday to Friday 9-20, Saturday 10-16 and closed on Sunday.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from fleet.auth.models import Role, User
from fleet.crypto import DataKeys
from fleet.protocol.support import BookingChannel, BookingCreate, SupportTopic
from fleet.support import advisers, bookings
from fleet.support.advisers import AdviserCreate, RuleIn
from fleet.support.bookings import MadeBooking
from fleet.support.models import AdviserProfile, AvailabilityRule
from tests.support.fleetdb import FleetDb

HELSINKI = ZoneInfo("Europe/Helsinki")
#: Monday 23 November 2026, 11:00 in Helsinki.
MONDAY_11 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
KEYS = DataKeys("test-data-secret-0123456789")
PUBLIC = "/api/public/v1/support"


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """That wall-clock time in Helsinki on ``day``, as an aware UTC datetime."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=HELSINKI).astimezone(dt.UTC)


#: Tuesday 24 November 2026 (the day after the clock's start).
TUESDAY = dt.date(2026, 11, 24)


def add_adviser(
    fleet_db: FleetDb,
    username: str = "aino",
    *,
    name: str = "Aino",
    branches: tuple[str, ...] = ("oodi",),
    topics: tuple[SupportTopic, ...] = (SupportTopic.EMAIL, SupportTopic.E_IDENTIFICATION),
    languages: tuple[str, ...] = ("fi", "en"),
    place: str = "2nd floor, digital support desk",
    active: bool = True,
    language: str = "fi",
) -> AdviserProfile:
    """A user with the adviser role and their profile."""
    with fleet_db.session() as session:
        user = User(
            username=username, password_hash="!", role=Role.ADVISER.value, language=language
        )
        session.add(user)
        session.flush()
        assert user.id is not None
        return advisers.create_profile(
            session,
            user.id,
            AdviserCreate(
                display_name=name,
                branches=list(branches),
                topics=list(topics),
                languages=list(languages),
                place=place,
                active=active,
            ),
            "test",
        )


def add_rule(fleet_db: FleetDb, adviser_id: int, **fields: Any) -> AvailabilityRule:
    """A rule; by default Tuesdays 10:00-12:00 at Oodi, 45-minute slots, 15-minute buffers."""
    values: dict[str, Any] = {
        "branch_id": "oodi",
        "weekday": 1,
        "starts": dt.time(10),
        "ends": dt.time(12),
        "slot_minutes": 45,
        "buffer_minutes": 15,
        "capacity": 1,
        "min_notice_minutes": 120,
        "horizon_days": 28,
    }
    values.update(fields)
    with fleet_db.session() as session:
        return advisers.add_rule(session, adviser_id, RuleIn(**values), "test")


def booking_create(
    profile: AdviserProfile, starts_at: dt.datetime, **overrides: Any
) -> BookingCreate:
    values: dict[str, Any] = {
        "adviser": profile.public_key,
        "branch_id": "oodi",
        "starts_at": starts_at,
        "topic": SupportTopic.EMAIL,
        "language": "fi",
        "name": "Maija",
        "phone": "+358 40 123 4567",
        "email": "maija@example.org",
    }
    values.update(overrides)
    return BookingCreate(**values)


def book(
    fleet_db: FleetDb,
    profile: AdviserProfile,
    starts_at: dt.datetime,
    now: dt.datetime = MONDAY_11,
    *,
    channel: BookingChannel = BookingChannel.WEB,
    **overrides: Any,
) -> MadeBooking:
    """A booking made through the service, committed."""
    with fleet_db.session() as session:
        return bookings.book(
            session,
            booking_create(profile, starts_at, **overrides),
            channel=channel,
            now=now,
            keys=KEYS,
        )


def booking_json(profile: AdviserProfile, starts_at: dt.datetime, **overrides: Any) -> str:
    return booking_create(profile, starts_at, **overrides).model_dump_json()

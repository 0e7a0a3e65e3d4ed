"""Tables for digital support: adviser profiles, availability, bookings, help requests.

Personal data lives only in ``support_booking.name/phone/email`` and is deleted a few days
after the appointment (``fleet.support.retention``). Help requests carry no personal data:
a PC, a topic, times.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from fleet.db import UTCDateTime, utcnow


class AdviserProfile(SQLModel, table=True):
    """An adviser (a user with the ``adviser`` role) as visitors and bookings see them."""

    __tablename__ = "adviser_profile"

    user_id: int = Field(primary_key=True, foreign_key="auth_user.id")
    #: Shown to visitors ("Aino is coming"): a first name, chosen by the adviser.
    display_name: str = Field(max_length=64)
    #: Opaque key used in slots and bookings instead of the user id.
    public_key: str = Field(max_length=32, unique=True)
    branches: list[str] = Field(default_factory=list, sa_type=JSON)
    topics: list[str] = Field(default_factory=list, sa_type=JSON)
    languages: list[str] = Field(default_factory=list, sa_type=JSON)
    #: Where visitors meet them ("Oodi, 2nd floor, digital support desk").
    place: str = Field(default="", max_length=200)
    active: bool = True
    #: Secret part of the adviser's iCal feed URL (its SHA-256; the URL is shown once).
    ical_token_hash: str | None = Field(default=None, max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AvailabilityRule(SQLModel, table=True):
    """A weekly time an adviser takes bookings at a branch, cut into slots."""

    __tablename__ = "availability_rule"

    id: int | None = Field(default=None, primary_key=True)
    adviser_id: int = Field(foreign_key="adviser_profile.user_id", index=True)
    branch_id: str = Field(foreign_key="branch.id", max_length=32)
    weekday: int = Field(ge=0, le=6)  # 0 = Monday
    starts: dt.time
    ends: dt.time
    slot_minutes: int = 45
    buffer_minutes: int = 15
    #: One-to-one (1) or a small group.
    capacity: int = 1
    #: Bookings close this long before a slot starts.
    min_notice_minutes: int = 120
    #: How far ahead slots can be booked.
    horizon_days: int = 28
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class AvailabilityException(SQLModel, table=True):
    """A date an adviser does not take bookings (holiday, training); branch closures too."""

    __tablename__ = "availability_exception"
    __table_args__ = (UniqueConstraint("adviser_id", "date", name="uq_availability_exception"),)

    id: int | None = Field(default=None, primary_key=True)
    adviser_id: int = Field(foreign_key="adviser_profile.user_id")
    date: dt.date
    note: str = Field(default="", max_length=200)


class SupportBooking(SQLModel, table=True):
    """A one-to-one (or small group) session with an adviser."""

    __tablename__ = "support_booking"
    __table_args__ = (Index("ix_support_booking_adviser_starts", "adviser_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    #: SHA-256 of the booking code (the code cancels and reschedules: a bearer secret).
    code_hash: str = Field(max_length=64, unique=True)
    adviser_id: int = Field(foreign_key="adviser_profile.user_id")
    branch_id: str = Field(foreign_key="branch.id", max_length=32, index=True)
    starts_at: dt.datetime = Field(sa_type=UTCDateTime)
    ends_at: dt.datetime = Field(sa_type=UTCDateTime)
    topic: str = Field(max_length=32)
    language: str = Field(max_length=2)
    status: str = Field(default="booked", max_length=16)
    #: The topic the adviser recorded when done (what the visit was really about).
    done_topic: str | None = Field(default=None, max_length=32)
    channel: str = Field(max_length=16)
    name: str | None = Field(default=None, max_length=60)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    reminded_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: When name, phone and e-mail were deleted (retention, or on the visitor's request).
    personal_deleted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    extra: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class HelpRequest(SQLModel, table=True):
    """ "Help me now" from a PC: a ticket in the branch's walk-in queue."""

    __tablename__ = "help_request"
    __table_args__ = (
        UniqueConstraint("branch_id", "day", "number", name="uq_help_request_number"),
        Index("ix_help_request_branch_status", "branch_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    branch_id: str = Field(foreign_key="branch.id", max_length=32)
    device_id: int = Field(foreign_key="device.id", index=True)
    #: The branch-local date; tickets are numbered from 1 each day.
    day: dt.date
    number: int
    topic: str | None = Field(default=None, max_length=32)
    language: str = Field(default="fi", max_length=2)
    status: str = Field(default="waiting", max_length=16)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    called_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    called_by: int | None = Field(default=None, foreign_key="auth_user.id")
    finished_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)

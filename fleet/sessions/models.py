"""Tables for visitor sessions, guest passes and PC reservations.

People appear here only as ``patron_key``: a keyed hash (HMAC) of the card number or
digital customer id, so the daily allowance and reservations work without storing who
anyone is. The one exception is ``PatronSession.card_ref``: the card number, encrypted,
kept only while the session runs so "My account" can ask the library system; it is
cleared when the session ends.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from fleet.db import UTCDateTime, utcnow


class PatronSession(SQLModel, table=True):
    """One visitor session on one PC, from grant to end (or a report of an offline one)."""

    __tablename__ = "patron_session"
    __table_args__ = (
        Index("ix_patron_session_key_started", "patron_key", "started_at"),
        Index("ix_patron_session_device_open", "device_id", "ended_at"),
    )

    id: str = Field(primary_key=True, max_length=36)  # a UUID
    device_id: int = Field(foreign_key="device.id")
    branch_id: str = Field(max_length=32, index=True)
    patron_key: str = Field(max_length=64)
    method: str = Field(max_length=16)  # a LoginMethod value
    category: str = Field(max_length=16)  # a PatronCategory value
    started_at: dt.datetime = Field(sa_type=UTCDateTime)
    #: The end the fleet granted (wall clock), moved by extensions.
    granted_until: dt.datetime = Field(sa_type=UTCDateTime)
    ended_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    end_reason: str | None = Field(default=None, max_length=16)  # an EndReason value
    minutes_used: int = 0
    extensions: int = 0
    #: Granted by the kiosk while the fleet was unreachable, reported afterwards.
    offline: bool = False
    guest_pass_id: int | None = Field(default=None, foreign_key="guest_pass.id")
    #: The card number, encrypted (Fernet), only while the session runs.
    card_ref: str | None = Field(default=None, max_length=400)


class GuestPass(SQLModel, table=True):
    """A code + PIN that staff hand to a visitor without a library card."""

    __tablename__ = "guest_pass"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    pin_hash: str = Field(max_length=255)
    #: A note for staff ("desk, morning"); never a name.
    label: str = Field(default="", max_length=100)
    #: Only valid at this branch; None for every branch.
    branch_id: str | None = Field(default=None, foreign_key="branch.id", max_length=32)
    valid_from: dt.datetime = Field(sa_type=UTCDateTime)
    valid_until: dt.datetime = Field(sa_type=UTCDateTime)
    #: Total PC minutes the pass allows, across its sessions.
    minutes: int
    minutes_used: int = 0
    created_by: str = Field(max_length=100)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class PcReservation(SQLModel, table=True):
    """A PC reserved for one patron for a time slot."""

    __tablename__ = "pc_reservation"
    __table_args__ = (Index("ix_pc_reservation_device_starts", "device_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    device_id: int = Field(foreign_key="device.id")
    branch_id: str = Field(max_length=32, index=True)
    starts_at: dt.datetime = Field(sa_type=UTCDateTime)
    ends_at: dt.datetime = Field(sa_type=UTCDateTime)
    patron_key: str = Field(max_length=64, index=True)
    #: A note for staff ("Aino, job search"); optional, deleted with the reservation.
    label: str = Field(default="", max_length=100)
    created_by: str = Field(max_length=100)  # a staff username, or "kiosk:<device id>"
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    cancelled_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: Set when the patron logged in on the reserved PC.
    claimed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)

"""Tables for the local patron directory and PIN-failure throttling."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from fleet.db import UTCDateTime, utcnow


class Patron(SQLModel, table=True):
    """A library customer in the ``local`` directory (the embedded default and the demo).

    With ``FLEET_PATRON_DIRECTORY=sip2://...`` this table stays empty: the library system
    is the directory. ``loans`` and ``holds`` are ``fleet.protocol.Loan``/``Hold`` dumps
    kept for demos; a real library system answers them over SIP2.
    """

    __tablename__ = "patron"

    id: int | None = Field(default=None, primary_key=True)
    #: The card number, normalised (no spaces or dashes, upper case).
    barcode: str = Field(max_length=32, unique=True)
    pin_hash: str = Field(max_length=255)
    first_name: str = Field(default="", max_length=64)
    category: str = Field(default="adult", max_length=16)  # a PatronCategory value
    language: str | None = Field(default=None, max_length=2)
    birth_date: dt.date | None = None
    #: Card expiry; None for cards that do not expire.
    expires_on: dt.date | None = None
    blocked: bool = False
    fees_cents: int = 0
    loans: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    holds: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PinFailure(SQLModel, table=True):
    """One wrong PIN for a card, by its keyed hash (never the card number itself)."""

    __tablename__ = "patron_pin_failure"

    id: int | None = Field(default=None, primary_key=True)
    patron_key: str = Field(max_length=64, index=True)
    failed_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)

"""The patron directory interface: one question per log-in, answered locally or over SIP2.

``FLEET_PATRON_DIRECTORY`` chooses the implementation (DESIGN.md contracts):
``local`` (the default: patrons in the fleet's own database) or
``sip2://USER:PASSWORD@HOST:PORT?location=CODE[&tls=1]`` (the library system).

A directory only reports facts about a card (:class:`PatronRecord`); whether those facts
allow a log-in is decided by :mod:`fleet.patrons.rules`, the same way for every directory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from fleet.errors import FleetError
from fleet.protocol.sessions import PatronAccount, PatronCategory


class PatronFlag:
    """Names of the SIP2 patron-status flags (the 14-character field of message 64).

    The local directory uses ``CARD_LOST`` for its ``blocked`` column. Kept as plain
    strings so deny rules can be configured by name.
    """

    CHARGE_DENIED = "charge_denied"
    RENEWAL_DENIED = "renewal_denied"
    RECALL_DENIED = "recall_denied"
    HOLD_DENIED = "hold_denied"
    CARD_LOST = "card_lost"
    TOO_MANY_CHARGED = "too_many_charged"
    TOO_MANY_OVERDUE = "too_many_overdue"
    TOO_MANY_RENEWALS = "too_many_renewals"
    TOO_MANY_CLAIMS_RETURNED = "too_many_claims_returned"
    TOO_MANY_LOST = "too_many_lost"
    EXCESSIVE_FINES = "excessive_fines"
    EXCESSIVE_FEES = "excessive_fees"
    RECALL_OVERDUE = "recall_overdue"
    TOO_MANY_BILLED = "too_many_billed"

    #: In the order SIP2 sends them (position 0 to 13 of the patron status field).
    SIP2_ORDER = (
        CHARGE_DENIED,
        RENEWAL_DENIED,
        RECALL_DENIED,
        HOLD_DENIED,
        CARD_LOST,
        TOO_MANY_CHARGED,
        TOO_MANY_OVERDUE,
        TOO_MANY_RENEWALS,
        TOO_MANY_CLAIMS_RETURNED,
        TOO_MANY_LOST,
        EXCESSIVE_FINES,
        EXCESSIVE_FEES,
        RECALL_OVERDUE,
        TOO_MANY_BILLED,
    )


@dataclass(frozen=True)
class PatronRecord:
    """What the directory knows about one card, in the fleet's terms.

    ``pin_ok`` is None when no PIN was checked (:meth:`PatronDirectory.lookup`).
    ``flags`` are :class:`PatronFlag` names that are set. ``fees_cents`` are outstanding
    fees. ``card_expired`` is the library system's own verdict (or the local expiry date).
    """

    card_number: str
    known: bool
    pin_ok: bool | None = None
    first_name: str | None = None
    category: PatronCategory = PatronCategory.ADULT
    language: str | None = None
    birth_date: dt.date | None = None
    card_expired: bool = False
    flags: frozenset[str] = field(default_factory=frozenset)
    fees_cents: int = 0

    def __repr__(self) -> str:
        # A card number is personal data: never in a repr, so never in a log line.
        return f"PatronRecord(known={self.known}, pin_ok={self.pin_ok}, flags={set(self.flags)})"

    __str__ = __repr__


class DirectoryUnavailableError(FleetError):
    """The library system did not answer (down, timed out, cut off, garbled reply)."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            "directory_unavailable",
            "The library system is not answering right now.",
            503,
            details=[{"reason": detail}],
        )
        self.detail = detail


class PatronDirectory(Protocol):
    """Answers questions about library cards. Implementations: ``LocalDirectory``,
    ``Sip2Directory``. Every method may raise :class:`DirectoryUnavailableError`."""

    #: ``local`` or ``sip2``: shown to staff and in metrics.
    name: str

    async def start(self) -> None:
        """Connect (SIP2: 93 Login, 99 SC Status); a library system that is down at start
        is not an error here: the first question raises instead, and start-up goes on."""
        ...

    async def close(self) -> None: ...

    async def authenticate(self, card_number: str, pin: str) -> PatronRecord:
        """The card's record with ``pin_ok`` set. One round trip on a warm connection."""
        ...

    async def lookup(self, card_number: str) -> PatronRecord:
        """The card's record without checking a PIN (a digital card linked to this card)."""
        ...

    async def account(self, card_number: str) -> PatronAccount:
        """Loans (with due dates), holds and fees for the card, read-only."""
        ...

"""Device API v1 messages for visitors: log-in, session grants, extension, end, account.

The kiosk never talks to the library system. It sends what the visitor presented (a
library card number + PIN, a guest pass code + PIN, or a digital customer card proof) to
``POST /sessions``; the fleet checks it against its patron directory and answers with a
:class:`SessionGrant` or a 403 :class:`ApiError` whose ``code`` is one of
:data:`LOGIN_REFUSALS` (the kiosk translates the code; ``message`` is English, for logs).

A grant's time runs on the kiosk's monotonic clock from the moment the reply arrives:
``minutes`` is authoritative, ``ends_at`` only informative (wall clocks drift and jump).
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated

from pydantic import Field, SecretStr, field_serializer, model_validator

from fleet.protocol.base import Timestamp, WireMessage

#: A card number or guest-pass code as typed or scanned: letters, digits, dashes, spaces.
CardNumber = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z -]+$")]


def normalise_card_number(value: str) -> str:
    """Card numbers are typed by people and scanned by wedges: drop spaces and dashes."""
    return "".join(ch for ch in value if ch not in " -").upper()


class LoginMethod(StrEnum):
    """How a visitor identified. Also an attribute of the anonymous session events."""

    LIBRARY_CARD = "library_card"
    DIGITAL_CARD = "digital_card"
    GUEST_PASS = "guest_pass"  # noqa: S105 - a method name, not a password


class PatronCategory(StrEnum):
    """What the session rules and the statistics distinguish; nothing more personal."""

    ADULT = "adult"
    CHILD = "child"
    GUEST = "guest"


class EndReason(StrEnum):
    """Why a session ended. ``crash``: the shell died mid-session and wiped it at restart."""

    LOGOUT = "logout"
    TIME_UP = "time_up"
    IDLE = "idle"
    REMOTE = "remote"
    CLOSING = "closing"
    CRASH = "crash"
    SHUTDOWN = "shutdown"  # the kiosk program was stopped (the PC shut down, a restart)


class LoginRefusal(StrEnum):
    """Stable codes of a refused log-in or extension (403 / 409 ``ApiError.code``)."""

    # library card and guest pass
    CARD_UNKNOWN = "card_unknown"
    PIN_WRONG = "pin_wrong"
    PIN_THROTTLED = "pin_throttled"  # details: [{"retry_after_seconds": n}]
    CARD_BLOCKED = "card_blocked"
    CARD_EXPIRED = "card_expired"
    FEES_OVER_LIMIT = "fees_over_limit"
    TOO_YOUNG = "too_young"
    GUEST_PASS_EXPIRED = "guest_pass_expired"  # noqa: S105 - a code
    GUEST_PASS_USED_UP = "guest_pass_used_up"  # noqa: S105 - a code
    # digital customer card
    DIGITAL_CARD_FORGED = "digital_card_forged"
    DIGITAL_CARD_EXPIRED = "digital_card_expired"
    DIGITAL_CARD_REVOKED = "digital_card_revoked"
    PROOF_EXPIRED = "proof_expired"
    PROOF_REPLAYED = "proof_replayed"
    PROOF_OTHER_DEVICE = "proof_other_device"
    PROOF_MALFORMED = "proof_malformed"
    # the visit itself
    DAILY_LIMIT_REACHED = "daily_limit_reached"
    ALREADY_IN_SESSION = "already_in_session"
    LIBRARY_CLOSED = "library_closed"
    PC_RESERVED = "pc_reserved"
    EXTENSION_NOT_ALLOWED = "extension_not_allowed"
    SESSION_NOT_ACTIVE = "session_not_active"
    # the library system (503)
    DIRECTORY_UNAVAILABLE = "directory_unavailable"


LOGIN_REFUSALS = frozenset(LoginRefusal)


class LoginRequest(WireMessage):
    """``POST /sessions``: what the visitor presented.

    ``library_card`` and ``guest_pass`` need ``card_number`` and ``pin``; ``digital_card``
    needs ``digital_card`` (the proof text from the phone, QR or NFC). The PIN is a
    :class:`SecretStr`: it never appears in a repr, a log line or a validation error.
    """

    method: LoginMethod
    card_number: CardNumber | None = None
    pin: SecretStr | None = Field(default=None, min_length=1, max_length=32)
    digital_card: str | None = Field(default=None, min_length=1, max_length=4096)
    #: The kiosk's current language, for the ``message`` of a refusal.
    language: str = Field(default="fi", pattern=r"^(fi|sv|en)$")

    @model_validator(mode="after")
    def _fields_for_method(self) -> LoginRequest:
        if self.method is LoginMethod.DIGITAL_CARD:
            if self.digital_card is None or self.card_number is not None or self.pin is not None:
                raise ValueError("a digital-card log-in carries only digital_card")
        elif self.card_number is None or self.pin is None or self.digital_card is not None:
            raise ValueError(f"a {self.method.value} log-in carries card_number and pin")
        return self

    @field_serializer("pin", when_used="json")
    def _reveal_pin_on_the_wire(self, pin: SecretStr | None) -> str | None:
        # Only the JSON body sent to the fleet carries the PIN itself.
        return pin.get_secret_value() if pin is not None else None


class SessionGrant(WireMessage):
    """A started session: who (as little as the screen needs) and for how long."""

    session_id: uuid.UUID
    method: LoginMethod
    category: PatronCategory
    #: For the greeting only ("Hello, Aino"); None when the directory has no name.
    first_name: str | None = Field(default=None, max_length=64)
    #: The patron's preferred language if the directory knows it; the kiosk switches to it.
    language: str | None = Field(default=None, pattern=r"^(fi|sv|en)$")
    #: Granted now: capped by the session length, the daily allowance, closing time and
    #: the next reservation of this PC.
    minutes: int = Field(ge=1, le=1440)
    #: Daily minutes left after this grant (across all PCs).
    daily_minutes_left: int = Field(ge=0, le=1440)
    ends_at: dt.datetime
    #: True when "My account" can show loans, holds and fees (a library card is known).
    has_account: bool = False
    #: False when the fleet was not asked (an offline session decided by the kiosk).
    online: bool = True


class ExtendRequest(WireMessage):
    """``POST /sessions/{id}/extend``: ask for more time."""

    minutes_used: int = Field(ge=0, le=1440)


class Extension(WireMessage):
    """More time: ``minutes_added`` on top of what is left on the kiosk's clock."""

    minutes_added: int = Field(ge=1, le=720)
    daily_minutes_left: int = Field(ge=0, le=1440)
    #: True when another extension may be asked for later.
    extendable_again: bool


class SessionEnd(WireMessage):
    """``POST /sessions/{id}/end``: the session is over and wiped. Idempotent."""

    reason: EndReason
    minutes_used: int = Field(ge=0, le=1440)
    ended_at: Timestamp


class OfflineSessionReport(WireMessage):
    """``POST /sessions/offline``: a session the kiosk granted while the fleet was away.

    ``id`` is minted by the kiosk, so a report retried after a cut is stored once.
    ``customer_id`` (digital card) lets the minutes count toward that person's daily
    allowance; it is never part of a usage event.
    """

    id: uuid.UUID
    method: LoginMethod
    category: PatronCategory
    customer_id: str | None = Field(default=None, max_length=64)
    card_id: str | None = Field(default=None, max_length=64)
    started_at: Timestamp
    ended_at: Timestamp
    minutes_used: int = Field(ge=0, le=1440)
    reason: EndReason


class Loan(WireMessage):
    title: str = Field(max_length=300)
    due: dt.date | None = None
    overdue: bool = False


class Hold(WireMessage):
    title: str = Field(max_length=300)
    ready: bool = False
    pickup_location: str | None = Field(default=None, max_length=100)
    #: Last day to collect a hold that is ready.
    pickup_by: dt.date | None = None


class PatronAccount(WireMessage):
    """``GET /sessions/{id}/account``: read-only, only during the patron's own session."""

    loans: list[Loan] = Field(default_factory=list, max_length=500)
    holds: list[Hold] = Field(default_factory=list, max_length=500)
    #: Outstanding fees in cents (euro cents in Helsinki).
    fees_cents: int = Field(default=0, ge=0)
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")


class ReservationSlot(WireMessage):
    """A reservation of this PC, without anything about who made it.

    ``claimed``: the person who reserved it has logged in; the kiosk no longer needs to
    end other sessions for it.
    """

    starts_at: dt.datetime
    ends_at: dt.datetime
    claimed: bool = False


class ReservationRequest(WireMessage):
    """``POST /sessions/{id}/reservations``: the logged-in visitor reserves a PC for later.

    The fleet picks a free PC at ``branch_id`` (this kiosk's branch when omitted) for the
    policy's ``reservation_minutes``.
    """

    starts_at: Timestamp
    branch_id: str | None = Field(default=None, max_length=32)


class ReservationMade(WireMessage):
    id: int
    device_name: str
    branch_id: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class ReservationOptions(WireMessage):
    """``GET /sessions/{id}/reservations/options``: start times with a free PC, today."""

    branch_id: str
    minutes: int
    starts: list[dt.datetime] = Field(default_factory=list, max_length=200)

"""Digital support (digituki) on the wire: topics, the walk-in help queue, adviser bookings.

Shared by the kiosk (device API, ``/api/device/v1/support/...``), the city website (public
API, ``/api/public/v1/support/...``) and the fleet. Topics are a fixed list so that guides,
the queue, bookings and statistics all speak of the same things.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from fleet.protocol.base import Timestamp, WireMessage
from fleet.protocol.device import LocalizedText

#: fi / sv / en: the languages the kiosk and the advisers' service are offered in.
Language = Annotated[str, Field(pattern=r"^(fi|sv|en)$")]


class SupportTopic(StrEnum):
    """What a visitor needs help with. Guides carry the same topics."""

    E_IDENTIFICATION = "e_identification"
    EMAIL = "email"
    VIDEO_CALLS = "video_calls"
    EBOOKS = "ebooks"
    PRINTING = "printing_scanning"
    SCAMS = "scams"
    BOOKING_SPACES = "booking_spaces"
    HEALTH_SERVICES = "health_services"
    DEVICE_BASICS = "device_basics"
    OTHER = "other"


TOPIC_NAMES: dict[SupportTopic, LocalizedText] = {
    SupportTopic.E_IDENTIFICATION: LocalizedText(
        fi="Vahva tunnistautuminen", sv="Stark autentisering", en="Strong identification"
    ),
    SupportTopic.EMAIL: LocalizedText(fi="Sähköposti", sv="E-post", en="E-mail"),
    SupportTopic.VIDEO_CALLS: LocalizedText(fi="Videopuhelut", sv="Videosamtal", en="Video calls"),
    SupportTopic.EBOOKS: LocalizedText(
        fi="E-kirjat ja äänikirjat", sv="E-böcker och ljudböcker", en="E-books and audiobooks"
    ),
    SupportTopic.PRINTING: LocalizedText(
        fi="Tulostus ja skannaus", sv="Utskrift och skanning", en="Printing and scanning"
    ),
    SupportTopic.SCAMS: LocalizedText(
        fi="Huijaukset ja turvallisuus", sv="Bedrägerier och säkerhet", en="Scams and safety"
    ),
    SupportTopic.BOOKING_SPACES: LocalizedText(
        fi="Tilojen ja liikuntapaikkojen varaus",
        sv="Bokning av lokaler och idrottsplatser",
        en="Booking spaces and sports venues",
    ),
    SupportTopic.HEALTH_SERVICES: LocalizedText(
        fi="Terveyspalvelut verkossa", sv="Hälsotjänster på nätet", en="Health services online"
    ),
    SupportTopic.DEVICE_BASICS: LocalizedText(
        fi="Puhelimen ja tietokoneen perusteet",
        sv="Grunderna i telefon och dator",
        en="Phone and computer basics",
    ),
    SupportTopic.OTHER: LocalizedText(fi="Jokin muu", sv="Något annat", en="Something else"),
}


# --- the walk-in help queue ------------------------------------------------------------------


class HelpStatus(StrEnum):
    """A help request's life: waiting -> called -> done, or cancelled / expired."""

    WAITING = "waiting"
    CALLED = "called"  # an adviser is on their way to the PC
    DONE = "done"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # still waiting at closing time


class HelpRequestCreate(WireMessage):
    """``POST /api/device/v1/support/help``: "Help me now" at this PC."""

    topic: SupportTopic | None = None
    language: Language = "fi"


class HelpTicket(WireMessage):
    """What the kiosk shows: the ticket number, the queue ahead and, once called, who comes."""

    id: int
    number: int = Field(ge=1, description="Per branch and day, from 1")
    status: HelpStatus
    topic: SupportTopic | None = None
    #: Visitors ahead of this one (0: next).
    position: int = Field(ge=0)
    #: A rough estimate from today's pace; None before there is a pace to go by.
    estimated_wait_minutes: int | None = Field(default=None, ge=0)
    created_at: dt.datetime
    called_at: dt.datetime | None = None
    #: The adviser's first name, shown as "Aino is coming"; None when not called.
    adviser_name: str | None = Field(default=None, max_length=64)


# --- booking an adviser ------------------------------------------------------------------------


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class BookingChannel(StrEnum):
    KIOSK = "kiosk"
    CONSOLE = "console"  # an adviser booked on the visitor's behalf
    WEB = "web"  # the public API (the city's website)


class Slot(WireMessage):
    """A bookable time with an adviser. ``adviser`` is an opaque key, not a person's id."""

    adviser: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    branch_id: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    languages: list[Language]
    seats_left: int = Field(ge=1)


class SlotList(WireMessage):
    slots: list[Slot] = Field(default_factory=list, max_length=2000)


class BookingCreate(WireMessage):
    """A booking: the slot, and how to greet and remind the visitor (all but the name optional).

    Personal data is kept only until a few days after the appointment (operations guide).
    """

    adviser: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    branch_id: str = Field(max_length=32)
    starts_at: Timestamp
    topic: SupportTopic
    language: Language
    #: A name or a nickname: what the adviser calls out.
    name: str = Field(min_length=1, max_length=60)
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9 ()-]{5,20}$")
    email: str | None = Field(
        default=None, max_length=254, pattern=r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,}$"
    )


class BookingConfirmation(WireMessage):
    """A made booking. ``code`` is shown and printed once: it cancels and reschedules."""

    code: str
    status: BookingStatus
    branch_id: str
    branch_name: LocalizedText
    #: Where to go ("Oodi, 2nd floor, digital support desk").
    place: str = Field(default="", max_length=200)
    adviser_name: str | None = Field(default=None, max_length=64)
    starts_at: dt.datetime
    ends_at: dt.datetime
    topic: SupportTopic
    language: Language


class Reschedule(WireMessage):
    """``POST .../bookings/{code}/reschedule``: move to another slot (same topic)."""

    adviser: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    branch_id: str = Field(max_length=32)
    starts_at: Timestamp


class BookingExport(WireMessage):
    """``GET .../bookings/{code}/export``: everything stored about this booking (MyData)."""

    booking: BookingConfirmation
    name: str | None
    phone: str | None
    email: str | None
    created_at: dt.datetime
    channel: BookingChannel
    reminded_at: dt.datetime | None

"""Device API v1 messages: enrolment, check-in, commands, usage events and nudges.

Everything a kiosk and the fleet exchange under ``/api/device/v1/`` is defined here and
nowhere else. Requests authenticate with ``Authorization: Bearer <device token>``; errors
come back as :class:`ApiError` with a stable machine-readable ``code`` the kiosk translates.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt, field_validator

from fleet.protocol.base import Timestamp, WireMessage
from fleet.protocol.cards import CardTrust
from fleet.protocol.content import ContentError, ContentKeyInfo
from fleet.protocol.sessions import ReservationSlot

API_PREFIX = "/api/device/v1"

#: A short lower-case identifier: the only kind of text an anonymous usage event may carry.
Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class ApiError(WireMessage):
    """The body of every 4xx/5xx reply. ``code`` is stable; ``message`` is for logs and humans."""

    code: str
    message: str
    details: list[dict[str, object]] | None = None


# --- shared vocabulary ---------------------------------------------------------------------


class LocalizedText(WireMessage):
    """A text in the three languages the kiosk must always offer."""

    fi: str = Field(max_length=2000)
    sv: str = Field(max_length=2000)
    en: str = Field(max_length=2000)

    def get(self, language: str) -> str:
        """The text in ``language`` (fi, sv or en); Finnish for anything else."""
        return {"fi": self.fi, "sv": self.sv, "en": self.en}.get(language, self.fi)


class DeviceState(StrEnum):
    """What the kiosk is doing, as it reports at check-in."""

    IDLE = "idle"
    IN_SESSION = "in_session"
    LOCKED = "locked"
    ERROR = "error"
    #: Sent once, just before the PC switches itself off (a power schedule or ``shutdown``):
    #: the fleet can tell a PC switched off on purpose from one that went silent.
    SHUT_DOWN = "shut_down"


class HealthStatus(StrEnum):
    """Health of one peripheral. Never shown by colour alone: the status strip spells it out."""

    OK = "ok"
    WARNING = "warning"  # works, but needs attention soon (paper near end)
    ERROR = "error"  # present but not working (paper out, cover open, offline)
    ABSENT = "absent"  # not configured, or not found


class DeviceHealth(WireMessage):
    """One peripheral's health with an optional machine-readable reason (``paper_low``)."""

    status: HealthStatus = HealthStatus.ABSENT
    detail: Slug | None = None


# --- branch configuration -------------------------------------------------------------------


class DayHours(WireMessage):
    """Opening hours on one day; ``opens``/``closes`` both ``None`` means closed."""

    opens: dt.time | None = None
    closes: dt.time | None = None

    @property
    def closed(self) -> bool:
        return self.opens is None or self.closes is None


class HoursException(DayHours):
    """Hours on one date that differ from the weekly rule (a holiday, a short day)."""

    date: dt.date
    note: LocalizedText | None = None


class OpeningHours(WireMessage):
    """A branch's weekly rule (index 0 = Monday) plus dated exceptions."""

    weekly: list[DayHours] = Field(min_length=7, max_length=7)
    exceptions: list[HoursException] = Field(default_factory=list)

    def on(self, day: dt.date) -> DayHours:
        """The hours that apply on ``day``: an exception if there is one, else the weekly rule."""
        for exception in self.exceptions:
            if exception.date == day:
                return exception
        return self.weekly[day.weekday()]


class LauncherApp(WireMessage):
    """A program the visitor may start from the session launcher."""

    id: Slug
    name: LocalizedText
    command: list[str] = Field(min_length=1)


class OfflinePolicy(WireMessage):
    """What log-ins are allowed while the fleet cannot be reached."""

    digital_card_allowed: bool = True
    library_card_allowed: bool = False
    session_minutes: int = Field(default=30, ge=5, le=480)


class PowerSchedule(WireMessage):
    """Switch the PCs off after closing and on again before opening (the branch's hours,
    holidays included). 0 or null turns either half off.

    The kiosk programmes the PC's real-time clock to wake it (``rtcwake``); the BIOS must
    allow that. Wake-on-LAN is not used: the fleet cannot reach the branches' networks.
    """

    #: Minutes after the library closes; the PC switches off then unless it opens again first.
    shutdown_after_closing_minutes: int | None = Field(default=None, ge=0, le=720)
    #: Minutes before the library opens (the next day it is open) that the PC switches on.
    wake_before_opening_minutes: int | None = Field(default=None, ge=0, le=720)

    @property
    def shutdown_after(self) -> dt.timedelta | None:
        minutes = self.shutdown_after_closing_minutes
        return dt.timedelta(minutes=minutes) if minutes else None

    @property
    def wake_before(self) -> dt.timedelta | None:
        minutes = self.wake_before_opening_minutes
        return dt.timedelta(minutes=minutes) if minutes else None


class Policy(WireMessage):
    """The effective configuration profile for one device (branch profile + device overrides)."""

    session_minutes: int = Field(default=60, ge=5, le=720)
    daily_minutes: int = Field(default=180, ge=5, le=1440)
    idle_timeout_minutes: int = Field(default=5, ge=1, le=120)
    checkin_interval_seconds: int = Field(default=30, ge=5, le=3600)
    launcher_apps: list[LauncherApp] = Field(default_factory=list)
    offline: OfflinePolicy = Field(default_factory=OfflinePolicy)
    #: Minutes one extension adds; 0 turns extensions off.
    extension_minutes: int = Field(default=30, ge=0, le=240)
    #: How many times one session may be extended.
    max_extensions: int = Field(default=2, ge=0, le=10)
    #: How long a reserved PC waits for the person who reserved it before others may use it.
    reservation_grace_minutes: int = Field(default=10, ge=0, le=60)
    #: How long a reservation lasts; reservations start on the hour or the half hour.
    reservation_minutes: int = Field(default=60, ge=15, le=240)
    #: Switching the PCs off after closing and on before opening; None: they stay on.
    #: Left out of check-in replies while None, so kiosks older than it keep working.
    power: PowerSchedule | None = None


class AnnouncementLevel(StrEnum):
    INFO = "info"
    #: Shown at once on every targeted kiosk, over the idle screen's slides.
    URGENT = "urgent"


class LiveAnnouncement(WireMessage):
    """A notice IT or staff publish from ``/admin/`` (not from a bundle): it reaches the
    targeted kiosks within seconds (a config change with a nudge) and ends by itself."""

    id: int
    level: AnnouncementLevel = AnnouncementLevel.INFO
    text: LocalizedText
    starts_at: Timestamp
    ends_at: Timestamp

    def active_at(self, moment: dt.datetime) -> bool:
        return self.starts_at <= moment < self.ends_at


class DeviceConfig(WireMessage):
    """Everything a kiosk needs to know about itself and its branch."""

    device_id: int
    device_name: str
    branch_id: str
    branch_name: LocalizedText
    branch_address: str = ""
    timezone: str = "Europe/Helsinki"
    opening_hours: OpeningHours
    policy: Policy
    #: Issuer keys and revoked cards, so digital cards verify offline.
    card_trust: CardTrust = Field(default_factory=CardTrust)
    #: Reservations of this PC that have not ended yet (nothing about who made them).
    reservations: list[ReservationSlot] = Field(default_factory=list, max_length=100)
    #: Publisher keys whose signed content bundles this kiosk accepts (see protocol.content).
    content_keys: list[ContentKeyInfo] = Field(default_factory=list, max_length=20)
    #: Announcements for this PC's branch that have not ended yet.
    announcements: list[LiveAnnouncement] = Field(default_factory=list, max_length=20)


# --- enrolment ------------------------------------------------------------------------------


class EnrollRequest(WireMessage):
    """``POST /enroll``: exchange a one-time code for a device credential."""

    code: str = Field(min_length=4, max_length=32)
    hostname: str = Field(min_length=1, max_length=63, pattern=r"^[A-Za-z0-9][A-Za-z0-9.-]*$")
    machine_id: str = Field(
        min_length=8, max_length=64, pattern=r"^[A-Za-z0-9-]+$", description="Stable per PC."
    )
    app_version: str = Field(min_length=1, max_length=32)

    @field_validator("code")
    @classmethod
    def _normalise_code(cls, value: str) -> str:
        return normalise_enrollment_code(value)


def normalise_enrollment_code(value: str) -> str:
    """Codes are typed by people: ignore case, spaces and dashes."""
    return re.sub(r"[\s-]", "", value).upper()


class EnrollResponse(WireMessage):
    """The credential is returned once; the fleet stores only its hash."""

    device_id: int
    device_name: str
    branch_id: str
    token: str


# --- check-in and commands ------------------------------------------------------------------


class CheckInRequest(WireMessage):
    """``POST /checkin``: the kiosk's state, sent every check-in interval (with jitter)."""

    state: DeviceState
    app_version: str = Field(min_length=1, max_length=32)
    content_version: str | None = Field(default=None, max_length=64)
    reader: DeviceHealth = Field(default_factory=DeviceHealth)
    printer: DeviceHealth = Field(default_factory=DeviceHealth)
    config_etag: str | None = Field(default=None, max_length=64)
    outbox_depth: int = Field(default=0, ge=0)
    #: The installed content manifest's id, and why the last offered one was refused.
    content_manifest_id: str | None = Field(default=None, max_length=64)
    content_error: ContentError | None = None


class CommandType(StrEnum):
    """Remote commands IT and staff can send to a kiosk."""

    LOCK = "lock"
    UNLOCK = "unlock"
    END_SESSION = "end_session"
    MESSAGE = "message"
    RESTART = "restart"
    SYNC = "sync"
    #: Print a guest pass slip on this kiosk's printer; sent from the guest pass page only.
    PRINT_GUEST_PASS = "print_guest_pass"  # noqa: S105 - a command name, not a password
    #: Switch the PC off, optionally waking it at ``wake_at`` (else at the scheduled wake).
    #: A visitor using the PC is warned and logged out after a minute first.
    SHUTDOWN = "shutdown"


#: How far ahead a ``shutdown``'s ``wake_at`` may be: soon enough that the PC has not been
#: forgotten, late enough for the shutdown itself to happen first.
WAKE_AT_MIN_AHEAD = dt.timedelta(minutes=5)
WAKE_AT_MAX_AHEAD = dt.timedelta(days=7)


class CommandStatus(StrEnum):
    """A command's life: queued -> delivered -> succeeded | failed; or expired if never done."""

    QUEUED = "queued"
    DELIVERED = "delivered"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXPIRED = "expired"


class GuestPassSlip(WireMessage):
    """What ``print_guest_pass`` prints: a new guest pass's code and PIN, in clear.

    The fleet keeps them encrypted while the command waits and forgets them once the kiosk
    answers or the command expires; the kiosk prints them and stores nothing.
    """

    code: str = Field(pattern=r"^[0-9]{8}$", repr=False)
    pin: str = Field(pattern=r"^[0-9]{4,8}$", repr=False)
    valid_until: Timestamp
    minutes: int = Field(ge=1, le=24 * 60)
    #: The slip's language, chosen by the staff member who knows the visitor.
    language: str = Field(default="fi", pattern=r"^(fi|sv|en)$")


class Command(WireMessage):
    """A command as delivered to a kiosk. The kiosk executes each ``id`` at most once.

    ``type`` is a :class:`CommandType`, or, for a kiosk older than its fleet, a name it does
    not know: parsed all the same (one new command must not spoil the whole check-in), not
    run, and reported failed with ``unsupported_command``.
    """

    id: int
    type: CommandType | Annotated[str, Field(max_length=32)] = Field(
        union_mode="left_to_right",
        description="A CommandType. Kiosks accept any name (a fleet may be newer than them) "
        "and report one they do not know failed with unsupported_command.",
    )
    message: str | None = Field(default=None, max_length=500)
    issued_at: dt.datetime
    expires_at: dt.datetime
    #: Only with ``print_guest_pass``.
    guest_pass: GuestPassSlip | None = None
    #: Only with ``shutdown``: when to switch the PC on again (None: at its scheduled wake).
    wake_at: Timestamp | None = None

    @property
    def known_type(self) -> CommandType | None:
        """The command's type if this version knows it, else None (not to be run)."""
        return self.type if isinstance(self.type, CommandType) else None


class CommandResult(WireMessage):
    """``POST /commands/{id}/result``: the outcome of one command."""

    status: Literal[CommandStatus.SUCCEEDED, CommandStatus.FAILED]
    detail: str | None = Field(default=None, max_length=200)


class CheckInResponse(WireMessage):
    """Tiny when nothing changed: the etag and an empty command list.

    ``config`` is present only when the kiosk's ``config_etag`` is stale.
    """

    config_etag: str
    config: DeviceConfig | None = None
    content_manifest_id: str | None = None
    commands: list[Command] = Field(default_factory=list)


class Nudge(WireMessage):
    """Sent over the device WebSocket (``GET /ws``): check in now, something is waiting."""

    type: Literal["nudge"] = "nudge"
    reason: Literal["command", "config", "content", "help"] = "command"


# --- usage events ---------------------------------------------------------------------------


class EventType(StrEnum):
    """Anonymous usage events. Later features add members; the server refuses unknown ones."""

    SHELL_STARTED = "shell_started"
    LANGUAGE_CHANGED = "language_changed"
    COMMAND_EXECUTED = "command_executed"
    CONFIG_APPLIED = "config_applied"
    NETWORK_CHANGED = "network_changed"
    #: attrs: method, category, online (bool)
    SESSION_STARTED = "session_started"
    #: attrs: method, category, reason, minutes, extensions
    SESSION_ENDED = "session_ended"
    #: attrs: method, minutes
    SESSION_EXTENDED = "session_extended"
    #: attrs: method, reason (a LoginRefusal code, or ``offline``, ``uid_only_card`` ...)
    LOGIN_FAILED = "login_failed"
    #: attrs: topic (a SupportTopic, or ``none``)
    HELP_REQUESTED = "help_requested"
    #: attrs: topic, wait_minutes (recorded by the fleet when an adviser calls the visitor)
    HELP_CALLED = "help_called"
    #: attrs: topic, by (``visitor`` or ``adviser``), wait_minutes
    HELP_CANCELLED = "help_cancelled"
    #: attrs: topic, language, channel (``kiosk``, ``console``, ``web``)
    BOOKING_MADE = "booking_made"
    #: attrs: topic
    BOOKING_CANCELLED = "booking_cancelled"
    #: attrs: topic
    BOOKING_NO_SHOW = "booking_no_show"
    #: attrs: topic (the one the adviser recorded), minutes
    BOOKING_DONE = "booking_done"
    #: attrs: guide (a guide id slug), language
    GUIDE_OPENED = "guide_opened"
    #: attrs: guide, step
    GUIDE_STEP = "guide_step"
    #: attrs: guide
    GUIDE_COMPLETED = "guide_completed"
    #: attrs: guide, helpful (bool)
    GUIDE_FEEDBACK = "guide_feedback"
    #: attrs: kind (``booking``, ``queue_ticket``, ``guest_pass``), printed (bool), reason
    SLIP_PRINTED = "slip_printed"


#: An attribute value: a bounded number, a flag or a slug. Never free text, never an identifier.
EventValue = StrictBool | Annotated[StrictInt, Field(ge=0, le=1_000_000)] | Slug


def new_event_id(at: dt.datetime) -> uuid.UUID:
    """A time-ordered UUID (version 7, RFC 9562) for an event that happened ``at``.

    Random (v4) ids scatter every insert across the primary-key index; ids that grow with
    time append to it, which is what lets the fleet take tens of thousands of events a
    second on SQLite (benchmarks/ingest.py). 74 random bits keep them unique.
    """
    millis = int(at.timestamp() * 1000) & ((1 << 48) - 1)
    random = int.from_bytes(os.urandom(10), "big")
    rand_a, rand_b = random >> 68, random & ((1 << 62) - 1)
    value = (millis << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return uuid.UUID(int=value)


class UsageEvent(WireMessage):
    """One anonymous event. ``id`` is minted by the kiosk so retries are deduplicated."""

    id: uuid.UUID
    type: EventType
    occurred_at: Timestamp
    attrs: dict[Slug, EventValue] = Field(default_factory=dict, max_length=16)


MAX_EVENTS_PER_BATCH = 500


class EventBatch(WireMessage):
    """``POST /events``: up to 500 events; the same id sent twice is stored once."""

    events: list[UsageEvent] = Field(min_length=1, max_length=MAX_EVENTS_PER_BATCH)


class EventBatchResult(WireMessage):
    accepted: int
    duplicates: int

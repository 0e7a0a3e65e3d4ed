"""The kiosk shell's state as the UI sees it, and the service interface the UI drives.

The UI (``kiosk.ui``) renders a :class:`ShellView` and calls :class:`ShellController`
methods; it never talks to the network, hardware or disk itself. Services push changes
to registered :class:`ShellListener` objects, which the UI adapts to Qt signals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from fleet.protocol import DayHours, DeviceHealth, LauncherApp, LocalizedText
from fleet.protocol.sessions import (
    LoginMethod,
    PatronAccount,
    PatronCategory,
    ReservationMade,
    ReservationOptions,
)
from fleet.protocol.support import BookingCreate, HelpTicket, SlotList, SupportTopic
from kiosk.services.info_screen import InfoView

if TYPE_CHECKING:
    # Only for the controller's signatures: the view itself needs neither module.
    from content.guides import GuideSet
    from kiosk.services.support import BookedSlip

LANGUAGES = ("fi", "sv", "en")


class ShellMode(StrEnum):
    """Which screen the shell shows."""

    STARTING = "starting"  # loading local state; nothing to show yet
    NOT_REGISTERED = "not_registered"  # no credential, or the fleet revoked it: "contact IT"
    IDLE = "idle"  # ready for the next visitor
    LOCKED = "locked"  # locked by IT or staff, with their message
    LOGIN = "login"  # a card number is known: the PIN is being typed or checked
    SESSION = "session"  # a visitor is using the PC


class GuideEvent(StrEnum):
    """What a visitor did with a guide (anonymous usage events)."""

    OPENED = "opened"
    STEP = "step"
    COMPLETED = "completed"
    HELPFUL = "helpful"
    NOT_HELPFUL = "not_helpful"


class SessionWarning(StrEnum):
    """What the session is warning about (shown, spoken and announced to screen readers)."""

    NONE = "none"
    #: The library closes within 15 minutes (said once per session, before the time warnings).
    CLOSING = "closing"
    FIVE_MINUTES = "five_minutes"
    ONE_MINUTE = "one_minute"
    IDLE = "idle"  # nobody has touched the PC: log-out follows unless someone does


@dataclass(frozen=True)
class LoginView:
    """The log-in in progress. The card number itself is never in a view: only its end.

    ``error`` is a code the UI translates: a ``LoginRefusal`` value or a kiosk notice code
    (``offline_library_card``, ``directory_unavailable``...). ``retry_after_seconds`` comes
    with ``pin_throttled``.
    """

    method: LoginMethod
    card_hint: str
    checking: bool = False
    error: str | None = None
    retry_after_seconds: int | None = None


@dataclass(frozen=True)
class SessionView:
    """The running session. Times are ``time.monotonic()`` seconds: the UI counts down with
    its own monotonic reads, so the view does not change every second."""

    session_id: str
    method: LoginMethod
    category: PatronCategory
    first_name: str | None
    ends_at: float
    warning: SessionWarning = SessionWarning.NONE
    #: When the idle warning is showing: the moment the session ends unless someone acts.
    idle_ends_at: float | None = None
    can_extend: bool = False
    extending: bool = False
    has_account: bool = False
    #: False for a session granted while the fleet was unreachable.
    online: bool = True
    apps: tuple[LauncherApp, ...] = ()
    #: A code the UI translates: ``extended``, an extension refusal, ``app_failed``...
    notice: str | None = None
    #: The branch-local time the library closes while it is open (the closing warning says it).
    closing_time: dt.time | None = None
    #: The branch-local time this PC switches off after closing, when a power schedule
    #: applies (the closing warning says it too).
    shutdown_time: dt.time | None = None


@dataclass(frozen=True)
class ShellView:
    """Everything the screens show. Immutable: services publish a new one on every change."""

    mode: ShellMode = ShellMode.STARTING
    language: str = "fi"
    lock_message: str | None = None
    device_name: str | None = None
    branch_name: LocalizedText | None = None
    #: Opening hours for the branch's local today, or None before the first config arrives.
    hours_today: DayHours | None = None
    today: dt.date | None = None
    online: bool = False
    reader: DeviceHealth = field(default_factory=DeviceHealth)
    printer: DeviceHealth = field(default_factory=DeviceHealth)
    login: LoginView | None = None
    session: SessionView | None = None
    #: A message for the idle screen, as a code the UI translates (a refused digital card,
    #: a card that cannot be used here); cleared after a while or when dismissed.
    notice: str | None = None
    #: This PC's next reservation by someone (wall clock), for "Reserved from 14:00".
    reserved_from: dt.datetime | None = None
    #: This PC's ticket in the walk-in help queue (waiting or called), before or after log-in.
    help: HelpTicket | None = None
    #: While a large content update downloads: how far it is, in percent (0-100).
    content_download: int | None = None
    #: The idle screen's slides, opening hours and announcements (in IDLE mode only).
    info: InfoView | None = None


class ShellListener(Protocol):
    """Receives what the services want the UI to show. Called on the event-loop thread."""

    def view_changed(self, view: ShellView) -> None: ...

    def message_received(self, text: str) -> None:
        """A message from staff or IT to show to whoever is at the PC."""
        ...

    def restart_requested(self) -> None:
        """The fleet asked for a restart; the UI closes cleanly and the app re-executes."""
        ...

    def session_wiped(self) -> None:
        """A visitor session ended and its files and processes are gone: the UI clears
        what it holds (the clipboard, typed text)."""
        ...


class ShellController(Protocol):
    """What the UI may ask of the services."""

    @property
    def view(self) -> ShellView: ...

    def add_listener(self, listener: ShellListener) -> None: ...

    async def set_language(self, language: str) -> None:
        """Switch the visitor's language (fi, sv or en); recorded as an anonymous event."""
        ...

    # --- log-in --------------------------------------------------------------------------------

    async def scanned(self, text: str) -> None:
        """A scanner (or a keyboard wedge the UI detected) read ``text``: a library card
        number starts a PIN log-in, a digital card proof logs in at once."""
        ...

    def begin_login(self, method: LoginMethod, card_number: str) -> None:
        """A card number or guest-pass code was typed: ask for the PIN."""
        ...

    async def submit_pin(self, pin: str) -> None:
        """Check the PIN with the fleet; the PIN is not kept anywhere afterwards."""
        ...

    def cancel_login(self) -> None: ...

    def dismiss_notice(self) -> None: ...

    # --- the session ---------------------------------------------------------------------------

    def visitor_active(self) -> None:
        """Someone touched the keyboard, mouse or screen (the UI calls this, rate-limited)."""
        ...

    async def extend_session(self) -> None: ...

    async def logout(self) -> None: ...

    async def launch_app(self, app_id: str) -> None: ...

    async def account(self) -> PatronAccount:
        """The visitor's loans, holds and fees. Raises :class:`~kiosk.services.errors.KioskError`
        with a translatable ``code`` when they cannot be shown now."""
        ...

    async def reservation_options(self) -> ReservationOptions: ...

    async def reserve(self, starts_at: dt.datetime) -> ReservationMade: ...

    # --- digital support (before or after log-in) ------------------------------------------------

    async def ask_for_help(self, topic: SupportTopic | None) -> HelpTicket:
        """ "Help me now": a ticket in the branch's queue (``view.help`` follows it). Raises
        :class:`~kiosk.services.support.SupportError` with a code the UI translates."""
        ...

    async def cancel_help(self) -> None: ...

    async def print_help_ticket(self) -> str:
        """Print the ticket; ``printed`` or a problem code (``paper_out``...)."""
        ...

    async def support_slots(
        self, topic: SupportTopic, language: str, branch_id: str | None = None
    ) -> SlotList: ...

    async def book_adviser(self, request: BookingCreate) -> BookedSlip:
        """Book a slot and print the slip in the current language; see ``BookedSlip``."""
        ...

    def guides(self) -> GuideSet:
        """The guides this PC has (usable before log-in)."""
        ...

    def guide_event(self, kind: GuideEvent, guide_id: str, step: int | None = None) -> None:
        """Record that a guide was opened, a step shown, the guide finished, or feedback
        (``helpful`` / ``not_helpful``) given: anonymous events."""
        ...

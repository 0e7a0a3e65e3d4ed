"""UI test doubles: the shell services in memory, a silent speaker, a recording announcer."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools

from PySide6.QtCore import QObject

from content.guides import GuideSet, default_guides
from fleet.protocol import LocalizedText
from fleet.protocol.sessions import (
    LoginMethod,
    PatronAccount,
    ReservationMade,
    ReservationOptions,
)
from fleet.protocol.support import (
    BookingConfirmation,
    BookingCreate,
    BookingStatus,
    HelpStatus,
    HelpTicket,
    SlotList,
    SupportTopic,
)
from kiosk.services.shell import (
    LANGUAGES,
    GuideEvent,
    LoginView,
    SessionView,
    SessionWarning,
    ShellController,
    ShellListener,
    ShellMode,
    ShellView,
)
from kiosk.services.support import BookedSlip
from kiosk.services.visitor import card_hint
from kiosk.ui.speech import Announcer, Speaker

EXTENSION_MINUTES = 30
HELP_CREATED = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@functools.cache
def shipped_guides() -> GuideSet:
    """The guides that ship with the kiosk, read once per test run."""
    return default_guides()


def help_ticket(**changes: object) -> HelpTicket:
    """A waiting ticket: number 12, two people ahead, about ten minutes."""
    values: dict[str, object] = {
        "id": 7,
        "number": 12,
        "status": HelpStatus.WAITING,
        "position": 2,
        "estimated_wait_minutes": 10,
        "created_at": HELP_CREATED,
    }
    values.update(changes)
    return HelpTicket.model_validate(values)


def confirmation_for(request: BookingCreate, code: str = "K7QMP-X3RTA") -> BookingConfirmation:
    """What the fleet answers to ``request``: the booking at the Oodi digital-support desk."""
    return BookingConfirmation(
        code=code,
        status=BookingStatus.BOOKED,
        branch_id=request.branch_id,
        branch_name=LocalizedText(fi="Oodi", sv="Ode", en="Oodi"),
        place="2. kerros, digituki",
        starts_at=request.starts_at,
        ends_at=request.starts_at + dt.timedelta(minutes=45),
        topic=request.topic,
        language=request.language,
    )


class FakeShellController(ShellController):
    """Holds a view, publishes changes to listeners and records what the UI asked for.

    It plays the visitor service's part just enough for the screens: ``begin_login`` asks
    for the PIN, ``submit_pin`` checks (``pin_gate`` holds it open) and then shows
    ``pin_error`` or starts ``session_on_pin``; ``extend_session`` adds 30 minutes;
    ``logout`` ends the session like the services do (wiped, then idle).
    ``set_language`` can be held open with :attr:`gate` to test re-entrancy.
    """

    def __init__(self, view: ShellView | None = None) -> None:
        self._view = view or ShellView()
        self._listeners: list[ShellListener] = []
        self.language_requests: list[str] = []
        self.gate: asyncio.Event | None = None
        self.fail_next = False
        #: Every call the UI made, in order: ("begin_login", method, number), ("submit_pin",
        #: pin), ("scanned", text), ("cancel_login",) ...; visitor_active is only counted.
        self.calls: list[tuple[object, ...]] = []
        self.active_calls = 0
        self.accept_numbers = True
        self.pin_gate: asyncio.Event | None = None
        self.pin_error: str | None = "pin_wrong"
        self.session_on_pin: SessionView | None = None
        self.extend_gate: asyncio.Event | None = None
        self.account_result: PatronAccount | Exception = PatronAccount()
        self.options_result: ReservationOptions | Exception = ReservationOptions(
            branch_id="oodi", minutes=60
        )
        self.reserve_result: ReservationMade | Exception | None = None
        # Digital support: what the services answer (an Exception is raised instead).
        self.guide_set: GuideSet | Exception = shipped_guides()
        self.guide_events: list[tuple[GuideEvent, str, int | None]] = []
        self.help_result: HelpTicket | Exception = help_ticket()
        self.print_result = "printed"
        self.slots_result: SlotList | Exception = SlotList()
        self.book_result: BookedSlip | Exception | None = None
        #: The slip outcome of a booking made from ``book_result = None``.
        self.slip_outcome = "printed"

    @property
    def view(self) -> ShellView:
        return self._view

    def add_listener(self, listener: ShellListener) -> None:
        self._listeners.append(listener)

    def named(self, name: str) -> list[tuple[object, ...]]:
        """The recorded calls of one method, without the name."""
        return [call[1:] for call in self.calls if call[0] == name]

    async def set_language(self, language: str) -> None:
        self.language_requests.append(language)
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("simulated service failure")
        if language not in LANGUAGES:
            raise ValueError(language)
        self.publish(dataclasses.replace(self._view, language=language))

    # --- log-in ----------------------------------------------------------------------------------

    async def scanned(self, text: str) -> None:
        self.calls.append(("scanned", text))

    def begin_login(self, method: LoginMethod, card_number: str) -> None:
        self.calls.append(("begin_login", method, card_number))
        if self.accept_numbers:
            self.publish(
                dataclasses.replace(
                    self._view,
                    mode=ShellMode.LOGIN,
                    notice=None,
                    login=LoginView(method=method, card_hint=card_hint(card_number)),
                )
            )

    async def submit_pin(self, pin: str) -> None:
        self.calls.append(("submit_pin", pin))
        login = self._view.login
        assert login is not None, "submit_pin without a log-in"
        self.publish(
            dataclasses.replace(self._view, login=dataclasses.replace(login, checking=True))
        )
        if self.pin_gate is not None:
            await self.pin_gate.wait()
        if self.session_on_pin is not None:
            self.publish(
                dataclasses.replace(
                    self._view, mode=ShellMode.SESSION, login=None, session=self.session_on_pin
                )
            )
            return
        self.publish(
            dataclasses.replace(
                self._view,
                login=dataclasses.replace(login, checking=False, error=self.pin_error),
            )
        )

    def cancel_login(self) -> None:
        self.calls.append(("cancel_login",))
        self.publish(dataclasses.replace(self._view, mode=ShellMode.IDLE, login=None))

    def dismiss_notice(self) -> None:
        self.calls.append(("dismiss_notice",))
        self.publish(dataclasses.replace(self._view, notice=None))

    # --- the session -----------------------------------------------------------------------------

    def visitor_active(self) -> None:
        self.active_calls += 1

    async def extend_session(self) -> None:
        self.calls.append(("extend_session",))
        session = self._view.session
        assert session is not None
        self.publish_session(extending=True)
        if self.extend_gate is not None:
            await self.extend_gate.wait()
        self.publish_session(
            extending=False,
            ends_at=session.ends_at + EXTENSION_MINUTES * 60,
            warning=SessionWarning.NONE,
            notice="extended",
        )

    async def logout(self) -> None:
        self.calls.append(("logout",))
        self.end_session()

    async def launch_app(self, app_id: str) -> None:
        self.calls.append(("launch_app", app_id))

    async def account(self) -> PatronAccount:
        self.calls.append(("account",))
        await asyncio.sleep(0)
        if isinstance(self.account_result, Exception):
            raise self.account_result
        return self.account_result

    async def reservation_options(self) -> ReservationOptions:
        self.calls.append(("reservation_options",))
        await asyncio.sleep(0)
        if isinstance(self.options_result, Exception):
            raise self.options_result
        return self.options_result

    async def reserve(self, starts_at: dt.datetime) -> ReservationMade:
        self.calls.append(("reserve", starts_at))
        await asyncio.sleep(0)
        result = self.reserve_result
        if isinstance(result, Exception):
            raise result
        if result is None:
            result = ReservationMade(
                id=1,
                device_name="oodi-pc-2",
                branch_id="oodi",
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(minutes=60),
            )
        return result

    # --- digital support -------------------------------------------------------------------------

    async def ask_for_help(self, topic: SupportTopic | None) -> HelpTicket:
        self.calls.append(("ask_for_help", topic))
        await asyncio.sleep(0)
        if isinstance(self.help_result, Exception):
            raise self.help_result
        ticket = self.help_result.model_copy(update={"topic": topic})
        self.publish(dataclasses.replace(self._view, help=ticket))
        return ticket

    async def cancel_help(self) -> None:
        self.calls.append(("cancel_help",))
        await asyncio.sleep(0)
        self.publish(dataclasses.replace(self._view, help=None))

    async def print_help_ticket(self) -> str:
        self.calls.append(("print_help_ticket",))
        await asyncio.sleep(0)
        return self.print_result

    async def support_slots(
        self, topic: SupportTopic, language: str, branch_id: str | None = None
    ) -> SlotList:
        self.calls.append(("support_slots", topic, language, branch_id))
        await asyncio.sleep(0)
        if isinstance(self.slots_result, Exception):
            raise self.slots_result
        return self.slots_result

    async def book_adviser(self, request: BookingCreate) -> BookedSlip:
        self.calls.append(("book_adviser", request))
        await asyncio.sleep(0)
        result = self.book_result
        if isinstance(result, Exception):
            raise result
        if result is None:
            result = BookedSlip(confirmation_for(request), self.slip_outcome)
        return result

    def guides(self) -> GuideSet:
        if isinstance(self.guide_set, Exception):
            raise self.guide_set
        return self.guide_set

    def guide_event(self, kind: GuideEvent, guide_id: str, step: int | None = None) -> None:
        self.guide_events.append((kind, guide_id, step))

    # --- test helpers: play the services' side ----------------------------------------------

    def publish_help(self, ticket: HelpTicket | None) -> None:
        """The help desk's refresh: the ticket moved up, was called, or is gone."""
        self.publish(dataclasses.replace(self._view, help=ticket))

    def publish(self, view: ShellView) -> None:
        self._view = view
        for listener in self._listeners:
            listener.view_changed(view)

    def publish_session(self, **changes: object) -> None:
        """Publish the running session with ``changes`` (``warning=...``, ``notice=...``)."""
        session = self._view.session
        assert session is not None
        self.publish(
            dataclasses.replace(self._view, session=dataclasses.replace(session, **changes))  # type: ignore[arg-type]
        )

    def end_session(self) -> None:
        """The session ends like the services end it: wiped first, then the idle view."""
        for listener in self._listeners:
            listener.session_wiped()
        self.publish(dataclasses.replace(self._view, mode=ShellMode.IDLE, session=None))

    def send_message(self, text: str) -> None:
        for listener in self._listeners:
            listener.message_received(text)

    def ask_restart(self) -> None:
        for listener in self._listeners:
            listener.restart_requested()


class FakeSpeaker(Speaker):
    """Records what would have been said, in which language; never makes a sound.

    ``available=False`` plays a PC without espeak-ng (warnings only beep).
    """

    def __init__(self, *, available: bool = True) -> None:
        super().__init__(program="espeak-ng")
        self.available = available
        self.said: list[tuple[str, str]] = []
        self.stops = 0

    @property
    def speaks(self) -> bool:
        return self.available

    def say(self, text: str, language: str) -> None:
        self.said.append((text, language))

    def stop(self) -> None:
        self.stops += 1


class FakeAnnouncer(Announcer):
    """Records announcements: (the widget's class name, the text, assertive)."""

    def __init__(self) -> None:
        self.announced: list[tuple[str, str, bool]] = []

    def announce(self, widget: QObject, text: str, *, assertive: bool = False) -> None:
        self.announced.append((type(widget).__name__, text, assertive))

    @property
    def texts(self) -> list[str]:
        return [text for _name, text, _assertive in self.announced]


class FakeMonotonic:
    """A monotonic clock the test moves by hand: ``clock.advance(5)``."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

"""Visitor sessions on the kiosk: log-in, the monotonic session clock, warnings, wipe, reports.

:class:`VisitorService` is owned by ``KioskShell``. It turns what the visitor presents (a
scanned or typed card number + PIN, a guest pass, a digital card proof from a QR scan or an
NFC tap) into a session, runs the session on the monotonic clock (a network outage neither
ends nor extends it), warns at 5 and 1 minutes and before an idle log-out, and ends it:
apps and files wiped by the sandbox, the end reported to the fleet through a durable queue,
an anonymous event recorded. No session runs past the branch's closing time: the clock pulls
the end forward to it, "More time" is not offered when the end is already there, and 15
minutes before closing the visitor is told once (``SessionWarning.CLOSING``).

When the fleet cannot be reached, the branch's offline policy decides: a digital card is
verified here against the synced issuer keys and revocation list (and the local replay
memory) and gets a shorter session, reported once the network is back; a library card
cannot be checked without the library system, so it is refused with a clear message
unless IT allowed unverified offline sessions.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from pydantic import SecretStr, ValidationError

from fleet.protocol import DeviceConfig, EventType, LauncherApp
from fleet.protocol.cards import NFC_PREFIX, QR_PREFIX, CardProofError, read_nfc_proof, verify_proof
from fleet.protocol.hours import closes_at, zone_of
from fleet.protocol.sessions import (
    EndReason,
    ExtendRequest,
    LoginMethod,
    LoginRequest,
    OfflineSessionReport,
    PatronAccount,
    PatronCategory,
    ReservationMade,
    ReservationOptions,
    ReservationRequest,
    SessionEnd,
    SessionGrant,
    normalise_card_number,
)
from hardware import CardKind, CardRead, CardReaderError, CardRemovedError
from kiosk.services.client import DeviceClient
from kiosk.services.errors import (
    FleetRejectedError,
    FleetUnreachableError,
    KioskError,
    NotRegisteredError,
)
from kiosk.services.idle import IdleSource
from kiosk.services.outbox import EventAttrs
from kiosk.services.sandbox import SandboxError, SessionSandbox
from kiosk.services.shell import LoginView, SessionView, SessionWarning
from kiosk.services.store import LocalStore

log = logging.getLogger(__name__)

FIVE_MINUTES = 5 * 60.0
ONE_MINUTE = 60.0
#: How long before the branch closes a visitor in a session is told so.
CLOSING_WARNING = 15 * 60.0
#: How long before an idle log-out the visitor is warned.
IDLE_WARNING = 60.0
#: How long a notice on the idle screen stays before it clears itself.
NOTICE_SECONDS = 20.0
#: How long a tap's APDU conversation may take in all.
NFC_TIMEOUT = 3.0
#: An abandoned log-in (card number shown, no PIN typed) returns to the idle screen after
#: this long without input, so the next person does not find someone else's card on screen.
LOGIN_TIMEOUT = 90.0
#: Refusals after which the PIN screen closes: typing another PIN cannot help.
FINAL_REFUSALS = frozenset(
    {
        "card_unknown",
        "card_blocked",
        "card_expired",
        "fees_over_limit",
        "too_young",
        "guest_pass_expired",
        "guest_pass_used_up",
        "daily_limit_reached",
        "already_in_session",
        "library_closed",
        "pc_reserved",
    }
)


class VisitorError(KioskError):
    """A visitor action that cannot be done now; ``code`` is translated by the UI."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class _Session:
    """The running session; times are monotonic seconds except ``started_at`` (wall)."""

    grant: SessionGrant
    started_at: dt.datetime
    started_mono: float
    ends_at: float
    last_activity: float
    extensions: int = 0
    extendable: bool = True
    customer_id: str | None = None
    card_id: str | None = None
    #: When the branch closes (monotonic), and its branch-local time, while it is open.
    closes_mono: float | None = None
    closing_time: dt.time | None = None
    #: Why the session ends when its time is up (``shutdown``: IT switches the PC off).
    end_reason: EndReason = EndReason.TIME_UP


def card_hint(card_number: str) -> str:
    """What the screen shows of a card number: its last four characters."""
    tail = normalise_card_number(card_number)[-4:]
    return f"•••• {tail}"


def is_card_proof(text: str) -> bool:
    """A digital customer card proof (from a QR scan), as opposed to a card number."""
    return text.startswith((f"{QR_PREFIX}.", f"{NFC_PREFIX}."))


class VisitorService:
    """Log-ins and the visitor's session; see the module docstring."""

    def __init__(
        self,
        store: LocalStore,
        sandbox: SessionSandbox,
        *,
        client: Callable[[], DeviceClient | None],
        config: Callable[[], DeviceConfig | None],
        record_event: Callable[[EventType, EventAttrs], None],
        changed: Callable[[], None],
        wiped: Callable[[], None],
        unreachable: Callable[[], None],
        clock: Callable[[], dt.datetime],
        language: Callable[[], str] = lambda: "fi",
        monotonic: Callable[[], float] = time.monotonic,
        idle: IdleSource | None = None,
    ) -> None:
        self._store = store
        self._language = language
        self._sandbox = sandbox
        self._client = client
        self._config = config
        self._record = record_event
        self._changed = changed
        self._wiped = wiped
        self._unreachable = unreachable
        self._clock = clock
        self._monotonic = monotonic
        #: Input anywhere on the PC (other programs too); None: only what the UI reports.
        self._idle = idle
        self._login_touched = 0.0

        self._login: LoginView | None = None
        self._card_number: str | None = None  # only while the PIN is being typed
        self._session: _Session | None = None
        self._warning = SessionWarning.NONE
        self._session_notice: str | None = None
        self._extending = False
        self._ending = False
        self._notice: str | None = None
        self._notice_until = 0.0
        self._reports_wanted = asyncio.Event()

    # --- what the view shows ------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self._session is not None

    @property
    def login_view(self) -> LoginView | None:
        return self._login

    @property
    def notice(self) -> str | None:
        return self._notice

    @property
    def session_view(self) -> SessionView | None:
        session = self._session
        if session is None:
            return None
        idle_ends = None
        if self._warning is SessionWarning.IDLE:
            idle_ends = session.last_activity + self._idle_timeout()
        return SessionView(
            session_id=str(session.grant.session_id),
            method=session.grant.method,
            category=session.grant.category,
            first_name=session.grant.first_name,
            ends_at=session.ends_at,
            warning=self._warning,
            idle_ends_at=idle_ends,
            can_extend=self._can_extend(session),
            extending=self._extending,
            has_account=session.grant.has_account and session.grant.online,
            online=session.grant.online,
            apps=self._apps(),
            notice=self._session_notice,
            closing_time=session.closing_time,
        )

    def next_reservation(self) -> dt.datetime | None:
        """The start of this PC's next reservation by someone, for the idle screen."""
        config = self._config()
        if config is None:
            return None
        now = self._clock()
        upcoming = [
            slot.starts_at
            for slot in config.reservations
            if not slot.claimed and slot.ends_at > now
        ]
        return min(upcoming, default=None)

    # --- log-in ------------------------------------------------------------------------------

    def begin_login(self, method: LoginMethod, card_number: str) -> None:
        if self._session is not None or method is LoginMethod.DIGITAL_CARD:
            return
        number = normalise_card_number(card_number)
        if not 1 <= len(number) <= 32 or not number.isalnum():
            self._set_notice("card_number_invalid")
            return
        self._card_number = number
        self._login = LoginView(method=method, card_hint=card_hint(number))
        self._login_touched = self._monotonic()
        self._notice = None
        self._changed()

    def cancel_login(self) -> None:
        if self._login is None or self._login.checking:
            return
        self._login = None
        self._card_number = None
        self._changed()

    async def submit_pin(self, pin: str) -> None:
        login, number = self._login, self._card_number
        if login is None or number is None or login.checking or self._session is not None:
            return
        if not 1 <= len(pin) <= 32:
            self._login = replace(login, error="pin_missing")
            self._changed()
            return
        self._login = replace(login, checking=True, error=None, retry_after_seconds=None)
        self._changed()
        request = LoginRequest(
            method=login.method,
            card_number=number,
            pin=SecretStr(pin),
            language=self._language(),
        )
        try:
            grant = await self._ask_fleet(request)
        except _RefusedError as refused:
            self._refused(login.method, refused.code, refused.retry_after)
            return
        except FleetUnreachableError:
            if await self._offline_without_verification(login.method):
                return
            self._refused(login.method, "offline_library_card")
            return
        await self._start(grant)

    async def scanned(self, text: str) -> None:
        """A scan: a digital card proof logs in, anything card-like asks for the PIN."""
        text = text.strip()
        if self._session is not None or not text:
            return
        if is_card_proof(text):
            await self.login_digital(text)
        elif self._login is not None and self._login.checking:
            return
        else:
            self.begin_login(LoginMethod.LIBRARY_CARD, text)

    async def tap(self, card: CardRead, device_id: int) -> None:
        """A card on the NFC reader: a phone with the digital card logs in; anything else
        (a bare RFID tag, a bank card) is refused: a chip's identifier proves nothing."""
        if self._session is not None:
            return
        if card.kind is not CardKind.ISO_DEP:
            self._failed(LoginMethod.DIGITAL_CARD, "uid_only_card")
            return

        async def transceive(apdu: bytes) -> bytes:
            return await card.transceive(apdu, timeout=1.0)

        try:
            async with asyncio.timeout(NFC_TIMEOUT):
                proof = await read_nfc_proof(transceive, device_id, now=self._clock())
        except CardProofError as error:
            self._failed(LoginMethod.DIGITAL_CARD, error.code.value)
            return
        except (CardRemovedError, CardReaderError, TimeoutError):
            self._failed(LoginMethod.DIGITAL_CARD, "card_removed_too_soon")
            return
        await self.login_digital(proof)

    async def login_digital(self, proof: str) -> None:
        if self._session is not None or (self._login is not None and self._login.checking):
            return
        config = self._config()
        if config is None:
            self._failed(LoginMethod.DIGITAL_CARD, "not_ready")
            return
        # Verified here first, online or not: a forged or replayed proof never leaves the PC,
        # and the same proof cannot be used twice at this PC even while the fleet is away.
        now = self._clock()
        try:
            card = verify_proof(proof, config.card_trust, now=now, device_id=config.device_id)
        except CardProofError as error:
            self._failed(LoginMethod.DIGITAL_CARD, error.code.value)
            return
        if not self._store.first_use(card.proof_id, card.remember_until):
            self._failed(LoginMethod.DIGITAL_CARD, "proof_replayed")
            return
        self._login = None
        self._card_number = None
        request = LoginRequest(
            method=LoginMethod.DIGITAL_CARD, digital_card=proof, language=self._language()
        )
        try:
            grant = await self._ask_fleet(request)
        except _RefusedError as refused:
            self._failed(LoginMethod.DIGITAL_CARD, refused.code)
            return
        except FleetUnreachableError:
            offline = config.policy.offline
            if not offline.digital_card_allowed:
                self._failed(LoginMethod.DIGITAL_CARD, "offline_not_allowed")
                return
            offline_grant = self._offline_grant(LoginMethod.DIGITAL_CARD, offline.session_minutes)
            if offline_grant is not None:
                await self._start(offline_grant, customer_id=card.customer_id, card_id=card.card_id)
            return
        await self._start(grant)

    async def _ask_fleet(self, request: LoginRequest) -> SessionGrant:
        client = self._client()
        if client is None:
            raise FleetUnreachableError("not_registered")
        try:
            return await client.login(request)
        except FleetRejectedError as error:
            raise _RefusedError(error.code, error.retry_after) from None
        except NotRegisteredError:
            raise _RefusedError("not_ready") from None
        except FleetUnreachableError:
            self._unreachable()
            raise

    async def _offline_without_verification(self, method: LoginMethod) -> bool:
        """IT may allow library-card sessions unverified while offline (Libki's offline
        mode). Off by default: it lets anyone with any card number in."""
        config = self._config()
        if (
            config is None
            or method is not LoginMethod.LIBRARY_CARD
            or not config.policy.offline.library_card_allowed
        ):
            return False
        grant = self._offline_grant(method, config.policy.offline.session_minutes)
        if grant is None:
            return True
        await self._start(grant)
        return True

    def _offline_grant(self, method: LoginMethod, minutes: int) -> SessionGrant | None:
        config = self._config()
        assert config is not None
        now = self._clock()
        closing = closes_at(config.opening_hours, zone_of(config.timezone), now)
        if closing is None or (closing - now) < dt.timedelta(minutes=5):
            self._failed(method, "library_closed")
            return None
        minutes = min(minutes, int((closing - now).total_seconds() // 60))
        return SessionGrant(
            session_id=uuid.uuid4(),
            method=method,
            category=PatronCategory.ADULT,
            minutes=minutes,
            daily_minutes_left=0,
            ends_at=now + dt.timedelta(minutes=minutes),
            online=False,
        )

    def _refused(self, method: LoginMethod, code: str, retry_after: int | None = None) -> None:
        """A refusal at the PIN step: shown there, or on the idle screen when final."""
        self._record(EventType.LOGIN_FAILED, {"method": method.value, "reason": code})
        login = self._login
        if login is None or code in FINAL_REFUSALS:
            self._login = None
            self._card_number = None
            self._set_notice(code)
            return
        self._login = replace(login, checking=False, error=code, retry_after_seconds=retry_after)
        self._changed()

    def _failed(self, method: LoginMethod, code: str) -> None:
        """A log-in without a PIN step (digital card) that did not work: an idle notice."""
        self._record(EventType.LOGIN_FAILED, {"method": method.value, "reason": code})
        self._login = None
        self._card_number = None
        self._set_notice(code)

    def dismiss_notice(self) -> None:
        """The visitor closed the message (on the idle screen, or in their session)."""
        if self._notice is not None or self._session_notice is not None:
            self._notice = None
            self._session_notice = None
            self._changed()

    def not_ready(self) -> None:
        """A log-in was tried before this PC knows its branch (first start, no network)."""
        self._set_notice("not_ready")

    def switching_off(self) -> None:
        """A log-in was tried while this PC is switching itself off."""
        self._set_notice("pc_switching_off")

    def _set_notice(self, code: str) -> None:
        self._notice = code
        self._notice_until = self._monotonic() + NOTICE_SECONDS
        self._changed()

    # --- the session ---------------------------------------------------------------------------

    async def _start(
        self,
        grant: SessionGrant,
        *,
        customer_id: str | None = None,
        card_id: str | None = None,
    ) -> None:
        now_mono = self._monotonic()
        meta: dict[str, str | int | bool] = {
            "method": grant.method.value,
            "category": grant.category.value,
            "online": grant.online,
            "minutes": grant.minutes,
            "started_at": self._clock().isoformat(),
        }
        if customer_id is not None:
            # Only for an offline session, whose report needs it (personal: kept in the
            # sandbox's 0700 journal until the session ends, then gone).
            meta["customer_id"] = customer_id
        if card_id is not None:
            meta["card_id"] = card_id
        self._login = None
        self._card_number = None
        try:
            await self._sandbox.open(str(grant.session_id), meta)
        except SandboxError as error:
            log.error("could not prepare the session: %s", error.reason)
            self._report_end(grant, self._clock(), EndReason.CRASH, 0, customer_id, card_id)
            self._failed(grant.method, "session_start_failed")
            return
        self._session = _Session(
            grant=grant,
            started_at=self._clock(),
            started_mono=now_mono,
            ends_at=now_mono + grant.minutes * 60.0,
            last_activity=now_mono,
            customer_id=customer_id,
            card_id=card_id,
        )
        self._apply_caps(self._session, now_mono)
        self._warning = self._time_warning(self._session)
        self._session_notice = None
        self._notice = None
        self._record(
            EventType.SESSION_STARTED,
            {
                "method": grant.method.value,
                "category": grant.category.value,
                "online": grant.online,
            },
        )
        log.info(
            "session started (%s, %d min, online=%s)",
            grant.method.value,
            grant.minutes,
            grant.online,
        )
        self._changed()

    def visitor_active(self) -> None:
        if self._login is not None:
            self._login_touched = self._monotonic()
        session = self._session
        if session is None:
            return
        session.last_activity = self._monotonic()
        if self._warning is SessionWarning.IDLE:
            self._warning = self._time_warning(session)
            self._changed()

    async def extend(self) -> None:
        session = self._session
        if session is None or self._extending or not self._can_extend(session):
            return
        client = self._client()
        if client is None or not session.grant.online:
            self._notify_session("offline_no_extension")
            return
        self._extending = True
        self._changed()
        used = int((self._monotonic() - session.started_mono) // 60)
        try:
            extension = await client.extend(
                str(session.grant.session_id), ExtendRequest(minutes_used=min(used, 1440))
            )
        except FleetRejectedError as error:
            session.extendable = False
            self._notify_session(error.code)
            return
        except FleetUnreachableError:
            self._unreachable()
            self._notify_session("offline_no_extension")
            return
        finally:
            self._extending = False
        if self._session is not session:
            return  # ended while we waited
        session.ends_at += extension.minutes_added * 60.0
        session.extensions += 1
        session.extendable = extension.extendable_again
        session.last_activity = self._monotonic()
        self._warning = self._time_warning(session)
        self._record(
            EventType.SESSION_EXTENDED,
            {"method": session.grant.method.value, "minutes": extension.minutes_added},
        )
        self._notify_session("extended")

    def _notify_session(self, code: str) -> None:
        self._session_notice = code
        self._changed()

    async def logout(self) -> None:
        await self.end(EndReason.LOGOUT)

    def end_soon(self, seconds: float, reason: EndReason, notice: str) -> bool:
        """End the session in ``seconds`` at the latest, for ``reason``, with no more time
        to be had: the visitor is told why (``notice``) and warned as before any time-up.
        False when there is no session."""
        session = self._session
        if session is None or self._ending:
            return False
        session.ends_at = min(session.ends_at, self._monotonic() + seconds)
        session.extendable = False
        session.end_reason = reason
        self._warning = self._time_warning(session)
        self._notify_session(notice)
        return True

    async def end(self, reason: EndReason) -> None:
        """End the session: wipe everything, queue the report, record the event. Idempotent."""
        session = self._session
        if session is None or self._ending:
            return
        self._ending = True
        try:
            report = await self._sandbox.close()
            if report.leftovers:
                log.error("session wipe incomplete: %s", "; ".join(report.leftovers))
            minutes = max(0, round((self._monotonic() - session.started_mono) / 60))
            self._report_end(
                session.grant,
                self._clock(),
                reason,
                minutes,
                session.customer_id,
                session.card_id,
                started_at=session.started_at,
            )
            self._record(
                EventType.SESSION_ENDED,
                {
                    "method": session.grant.method.value,
                    "category": session.grant.category.value,
                    "reason": reason.value,
                    "minutes": minutes,
                    "extensions": session.extensions,
                },
            )
            log.info("session ended (%s, %d min)", reason.value, minutes)
        finally:
            self._session = None
            self._warning = SessionWarning.NONE
            self._session_notice = None
            self._ending = False
            self._wiped()
            self._changed()

    def _report_end(
        self,
        grant: SessionGrant,
        ended_at: dt.datetime,
        reason: EndReason,
        minutes: int,
        customer_id: str | None,
        card_id: str | None,
        *,
        started_at: dt.datetime | None = None,
    ) -> None:
        session_id = str(grant.session_id)
        minutes = min(minutes, 1440)
        if grant.online:
            body = SessionEnd(reason=reason, minutes_used=minutes, ended_at=ended_at)
            self._store.add_session_report("end", session_id, body.model_dump_json())
        else:
            start = started_at or ended_at - dt.timedelta(minutes=minutes)
            offline = OfflineSessionReport(
                id=grant.session_id,
                method=grant.method,
                category=grant.category,
                customer_id=customer_id,
                card_id=card_id,
                started_at=start,
                ended_at=ended_at,
                minutes_used=minutes,
                reason=reason,
            )
            self._store.add_session_report("offline", session_id, offline.model_dump_json())
        self._reports_wanted.set()

    async def launch_app(self, app_id: str) -> None:
        if self._session is None:
            return
        app = next((app for app in self._apps() if app.id == app_id), None)
        if app is None:
            self._notify_session("app_unknown")
            return
        try:
            await self._sandbox.launch(app)
        except SandboxError as error:
            log.warning("app %s did not start: %s", app.id, error.reason)
            self._notify_session("app_failed")
            return
        if self._session_notice is not None:
            self._notify_session_clear()

    def _notify_session_clear(self) -> None:
        self._session_notice = None
        self._changed()

    async def account(self) -> PatronAccount:
        session, client = self._session, self._client()
        if session is None:
            raise VisitorError("session_not_active")
        if not session.grant.has_account:
            raise VisitorError("account_not_available")
        if client is None or not session.grant.online:
            raise VisitorError("offline_no_account")
        try:
            return await client.account(str(session.grant.session_id))
        except FleetRejectedError as error:
            raise VisitorError(error.code) from None
        except FleetUnreachableError:
            self._unreachable()
            raise VisitorError("offline_no_account") from None

    async def reservation_options(self) -> ReservationOptions:
        session, client = self._session, self._client()
        if session is None or client is None or not session.grant.online:
            raise VisitorError("offline_no_reservation")
        try:
            return await client.reservation_options(str(session.grant.session_id))
        except FleetRejectedError as error:
            raise VisitorError(error.code) from None
        except FleetUnreachableError:
            raise VisitorError("offline_no_reservation") from None

    async def reserve(self, starts_at: dt.datetime) -> ReservationMade:
        session, client = self._session, self._client()
        if session is None or client is None or not session.grant.online:
            raise VisitorError("offline_no_reservation")
        try:
            return await client.reserve(
                str(session.grant.session_id), ReservationRequest(starts_at=starts_at)
            )
        except FleetRejectedError as error:
            raise VisitorError(error.code) from None
        except FleetUnreachableError:
            raise VisitorError("offline_no_reservation") from None

    # --- the clock -----------------------------------------------------------------------------

    async def tick(self) -> None:
        """Move the session along the clock: caps, warnings, time-out and idle log-out."""
        now = self._monotonic()
        if self._notice is not None and now >= self._notice_until:
            self._notice = None
            self._changed()
        login = self._login
        if login is not None and not login.checking and now >= self._login_touched + LOGIN_TIMEOUT:
            self.cancel_login()
        session = self._session
        if session is None or self._ending:
            return
        self._note_system_input(session, now)
        self._apply_caps(session, now)
        if now >= session.ends_at:
            await self.end(session.end_reason)
            return
        if now >= session.last_activity + self._idle_timeout():
            await self.end(EndReason.IDLE)
            return
        warning = self._time_warning(session)
        if now >= session.last_activity + self._idle_timeout() - self._idle_warning():
            warning = SessionWarning.IDLE
        if warning is not self._warning:
            self._warning = warning
            self._changed()

    def _note_system_input(self, session: _Session, now: float) -> None:
        """Input to other programs (the browser) counts as the visitor being there too."""
        if self._idle is None:
            return
        idle = self._idle.idle_seconds()
        if idle is None:
            return
        if now - idle > session.last_activity:
            session.last_activity = now - idle
            if self._warning is SessionWarning.IDLE:
                self._warning = self._time_warning(session)
                self._changed()

    def _time_warning(self, session: _Session) -> SessionWarning:
        now = self._monotonic()
        left = session.ends_at - now
        if left <= ONE_MINUTE:
            return SessionWarning.ONE_MINUTE
        if left <= FIVE_MINUTES:
            return SessionWarning.FIVE_MINUTES
        if session.closes_mono is not None and session.closes_mono - now <= CLOSING_WARNING:
            return SessionWarning.CLOSING
        return SessionWarning.NONE

    def _apply_caps(self, session: _Session, now_mono: float) -> None:
        """Closing time and reservations made after the grant pull the end forward."""
        config = self._config()
        if config is None:
            return
        wall = self._clock()
        limits = []
        zone = zone_of(config.timezone)
        closing = closes_at(config.opening_hours, zone, wall)
        closes_mono = None
        closing_time = None
        if closing is not None:
            limits.append(closing)
            closes_mono = now_mono + (closing - wall).total_seconds()
            closing_time = closing.astimezone(zone).time()
        session.closes_mono = closes_mono
        if closing_time != session.closing_time:
            session.closing_time = closing_time
            self._changed()
        for slot in config.reservations:
            if not slot.claimed and session.started_at < slot.starts_at:
                limits.append(slot.starts_at)
        for limit in limits:
            cap = now_mono + (limit - wall).total_seconds()
            if cap < session.ends_at:
                session.ends_at = cap
                session.extendable = False
                self._changed()

    def _idle_timeout(self) -> float:
        config = self._config()
        minutes = config.policy.idle_timeout_minutes if config is not None else 5
        return minutes * 60.0

    def _idle_warning(self) -> float:
        return min(IDLE_WARNING, self._idle_timeout() / 2)

    def _can_extend(self, session: _Session) -> bool:
        config = self._config()
        if config is None or not session.grant.online or not session.extendable:
            return False
        if session.closes_mono is not None and session.closes_mono - session.ends_at < ONE_MINUTE:
            return False  # the session already runs until closing time
        policy = config.policy
        return policy.extension_minutes > 0 and session.extensions < policy.max_extensions

    def _apps(self) -> tuple[LauncherApp, ...]:
        config = self._config()
        return tuple(config.policy.launcher_apps) if config is not None else ()

    async def run(self, stop: asyncio.Event) -> None:
        """Tick every half second until ``stop``; the session ends (wiped) when stopping."""
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                log.exception("session clock failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)

    # --- start-up and reports -------------------------------------------------------------------

    def recover(self) -> None:
        """At start: a session left by a crashed shell is ended and wiped, and reported."""
        stale = self._sandbox.recover()
        if stale is None:
            return
        meta = stale.meta
        now = self._clock()
        try:
            grant = SessionGrant(
                session_id=uuid.UUID(stale.session_id),
                method=LoginMethod(str(meta.get("method", "library_card"))),
                category=PatronCategory(str(meta.get("category", "adult"))),
                minutes=max(1, int(meta.get("minutes", 1))),
                daily_minutes_left=0,
                ends_at=now,
                online=bool(meta.get("online", True)),
            )
        except (ValueError, ValidationError):
            log.warning("a crashed session was wiped; its journal was unreadable")
            return
        started = stale.started_at
        with contextlib.suppress(KeyError, ValueError):
            # Our own record of the start, on the same clock as ``now``.
            started = dt.datetime.fromisoformat(str(meta["started_at"]))
        minutes = max(0, min(grant.minutes, int((now - started).total_seconds() // 60)))
        customer = meta.get("customer_id")
        card = meta.get("card_id")
        self._report_end(
            grant,
            now,
            EndReason.CRASH,
            minutes,
            customer if isinstance(customer, str) else None,
            card if isinstance(card, str) else None,
            started_at=started,
        )
        self._record(
            EventType.SESSION_ENDED,
            {
                "method": grant.method.value,
                "category": grant.category.value,
                "reason": EndReason.CRASH.value,
                "minutes": minutes,
                "extensions": 0,
            },
        )
        log.warning("a session left by a crash was ended and wiped at start")

    @property
    def reports_wanted(self) -> asyncio.Event:
        return self._reports_wanted

    def pending_reports(self) -> int:
        return len(self._store.session_reports())

    async def flush_reports(self, client: DeviceClient) -> int:
        """Send queued end and offline reports; network errors propagate (kept for later)."""
        sent = 0
        for seq, kind, session_id, body in self._store.session_reports():
            try:
                if kind == "end":
                    await client.end_session(session_id, SessionEnd.model_validate_json(body))
                else:
                    await client.report_offline(OfflineSessionReport.model_validate_json(body))
            except FleetRejectedError as error:
                # Unknown to the fleet (a session of a retired registration) or invalid: keeping
                # it would block the ones behind it for ever.
                log.warning("fleet refused a session report: %s", error.code)
            except ValidationError:
                log.warning("dropping an unreadable session report")
            else:
                sent += 1
            self._store.delete_session_report(seq)
        return sent


class _RefusedError(Exception):
    """The fleet refused a log-in; carries its code (internal to this module)."""

    def __init__(self, code: str, retry_after: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after

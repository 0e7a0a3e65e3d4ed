"""Visitor log-in and session bookkeeping: the fleet side of DESIGN.md flows 4-6.

One :class:`SessionService` per app (built by the composition root). A log-in is:
identify (directory, digital card or guest pass, with PIN throttling) -> decide (deny
rules) -> grant (session length, daily allowance across all PCs, closing time, this PC's
reservations) -> record the session. The directory is asked outside any database
transaction, so a slow library system never holds a database lock.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from fleet.auth.passwords import Passwords
from fleet.branches import service as branches
from fleet.branches.models import Profile
from fleet.cards.models import CardProofUse
from fleet.crypto import DataKeys, DecryptionError
from fleet.db import Clock, run_in_transaction
from fleet.devices.models import Device
from fleet.errors import FleetError, NotFoundError
from fleet.ops.metrics import FleetMetrics
from fleet.patrons import throttle
from fleet.patrons.directory import DirectoryUnavailableError, PatronDirectory, PatronRecord
from fleet.patrons.rules import DenyRules, category_of, refusal
from fleet.protocol import DeviceConfig, Policy
from fleet.protocol.cards import CardProofError, verify_proof
from fleet.protocol.hours import FALLBACK_TIMEZONE as DEFAULT_TIMEZONE
from fleet.protocol.hours import closes_at, zone_of
from fleet.protocol.sessions import (
    EndReason,
    ExtendRequest,
    Extension,
    LoginMethod,
    LoginRefusal,
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
from fleet.sessions import grants, guest_passes, reservations, slots
from fleet.sessions.models import GuestPass, PatronSession, PcReservation

T = TypeVar("T")

#: A session whose granted time ran out this long ago without an end report is over
#: (the kiosk crashed or lost its network); it no longer blocks the patron elsewhere.
STALE_AFTER = dt.timedelta(minutes=2)
#: How long an accepted digital-card proof is remembered when the card says nothing shorter.
PROOF_MEMORY = dt.timedelta(minutes=10)


class LoginRefusedError(FleetError):
    """A refused log-in or extension: 403 (log-in) or 409 (extension), with a stable code."""

    def __init__(
        self, code: LoginRefusal, details: dict[str, object] | None = None, status: int = 403
    ) -> None:
        super().__init__(
            code.value,
            f"Log-in refused: {code.value.replace('_', ' ')}.",
            status,
            details=[details] if details else None,
        )
        self.refusal = code


@dataclass(frozen=True)
class SessionRules:
    """The knobs of the session service, from settings."""

    deny: DenyRules = field(default_factory=DenyRules)
    pin_throttle: throttle.ThrottleRule = field(default_factory=throttle.ThrottleRule)
    proof_max_age: dt.timedelta = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Identity:
    """Who is logging in, as the grant needs it. ``card`` is the library card, if any."""

    method: LoginMethod
    patron_key: str
    category: PatronCategory
    first_name: str | None = None
    language: str | None = None
    card: str | None = field(default=None, repr=False)
    guest_pass_id: int | None = None


@dataclass(frozen=True)
class CardCheck:
    """The answer to "may this card log in now, and if not, why?" (staff and admin API)."""

    allowed: bool
    reason: LoginRefusal | None
    category: PatronCategory | None = None
    daily_minutes_left: int | None = None
    retry_after_seconds: int | None = None


class SessionService:
    """Log-in, extension, end, offline reports and account look-ups for visitor sessions."""

    def __init__(
        self,
        sessions: Callable[[], Session],
        directory: PatronDirectory,
        keys: DataKeys,
        passwords: Passwords,
        clock: Clock,
        *,
        rules: SessionRules | None = None,
        metrics: FleetMetrics | None = None,
    ) -> None:
        self._sessions = sessions
        self.directory = directory
        self._keys = keys
        self._passwords = passwords
        self._clock = clock
        self.rules = rules or SessionRules()
        self._metrics = metrics

    # --- log-in ------------------------------------------------------------------------------

    async def login(self, device_id: int, request: LoginRequest) -> SessionGrant:
        """Identify the visitor and open a session on ``device_id``, or refuse with a code."""
        try:
            identity = await self._identify(device_id, request)
            grant = await asyncio.to_thread(self._transaction, self._open, device_id, identity)
        except LoginRefusedError as refused:
            self._count(request.method, refused.refusal.value)
            raise
        except FleetError as error:
            self._count(request.method, error.code)
            raise
        self._count(request.method, "granted")
        return grant

    async def check(self, card_number: str, pin: str, branch_id: str | None) -> CardCheck:
        """The log-in path of a library card without opening a session (staff's "check a
        card", ``POST /api/admin/v1/patrons/check``). Wrong PINs count toward throttling,
        exactly as at a kiosk."""
        request = LoginRequest(
            method=LoginMethod.LIBRARY_CARD, card_number=card_number, pin=SecretStr(pin)
        )
        try:
            zone = await asyncio.to_thread(self._transaction, self._branch_zone, branch_id)
            identity = await self._library_card(request, zone)
            left = await asyncio.to_thread(
                self._transaction, self._daily_left_for, identity, branch_id
            )
        except LoginRefusedError as refused:
            retry = None
            if refused.details:
                value = refused.details[0].get("retry_after_seconds")
                retry = int(value) if isinstance(value, int) else None
            return CardCheck(False, refused.refusal, retry_after_seconds=retry)
        except DirectoryUnavailableError:
            # "Why not?" has an answer here too: the library system is not answering.
            return CardCheck(False, LoginRefusal.DIRECTORY_UNAVAILABLE)
        if left < 1:
            return CardCheck(False, LoginRefusal.DAILY_LIMIT_REACHED, identity.category, 0)
        return CardCheck(True, None, identity.category, left)

    async def _identify(self, device_id: int, request: LoginRequest) -> Identity:
        if request.method is LoginMethod.GUEST_PASS:
            return await asyncio.to_thread(self._guest_pass, device_id, request)
        zone = await asyncio.to_thread(self._transaction, self._device_zone, device_id)
        if request.method is LoginMethod.LIBRARY_CARD:
            return await self._library_card(request, zone)
        return await self._digital_card(device_id, request, zone)

    def _device_zone(self, session: Session, device_id: int) -> ZoneInfo:
        return self._branch_zone(session, self._device(session, device_id).branch_id)

    @staticmethod
    def _branch_zone(session: Session, branch_id: str | None) -> ZoneInfo:
        if branch_id is None:
            return zone_of(DEFAULT_TIMEZONE)
        return zone_of(branches.get_branch(session, branch_id).timezone)

    async def _library_card(self, request: LoginRequest, zone: ZoneInfo) -> Identity:
        assert request.card_number is not None
        assert request.pin is not None
        card = normalise_card_number(request.card_number)
        key = self._keys.patron_key("library", card)
        now = self._clock()
        await asyncio.to_thread(self._transaction, self._refuse_if_throttled, key, now)
        record = await self.directory.authenticate(card, request.pin.get_secret_value())
        if record.known and not record.pin_ok:
            await asyncio.to_thread(self._transaction, self._pin_failed, key, now)
        today = now.astimezone(zone).date()
        reason = refusal(record, self.rules.deny, today)
        if reason is not None:
            raise LoginRefusedError(reason)
        await asyncio.to_thread(self._transaction, throttle.release, key)
        return self._identity_from(LoginMethod.LIBRARY_CARD, key, record, card, today)

    def _identity_from(
        self, method: LoginMethod, key: str, record: PatronRecord, card: str, today: dt.date
    ) -> Identity:
        return Identity(
            method=method,
            patron_key=key,
            category=category_of(record, self.rules.deny, today),
            first_name=record.first_name,
            language=record.language if record.language in ("fi", "sv", "en") else None,
            card=card,
        )

    def _refuse_if_throttled(self, session: Session, key: str, now: dt.datetime) -> None:
        wait = throttle.retry_after(session, key, self.rules.pin_throttle, now)
        if wait:
            raise LoginRefusedError(LoginRefusal.PIN_THROTTLED, {"retry_after_seconds": wait})

    def _pin_failed(self, session: Session, key: str, now: dt.datetime) -> None:
        throttle.record_failure(session, key, now)
        wait = throttle.retry_after(session, key, self.rules.pin_throttle, now)
        if wait:
            # The failure is stored even though we refuse: commit, then refuse.
            session.commit()
            raise LoginRefusedError(LoginRefusal.PIN_THROTTLED, {"retry_after_seconds": wait})

    def _guest_pass(self, device_id: int, request: LoginRequest) -> Identity:
        assert request.card_number is not None
        assert request.pin is not None
        code = normalise_card_number(request.card_number)
        key = self._keys.patron_key("guest", code)
        now = self._clock()
        with self._sessions() as session:
            self._refuse_if_throttled(session, key, now)
            guest_pass = guest_passes.find_by_code(session, code)
            pin_ok = self._passwords.verify(
                guest_pass.pin_hash if guest_pass else None, request.pin.get_secret_value()
            )
            if guest_pass is None:
                raise LoginRefusedError(LoginRefusal.CARD_UNKNOWN)
            if not pin_ok:
                self._pin_failed(session, key, now)
                session.commit()
                raise LoginRefusedError(LoginRefusal.PIN_WRONG)
            device = session.get(Device, device_id)
            branch_id = device.branch_id if device else ""
            if not guest_passes.is_valid(guest_pass, now, branch_id):
                raise LoginRefusedError(LoginRefusal.GUEST_PASS_EXPIRED)
            if guest_passes.minutes_left(guest_pass) < 1:
                raise LoginRefusedError(LoginRefusal.GUEST_PASS_USED_UP)
            throttle.release(session, key)
            session.commit()
            return Identity(
                method=LoginMethod.GUEST_PASS,
                patron_key=key,
                category=PatronCategory.GUEST,
                guest_pass_id=guest_pass.id,
            )

    async def _digital_card(
        self, device_id: int, request: LoginRequest, zone: ZoneInfo
    ) -> Identity:
        assert request.digital_card is not None
        now = self._clock()

        def verify(session: Session) -> tuple[str | None, str]:
            device = self._device(session, device_id)
            trust = branches.effective_config(session, device, now=now).card_trust
            try:
                card = verify_proof(
                    request.digital_card or "",
                    trust,
                    now=now,
                    device_id=device_id,
                    max_age=self.rules.proof_max_age,
                )
            except CardProofError as error:
                raise LoginRefusedError(error.code) from None
            remember = max(card.remember_until, now + PROOF_MEMORY)
            session.add(CardProofUse(proof_id=card.proof_id, remember_until=remember))
            try:
                session.flush()
            except IntegrityError:
                raise LoginRefusedError(LoginRefusal.PROOF_REPLAYED) from None
            return card.library_card, card.customer_id

        library_card, customer_id = await asyncio.to_thread(self._transaction, verify)
        if library_card is None:
            return Identity(
                method=LoginMethod.DIGITAL_CARD,
                patron_key=self._keys.patron_key("customer", customer_id),
                category=PatronCategory.ADULT,
            )
        card = normalise_card_number(library_card)
        record = await self.directory.lookup(card)
        today = now.astimezone(zone).date()
        reason = refusal(record, self.rules.deny, today, pin_checked=False)
        if reason is not None:
            raise LoginRefusedError(reason)
        key = self._keys.patron_key("library", card)
        return self._identity_from(LoginMethod.DIGITAL_CARD, key, record, card, today)

    # --- granting ----------------------------------------------------------------------------

    def _transaction(self, work: Callable[..., T], *args: object) -> T:
        return run_in_transaction(self._sessions, lambda session: work(session, *args))

    @staticmethod
    def _device(session: Session, device_id: int) -> Device:
        device = session.get(Device, device_id)
        if device is None:
            raise NotFoundError("device", device_id)
        return device

    def _open(self, session: Session, device_id: int, identity: Identity) -> SessionGrant:
        now = self._clock()
        device = self._device(session, device_id)
        config = branches.effective_config(session, device, now=now)
        policy = config.policy
        self._end_stale_on_device(session, device_id, now)
        if self._active_elsewhere(session, identity.patron_key, device_id, now):
            raise LoginRefusedError(LoginRefusal.ALREADY_IN_SESSION)

        daily_left: int | None = None
        pass_left: int | None = None
        if identity.guest_pass_id is not None:
            guest_pass = session.get(GuestPass, identity.guest_pass_id)
            assert guest_pass is not None
            pass_left = guest_passes.minutes_left(guest_pass)
        else:
            used = self._used_today(session, identity.patron_key, config, now)
            daily_left = max(0, policy.daily_minutes - int(used + 0.999))

        closing = closes_at(config.opening_hours, zone_of(config.timezone), now)
        until_closing = grants.minutes_between(now, closing) if closing else None
        until_reservation, claimed = self._reservation_limit(
            session, device_id, identity.patron_key, policy, now
        )
        try:
            minutes = grants.grant(
                grants.Limits(
                    session=policy.session_minutes,
                    daily_left=daily_left,
                    until_closing=until_closing,
                    until_reservation=until_reservation,
                    pass_left=pass_left,
                )
            )
        except grants.GrantRefusedError as refused:
            raise LoginRefusedError(refused.code, refused.details or None) from None

        record = PatronSession(
            id=str(uuid.uuid4()),
            device_id=device_id,
            branch_id=device.branch_id,
            patron_key=identity.patron_key,
            method=identity.method.value,
            category=identity.category.value,
            started_at=now,
            granted_until=now + dt.timedelta(minutes=minutes),
            guest_pass_id=identity.guest_pass_id,
            card_ref=self._keys.encrypt(identity.card) if identity.card else None,
        )
        session.add(record)
        if claimed is not None:
            claimed.claimed_at = now
            branches.recompute_config_etags(session, device_ids=[device_id])
        session.flush()
        return SessionGrant(
            session_id=uuid.UUID(record.id),
            method=identity.method,
            category=identity.category,
            first_name=identity.first_name,
            language=identity.language,
            minutes=minutes,
            daily_minutes_left=max(
                0, (daily_left if daily_left is not None else pass_left or 0) - minutes
            ),
            ends_at=record.granted_until,
            has_account=identity.card is not None,
        )

    def _end_stale_on_device(self, session: Session, device_id: int, now: dt.datetime) -> None:
        """A new log-in on a PC ends whatever session it still had open here (the kiosk lost
        it: a crash, or an end report still on its way — which will then find it ended)."""
        for stale in session.exec(
            select(PatronSession).where(
                PatronSession.device_id == device_id, col(PatronSession.ended_at).is_(None)
            )
        ):
            self._close(session, stale, EndReason.CRASH, None, now)

    @staticmethod
    def _active_elsewhere(
        session: Session, patron_key: str, device_id: int, now: dt.datetime
    ) -> bool:
        return (
            session.exec(
                select(PatronSession.id).where(
                    PatronSession.patron_key == patron_key,
                    PatronSession.device_id != device_id,
                    col(PatronSession.ended_at).is_(None),
                    col(PatronSession.granted_until) > now - STALE_AFTER,
                )
            ).first()
            is not None
        )

    @staticmethod
    def _day_start(config: DeviceConfig, now: dt.datetime) -> dt.datetime:
        zone = zone_of(config.timezone)
        local = now.astimezone(zone)
        return dt.datetime.combine(local.date(), dt.time(0), tzinfo=zone)

    def _used_today(
        self,
        session: Session,
        patron_key: str,
        config: DeviceConfig,
        now: dt.datetime,
        *,
        excluding: str | None = None,
    ) -> float:
        """Minutes this patron has used today at any PC (ended sessions as reported, open
        ones as granted so far)."""
        return self._used_since(
            session, patron_key, self._day_start(config, now), now, excluding=excluding
        )

    @staticmethod
    def _used_since(
        session: Session,
        patron_key: str,
        since: dt.datetime,
        now: dt.datetime,
        *,
        excluding: str | None = None,
    ) -> float:
        query = select(PatronSession).where(
            PatronSession.patron_key == patron_key, col(PatronSession.started_at) >= since
        )
        if excluding is not None:
            query = query.where(PatronSession.id != excluding)
        used = 0.0
        for row in session.exec(query):
            if row.ended_at is not None:
                used += row.minutes_used
            else:
                used += grants.minutes_between(row.started_at, min(now, row.granted_until))
        return used

    def _reservation_limit(
        self, session: Session, device_id: int, patron_key: str, policy: Policy, now: dt.datetime
    ) -> tuple[float | None, PcReservation | None]:
        """Minutes until someone else's reservation of this PC, and the reservation this
        patron claims by logging in (if any). Refuses while the PC is held for someone."""
        grace = dt.timedelta(minutes=policy.reservation_grace_minutes)
        for reservation in slots.upcoming(session, device_id, now):
            mine = reservation.patron_key == patron_key
            if reservation.starts_at <= now:
                if mine:
                    # Their own time: up to its end (a later reservation is checked next).
                    return grants.minutes_between(now, reservation.ends_at), reservation
                if reservation.claimed_at is None and now < reservation.starts_at + grace:
                    raise LoginRefusedError(
                        LoginRefusal.PC_RESERVED,
                        {"reserved_from": reservation.starts_at.isoformat()},
                    )
                continue  # claimed and left, or lapsed: the PC is free
            if mine:
                # Early for their own reservation: it runs on into it (claimed now, so the
                # kiosk does not end this session when the reservation starts).
                return grants.minutes_between(now, reservation.ends_at), reservation
            return grants.minutes_between(now, reservation.starts_at), None
        return None, None

    def _daily_left_for(self, session: Session, identity: Identity, branch_id: str | None) -> int:
        """Daily minutes left for this patron under the branch's policy (the default policy
        when no branch is named)."""
        policy, zone = Policy(), zone_of(DEFAULT_TIMEZONE)
        if branch_id is not None:
            branch = branches.get_branch(session, branch_id)
            profile = session.get(Profile, branch.profile_id) if branch.profile_id else None
            policy, zone = branches.profile_policy(profile), zone_of(branch.timezone)
        now = self._clock()
        day_start = dt.datetime.combine(now.astimezone(zone).date(), dt.time(0), tzinfo=zone)
        used = self._used_since(session, identity.patron_key, day_start, now)
        return max(0, policy.daily_minutes - int(used + 0.999))

    # --- during and after a session -----------------------------------------------------------

    def _own_active(self, session: Session, device_id: int, session_id: uuid.UUID) -> PatronSession:
        row = session.get(PatronSession, str(session_id))
        if row is None or row.device_id != device_id:
            raise NotFoundError("session", str(session_id))
        if row.ended_at is not None:
            raise LoginRefusedError(LoginRefusal.SESSION_NOT_ACTIVE, status=409)
        return row

    async def extend(
        self, device_id: int, session_id: uuid.UUID, request: ExtendRequest
    ) -> Extension:
        return await asyncio.to_thread(
            self._transaction, self._extend, device_id, session_id, request
        )

    def _extend(
        self, session: Session, device_id: int, session_id: uuid.UUID, request: ExtendRequest
    ) -> Extension:
        now = self._clock()
        row = self._own_active(session, device_id, session_id)
        config = branches.effective_config(session, self._device(session, device_id), now=now)
        policy = config.policy
        current_end = max(row.granted_until, now)
        granted_total = grants.minutes_between(row.started_at, current_end)
        daily_left: int | None = None
        pass_left: int | None = None
        if row.guest_pass_id is not None:
            guest_pass = session.get(GuestPass, row.guest_pass_id)
            assert guest_pass is not None
            pass_left = guest_passes.minutes_left(guest_pass) - int(granted_total + 0.999)
        else:
            used_other = self._used_today(session, row.patron_key, config, now, excluding=row.id)
            daily_left = int(policy.daily_minutes - used_other - granted_total)
        closing = closes_at(config.opening_hours, zone_of(config.timezone), now)
        step = policy.extension_minutes
        overlaps = any(
            r.patron_key != row.patron_key
            and r.starts_at < current_end + dt.timedelta(minutes=step)
            and r.ends_at > current_end
            for r in slots.upcoming(session, device_id, now)
        )
        try:
            added = grants.extension(
                step=step,
                extensions_so_far=row.extensions,
                max_extensions=policy.max_extensions,
                daily_left_after_current=daily_left,
                until_closing_after_current=(
                    grants.minutes_between(current_end, closing) if closing else None
                ),
                reservation_overlaps=overlaps,
                pass_left_after_current=pass_left,
            )
        except grants.GrantRefusedError as refused:
            raise LoginRefusedError(refused.code, status=409) from None
        row.granted_until = current_end + dt.timedelta(minutes=added)
        row.extensions += 1
        left_after = (daily_left - added) if daily_left is not None else pass_left or 0
        return Extension(
            minutes_added=added,
            daily_minutes_left=max(0, min(left_after, 1440)),
            extendable_again=row.extensions < policy.max_extensions and left_after > 0,
        )

    async def end(self, device_id: int, session_id: uuid.UUID, request: SessionEnd) -> None:
        """Record a session's end; idempotent (a retried report changes nothing)."""

        def work(session: Session) -> None:
            row = session.get(PatronSession, str(session_id))
            if row is None or row.device_id != device_id:
                raise NotFoundError("session", str(session_id))
            if row.ended_at is None:
                self._close(session, row, request.reason, request, self._clock())

        await asyncio.to_thread(self._transaction, work)

    def _close(
        self,
        session: Session,
        row: PatronSession,
        reason: EndReason,
        report: SessionEnd | None,
        now: dt.datetime,
    ) -> None:
        granted = grants.minutes_between(row.started_at, row.granted_until)
        if report is not None:
            ended = min(max(report.ended_at, row.started_at), now)
            used = min(report.minutes_used, int(granted + 0.999))
        else:
            ended = min(now, row.granted_until)
            used = int(grants.minutes_between(row.started_at, ended) + 0.999)
        row.ended_at = ended
        row.end_reason = reason.value
        row.minutes_used = max(0, used)
        row.card_ref = None  # the card number is kept only while the session runs
        if row.guest_pass_id is not None:
            guest_pass = session.get(GuestPass, row.guest_pass_id)
            if guest_pass is not None:
                guest_pass.minutes_used += row.minutes_used

    async def report_offline(self, device_id: int, report: OfflineSessionReport) -> bool:
        """Store a session the kiosk ran while the fleet was away; False if already stored."""

        def work(session: Session) -> bool:
            if session.get(PatronSession, str(report.id)) is not None:
                return False
            device = self._device(session, device_id)
            if report.customer_id:
                key = self._keys.patron_key("customer", report.customer_id)
            else:
                key = self._keys.patron_key("offline", str(report.id))
            started = min(report.started_at, self._clock())
            session.add(
                PatronSession(
                    id=str(report.id),
                    device_id=device_id,
                    branch_id=device.branch_id,
                    patron_key=key,
                    method=report.method.value,
                    category=report.category.value,
                    started_at=started,
                    granted_until=max(report.ended_at, started),
                    ended_at=max(report.ended_at, started),
                    end_reason=report.reason.value,
                    minutes_used=report.minutes_used,
                    offline=True,
                )
            )
            return True

        return await asyncio.to_thread(self._transaction, work)

    async def account(self, device_id: int, session_id: uuid.UUID) -> PatronAccount:
        """Loans, holds and fees, only during the patron's own session on this PC."""

        def card_of(session: Session) -> str:
            row = self._own_active(session, device_id, session_id)
            if row.card_ref is None:
                raise FleetError("account_not_available", "This session has no library card.", 404)
            try:
                return self._keys.decrypt(row.card_ref)
            except DecryptionError:
                raise FleetError(
                    "account_not_available", "This session's card cannot be read.", 404
                ) from None

        card = await asyncio.to_thread(self._transaction, card_of)
        return await self.directory.account(card)

    def _count(self, method: LoginMethod, result: str) -> None:
        if self._metrics is not None:
            self._metrics.logins.labels(method.value, result).inc()


class VisitorReservations:
    """Reservations made by a logged-in visitor from the kiosk (the PC picked by the fleet)."""

    def __init__(self, sessions: Callable[[], Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def _patron(self, session: Session, device_id: int, session_id: uuid.UUID) -> PatronSession:
        row = session.get(PatronSession, str(session_id))
        if row is None or row.device_id != device_id:
            raise NotFoundError("session", str(session_id))
        if row.ended_at is not None:
            raise LoginRefusedError(LoginRefusal.SESSION_NOT_ACTIVE, status=409)
        return row

    def _policy(self, session: Session, device_id: int) -> Policy:
        device = session.get(Device, device_id)
        if device is None:
            raise NotFoundError("device", device_id)
        return branches.effective_config(session, device, now=self._clock()).policy

    async def options(
        self, device_id: int, session_id: uuid.UUID, branch_id: str | None
    ) -> ReservationOptions:
        def work(session: Session) -> ReservationOptions:
            row = self._patron(session, device_id, session_id)
            minutes = self._policy(session, device_id).reservation_minutes
            branch = branch_id or row.branch_id
            starts = reservations.options(session, branch, self._clock(), minutes=minutes)
            return ReservationOptions(branch_id=branch, minutes=minutes, starts=starts[:200])

        return await asyncio.to_thread(run_in_transaction, self._sessions, work)

    async def reserve(
        self, device_id: int, session_id: uuid.UUID, request: ReservationRequest
    ) -> ReservationMade:
        def work(session: Session) -> ReservationMade:
            row = self._patron(session, device_id, session_id)
            if row.method == LoginMethod.GUEST_PASS.value:
                raise FleetError(
                    "reservation_needs_card", "Reserving a PC needs a library card.", 403
                )
            reservation = reservations.reserve(
                session,
                branch_id=request.branch_id or row.branch_id,
                starts_at=request.starts_at,
                minutes=self._policy(session, device_id).reservation_minutes,
                patron_key=row.patron_key,
                actor=f"kiosk:{device_id}",
                now=self._clock(),
            )
            device = session.get(Device, reservation.device_id)
            assert reservation.id is not None
            assert device is not None
            return ReservationMade(
                id=reservation.id,
                device_name=device.name,
                branch_id=reservation.branch_id,
                starts_at=reservation.starts_at,
                ends_at=reservation.ends_at,
            )

        return await asyncio.to_thread(run_in_transaction, self._sessions, work)

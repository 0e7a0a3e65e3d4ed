"""Admin API for visitor matters: check a card, release it, sessions, guest passes, reservations.

Staff use these through the ``/admin/`` pages; scripts use them here. Card numbers and
PINs arrive in request bodies only (never in URLs, which end up in logs).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, status
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from fleet.admin.router import RowId, data_keys, now_of, settings_of
from fleet.admin.schemas import CommandOut
from fleet.auth.dependencies import require_role
from fleet.auth.models import Role, User
from fleet.db import SessionDep
from fleet.protocol import ApiError
from fleet.protocol.base import Timestamp
from fleet.protocol.sessions import CardNumber, LoginMethod, LoginRefusal, PatronCategory
from fleet.sessions import guest_passes, reservations, staff
from fleet.sessions.models import GuestPass, PcReservation
from fleet.sessions.service import SessionService
from fleet.web.i18n import LANGUAGES, translations
from fleet.web.labels import LOGIN_ALLOWED, LOGIN_REFUSALS

_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ApiError} for code in (401, 403, 404, 409, 422)
}
router = APIRouter(prefix="/api/admin/v1", responses=_ERRORS)
Staff = Annotated[User, Depends(require_role(Role.STAFF))]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _sessions(request: Request) -> SessionService:
    service: SessionService = request.app.state.visitor_sessions
    return service


# --- cards ---------------------------------------------------------------------------------


class PatronCheck(_In):
    """``POST /patrons/check``: does this card + PIN work now?"""

    barcode: CardNumber
    pin: SecretStr = Field(min_length=1, max_length=32)
    #: Judge with this branch's policy (daily minutes); the default policy when omitted.
    branch_id: str | None = Field(default=None, max_length=32)
    #: Language of ``message``; the account's own language when omitted.
    language: str | None = Field(default=None, pattern=r"^(fi|sv|en)$")


class PatronCheckResult(BaseModel):
    allowed: bool
    #: A ``LoginRefusal`` code, or null when allowed.
    reason: LoginRefusal | None
    #: The reason in words, in the requested language (or "May log in now.").
    message: str
    category: PatronCategory | None = None
    daily_minutes_left: int | None = None
    retry_after_seconds: int | None = None


@router.post("/patrons/check", tags=["patrons"])
async def check_patron(body: PatronCheck, request: Request, user: Staff) -> PatronCheckResult:
    """Whether that card may log in now and why not: the kiosk's own log-in path without
    starting a session. A wrong PIN counts toward the card's throttling, as at a kiosk."""
    result = await _sessions(request).check(
        body.barcode, body.pin.get_secret_value(), body.branch_id
    )
    language = body.language or (user.language if user.language in LANGUAGES else "fi")
    gettext = translations(language).gettext
    if result.reason is None:
        message = gettext(LOGIN_ALLOWED)
    else:
        message = gettext(LOGIN_REFUSALS[result.reason.value])
    return PatronCheckResult(
        allowed=result.allowed,
        reason=result.reason,
        message=message,
        category=result.category,
        daily_minutes_left=result.daily_minutes_left,
        retry_after_seconds=result.retry_after_seconds,
    )


class CardRelease(_In):
    barcode: CardNumber


class CardReleased(BaseModel):
    #: How many recent wrong PINs were forgotten (0: the card was not paused).
    failures_forgotten: int


@router.post("/patrons/release", tags=["patrons"])
def release_card(
    body: CardRelease, request: Request, user: Staff, session: SessionDep
) -> CardReleased:
    """Let a card paused by wrong PINs log in again at once."""
    released = staff.release_card(session, data_keys(request), body.barcode, user.username)
    return CardReleased(failures_forgotten=released)


# --- sessions ------------------------------------------------------------------------------


class SessionOut(BaseModel):
    id: str
    device_id: int
    device_name: str
    branch_id: str
    method: LoginMethod
    category: PatronCategory
    started_at: dt.datetime
    ends_at: dt.datetime
    minutes_left: int
    extensions: int


@router.get("/sessions", tags=["sessions"])
def list_sessions(
    request: Request,
    _user: Staff,
    session: SessionDep,
    branch_id: Annotated[str | None, Query(max_length=32)] = None,
) -> list[SessionOut]:
    """Running visitor sessions (PC and time left; nothing about the person)."""
    now = now_of(request)
    return [
        SessionOut(
            id=row.id,
            device_id=row.device_id,
            device_name=row.device_name,
            branch_id=row.branch_id,
            method=row.method,
            category=row.category,
            started_at=row.started_at,
            ends_at=row.ends_at,
            minutes_left=row.minutes_left(now),
            extensions=row.extensions,
        )
        for row in staff.active_sessions(session, now, branch_id)
    ]


@router.post("/sessions/{session_id}/end", tags=["sessions"], status_code=201)
def end_session(
    session_id: Annotated[str, Path(min_length=1, max_length=36)],
    request: Request,
    user: Staff,
    session: SessionDep,
) -> CommandOut:
    """End a visitor's session: the PC gets an ``end_session`` command, wipes and reports."""
    ttl = dt.timedelta(minutes=settings_of(request).command_ttl_minutes)
    command = staff.end_session(session, session_id, user.username, now_of(request), ttl)
    return CommandOut.of(command)


# --- guest passes ----------------------------------------------------------------------------


class GuestPassCreate(_In):
    minutes: int = Field(default=60, ge=5, le=1440)
    #: From now until this moment; default: 12 hours.
    valid_until: Timestamp | None = None
    branch_id: str | None = Field(default=None, max_length=32)
    label: str = Field(default="", max_length=100)


class GuestPassOut(BaseModel):
    id: int
    label: str
    branch_id: str | None
    valid_from: dt.datetime
    valid_until: dt.datetime
    minutes: int
    minutes_used: int
    revoked: bool

    @classmethod
    def of(cls, guest_pass: GuestPass) -> GuestPassOut:
        assert guest_pass.id is not None
        return cls(
            id=guest_pass.id,
            label=guest_pass.label,
            branch_id=guest_pass.branch_id,
            valid_from=guest_pass.valid_from,
            valid_until=guest_pass.valid_until,
            minutes=guest_pass.minutes,
            minutes_used=guest_pass.minutes_used,
            revoked=guest_pass.revoked_at is not None,
        )


class GuestPassIssued(GuestPassOut):
    """The only time the code and PIN are shown: print or hand them over now."""

    code: str
    pin: str


@router.post("/guest-passes", tags=["guest passes"], status_code=status.HTTP_201_CREATED)
def create_guest_pass(
    body: GuestPassCreate, request: Request, user: Staff, session: SessionDep
) -> GuestPassIssued:
    now = now_of(request)
    issued = guest_passes.create_guest_pass(
        session,
        request.app.state.pins,
        minutes=body.minutes,
        valid_from=now,
        valid_until=body.valid_until or now + dt.timedelta(hours=12),
        actor=user.username,
        branch_id=body.branch_id,
        label=body.label,
    )
    return GuestPassIssued(
        **GuestPassOut.of(issued.guest_pass).model_dump(),
        code=guest_passes.format_pass_code(issued.code),
        pin=issued.pin,
    )


@router.get("/guest-passes", tags=["guest passes"])
def list_guest_passes(
    request: Request, _user: Staff, session: SessionDep, include_ended: bool = False
) -> list[GuestPassOut]:
    found = guest_passes.list_guest_passes(session, now_of(request), include_ended=include_ended)
    return [GuestPassOut.of(row) for row in found]


class GuestPassPrint(_In):
    """Print a new pass's slip on a PC's slip printer: its code and PIN, as created."""

    device_id: int = Field(ge=1, le=2**31 - 1)
    code: str = Field(min_length=8, max_length=9, pattern=r"^[0-9]{4} ?[0-9]{4}$")
    pin: str = Field(min_length=4, max_length=8, pattern=r"^[0-9]+$")
    language: str = Field(default="fi", pattern=r"^(fi|sv|en)$")


@router.post(
    "/guest-passes/{pass_id}/print",
    tags=["guest passes"],
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": ApiError}, 422: {"model": ApiError}},
)
def print_guest_pass(
    pass_id: RowId, body: GuestPassPrint, request: Request, user: Staff, session: SessionDep
) -> CommandOut:
    """Queue a ``print_guest_pass`` command; follow it at ``GET /commands/{id}``."""
    command = guest_passes.print_slip(
        session,
        request.app.state.pins,
        data_keys(request),
        pass_id=pass_id,
        code=body.code,
        pin=body.pin,
        device_id=body.device_id,
        language=body.language,
        actor=user.username,
        now=now_of(request),
    )
    return CommandOut.of(command)


@router.post("/guest-passes/{pass_id}/revoke", tags=["guest passes"])
def revoke_guest_pass(
    pass_id: RowId, request: Request, user: Staff, session: SessionDep
) -> GuestPassOut:
    revoked = guest_passes.revoke_guest_pass(session, pass_id, user.username, now_of(request))
    return GuestPassOut.of(revoked)


# --- reservations ----------------------------------------------------------------------------


class ReservationCreate(_In):
    barcode: CardNumber
    branch_id: str = Field(max_length=32)
    starts_at: Timestamp
    minutes: int = Field(default=60, ge=15, le=240)
    #: A particular PC; any free one at the branch when omitted.
    device_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    label: str = Field(default="", max_length=100)


class ReservationOut(BaseModel):
    id: int
    device_id: int
    branch_id: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    label: str
    created_by: str
    claimed: bool

    @classmethod
    def of(cls, reservation: PcReservation) -> ReservationOut:
        assert reservation.id is not None
        return cls(
            id=reservation.id,
            device_id=reservation.device_id,
            branch_id=reservation.branch_id,
            starts_at=reservation.starts_at,
            ends_at=reservation.ends_at,
            label=reservation.label,
            created_by=reservation.created_by,
            claimed=reservation.claimed_at is not None,
        )


@router.post("/reservations", tags=["reservations"], status_code=status.HTTP_201_CREATED)
def create_reservation(
    body: ReservationCreate, request: Request, user: Staff, session: SessionDep
) -> ReservationOut:
    """Reserve a PC for the holder of a library card (they log in with it at that time)."""
    created = staff.reserve_for_card(
        session,
        data_keys(request),
        card_number=body.barcode,
        branch_id=body.branch_id,
        starts_at=body.starts_at,
        minutes=body.minutes,
        actor=user.username,
        now=now_of(request),
        device_id=body.device_id,
        label=body.label,
    )
    return ReservationOut.of(created)


@router.get("/reservations", tags=["reservations"])
def list_reservations(
    request: Request,
    _user: Staff,
    session: SessionDep,
    branch_id: Annotated[str, Query(max_length=32)],
    days: Annotated[int, Query(ge=1, le=14)] = 1,
) -> list[ReservationOut]:
    """Reservations at a branch from now for ``days`` days."""
    now = now_of(request)
    found = reservations.for_branch(session, branch_id, now, now + dt.timedelta(days=days))
    return [ReservationOut.of(row) for row in found]


@router.delete("/reservations/{reservation_id}", tags=["reservations"])
def cancel_reservation(
    reservation_id: RowId, request: Request, user: Staff, session: SessionDep
) -> ReservationOut:
    cancelled = reservations.cancel(session, reservation_id, user.username, now_of(request))
    return ReservationOut.of(cancelled)

"""Device API v1 for visitor sessions: log in, extend, end, report offline, account, reserve."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response

from fleet.devices.router import DeviceDep
from fleet.errors import FleetError
from fleet.protocol import API_PREFIX, ApiError
from fleet.protocol.sessions import (
    ExtendRequest,
    Extension,
    LoginRequest,
    OfflineSessionReport,
    PatronAccount,
    ReservationMade,
    ReservationOptions,
    ReservationRequest,
    SessionEnd,
    SessionGrant,
)
from fleet.sessions.service import SessionService, VisitorReservations

router = APIRouter(prefix=f"{API_PREFIX}/sessions", tags=["device API"])

_COMMON: dict[int | str, dict[str, Any]] = {
    401: {"model": ApiError, "description": "Unknown, revoked or retired device"},
    422: {"model": ApiError, "description": "The request is malformed"},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ApiError, "description": "No such session on this device"},
}
_REFUSED = "The code is a `LoginRefusal` value; the kiosk shows its own translated text."


def _service(request: Request) -> SessionService:
    service: SessionService = request.app.state.visitor_sessions
    return service


def _reservations(request: Request) -> VisitorReservations:
    service: VisitorReservations = request.app.state.visitor_reservations
    return service


@router.post(
    "",
    summary="Log a visitor in: library card + PIN, guest pass + PIN, or a digital card proof",
    status_code=201,
    response_model=SessionGrant,
    responses={
        **_COMMON,
        403: {"model": ApiError, "description": f"Refused. {_REFUSED}"},
        503: {"model": ApiError, "description": "`directory_unavailable`: the library system"},
    },
)
async def login(body: LoginRequest, auth: DeviceDep, request: Request) -> SessionGrant:
    return await _service(request).login(auth.device_id, body)


@router.post(
    "/offline",
    summary="Report a session the kiosk granted while the fleet was unreachable (idempotent)",
    status_code=204,
    responses=_COMMON,
)
async def offline(body: OfflineSessionReport, auth: DeviceDep, request: Request) -> Response:
    await _service(request).report_offline(auth.device_id, body)
    return Response(status_code=204)


@router.post(
    "/{session_id}/extend",
    summary="Ask for more time",
    response_model=Extension,
    responses={
        **_COMMON,
        **_NOT_FOUND,
        409: {"model": ApiError, "description": f"Not extended. {_REFUSED}"},
    },
)
async def extend(
    session_id: uuid.UUID, body: ExtendRequest, auth: DeviceDep, request: Request
) -> Extension:
    return await _service(request).extend(auth.device_id, session_id, body)


@router.post(
    "/{session_id}/end",
    summary="The session is over and wiped (idempotent)",
    status_code=204,
    responses={**_COMMON, **_NOT_FOUND},
)
async def end(
    session_id: uuid.UUID, body: SessionEnd, auth: DeviceDep, request: Request
) -> Response:
    await _service(request).end(auth.device_id, session_id, body)
    return Response(status_code=204)


@router.get(
    "/{session_id}/account",
    summary="The visitor's loans, holds and fees (only during their session)",
    response_model=PatronAccount,
    responses={
        **_COMMON,
        404: {"model": ApiError, "description": "No such session, or no library card"},
        409: {"model": ApiError, "description": "`session_not_active`"},
        503: {"model": ApiError, "description": "`directory_unavailable`: the library system"},
    },
)
async def account(session_id: uuid.UUID, auth: DeviceDep, request: Request) -> PatronAccount:
    return await _service(request).account(auth.device_id, session_id)


@router.get(
    "/{session_id}/reservations/options",
    summary="Start times with a free PC, for a reservation by the logged-in visitor",
    response_model=ReservationOptions,
    responses={**_COMMON, **_NOT_FOUND},
)
async def reservation_options(
    session_id: uuid.UUID, auth: DeviceDep, request: Request, branch_id: str | None = None
) -> ReservationOptions:
    if branch_id is not None and not 1 <= len(branch_id) <= 32:
        raise FleetError("branch_not_found", "No such branch.", 404)
    return await _reservations(request).options(auth.device_id, session_id, branch_id)


@router.post(
    "/{session_id}/reservations",
    summary="Reserve a PC for later, as the logged-in visitor",
    status_code=201,
    response_model=ReservationMade,
    responses={
        **_COMMON,
        **_NOT_FOUND,
        409: {"model": ApiError, "description": "`no_free_pc` or `pc_taken`"},
    },
)
async def reserve(
    session_id: uuid.UUID, body: ReservationRequest, auth: DeviceDep, request: Request
) -> ReservationMade:
    return await _reservations(request).reserve(auth.device_id, session_id, body)

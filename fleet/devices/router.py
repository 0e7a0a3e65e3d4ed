"""Device API v1 (``/api/device/v1``): enrol, check in, report command results, upload events."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response, WebSocket
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from sqlmodel import Session
from starlette.websockets import WebSocketDisconnect

from fleet.db import run_in_transaction
from fleet.devices import service
from fleet.devices.checkin import CheckInService, DeviceAuth
from fleet.devices.events import store_events
from fleet.devices.models import DeviceCommand
from fleet.errors import FleetError
from fleet.ops.metrics import FleetMetrics
from fleet.protocol import (
    API_PREFIX,
    ApiError,
    CheckInRequest,
    CheckInResponse,
    CommandResult,
    EnrollRequest,
    EnrollResponse,
    EventBatch,
    EventBatchResult,
    Nudge,
)

router = APIRouter(prefix=API_PREFIX, tags=["device API"])

_UNAUTHORISED: dict[int | str, dict[str, Any]] = {
    401: {"model": ApiError, "description": "Unknown, revoked or retired device"}
}
_BAD: dict[int | str, dict[str, Any]] = {
    422: {"model": ApiError, "description": "The request is malformed"}
}
_AUTHORIZATION_PARAMETER = {
    "name": "authorization",
    "in": "header",
    "required": False,
    "description": "`Bearer <device token>` from enrolment",
    "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Authorization"},
}


def json_request_body(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI ``requestBody`` of an endpoint that parses ``model`` from JSON itself."""
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"required": True, "content": {"application/json": {"schema": ref}}}


def _checkins(request: Request) -> CheckInService:
    checkins: CheckInService = request.app.state.checkins
    return checkins


def _metrics(request: Request) -> FleetMetrics:
    metrics: FleetMetrics = request.app.state.metrics
    return metrics


async def device_auth(
    request: Request,
    authorization: Annotated[
        str | None, Header(description="`Bearer <device token>` from enrolment")
    ] = None,
) -> DeviceAuth:
    """The calling device, or 401 ``device_unknown`` / ``device_revoked``."""
    return await _checkins(request).authenticate(authorization)


DeviceDep = Annotated[DeviceAuth, Depends(device_auth)]


@router.post(
    "/enroll",
    summary="Exchange a one-time enrolment code for a device credential",
    response_model=EnrollResponse,
    responses={
        400: {
            "model": ApiError,
            "description": "`enrollment_code_unknown`, `enrollment_code_expired` or "
            "`enrollment_code_used`",
        },
        **_BAD,
    },
)
async def enroll(body: EnrollRequest, request: Request) -> EnrollResponse:
    state = request.app.state
    metrics = _metrics(request)
    try:
        response = await run_in_threadpool(
            run_in_transaction,
            state.session_factory,
            lambda session: service.enroll(session, body, now=state.clock()),
        )
    except FleetError as error:
        metrics.enrollments.labels(error.code).inc()
        raise
    metrics.enrollments.labels("enrolled").inc()
    return response


#: Request models that endpoints parse themselves; the app adds them to the OpenAPI schema.
HAND_PARSED_MODELS: tuple[type[BaseModel], ...] = (CheckInRequest,)


@router.post(
    "/checkin",
    summary="Report state; receive config changes and pending commands",
    response_model=CheckInResponse,
    response_model_exclude_defaults=True,
    responses={**_UNAUTHORISED, **_BAD},
    openapi_extra={
        "parameters": [_AUTHORIZATION_PARAMETER],
        "requestBody": json_request_body(CheckInRequest),
    },
)
async def checkin(request: Request) -> Response:
    # The hot path parses its own header and body: FastAPI's dependency and body machinery
    # cost more than the whole check-in (benchmarks/RESULTS.md). Same checks, same errors:
    # 401 for a bad credential, 422 ``invalid_request`` for a bad body.
    checkins = _checkins(request)
    auth = await checkins.authenticate(request.headers.get("authorization"))
    try:
        report = CheckInRequest.model_validate_json(await request.body())
    except ValidationError as error:
        raise RequestValidationError(
            [{**item, "loc": ("body", *item["loc"])} for item in error.errors()]
        ) from None
    reply = await checkins.check_in(auth, report)
    # exclude_defaults keeps an idle reply to {"config_etag": "..."}.
    return Response(reply.model_dump_json(exclude_defaults=True), media_type="application/json")


@router.post(
    "/commands/{command_id}/result",
    summary="Report a command's outcome (idempotent)",
    status_code=204,
    responses={
        **_UNAUTHORISED,
        **_BAD,
        404: {"model": ApiError, "description": "No such command for this device"},
    },
)
async def command_result(
    command_id: int, body: CommandResult, auth: DeviceDep, request: Request
) -> Response:
    if not 1 <= command_id <= 2**62:
        raise FleetError("command_not_found", f"No command {command_id}.", 404)
    state = request.app.state

    def record(session: Session) -> tuple[str | None, DeviceCommand]:
        before = service.get_command_status(session, auth.device_id, command_id)
        command = service.record_command_result(
            session, auth.device_id, command_id, body, now=state.clock()
        )
        return before, command

    before, command = await run_in_threadpool(run_in_transaction, state.session_factory, record)
    if before != command.status:
        metrics = _metrics(request)
        metrics.commands.labels(command.type, command.status).inc()
        if command.completed_at is not None:
            metrics.command_completion_seconds.labels(command.type, command.status).observe(
                max(0.0, (command.completed_at - command.issued_at).total_seconds())
            )
    return Response(status_code=204)


@router.post(
    "/events",
    summary="Upload anonymous usage events; each event id is stored once",
    response_model=EventBatchResult,
    responses={**_UNAUTHORISED, **_BAD},
)
async def events(body: EventBatch, auth: DeviceDep, request: Request) -> EventBatchResult:
    state = request.app.state
    now = state.clock()

    def store() -> EventBatchResult:
        with state.engine.begin() as connection:
            return store_events(connection, auth.branch_id, body, now)

    result = await run_in_threadpool(store)
    metrics = _metrics(request)
    metrics.events.labels("accepted").inc(result.accepted)
    metrics.events.labels("duplicate").inc(result.duplicates)
    _observe_upload_lag(metrics, body, result, now)
    return result


def _observe_upload_lag(
    metrics: FleetMetrics, batch: EventBatch, result: EventBatchResult, now: dt.datetime
) -> None:
    """Observe the lag of the accepted events: the batch's newest ``accepted`` distinct ids.

    Exact when nothing was a duplicate. Otherwise the repeats are an earlier upload that was
    cut short, and a kiosk sends its outbox oldest first, so the new events come last.
    """
    if result.accepted == 0:
        return
    occurred: dict[uuid.UUID, dt.datetime] = {}
    for event in batch.events:
        occurred.setdefault(event.id, event.occurred_at)  # as stored: the first of a repeated id
    observe = metrics.event_upload_lag_seconds.observe
    for occurred_at in list(occurred.values())[-result.accepted :]:
        observe(max(0.0, (now - occurred_at).total_seconds()))


@router.websocket("/ws")
async def nudges(websocket: WebSocket) -> None:
    """Send ``Nudge`` JSON whenever a command or config change waits for this device.

    Authenticated with the same Bearer header as the HTTP calls. The kiosk never needs to
    send anything; polling stays the fallback whenever the socket is down.
    """
    checkins: CheckInService = websocket.app.state.checkins
    try:
        auth = await checkins.authenticate(websocket.headers.get("authorization"))
    except FleetError as error:
        body = ApiError(code=error.code, message=error.message).model_dump_json()
        if "websocket.http.response" in websocket.scope.get("extensions", {}):
            await websocket.send_denial_response(
                Response(body, status_code=error.status, media_type="application/json")
            )
        else:
            await websocket.close(code=1008, reason=error.code)
        return
    hub = websocket.app.state.hub
    queue = hub.subscribe(auth.device_id)
    await websocket.accept()

    async def wait_for_close() -> None:
        with contextlib.suppress(WebSocketDisconnect):
            while True:
                await websocket.receive_text()

    closed = asyncio.create_task(wait_for_close())
    try:
        if auth.has_open_commands:
            # Something may have been queued while the socket was down.
            await websocket.send_text(Nudge(reason="command").model_dump_json())
        while not closed.done():
            next_nudge = asyncio.create_task(queue.get())
            done, _ = await asyncio.wait({closed, next_nudge}, return_when=asyncio.FIRST_COMPLETED)
            if next_nudge in done:
                await websocket.send_text(next_nudge.result().model_dump_json())
            else:
                next_nudge.cancel()
    except (WebSocketDisconnect, RuntimeError):
        pass  # the kiosk went away mid-send
    finally:
        hub.unsubscribe(auth.device_id, queue)
        closed.cancel()
        with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
            await closed

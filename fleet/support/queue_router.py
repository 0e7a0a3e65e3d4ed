"""The help queue over HTTP: "Help me now" for kiosks, the queue for advisers and scripts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlmodel import Session

from fleet.admin.router import RowId, now_of
from fleet.auth.dependencies import require_role
from fleet.auth.models import Role, User
from fleet.db import SessionDep, run_in_transaction
from fleet.devices.router import DeviceDep
from fleet.protocol import API_PREFIX, ApiError
from fleet.protocol.support import HelpRequestCreate, HelpStatus, HelpTicket, SupportTopic
from fleet.support import queue

_DEVICE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ApiError, "description": "Unknown, revoked or retired device"},
    404: {"model": ApiError, "description": "No such request from this PC"},
    422: {"model": ApiError, "description": "The request is malformed"},
}
device_router = APIRouter(prefix=f"{API_PREFIX}/support/help", tags=["device API"])
admin_router = APIRouter(
    prefix="/api/admin/v1/support/queue",
    tags=["digital support"],
    responses={code: {"model": ApiError} for code in (401, 403, 404, 409, 422)},
)
#: Advisers work the queue; staff and admins may too.
QueueWorker = Annotated[User, Depends(require_role(Role.ADVISER, Role.STAFF))]
TicketId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _in_transaction(request: Request, work: Any) -> Any:
    return run_in_transaction(request.app.state.session_factory, work)


# --- kiosks ----------------------------------------------------------------------------------


@device_router.post(
    "",
    status_code=201,
    summary="Help me now: a ticket in the branch's queue",
    responses=_DEVICE_ERRORS,
)
def ask_for_help(body: HelpRequestCreate, auth: DeviceDep, request: Request) -> HelpTicket:
    now = now_of(request)

    def work(session: Session) -> HelpTicket:
        return queue.ticket(session, queue.ask(session, auth.device_id, body, now), now)

    ticket: HelpTicket = _in_transaction(request, work)
    return ticket


@device_router.get(
    "/{ticket_id}", summary="The ticket's place in the queue", responses=_DEVICE_ERRORS
)
def get_ticket(
    ticket_id: TicketId, auth: DeviceDep, session: SessionDep, request: Request
) -> HelpTicket:
    return queue.ticket_for_device(session, ticket_id, auth.device_id, now_of(request))


@device_router.post(
    "/{ticket_id}/cancel",
    summary="The visitor does not need help after all",
    responses=_DEVICE_ERRORS,
)
def cancel_ticket(ticket_id: TicketId, auth: DeviceDep, request: Request) -> HelpTicket:
    now = now_of(request)

    def work(session: Session) -> HelpTicket:
        return queue.ticket(
            session, queue.cancel_from_device(session, ticket_id, auth.device_id, now), now
        )

    ticket: HelpTicket = _in_transaction(request, work)
    return ticket


# --- advisers ----------------------------------------------------------------------------------


class QueueEntryOut(BaseModel):
    id: int
    number: int
    status: HelpStatus
    topic: SupportTopic | None
    language: str
    device_id: int
    device_name: str
    created_at: dt.datetime
    called_at: dt.datetime | None
    called_by: str | None
    waited_minutes: int

    @classmethod
    def of(cls, entry: queue.QueueEntry, now: dt.datetime) -> QueueEntryOut:
        return cls(
            id=entry.id,
            number=entry.number,
            status=entry.status,
            topic=entry.topic,
            language=entry.language,
            device_id=entry.device_id,
            device_name=entry.device_name,
            created_at=entry.created_at,
            called_at=entry.called_at,
            called_by=entry.called_by_name,
            waited_minutes=entry.waited_minutes(now),
        )


@admin_router.get("", summary="Today's open tickets at a branch, oldest first")
def list_queue(
    request: Request,
    _user: QueueWorker,
    session: SessionDep,
    branch_id: Annotated[str, Query(max_length=32)],
) -> list[QueueEntryOut]:
    now = now_of(request)
    return [QueueEntryOut.of(entry, now) for entry in queue.queue(session, branch_id, now)]


@admin_router.post(
    "/next",
    summary="Call the visitor who has waited longest (204: nobody is waiting)",
    responses={200: {"model": QueueEntryOut}, 204: {"description": "Nobody is waiting"}},
)
def call_next(
    request: Request,
    user: QueueWorker,
    branch_id: Annotated[str, Query(max_length=32)],
) -> Response:
    now = now_of(request)
    assert user.id is not None
    adviser_id = user.id

    def work(session: Session) -> QueueEntryOut | None:
        called = queue.call_next(session, branch_id, adviser_id, now)
        return _entry(session, called.id, now) if called is not None and called.id else None

    entry: QueueEntryOut | None = _in_transaction(request, work)
    if entry is None:
        return Response(status_code=204)
    return JSONResponse(entry.model_dump(mode="json"))


def _entry(session: Session, ticket_id: int, now: dt.datetime) -> QueueEntryOut:
    request_row = queue.get_request(session, ticket_id)
    for entry in queue.queue(session, request_row.branch_id, now):
        if entry.id == ticket_id:
            return QueueEntryOut.of(entry, now)
    # Finished (done, cancelled, expired): no longer in the open queue.
    ticket = queue.ticket(session, request_row, now)
    return QueueEntryOut(
        id=ticket.id,
        number=ticket.number,
        status=ticket.status,
        topic=ticket.topic,
        language=request_row.language,
        device_id=request_row.device_id,
        device_name="",
        created_at=ticket.created_at,
        called_at=ticket.called_at,
        called_by=ticket.adviser_name,
        waited_minutes=0,
    )


@admin_router.get("/{ticket_id}", summary="One ticket")
def get_entry(
    ticket_id: RowId, request: Request, _user: QueueWorker, session: SessionDep
) -> QueueEntryOut:
    return _entry(session, ticket_id, now_of(request))


@admin_router.post("/{ticket_id}/call", summary="Call this visitor")
def call_visitor(ticket_id: RowId, request: Request, user: QueueWorker) -> QueueEntryOut:
    now = now_of(request)
    assert user.id is not None
    adviser_id = user.id

    def work(session: Session) -> QueueEntryOut:
        queue.call(session, ticket_id, adviser_id, now)
        return _entry(session, ticket_id, now)

    result: QueueEntryOut = _in_transaction(request, work)
    return result


@admin_router.post("/{ticket_id}/done", summary="The visitor has been helped")
def finish_ticket(ticket_id: RowId, request: Request, _user: QueueWorker) -> QueueEntryOut:
    now = now_of(request)

    def work(session: Session) -> QueueEntryOut:
        queue.finish(session, ticket_id, now)
        return _entry(session, ticket_id, now)

    result: QueueEntryOut = _in_transaction(request, work)
    return result


@admin_router.post("/{ticket_id}/cancel", summary="The visitor left")
def cancel_entry(ticket_id: RowId, request: Request, _user: QueueWorker) -> QueueEntryOut:
    now = now_of(request)

    def work(session: Session) -> QueueEntryOut:
        queue.cancel_by_adviser(session, ticket_id, now)
        return _entry(session, ticket_id, now)

    result: QueueEntryOut = _in_transaction(request, work)
    return result

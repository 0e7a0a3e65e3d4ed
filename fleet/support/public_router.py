"""Public API for booking a digital-support adviser (``/api/public/v1/support``) and the
advisers' iCal feeds (``/support/ical/{token}.ics``).

No account is needed: the city's website (or anyone: an open API) lists topics, branches
and free slots and books one; the booking code it gets back, once, is the key to the
booking (see, cancel, reschedule, export, forget). Codes carry about 50 bits and only their
hashes are stored. Not rate-limited yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from sqlmodel import Session, col, select

from fleet.admin.router import data_keys
from fleet.branches.models import Branch
from fleet.branches.service import branch_name
from fleet.db import run_in_transaction
from fleet.errors import FleetError
from fleet.protocol import ApiError, LocalizedText
from fleet.protocol.support import (
    TOPIC_NAMES,
    BookingChannel,
    BookingConfirmation,
    BookingCreate,
    BookingExport,
    Language,
    Reschedule,
    SlotList,
    SupportTopic,
)
from fleet.support import bookings, ical
from fleet.support.availability import MAX_SEARCH_DAYS, SlotSearch, find_slots
from fleet.support.models import AdviserProfile, AvailabilityRule

T = TypeVar("T")

PREFIX = "/api/public/v1/support"
TAG = "digital support (public)"
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ApiError} for code in (404, 409, 422)}
router = APIRouter(prefix=PREFIX, tags=[TAG], responses=_ERRORS)
ical_router = APIRouter(tags=[TAG])

BookingCode = Annotated[
    str, Path(min_length=1, max_length=32, description="The booking code, e.g. `ABCDE-FGHJK`")
]
#: The most slots one search returns (the wire contract's limit).
MAX_SLOTS = 2000


class TopicInfo(BaseModel):
    id: SupportTopic
    name: LocalizedText


class BranchInfo(BaseModel):
    id: str
    name: LocalizedText


async def in_transaction(request: Request, work: Callable[[Session, dt.datetime], T]) -> T:
    """Run ``work(session, now)`` in one committed transaction on a worker thread."""
    state = request.app.state
    now: dt.datetime = state.clock()
    return await run_in_threadpool(
        run_in_transaction, state.session_factory, lambda session: work(session, now)
    )


def slot_search(
    topic: SupportTopic,
    language: str,
    branch: str | None,
    first_day: dt.date | None,
    last_day: dt.date | None,
) -> SlotSearch:
    if first_day and last_day and (last_day - first_day).days >= MAX_SEARCH_DAYS:
        raise FleetError("range_too_long", f"Search at most {MAX_SEARCH_DAYS} days at a time.", 422)
    return SlotSearch(topic, language, branch, first_day, last_day)


def slot_list(session: Session, search: SlotSearch, now: dt.datetime) -> SlotList:
    return SlotList(slots=find_slots(session, search, now)[:MAX_SLOTS])


@router.get("/topics", summary="What advisers help with, named in Finnish, Swedish and English")
async def topics() -> list[TopicInfo]:
    return [TopicInfo(id=topic, name=TOPIC_NAMES[topic]) for topic in SupportTopic]


@router.get("/branches", summary="Branches where advisers take bookings")
async def branches(request: Request) -> list[BranchInfo]:
    def work(session: Session, _now: dt.datetime) -> list[BranchInfo]:
        active = select(AdviserProfile.user_id).where(col(AdviserProfile.active).is_(True))
        ids = session.exec(
            select(AvailabilityRule.branch_id)
            .where(col(AvailabilityRule.adviser_id).in_(active))
            .distinct()
        ).all()
        rows = session.exec(select(Branch).where(col(Branch.id).in_(ids)).order_by(col(Branch.id)))
        return [BranchInfo(id=row.id, name=branch_name(row)) for row in rows]

    return await in_transaction(request, work)


@router.get("/slots", summary="Free slots for a topic and language, sorted by time")
async def slots(
    request: Request,
    topic: SupportTopic,
    language: Annotated[Language, Query()],
    branch: Annotated[str | None, Query(max_length=32)] = None,
    first_day: Annotated[
        dt.date | None, Query(alias="from", description="First day (branch-local); today")
    ] = None,
    last_day: Annotated[
        dt.date | None, Query(alias="to", description="Last day, inclusive; 14 days on")
    ] = None,
) -> SlotList:
    """Slots of active advisers who cover the topic and the language (at the branch), from
    the minimum notice to the horizon; full slots are left out."""
    search = slot_search(topic, language, branch, first_day, last_day)
    return await in_transaction(request, lambda session, now: slot_list(session, search, now))


@router.post(
    "/bookings",
    summary="Book a slot; the reply carries the booking code, shown only this once",
    status_code=status.HTTP_201_CREATED,
)
async def create_booking(body: BookingCreate, request: Request) -> BookingConfirmation:
    keys = data_keys(request)

    def work(session: Session, now: dt.datetime) -> BookingConfirmation:
        made = bookings.book(session, body, channel=BookingChannel.WEB, now=now, keys=keys)
        return bookings.confirmation(session, made.booking, made.code)

    return await in_transaction(request, work)


@router.get("/bookings/{code}", summary="The booking for a code")
async def get_booking(code: BookingCode, request: Request) -> BookingConfirmation:
    def work(session: Session, _now: dt.datetime) -> BookingConfirmation:
        return bookings.confirmation(session, bookings.find_by_code(session, code), code)

    return await in_transaction(request, work)


@router.post("/bookings/{code}/cancel", summary="Cancel a booking (until it starts)")
async def cancel_booking(code: BookingCode, request: Request) -> BookingConfirmation:
    def work(session: Session, now: dt.datetime) -> BookingConfirmation:
        booking = bookings.cancel(session, bookings.find_by_code(session, code), now)
        return bookings.confirmation(session, booking, code)

    return await in_transaction(request, work)


@router.post(
    "/bookings/{code}/reschedule",
    summary="Move a booking to another slot (same topic and language); the code stays",
)
async def reschedule_booking(
    code: BookingCode, body: Reschedule, request: Request
) -> BookingConfirmation:
    def work(session: Session, now: dt.datetime) -> BookingConfirmation:
        booking = bookings.find_by_code(session, code)
        return bookings.confirmation(
            session, bookings.reschedule(session, booking, body, now), code
        )

    return await in_transaction(request, work)


@router.get("/bookings/{code}/export", summary="Everything stored about a booking (MyData)")
async def export_booking(code: BookingCode, request: Request) -> BookingExport:
    def work(session: Session, _now: dt.datetime) -> BookingExport:
        return bookings.export(session, bookings.find_by_code(session, code), code)

    return await in_transaction(request, work)


@router.delete(
    "/bookings/{code}/personal-data",
    summary="Delete the name, phone and e-mail now; the booking stays, anonymous",
)
async def delete_personal_data(code: BookingCode, request: Request) -> BookingExport:
    def work(session: Session, now: dt.datetime) -> BookingExport:
        booking = bookings.find_by_code(session, code)
        bookings.delete_personal_data(session, booking, now)
        return bookings.export(session, booking, code)

    return await in_transaction(request, work)


@ical_router.get(
    ical.FEED_PATH,
    summary="An adviser's bookings as an iCal feed (topic, language, place; no visitor data)",
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "The iCal feed"},
        404: {"model": ApiError},
    },
)
async def ical_feed(
    token: Annotated[str, Path(min_length=1, max_length=64)], request: Request
) -> Response:
    body = await in_transaction(
        request, lambda session, now: ical.feed_for_token(session, token, now)
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )

"""Device API for booking an adviser from a kiosk (``/api/device/v1/support``).

The same rules as the public API (:mod:`fleet.support.bookings`), with the kiosk's branch
as the default: slots of the device's branch unless ``branch`` is given, and a booking
whose ``branch_id`` is empty goes to the device's branch. Bookings made here have the
``kiosk`` channel; the reply carries the code the kiosk prints on the slip.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from sqlmodel import Session

from fleet.admin.router import data_keys
from fleet.devices.router import DeviceDep
from fleet.protocol import API_PREFIX, ApiError
from fleet.protocol.support import (
    BookingChannel,
    BookingConfirmation,
    BookingCreate,
    Language,
    SlotList,
    SupportTopic,
)
from fleet.support import bookings
from fleet.support.public_router import in_transaction, slot_list, slot_search

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ApiError} for code in (401, 404, 409, 422)
}
router = APIRouter(prefix=f"{API_PREFIX}/support", tags=["device API"], responses=_ERRORS)


@router.get("/slots", summary="Free adviser slots, at this kiosk's branch by default")
async def slots(
    request: Request,
    auth: DeviceDep,
    topic: SupportTopic,
    language: Annotated[Language, Query()],
    branch: Annotated[str | None, Query(max_length=32)] = None,
    first_day: Annotated[dt.date | None, Query(alias="from")] = None,
    last_day: Annotated[dt.date | None, Query(alias="to")] = None,
) -> SlotList:
    search = slot_search(topic, language, branch or auth.branch_id, first_day, last_day)
    return await in_transaction(request, lambda session, now: slot_list(session, search, now))


@router.post(
    "/bookings",
    summary="Book a slot from the kiosk; the reply carries the code for the slip",
    status_code=status.HTTP_201_CREATED,
)
async def create_booking(
    body: BookingCreate, request: Request, auth: DeviceDep
) -> BookingConfirmation:
    if not body.branch_id:
        body = body.model_copy(update={"branch_id": auth.branch_id})
    keys = data_keys(request)

    def work(session: Session, now: dt.datetime) -> BookingConfirmation:
        made = bookings.book(session, body, channel=BookingChannel.KIOSK, now=now, keys=keys)
        return bookings.confirmation(session, made.booking, made.code)

    return await in_transaction(request, work)

"""The programme's figures ("people who used digital support", "units giving digital support")
computed from the anonymous events that real flows leave behind."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from fastapi import FastAPI

from fleet.protocol import API_PREFIX, EventBatch, EventType, UsageEvent
from fleet.protocol.support import HelpRequestCreate, HelpTicket, SupportTopic
from fleet.support import bookings, queue
from fleet.support.metrics import support_figures
from tests.fleet.support.booking_world import MONDAY_11, TUESDAY, add_adviser, add_rule, book, local
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, enroll

pytestmark = pytest.mark.asyncio


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_11)


async def test_people_helped_and_units_from_walk_ins_appointments_and_guides(
    app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch("oodi")
    fleet_db.create_branch("kallio")
    aino = add_adviser(fleet_db, branches=("oodi", "kallio"))
    add_rule(fleet_db, aino.user_id)
    kallio_pc = (await enroll(client, fleet_db.enrollment_code("kallio"))).token
    oodi_pc = (await enroll(client, fleet_db.enrollment_code("oodi"), hostname="oodi-1")).token

    # Two walk-ins at Kallio: one called by an adviser, one who gave up.
    async def ask(token: str) -> HelpTicket:
        body = HelpRequestCreate(topic=SupportTopic.EMAIL).model_dump_json()
        reply = await client.post(f"{API_PREFIX}/support/help", content=body, headers=bearer(token))
        return HelpTicket.model_validate_json(reply.content)

    first = await ask(kallio_pc)
    with fleet_db.session() as session:
        queue.call(session, first.id, aino.user_id, clock.advance(minutes=7))
        queue.finish(session, first.id, clock())
    second = await ask(kallio_pc)
    await client.post(f"{API_PREFIX}/support/help/{second.id}/cancel", headers=bearer(kallio_pc))

    # One appointment at Oodi done, one no-show.
    done = book(fleet_db, aino, local(TUESDAY, 10))
    missed = book(fleet_db, aino, local(TUESDAY, 11))
    after = local(TUESDAY, 12)
    with fleet_db.session() as session:
        for made, finish in ((done, True), (missed, False)):
            booking = bookings.find_by_code(session, made.code)
            if finish:
                bookings.check_in(session, booking, after)
                bookings.mark_done(session, booking, SupportTopic.E_IDENTIFICATION, after)
            else:
                bookings.mark_no_show(session, booking, after)

    # A visitor at Oodi read a guide to the end (the kiosk's own events).
    guide = EventBatch(
        events=[
            UsageEvent(id=id_, type=kind, occurred_at=MONDAY_11, attrs={"guide": "scams"})
            for id_, kind in (
                ("00000000-0000-4000-8000-000000000001", EventType.GUIDE_OPENED),
                ("00000000-0000-4000-8000-000000000002", EventType.GUIDE_COMPLETED),
            )
        ]
    )
    reply = await client.post(
        f"{API_PREFIX}/events", content=guide.model_dump_json(), headers=bearer(oodi_pc)
    )
    assert reply.status_code == 200, reply.text

    with fleet_db.session() as session:
        figures = support_figures(
            session, MONDAY_11 - dt.timedelta(days=1), MONDAY_11 + dt.timedelta(days=7)
        )
    assert figures.people_helped == 2  # the called walk-in and the finished appointment
    assert (figures.walk_in, figures.appointments) == (1, 1)
    assert figures.units == 2  # Kallio (walk-in) and Oodi (appointment)
    assert (figures.guides_opened, figures.guides_completed) == (1, 1)
    with fleet_db.session() as session:
        nothing = support_figures(
            session, MONDAY_11 + dt.timedelta(days=30), MONDAY_11 + dt.timedelta(days=31)
        )
    assert nothing.people_helped == 0
    assert nothing.units == 0

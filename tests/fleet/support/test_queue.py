"""The walk-in help queue: tickets from PCs, an adviser calling, the PC's view, events."""

from __future__ import annotations

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlmodel import col, select

from fleet.auth.models import Role, User
from fleet.devices.models import UsageEventRecord
from fleet.protocol import API_PREFIX
from fleet.protocol.support import HelpRequestCreate, HelpStatus, HelpTicket, SupportTopic
from fleet.support.models import AdviserProfile
from tests.fleet.admin.helpers import bearer as admin_bearer
from tests.fleet.admin.helpers import install, token_for
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer
from tests.support.visitors import MONDAY_11, enrol_pcs

pytestmark = pytest.mark.asyncio
QUEUE = "/api/admin/v1/support/queue"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_11)


class Desk:
    """Two PCs at Oodi and an adviser, Aino, with a token."""

    def __init__(self, client: httpx.AsyncClient, pcs: list[str], adviser: dict[str, str]):
        self.client = client
        self.pcs = pcs
        self.adviser = adviser

    async def ask(self, pc: int, topic: SupportTopic | None = None) -> HelpTicket:
        body = HelpRequestCreate(topic=topic).model_dump_json()
        reply = await self.client.post(
            f"{API_PREFIX}/support/help", content=body, headers=bearer(self.pcs[pc])
        )
        assert reply.status_code == 201, reply.text
        return HelpTicket.model_validate_json(reply.content)

    async def ticket(self, pc: int, ticket_id: int) -> httpx.Response:
        return await self.client.get(
            f"{API_PREFIX}/support/help/{ticket_id}", headers=bearer(self.pcs[pc])
        )

    async def queue(self) -> list[dict[str, object]]:
        reply = await self.client.get(QUEUE, params={"branch_id": "oodi"}, headers=self.adviser)
        assert reply.status_code == 200, reply.text
        entries: list[dict[str, object]] = reply.json()
        return entries


@pytest_asyncio.fixture
async def desk(app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb) -> Desk:
    fleet_db.create_branch("oodi")
    pcs = await enrol_pcs(client, fleet_db, 3)
    install(app, fleet_db)
    with fleet_db.session() as session:
        adviser = session.exec(select(User).where(User.username == "adviser")).one()
        assert adviser.id is not None
        session.add(AdviserProfile(user_id=adviser.id, display_name="Aino", public_key="a1"))
    return Desk(client, pcs, admin_bearer(await token_for(client, Role.ADVISER)))


async def test_tickets_are_numbered_and_placed(desk: Desk, clock: FakeClock) -> None:
    first = await desk.ask(0, SupportTopic.E_IDENTIFICATION)
    second = await desk.ask(1)
    assert (first.number, first.position, first.status) == (1, 0, HelpStatus.WAITING)
    assert (second.number, second.position) == (2, 1)
    assert first.estimated_wait_minutes is None  # no pace yet today
    # Asking again from the same PC is the same ticket, not a new place in the queue.
    assert (await desk.ask(0)).id == first.id
    clock.advance(minutes=4)
    entries = await desk.queue()
    assert [(e["number"], e["device_name"], e["waited_minutes"]) for e in entries] == [
        (1, "oodi-pc-1", 4),
        (2, "oodi-pc-2", 4),
    ]
    assert entries[0]["topic"] == "e_identification"


async def test_calling_the_next_visitor_reaches_their_pc(desk: Desk, clock: FakeClock) -> None:
    first = await desk.ask(0)
    second = await desk.ask(1)
    third = await desk.ask(2)
    clock.advance(minutes=6)
    called = await desk.client.post(
        f"{QUEUE}/next", params={"branch_id": "oodi"}, headers=desk.adviser
    )
    assert called.status_code == 200, called.text
    assert called.json()["number"] == 1
    seen = HelpTicket.model_validate_json((await desk.ticket(0, first.id)).content)
    assert seen.status is HelpStatus.CALLED
    assert seen.adviser_name == "Aino"
    clock.advance(minutes=10)
    await desk.client.post(f"{QUEUE}/{first.id}/done", headers=desk.adviser)
    await desk.client.post(f"{QUEUE}/next", params={"branch_id": "oodi"}, headers=desk.adviser)
    # Two calls 10 minutes apart: the third visitor, next in line, waits about 10 minutes.
    waiting = HelpTicket.model_validate_json((await desk.ticket(2, third.id)).content)
    assert (waiting.position, waiting.estimated_wait_minutes) == (0, 10)
    assert [e["number"] for e in await desk.queue()] == [2, 3]
    assert (await desk.queue())[0]["called_by"] == "Aino"
    assert second.id != third.id


async def test_cancel_from_the_pc_or_by_the_adviser(desk: Desk, fleet_db: FleetDb) -> None:
    mine = await desk.ask(0, SupportTopic.SCAMS)
    theirs = await desk.ask(1)
    # Another PC cannot see or cancel someone else's ticket.
    assert (await desk.ticket(1, mine.id)).status_code == 404
    reply = await desk.client.post(
        f"{API_PREFIX}/support/help/{mine.id}/cancel", headers=bearer(desk.pcs[0])
    )
    assert HelpTicket.model_validate_json(reply.content).status is HelpStatus.CANCELLED
    left = await desk.client.post(f"{QUEUE}/{theirs.id}/cancel", headers=desk.adviser)
    assert left.json()["status"] == "cancelled"
    assert await desk.queue() == []
    # Nobody waiting: "next" says so.
    nobody = await desk.client.post(
        f"{QUEUE}/next", params={"branch_id": "oodi"}, headers=desk.adviser
    )
    assert nobody.status_code == 204
    # A called ticket can no longer be called again.
    again = await desk.ask(0)
    await desk.client.post(f"{QUEUE}/{again.id}/call", headers=desk.adviser)
    twice = await desk.client.post(f"{QUEUE}/{again.id}/call", headers=desk.adviser)
    assert twice.status_code == 409
    assert twice.json()["code"] == "help_request_not_waiting"
    with fleet_db.session() as session:
        events = session.exec(
            select(UsageEventRecord).order_by(col(UsageEventRecord.occurred_at))
        ).all()
    kinds = [(e.type, e.attrs) for e in events]
    assert ("help_requested", {"topic": "scams"}) in kinds
    assert ("help_cancelled", {"topic": "scams", "by": "visitor", "wait_minutes": 0}) in kinds
    assert ("help_cancelled", {"topic": "none", "by": "adviser", "wait_minutes": 0}) in kinds
    assert all(e.branch_id == "oodi" for e in events)


async def test_a_new_day_starts_a_new_queue(desk: Desk, clock: FakeClock) -> None:
    old = await desk.ask(0)
    clock.advance(days=1)
    fresh = await desk.ask(0)
    assert fresh.id != old.id
    assert fresh.number == 1
    stale = HelpTicket.model_validate_json((await desk.ticket(0, old.id)).content)
    assert stale.status is HelpStatus.EXPIRED


async def test_only_signed_in_workers_see_the_queue(desk: Desk) -> None:
    reply = await desk.client.get(QUEUE, params={"branch_id": "oodi"})
    assert reply.status_code == 401
    unknown = await desk.client.post(
        f"{API_PREFIX}/support/help", content="{}", headers=bearer("1." + "x" * 43)
    )
    assert unknown.status_code == 401

"""The kiosk's HelpDesk, BookingDesk and SlipPrinter against the real fleet app (in-process)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
import zxingcpp
from fastapi import FastAPI
from PIL import Image
from sqlmodel import select

from fleet.auth.models import Role, User
from fleet.protocol import CheckInRequest, DeviceConfig, DeviceState, EventType
from fleet.protocol.support import BookingCreate, HelpStatus, SupportTopic
from fleet.support.models import AdviserProfile
from hardware import FakePrinter, Receipt, ReceiptLine
from hardware.escpos_printer import EscposPrinter
from hardware.escpos_sim import SimulatedPrinter
from kiosk.services.client import DeviceClient
from kiosk.services.outbox import EventAttrs
from kiosk.services.support import BookingDesk, HelpDesk, SlipPrinter, SupportError
from tests.fleet.admin.helpers import bearer as admin_bearer
from tests.fleet.admin.helpers import install, token_for
from tests.fleet.support.booking_world import add_adviser, add_rule
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, enroll
from tests.support.visitors import MONDAY_11

pytestmark = pytest.mark.asyncio
QUEUE = "/api/admin/v1/support/queue"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_11)


@dataclass
class Pc:
    desk: HelpDesk
    client: httpx.AsyncClient
    adviser: dict[str, str]
    printer: FakePrinter
    events: list[tuple[EventType, dict[str, bool | int | str]]] = field(default_factory=list)
    changes: int = 0


@pytest_asyncio.fixture
async def pc(app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb) -> AsyncIterator[Pc]:
    fleet_db.create_branch("oodi")
    install(app, fleet_db)
    with fleet_db.session() as session:
        adviser = session.exec(select(User).where(User.username == "adviser")).one()
        assert adviser.id is not None
        session.add(AdviserProfile(user_id=adviser.id, display_name="Aino", public_key="a1"))
    token = (await enroll(client, fleet_db.enrollment_code("oodi"))).token
    body = CheckInRequest(state=DeviceState.IDLE, app_version="1").model_dump_json()
    reply = await client.post("/api/device/v1/checkin", content=body, headers=bearer(token))
    config = DeviceConfig.model_validate(reply.json()["config"])
    device = DeviceClient("http://fleet.test", token, transport=httpx.ASGITransport(app=app))
    printer = FakePrinter()
    await printer.start()
    holder: list[Pc] = []

    def record(kind: EventType, attrs: EventAttrs) -> None:
        holder[0].events.append((kind, dict(attrs)))

    def changed() -> None:
        holder[0].changes += 1

    slips = SlipPrinter(printer, record)
    desk = HelpDesk(lambda: device, lambda: config, slips, changed)
    adviser_token = admin_bearer(await token_for(client, Role.ADVISER))
    holder.append(Pc(desk, client, adviser_token, printer))
    try:
        yield holder[0]
    finally:
        await device.aclose()
        await printer.stop()


async def test_help_me_now_then_an_adviser_calls(pc: Pc) -> None:
    ticket = await pc.desk.ask(SupportTopic.VIDEO_CALLS, "fi")
    assert (ticket.number, ticket.status) == (1, HelpStatus.WAITING)
    assert pc.desk.ticket == ticket
    stop = asyncio.Event()
    runner = asyncio.create_task(pc.desk.run(stop))
    try:
        called = await pc.client.post(
            f"{QUEUE}/next", params={"branch_id": "oodi"}, headers=pc.adviser
        )
        assert called.status_code == 200
        pc.desk.nudged()  # what the WebSocket nudge does
        for _ in range(100):
            if pc.desk.ticket is not None and pc.desk.ticket.status is HelpStatus.CALLED:
                break
            await asyncio.sleep(0.02)
        assert pc.desk.ticket is not None
        assert pc.desk.ticket.status is HelpStatus.CALLED
        assert pc.desk.ticket.adviser_name == "Aino"
        await pc.client.post(f"{QUEUE}/{ticket.id}/done", headers=pc.adviser)
        await pc.desk.refresh()
        assert pc.desk.ticket is None  # helped: nothing left on screen
    finally:
        stop.set()
        await runner


async def test_cancel_from_the_pc_clears_at_once_and_reaches_the_fleet(pc: Pc) -> None:
    await pc.desk.ask(None, "sv")
    await pc.desk.cancel()
    assert pc.desk.ticket is None
    queue = await pc.client.get(QUEUE, params={"branch_id": "oodi"}, headers=pc.adviser)
    assert queue.json() == []


async def test_printing_the_ticket_and_a_printer_out_of_paper(pc: Pc) -> None:
    await pc.desk.ask(SupportTopic.SCAMS, "en")
    assert await pc.desk.print_ticket("en") == "printed"
    assert any("1" in line.text for line in pc.printer.printed[-1].lines)
    pc.printer.simulate_paper_out()
    assert await pc.desk.print_ticket("en") == "paper_out"
    assert pc.events[-1] == (
        EventType.SLIP_PRINTED,
        {"kind": "queue_ticket", "printed": False, "reason": "paper_out"},
    )
    pc.printer.simulate_offline()
    assert await pc.desk.print_ticket("en") == "printer_offline"
    assert pc.desk.ticket is not None  # the ticket stands whatever the printer does


async def test_offline_asking_for_help_says_so() -> None:
    desk = HelpDesk(
        lambda: DeviceClient("http://127.0.0.1:9", "1.x"),
        lambda: None,
        SlipPrinter(None, lambda kind, attrs: None),
        lambda: None,
    )
    with pytest.raises(SupportError) as offline:
        await desk.ask(None, "fi")
    assert offline.value.code == "offline"
    assert (
        await SlipPrinter(None, lambda kind, attrs: None).print(
            Receipt(lines=(ReceiptLine("x"),)), "booking"
        )
        == "no_printer"
    )


async def test_a_booking_from_the_pc_prints_a_slip_whose_qr_is_the_code(
    app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb, tmp_path: Path
) -> None:
    """Kiosk -> fleet (booking) -> the real ESC/POS adapter -> the simulated network
    printer -> a PNG whose QR code a scanner reads back as the booking code."""
    fleet_db.create_branch("oodi")
    aino = add_adviser(fleet_db)
    add_rule(fleet_db, aino.user_id)
    token = (await enroll(client, fleet_db.enrollment_code("oodi"))).token
    device = DeviceClient("http://fleet.test", token, transport=httpx.ASGITransport(app=app))
    events: list[tuple[EventType, dict[str, bool | int | str]]] = []
    async with SimulatedPrinter("127.0.0.1", out_dir=tmp_path / "slips") as simulated:
        printer = EscposPrinter.from_spec(simulated.spec)
        await printer.start()
        try:
            desk = BookingDesk(
                lambda: device,
                lambda: None,
                SlipPrinter(printer, lambda kind, attrs: events.append((kind, dict(attrs)))),
            )
            slots = await desk.slots(SupportTopic.EMAIL, "fi")
            assert slots.slots
            first = slots.slots[0]
            booked = await desk.book(
                BookingCreate(
                    adviser=first.adviser,
                    branch_id=first.branch_id,
                    starts_at=first.starts_at,
                    topic=SupportTopic.EMAIL,
                    language="fi",
                    name="Maija",
                ),
                "fi",
            )
            assert booked.slip == "printed"
            (job,) = await simulated.wait_for_jobs(1)
        finally:
            await printer.stop()
            await device.aclose()
    assert job.png is not None
    (qr,) = [
        found
        for found in zxingcpp.read_barcodes(Image.open(job.png))
        if found.format == zxingcpp.BarcodeFormat.QRCode
    ]
    assert qr.text.replace("-", "") == booked.confirmation.code.replace("-", "")
    text = "\n".join(job.decoded.text_lines)
    assert "Aino" in text
    assert events == [
        (EventType.SLIP_PRINTED, {"kind": "booking", "printed": True, "reason": "printed"})
    ]
    # Booking the same slot again from another visitor: it is taken.
    with pytest.raises(SupportError) as full:
        await BookingDesk(
            lambda: DeviceClient(
                "http://fleet.test", token, transport=httpx.ASGITransport(app=app)
            ),
            lambda: None,
            SlipPrinter(None, lambda kind, attrs: None),
        ).book(
            BookingCreate(
                adviser=first.adviser,
                branch_id=first.branch_id,
                starts_at=first.starts_at,
                topic=SupportTopic.EMAIL,
                language="fi",
                name="Bo",
            ),
            "sv",
        )
    assert full.value.code == "slot_full"

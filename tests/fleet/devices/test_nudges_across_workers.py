"""On PostgreSQL, a command committed by any process nudges a kiosk on any worker."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import event
from sqlmodel import Session
from websockets.asyncio.client import connect

from fleet.devices import service as devices
from fleet.devices.nudges import NudgeHub
from fleet.protocol import API_PREFIX, CommandType, Nudge
from tests.support.kiosks import enroll
from tests.support.live import LiveFleet
from tests.support.postgres import PostgresServer

pytestmark = [pytest.mark.asyncio, pytest.mark.slow, pytest.mark.postgres]

KIOSKS = 6


@pytest.fixture
def two_worker_fleet(postgres_server: PostgresServer, tmp_path: Path) -> Iterator[LiveFleet]:
    """PostgreSQL only: NOTIFY carries nudges between workers (SQLite runs one worker)."""
    name = f"fleet_workers_{os.getpid()}"
    fleet = LiveFleet(
        postgres_server.create_database(name, template="fleet_template"),
        tmp_path / "fleet",
        workers=2,
    )
    fleet.start()
    try:
        yield fleet
    finally:
        fleet.close()
        postgres_server.drop_database(name)


async def test_nudges_reach_kiosks_on_every_worker(two_worker_fleet: LiveFleet) -> None:
    fleet = two_worker_fleet
    fleet.create_branch()
    code = fleet.enrollment_code(uses=KIOSKS)
    async with httpx.AsyncClient(base_url=fleet.base_url) as client:
        kiosks = [await enroll(client, code) for _ in range(KIOSKS)]
    url = fleet.base_url.replace("http://", "ws://") + f"{API_PREFIX}/ws"
    sockets = [
        await connect(url, additional_headers={"Authorization": f"Bearer {kiosk.token}"})
        for kiosk in kiosks
    ]
    try:
        # This test process plays a third worker: its commits NOTIFY like the server's do.
        hub = NudgeHub(via_postgres=True)
        with Session(fleet.db.engine) as session:
            event.listen(session, "before_commit", hub.before_commit)
            for kiosk in kiosks:
                devices.send_command(session, kiosk.device_id, CommandType.SYNC, None, "it")
            # Sockets register with their worker's hub just after the handshake; give them a moment.
            await asyncio.sleep(1)
            session.commit()
        received = await asyncio.gather(
            *(asyncio.wait_for(socket.recv(), 10) for socket in sockets)
        )
        assert [Nudge.model_validate_json(message) for message in received] == [
            Nudge(reason="command")
        ] * KIOSKS
    finally:
        for socket in sockets:
            await socket.close()

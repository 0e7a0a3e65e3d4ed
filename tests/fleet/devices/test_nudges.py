"""The device WebSocket: a queued command or a config change nudges the kiosk at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from fleet.branches import service as branches
from fleet.devices import service as devices
from fleet.protocol import API_PREFIX, CommandType, Nudge
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import check_in, enroll
from tests.support.serve import serve_in_process

pytestmark = pytest.mark.asyncio

#: Generous bound so a loaded CI machine does not flake; the nudge normally takes ~ms.
WAIT = 10


async def _until(condition: Callable[[], bool]) -> None:
    """Wait for server-side state the test cannot be told about (bounded by ``WAIT``)."""

    async def poll() -> None:
        while not condition():  # noqa: ASYNC110 - no event to wait on: the server owns it
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), WAIT)


async def _nudges_flowing(app: FastAPI) -> None:
    """On PostgreSQL nudges travel by NOTIFY: wait until this worker is LISTENing."""
    if app.state.nudge_listener is not None:
        await asyncio.wait_for(app.state.nudge_listener.listening.wait(), WAIT)


def _ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + f"{API_PREFIX}/ws"


async def _next_nudge(socket: ClientConnection) -> Nudge:
    return Nudge.model_validate_json(await asyncio.wait_for(socket.recv(), WAIT))


def _send_lock(app: FastAPI, device_id: int) -> int:
    """As the admin API does: a request session that commits, which fires the nudge."""
    session: Session
    with app.state.session_factory() as session:
        command = devices.send_command(session, device_id, CommandType.LOCK, "Suljettu", "it")
        session.commit()
        assert command.id is not None
        return command.id


async def test_a_queued_command_nudges_the_connected_kiosk(app: FastAPI, fleet_db: FleetDb) -> None:
    fleet_db.create_branch()
    await _nudges_flowing(app)
    async with serve_in_process(app) as base, httpx.AsyncClient(base_url=base) as client:
        kiosk = await enroll(client, fleet_db.enrollment_code())
        etag = (await check_in(client, kiosk.token)).config_etag
        headers = {"Authorization": f"Bearer {kiosk.token}"}
        async with connect(_ws_url(base), additional_headers=headers) as socket:
            await _until(lambda: app.state.hub.connected(kiosk.device_id))
            command_id = await asyncio.to_thread(_send_lock, app, kiosk.device_id)
            assert await _next_nudge(socket) == Nudge(reason="command")
            reply = await check_in(client, kiosk.token, etag=etag)
            assert [c.id for c in reply.commands] == [command_id]

            with app.state.session_factory() as session:
                branches.set_device_overrides(
                    session, kiosk.device_id, {"session_minutes": 30}, "it"
                )
                session.commit()
            assert await _next_nudge(socket) == Nudge(reason="config")
        await _until(lambda: not app.state.hub.connected(kiosk.device_id))


async def test_a_command_waiting_at_connect_time_nudges_at_once(
    app: FastAPI, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch()
    await _nudges_flowing(app)
    async with serve_in_process(app) as base, httpx.AsyncClient(base_url=base) as client:
        kiosk = await enroll(client, fleet_db.enrollment_code())
        _send_lock(app, kiosk.device_id)
        headers = {"Authorization": f"Bearer {kiosk.token}"}
        async with connect(_ws_url(base), additional_headers=headers) as socket:
            assert await _next_nudge(socket) == Nudge(reason="command")


async def test_a_rolled_back_command_sends_no_nudge(app: FastAPI, fleet_db: FleetDb) -> None:
    fleet_db.create_branch()
    await _nudges_flowing(app)
    async with serve_in_process(app) as base, httpx.AsyncClient(base_url=base) as client:
        kiosk = await enroll(client, fleet_db.enrollment_code())
        headers = {"Authorization": f"Bearer {kiosk.token}"}
        async with connect(_ws_url(base), additional_headers=headers) as socket:
            await _until(lambda: app.state.hub.connected(kiosk.device_id))
            with app.state.session_factory() as session:
                devices.send_command(session, kiosk.device_id, CommandType.SYNC, None, "it")
                session.rollback()
            # The next nudge to arrive must be the one for the committed command.
            _send_lock(app, kiosk.device_id)
            assert await _next_nudge(socket) == Nudge(reason="command")
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(socket.recv(), 0.3)


async def test_bad_tokens_cannot_open_the_socket(app: FastAPI, fleet_db: FleetDb) -> None:
    fleet_db.create_branch()
    async with serve_in_process(app) as base:
        for headers in ({}, {"Authorization": "Bearer 1.bad-bad-bad-bad-bad-bad-bad"}):
            with pytest.raises(InvalidStatus) as refused:
                async with connect(_ws_url(base), additional_headers=headers):
                    pass
            assert refused.value.response.status_code == 401
            assert b"device_unknown" in refused.value.response.body

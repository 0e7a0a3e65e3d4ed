"""Buffered check-in state survives a graceful stop of a real ``fleet serve``."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from fleet.devices import service as devices
from fleet.protocol import DeviceState
from tests.support.kiosks import check_in, enroll
from tests.support.live import LiveFleet

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


async def test_buffered_state_is_written_on_shutdown(database_url: str, tmp_path: Path) -> None:
    # A flush interval of an hour: only the shutdown flush can write the state.
    live_fleet = LiveFleet(
        database_url, tmp_path / "fleet", env={"FLEET_CHECKIN_FLUSH_SECONDS": "3600"}
    )
    live_fleet.start()
    try:
        await _check_in_then_stop(live_fleet)
    finally:
        live_fleet.close()


async def _check_in_then_stop(live_fleet: LiveFleet) -> None:
    live_fleet.create_branch()
    async with httpx.AsyncClient(base_url=live_fleet.base_url) as client:
        kiosk = await enroll(client, live_fleet.enrollment_code())
        await check_in(client, kiosk.token, state=DeviceState.LOCKED)
        with live_fleet.db.session() as session:
            assert devices.get_device(session, kiosk.device_id).last_seen is None
        live_fleet.stop()
    with live_fleet.db.session() as session:
        device = devices.get_device(session, kiosk.device_id)
    assert device.state is DeviceState.LOCKED
    assert device.last_seen is not None

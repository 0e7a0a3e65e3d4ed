"""The fixtures themselves: both databases migrate, the app answers, the live server runs."""

from __future__ import annotations

import httpx
import pytest

from tests.support.live import LiveFleet


@pytest.mark.asyncio
async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).json() == {"status": "ready"}


@pytest.mark.slow
def test_live_fleet_restarts_on_the_same_port(live_fleet: LiveFleet) -> None:
    url = live_fleet.base_url
    live_fleet.restart()
    assert live_fleet.base_url == url
    assert httpx.get(f"{url}/readyz").status_code == 200
    live_fleet.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/healthz")

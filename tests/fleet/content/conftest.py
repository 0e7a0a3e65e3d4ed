"""Fixtures for the fleet's content tests: an admin's headers, a trusted publisher, kiosks."""

from __future__ import annotations

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI

from fleet.auth.models import Role
from tests.fleet.admin.helpers import bearer, install, token_for
from tests.fleet.content.bundles import Publisher, SyncingKiosk, trust
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import enroll


@pytest_asyncio.fixture
async def admin(client: httpx.AsyncClient, app: FastAPI, fleet_db: FleetDb) -> dict[str, str]:
    """Authorization headers of an IT admin (a staff member and an adviser exist too)."""
    install(app, fleet_db)
    return bearer(await token_for(client, Role.ADMIN))


@pytest_asyncio.fixture
async def staff(client: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, str]:
    return bearer(await token_for(client, Role.STAFF))


@pytest.fixture
def publisher() -> Publisher:
    return Publisher.new()


@pytest_asyncio.fixture
async def trusted(
    client: httpx.AsyncClient, admin: dict[str, str], publisher: Publisher
) -> Publisher:
    """A publisher whose key the fleet trusts."""
    await trust(client, admin, publisher.public)
    return publisher


class Kiosks:
    """Enrols syncing kiosks into branches (created on first use)."""

    def __init__(self, client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock) -> None:
        self._client = client
        self._db = fleet_db
        self._clock = clock
        self._branches: set[str] = set()

    async def enrol(self, branch: str = "oodi") -> tuple[int, SyncingKiosk]:
        if branch not in self._branches:
            self._db.create_branch(branch)
            self._branches.add(branch)
        enrolled = await enroll(self._client, self._db.enrollment_code(branch))
        kiosk = SyncingKiosk(self._client, enrolled.token, now=self._clock())
        await kiosk.check_in()
        return enrolled.device_id, kiosk


@pytest.fixture
def kiosks(client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock) -> Kiosks:
    return Kiosks(client, fleet_db, clock)

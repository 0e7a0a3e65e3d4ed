"""Fixtures for visitor-session tests: a branch, patrons, two enrolled PCs, a fixed Monday."""

from __future__ import annotations

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI

from fleet.protocol import Policy
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.visitors import MONDAY_11, Visitors, add_patrons, enrol_pcs


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_11)


@pytest.fixture
def policy() -> Policy:
    """The branch profile; a test module overrides this fixture for other limits."""
    return Policy(session_minutes=60, daily_minutes=90, extension_minutes=30, max_extensions=1)


@pytest_asyncio.fixture
async def visitors(
    app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock, policy: Policy
) -> Visitors:
    fleet_db.create_branch("oodi", policy=policy)
    add_patrons(fleet_db)
    return Visitors(client, fleet_db, clock, await enrol_pcs(client, fleet_db))

"""Fixtures for the admin API tests: one user per role on the in-process app."""

from __future__ import annotations

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI

from fleet.auth.models import Role
from tests.fleet.admin.helpers import install, token_for
from tests.support.fleetdb import FleetDb


@pytest.fixture
def people(app: FastAPI, fleet_db: FleetDb) -> dict[Role, str]:
    """Usernames of an admin, a staff member and an adviser (passwords in helpers)."""
    return install(app, fleet_db)


@pytest_asyncio.fixture
async def tokens(client: httpx.AsyncClient, people: dict[Role, str]) -> dict[Role, str]:
    """A bearer token per role, obtained through POST /auth/token."""
    return {role: await token_for(client, role) for role in people}

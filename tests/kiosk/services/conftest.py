"""Fixtures for the kiosk services: a real fleet process on SQLite, enrolled shells."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.fleet_process import FleetProcess
from tests.support.live import LiveFleet


@pytest.fixture
def database_url(tmp_path: Path, sqlite_template: Path) -> str:
    """SQLite only: the services' behaviour does not depend on the fleet's database.

    (The exactly-once tests in tests/e2e run on both databases.)
    """
    target = tmp_path / "fleet.db"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def fleet(live_fleet: LiveFleet) -> FleetProcess:
    return FleetProcess(live_fleet)

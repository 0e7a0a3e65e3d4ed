"""Fixtures shared by the whole suite: databases on SQLite and PostgreSQL, the fleet app.

Documented in tests/support/README.md. Qt runs offscreen everywhere (set before any import
of PySide6, which is why it is the first thing here).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI

from fleet.db import migrate
from fleet.main import create_app
from fleet.settings import Settings
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.live import LiveFleet
from tests.support.postgres import PostgresServer, find_bindir

_TEMPLATE = "fleet_template"
_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's throw-away PostgreSQL (skips, or fails with FLEET_TEST_REQUIRE_POSTGRES=1)."""
    bindir = find_bindir()
    if bindir is None:
        message = "PostgreSQL binaries (initdb, pg_ctl) not found; apt-get install postgresql"
        if os.environ.get("FLEET_TEST_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(bindir)
    server.start()
    try:
        server.create_database(_TEMPLATE)
        migrate(server.url(_TEMPLATE))
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (much faster than migrating each time)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "fleet.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database for this test, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        target = tmp_path / "fleet.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        yield f"sqlite:///{target}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"fleet_test_{os.getpid()}_{next(_counter)}"
    url = server.create_database(name, template=_TEMPLATE)
    try:
        yield url
    finally:
        server.drop_database(name)


@pytest.fixture
def fleet_db(database_url: str) -> Iterator[FleetDb]:
    """Direct database helper: ``fleet_db.create_branch()``, ``fleet_db.enrollment_code()``."""
    helper = FleetDb(database_url)
    yield helper
    helper.dispose()


@pytest.fixture
def clock() -> FakeClock:
    """The app's clock in in-process tests; ``clock.advance(seconds=...)`` moves time."""
    return FakeClock()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, data_dir=tmp_path / "var")


@pytest_asyncio.fixture
async def app(settings: Settings, clock: FakeClock) -> AsyncIterator[FastAPI]:
    """The fleet app with its lifespan running (flusher started, hub bound)."""
    application = create_app(settings, clock=clock)
    async with application.router.lifespan_context(application):
        yield application


@pytest_asyncio.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client calling ``app`` in-process (no sockets)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://fleet.test") as http:
        yield http


@pytest.fixture
def live_fleet(database_url: str, tmp_path: Path) -> Iterator[LiveFleet]:
    """A real ``fleet serve`` subprocess on a free loopback port, already answering /readyz.

    ``live_fleet.base_url``, ``.create_branch()``, ``.enrollment_code()``, ``.stop()``,
    ``.start()`` (same port and database), ``.restart()``, ``.kill()``.
    """
    fleet = LiveFleet(database_url, tmp_path / "live-fleet")
    fleet.start()
    try:
        yield fleet
    finally:
        fleet.close()

"""Raw events are purged after the retention period, but only once counted; rollups stay."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import func, select

from fleet.devices.models import UsageEventRecord
from fleet.protocol import EventType
from fleet.stats.jobs import StatsJobs, purge_raw_events
from fleet.stats.models import StatDay
from tests.fleet.stats.test_rollup import event, upload
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import enroll

pytestmark = pytest.mark.asyncio


def raw_events(fleet_db: FleetDb) -> int:
    with fleet_db.session() as session:
        return session.exec(select(func.count()).select_from(UsageEventRecord)).one()


def guides_opened(fleet_db: FleetDb) -> int:
    with fleet_db.session() as session:
        rows = session.exec(select(StatDay).where(StatDay.metric == "guides_opened")).all()
    return sum(row.value for row in rows)


async def test_old_events_go_after_rollup_and_the_figures_stay(
    app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch("oodi")
    token = (await enroll(client, fleet_db.enrollment_code("oodi"))).token
    jobs = StatsJobs(fleet_db.session_factory, clock, retention_days=90)
    await upload(client, token, event(EventType.GUIDE_OPENED, clock(), guide="scams"))

    # Not yet rolled up: even far past retention, nothing is deleted.
    with fleet_db.session() as session:
        assert purge_raw_events(session, 90, clock() + dt.timedelta(days=365)) == 0
    assert raw_events(fleet_db) == 1

    jobs.run_once()  # counts it
    clock.advance(days=89)
    await upload(client, token, event(EventType.GUIDE_OPENED, clock(), guide="scams"))
    jobs.run_once()
    assert (raw_events(fleet_db), guides_opened(fleet_db)) == (2, 2)

    clock.advance(days=2)  # the first event is now 91 days old
    jobs.run_once()
    assert raw_events(fleet_db) == 1
    assert guides_opened(fleet_db) == 2  # the rollups keep both

    jobs.run_once()  # the same day again: no second purge pass, nothing changes
    assert (raw_events(fleet_db), guides_opened(fleet_db)) == (1, 2)

"""Rollups from real uploads and check-ins: exact, idempotent, late events in their own hour."""

from __future__ import annotations

import datetime as dt
import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import select

from fleet.protocol import API_PREFIX, DeviceState, EventBatch, EventType, UsageEvent
from fleet.stats.models import DeviceHour, StatDay, StatHour
from fleet.stats.rollup import roll_up
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, check_in, enroll

pytestmark = pytest.mark.asyncio

MONDAY_9_UTC = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)  # 11:00 in Helsinki


def event(type_: EventType, at: dt.datetime, **attrs: bool | int | str) -> UsageEvent:
    return UsageEvent(id=uuid.uuid4(), type=type_, occurred_at=at, attrs=attrs)


async def upload(client: httpx.AsyncClient, token: str, *events: UsageEvent) -> None:
    body = EventBatch(events=list(events)).model_dump_json()
    reply = await client.post(f"{API_PREFIX}/events", content=body, headers=bearer(token))
    assert reply.status_code == 200, reply.text


def hourly(fleet_db: FleetDb) -> dict[tuple[str, str, str, str], int]:
    """``(local hour "YYYY-MM-DD HH", branch, metric, dimension) -> value``."""
    with fleet_db.session() as session:
        rows = session.exec(select(StatHour)).all()
    return {
        (f"{row.day} {row.local_hour:02d}", row.branch_id, row.metric, row.dimension): row.value
        for row in rows
    }


def daily(fleet_db: FleetDb) -> dict[tuple[str, str, str, str], int]:
    with fleet_db.session() as session:
        rows = session.exec(select(StatDay)).all()
    return {(str(row.day), row.branch_id, row.metric, row.dimension): row.value for row in rows}


def run(fleet_db: FleetDb, now: dt.datetime) -> None:
    with fleet_db.session() as session:
        roll_up(session, now)


async def test_events_roll_up_per_branch_hour_and_dimension_exactly_once(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch("oodi")
    fleet_db.create_branch("kallio")
    oodi = (await enroll(client, fleet_db.enrollment_code("oodi"))).token
    kallio = (await enroll(client, fleet_db.enrollment_code("kallio"), hostname="k-1")).token
    at = MONDAY_9_UTC + dt.timedelta(minutes=10)
    ended = event(EventType.SESSION_ENDED, at, method="library_card", minutes=45, reason="logout")
    await upload(
        client,
        oodi,
        event(EventType.SESSION_STARTED, at, method="library_card", category="adult", online=True),
        event(EventType.SESSION_STARTED, at, method="digital_card", category="adult", online=True),
        ended,
        event(EventType.LOGIN_FAILED, at, method="library_card", reason="pin_wrong"),
        event(EventType.GUIDE_FEEDBACK, at, guide="scams", helpful=True),
        event(EventType.GUIDE_FEEDBACK, at, guide="scams", helpful=False),
        event(EventType.SLIP_PRINTED, at, kind="booking", printed=False, reason="paper_out"),
    )
    await upload(
        client, kallio, event(EventType.HELP_CALLED, at + dt.timedelta(hours=1), wait_minutes=7)
    )
    run(fleet_db, clock())
    expected = {
        ("2026-11-23 11", "oodi", "logins", "library_card"): 1,
        ("2026-11-23 11", "oodi", "logins", "digital_card"): 1,
        ("2026-11-23 11", "oodi", "sessions", "library_card"): 1,
        ("2026-11-23 11", "oodi", "session_minutes", ""): 45,
        ("2026-11-23 11", "oodi", "logins_failed", "pin_wrong"): 1,
        ("2026-11-23 11", "oodi", "guides_helpful", "scams"): 1,
        ("2026-11-23 11", "oodi", "guides_not_helpful", "scams"): 1,
        ("2026-11-23 11", "oodi", "print_errors", "paper_out"): 1,
        # No topic attribute: counted under "unknown", never dropped.
        ("2026-11-23 12", "kallio", "help_called", "unknown"): 1,
        ("2026-11-23 12", "kallio", "help_wait_minutes", ""): 7,
    }
    assert hourly(fleet_db) == expected

    # The same upload again (a kiosk retrying) and a second run change nothing.
    await upload(client, oodi, ended)
    run(fleet_db, clock.advance(minutes=1))
    run(fleet_db, clock.advance(minutes=1))
    assert hourly(fleet_db) == expected
    assert daily(fleet_db)["2026-11-23", "oodi", "session_minutes", ""] == 45


async def test_a_late_event_lands_in_its_own_hour_and_day(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch("oodi")
    token = (await enroll(client, fleet_db.enrollment_code("oodi"))).token
    await upload(client, token, event(EventType.GUIDE_OPENED, clock(), guide="email_basics"))
    run(fleet_db, clock())

    # Three days later a kiosk that was offline uploads what happened on the first day.
    clock.advance(days=3)
    back_then = MONDAY_9_UTC + dt.timedelta(minutes=30)
    await upload(
        client,
        token,
        event(EventType.GUIDE_OPENED, back_then, guide="email_basics"),
        event(EventType.GUIDE_OPENED, clock(), guide="email_basics"),
    )
    run(fleet_db, clock())
    hours = hourly(fleet_db)
    assert hours["2026-11-23 11", "oodi", "guides_opened", "email_basics"] == 2
    assert hours["2026-11-26 11", "oodi", "guides_opened", "email_basics"] == 1
    days = daily(fleet_db)
    assert days["2026-11-23", "oodi", "guides_opened", "email_basics"] == 2
    assert days["2026-11-26", "oodi", "guides_opened", "email_basics"] == 1


async def test_local_day_follows_the_branch_time_zone(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch("oodi")
    token = (await enroll(client, fleet_db.enrollment_code("oodi"))).token
    # 22:30 UTC on Monday is 00:30 on Tuesday in Helsinki.
    late = dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.UTC)
    await upload(client, token, event(EventType.HELP_REQUESTED, late, topic="e_mail"))
    run(fleet_db, clock())
    with fleet_db.session() as session:
        row = session.exec(select(StatHour)).one()
    assert (row.day, row.weekday, row.local_hour) == (dt.date(2026, 11, 24), 1, 0)


async def test_pc_time_from_check_ins_against_opening_hours(
    app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    # Monday 09:00 UTC = 11:00 Helsinki; the branch is open 09-20 local (07-18 UTC).
    fleet_db.create_branch("oodi")
    busy_pc = (await enroll(client, fleet_db.enrollment_code("oodi"))).token
    await enroll(client, fleet_db.enrollment_code("oodi"), hostname="k-2")  # never checks in
    checkins = app.state.checkins

    # Online from 09:00 to 10:30 UTC, in a session from 09:30 (reported every 30 s).
    state = DeviceState.IDLE
    for _ in range(int(90 * 60 / 30) + 1):
        if clock() >= MONDAY_9_UTC + dt.timedelta(minutes=30):
            state = DeviceState.IN_SESSION
        await check_in(client, busy_pc, state=state)
        await checkins.flush()
        clock.advance(seconds=30)
    clock.advance(hours=2)  # silent: switched off
    with fleet_db.session() as session:
        seconds = {
            row.hour.hour: (row.online_seconds, row.session_seconds)
            for row in session.exec(select(DeviceHour))
        }
    # The 09:00 hour: an hour online; in a session from 09:30 (the check-in that reported
    # it credits the 30 s before the next one).
    assert seconds == {9: (3600, 1800), 10: (1800, 1800)}

    run(fleet_db, clock())
    hours = hourly(fleet_db)
    two_pcs_open_an_hour = 2 * 60
    assert hours["2026-11-23 11", "oodi", "pc_open_minutes", ""] == two_pcs_open_an_hour
    assert hours["2026-11-23 11", "oodi", "pc_online_minutes", ""] == 60
    assert hours["2026-11-23 11", "oodi", "pc_session_minutes", ""] == 30
    assert hours["2026-11-23 11", "oodi", "pc_offline_minutes", ""] == 60  # the silent PC
    assert hours["2026-11-23 12", "oodi", "pc_offline_minutes", ""] == 60 + 30
    assert hours["2026-11-23 13", "oodi", "pc_offline_minutes", ""] == 120

    # Re-running finalises nothing twice.
    before = hourly(fleet_db)
    run(fleet_db, clock.advance(minutes=5))
    assert hourly(fleet_db) == before


async def test_a_backlog_spanning_weeks_is_recounted_window_by_window(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    # A kiosk offline for three weeks uploads them at once: the hours go in week-long windows.
    fleet_db.create_branch("oodi")
    token = (await enroll(client, fleet_db.enrollment_code("oodi"))).token
    clock.advance(days=21)
    days = [MONDAY_9_UTC + dt.timedelta(days=offset) for offset in (0, 1, 8, 15, 20)]
    await upload(client, token, *[event(EventType.GUIDE_OPENED, at, guide="scams") for at in days])
    run(fleet_db, clock())
    opened = {key[0]: value for key, value in hourly(fleet_db).items() if key[2] == "guides_opened"}
    assert opened == {f"{(at + dt.timedelta(hours=2)).date()} 11": 1 for at in days}

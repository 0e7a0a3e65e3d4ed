"""How long a visitor may stay: daily allowance across PCs, closing time, extensions, offline."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlmodel import col, select

from fleet.protocol.sessions import (
    EndReason,
    ExtendRequest,
    Extension,
    LoginMethod,
    OfflineSessionReport,
    PatronCategory,
)
from fleet.sessions.models import PatronSession
from tests.support.visitors import AINO, AINO_PIN, BO, BO_PIN, Visitors, refusal

pytestmark = pytest.mark.asyncio


async def test_the_daily_allowance_counts_across_pcs(visitors: Visitors) -> None:
    first = await visitors.grant(pc=0)
    assert first.minutes == 60
    visitors.clock.advance(minutes=50)
    await visitors.end(first, 50, pc=0)
    # 90 a day: 40 left, on any PC.
    second = await visitors.grant(pc=1)
    assert second.minutes == 40
    assert second.daily_minutes_left == 0
    visitors.clock.advance(minutes=40)
    await visitors.end(second, 40, pc=1)
    assert refusal(await visitors.login(pc=0)) == "daily_limit_reached"
    # A new day in Helsinki brings a new allowance.
    visitors.clock.advance(hours=21)  # Tuesday 09:30 local
    assert (await visitors.grant(pc=0)).minutes == 60


async def test_sessions_never_run_past_closing(visitors: Visitors) -> None:
    visitors.clock.now = dt.datetime(2026, 11, 23, 17, 30, tzinfo=dt.UTC)  # 19:30 local
    grant = await visitors.grant()
    assert grant.minutes == 30
    await visitors.end(grant, 1)
    visitors.clock.now = dt.datetime(2026, 11, 23, 17, 57, tzinfo=dt.UTC)  # 19:57
    assert refusal(await visitors.login(BO, BO_PIN)) == "library_closed"
    visitors.clock.now = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)  # Sunday: closed
    assert refusal(await visitors.login(BO, BO_PIN)) == "library_closed"


async def test_one_extension_adds_time_then_no_more(visitors: Visitors) -> None:
    grant = await visitors.grant(BO, BO_PIN)
    visitors.clock.advance(minutes=56)
    reply = await visitors.post(f"/{grant.session_id}/extend", ExtendRequest(minutes_used=56))
    assert reply.status_code == 200, reply.text
    extension = Extension.model_validate_json(reply.content)
    # 90 a day: 60 granted, so 30 more at most; the step is 30.
    assert extension.minutes_added == 30
    assert not extension.extendable_again
    again = await visitors.post(f"/{grant.session_id}/extend", ExtendRequest(minutes_used=57))
    assert again.status_code == 409
    assert again.json()["code"] == "extension_not_allowed"


async def test_extension_stops_at_closing_and_at_the_daily_limit(visitors: Visitors) -> None:
    visitors.clock.now = dt.datetime(2026, 11, 23, 16, 50, tzinfo=dt.UTC)  # 18:50 local
    grant = await visitors.grant()
    assert grant.minutes == 60  # ends 19:50
    reply = await visitors.post(f"/{grant.session_id}/extend", ExtendRequest(minutes_used=5))
    assert Extension.model_validate_json(reply.content).minutes_added == 10  # to 20:00


async def test_an_ended_session_cannot_be_extended(visitors: Visitors) -> None:
    grant = await visitors.grant()
    await visitors.end(grant, 3)
    reply = await visitors.post(f"/{grant.session_id}/extend", ExtendRequest(minutes_used=3))
    assert refusal(reply) == "session_not_active"


async def test_offline_sessions_are_stored_once_and_count_toward_the_day(
    visitors: Visitors,
) -> None:
    start = visitors.clock() - dt.timedelta(minutes=70)
    report = OfflineSessionReport(
        id=uuid.uuid4(),
        method=LoginMethod.DIGITAL_CARD,
        category=PatronCategory.ADULT,
        customer_id="helsinki-customer-42",
        started_at=start,
        ended_at=start + dt.timedelta(minutes=30),
        minutes_used=30,
        reason=EndReason.TIME_UP,
    )
    for _ in range(2):  # a retried upload is stored once
        assert (await visitors.post("/offline", report)).status_code == 204
    with visitors.fleet_db.session() as session:
        rows = session.exec(select(PatronSession).where(col(PatronSession.offline).is_(True))).all()
    assert len(rows) == 1
    assert rows[0].minutes_used == 30
    assert "helsinki-customer-42" not in rows[0].patron_key


async def test_a_session_of_a_kiosk_that_vanished_stops_blocking_after_its_time(
    visitors: Visitors,
) -> None:
    await visitors.grant(AINO, AINO_PIN, pc=0)  # the PC crashes: no end report ever comes
    assert refusal(await visitors.login(AINO, AINO_PIN, pc=1)) == "already_in_session"
    visitors.clock.advance(minutes=63)
    # The lost session counted its whole 60 minutes: 30 of 90 left.
    grant = await visitors.grant(AINO, AINO_PIN, pc=1)
    assert grant.minutes == 30

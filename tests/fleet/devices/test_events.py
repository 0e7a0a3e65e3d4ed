"""Usage events: each id stored once, across retries and within a batch; anonymous rows."""

from __future__ import annotations

import datetime as dt
import uuid

import httpx
import pytest
from sqlmodel import select

from fleet.devices.models import UsageEventRecord
from fleet.protocol import API_PREFIX, EventBatch, EventType, UsageEvent
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, enroll

pytestmark = pytest.mark.asyncio


def _event(kind: EventType = EventType.LANGUAGE_CHANGED, **attrs: object) -> UsageEvent:
    return UsageEvent.model_validate(
        {
            "id": uuid.uuid4(),
            "type": kind,
            "occurred_at": dt.datetime(
                2026, 11, 23, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))
            ),
            "attrs": attrs,
        }
    )


async def _upload(
    client: httpx.AsyncClient, token: str, events: list[UsageEvent]
) -> httpx.Response:
    return await client.post(
        f"{API_PREFIX}/events",
        content=EventBatch(events=events).model_dump_json(),
        headers=bearer(token),
    )


async def test_each_event_id_is_stored_once(client: httpx.AsyncClient, fleet_db: FleetDb) -> None:
    fleet_db.create_branch()
    kiosk = await enroll(client, fleet_db.enrollment_code())
    first = [_event(language="sv"), _event(EventType.SHELL_STARTED)]
    reply = await _upload(client, kiosk.token, first)
    assert reply.json() == {"accepted": 2, "duplicates": 0}
    # A retry after a cut upload repeats the batch with one new event.
    retry = [*first, _event(EventType.CONFIG_APPLIED)]
    assert (await _upload(client, kiosk.token, retry)).json() == {"accepted": 1, "duplicates": 2}
    twice = _event()
    assert (await _upload(client, kiosk.token, [twice, twice])).json() == {
        "accepted": 1,
        "duplicates": 1,
    }
    with fleet_db.session() as session:
        rows = session.exec(select(UsageEventRecord)).all()
    assert len(rows) == 4
    stored = {row.id: row for row in rows}[str(first[0].id)]
    assert stored.branch_id == "oodi"
    assert stored.attrs == {"language": "sv"}
    assert stored.occurred_at == dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
    # Anonymous by construction: nothing ties a row to one device.
    assert "device" not in " ".join(UsageEventRecord.model_fields)
    metrics = (await client.get("/metrics")).text
    assert 'fleet_usage_events_total{result="accepted"} 4.0' in metrics
    assert 'fleet_usage_events_total{result="duplicate"} 3.0' in metrics


async def test_bad_batches_are_refused_with_422(
    client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch()
    kiosk = await enroll(client, fleet_db.enrollment_code())
    good = _event().model_dump(mode="json")
    cases = [
        {"events": []},
        {"events": [good] * 501},
        {"events": [{**good, "type": "keystroke_logged"}]},
        {"events": [{**good, "occurred_at": "2026-11-23T10:00:00"}]},
        {"events": [{**good, "attrs": {"name": "Matti Meikäläinen"}}]},
        {"events": [{**good, "id": "not-a-uuid"}]},
        {"events": [good], "extra": 1},
    ]
    for body in cases:
        reply = await client.post(f"{API_PREFIX}/events", json=body, headers=bearer(kiosk.token))
        assert reply.status_code == 422, body
        assert reply.json()["code"] == "invalid_request"
    with fleet_db.session() as session:
        assert session.exec(select(UsageEventRecord)).all() == []

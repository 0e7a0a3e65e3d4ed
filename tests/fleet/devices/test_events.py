"""Usage events: each id stored once, across retries and within a batch; anonymous rows."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import Engine, insert, text
from sqlmodel import select

from fleet.db import create_db_engine
from fleet.devices.events import store_events
from fleet.devices.models import UsageEventRecord
from fleet.protocol import API_PREFIX, EventBatch, EventBatchResult, EventType, UsageEvent
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, enroll

pytestmark = pytest.mark.asyncio


NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def _event(
    kind: EventType = EventType.LANGUAGE_CHANGED,
    *,
    event_id: uuid.UUID | None = None,
    at: dt.datetime | None = None,
    **attrs: object,
) -> UsageEvent:
    return UsageEvent.model_validate(
        {
            "id": event_id or uuid.uuid4(),
            "type": kind,
            "occurred_at": at
            or dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            "attrs": attrs,
        }
    )


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The fleet's pooled engine, as the ``/events`` endpoint uses it."""
    pooled = create_db_engine(database_url)
    yield pooled
    pooled.dispose()


def _store(engine: Engine, events: list[UsageEvent], now: dt.datetime = NOW) -> EventBatchResult:
    """What the endpoint does with a parsed batch: one ``engine.begin()`` transaction."""
    with engine.begin() as connection:
        return store_events(connection, "oodi", EventBatch(events=events), now)


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM usage_event")).scalar_one())


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


async def test_the_first_of_a_repeated_id_in_a_batch_is_kept(engine: Engine) -> None:
    same = uuid.uuid4()
    batch = [_event(event_id=same, language="sv"), _event(), _event(event_id=same, language="fi")]
    assert _store(engine, batch) == EventBatchResult(accepted=2, duplicates=1)
    with engine.connect() as connection:
        stored = connection.execute(
            select(UsageEventRecord.attrs).where(UsageEventRecord.id == str(same))
        ).scalar_one()
    assert stored == {"language": "sv"}
    # Across batches too: a later upload never overwrites what is stored.
    assert _store(engine, [_event(event_id=same, language="en")]) == EventBatchResult(
        accepted=0, duplicates=1
    )
    assert _count(engine) == 2


async def test_concurrent_overlapping_uploads_store_each_event_once(engine: Engine) -> None:
    """Six uploads at once share events, in different orders; each event is stored once."""
    rng = random.Random(5)
    events = [_event(EventType.GUIDE_STEP, guide="email_basics", step=i) for i in range(300)]
    uploads = []
    for index in range(6):
        batch = [*events[index * 30 : index * 30 + 150], events[0]]  # overlapping, a repeat
        rng.shuffle(batch)
        uploads.append(batch)
    start = threading.Barrier(len(uploads), timeout=30)

    def upload(batch: list[UsageEvent]) -> EventBatchResult:
        start.wait()
        return _store(engine, batch)

    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=len(uploads)) as pool:
        results = await asyncio.gather(
            *(loop.run_in_executor(pool, upload, batch) for batch in uploads)
        )
    distinct = len({event.id for batch in uploads for event in batch})
    assert sum(result.accepted for result in results) == distinct
    assert sum(result.duplicates for result in results) == sum(map(len, uploads)) - distinct
    assert _count(engine) == distinct


async def test_events_are_stored_in_the_callers_transaction(engine: Engine) -> None:
    batch = EventBatch(events=[_event(), _event()])

    def fail_after_storing() -> None:
        with engine.begin() as connection:
            assert store_events(connection, "oodi", batch, NOW).accepted == 2
            raise RuntimeError("the request failed after storing")

    with pytest.raises(RuntimeError):
        fail_after_storing()
    assert _count(engine) == 0
    with engine.connect() as connection:
        store_events(connection, "oodi", batch, NOW)  # not committed: rolled back on close
    assert _count(engine) == 0
    with engine.connect() as connection:
        assert store_events(connection, "oodi", batch, NOW).accepted == 2
        connection.commit()
    assert _count(engine) == 2


async def test_rows_are_stored_as_sqlalchemy_stores_them(engine: Engine) -> None:
    """The SQLite fast path writes the same text as SQLAlchemy (times compare as text)."""
    helsinki = dt.timezone(dt.timedelta(hours=2))
    cases = [
        (_event(at=dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)), NOW),
        (
            _event(EventType.GUIDE_FEEDBACK, guide="ebooks", helpful=True),
            dt.datetime(2026, 11, 23, 11, 0, 0, 250, tzinfo=helsinki),  # not UTC: the slow way
        ),
        (
            _event(
                EventType.SESSION_ENDED,
                at=dt.datetime(2026, 11, 23, 7, 59, 59, 999999, tzinfo=dt.UTC),
                method="library_card",
                category="adult",
                reason="time_up",
                minutes=60,
                extensions=0,
            ),
            NOW,
        ),
        (_event(EventType.SHELL_STARTED), NOW),
    ]
    for event, now in cases:
        other = str(uuid.uuid4())
        with engine.begin() as connection:
            store_events(connection, "oodi", EventBatch(events=[event]), now)
            connection.execute(
                insert(UsageEventRecord.__table__),  # type: ignore[attr-defined]
                {
                    "id": other,
                    "type": event.type.value,
                    "branch_id": "oodi",
                    "occurred_at": event.occurred_at,
                    "received_at": now,
                    "attrs": dict(event.attrs),
                },
            )
        with engine.connect() as connection:
            # Untyped SQL: on SQLite, the stored text itself.
            mine, theirs = (
                connection.execute(
                    text(
                        "SELECT type, branch_id, occurred_at, received_at, attrs "
                        "FROM usage_event WHERE id = :id"
                    ),
                    {"id": row_id},
                ).one()
                for row_id in (str(event.id), other)
            )
        assert mine == theirs

"""Outbox: events are committed locally, uploaded in batches, removed only after a 2xx."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from fleet.protocol import EventType
from kiosk.services.client import DeviceClient
from kiosk.services.errors import FleetUnreachableError
from kiosk.services.outbox import Outbox
from kiosk.services.store import LocalStore
from tests.kiosk.services.stub_fleet import StubFleet, api_error

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


class EventSink:
    """A fleet /events endpoint that stores each id once and can refuse chosen events."""

    def __init__(self) -> None:
        self.stored: set[str] = set()
        self.poison: set[str] = set()
        self.batch_sizes: list[int] = []
        self.down = False

    async def __call__(self, request: Request, body: bytes) -> Response:
        if self.down:
            return api_error(503, "unavailable")
        ids = [event["id"] for event in json.loads(body)["events"]]
        self.batch_sizes.append(len(ids))
        if self.poison.intersection(ids):
            return api_error(422, "validation_error")
        new = set(ids) - self.stored
        self.stored |= new
        return JSONResponse({"accepted": len(new), "duplicates": len(ids) - len(new)})


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(LocalStore(tmp_path / "k.sqlite3"), lambda: NOW)


def test_events_carry_only_anonymous_attributes(outbox: Outbox) -> None:
    event = outbox.record(EventType.LANGUAGE_CHANGED, {"language": "sv"})
    assert event.occurred_at == NOW
    assert outbox.depth == 1
    with pytest.raises(ValueError, match="not anonymous"):
        outbox.record(EventType.LANGUAGE_CHANGED, {"name": "Matti Meikäläinen"})
    with pytest.raises(ValueError, match="not anonymous"):
        outbox.record(EventType.LANGUAGE_CHANGED, {"Card Number": 1234})
    assert outbox.depth == 1


@pytest.mark.asyncio
async def test_upload_in_batches_of_at_most_500_then_empty(outbox: Outbox) -> None:
    ids = {str(outbox.record(EventType.SHELL_STARTED, {"n": n}).id) for n in range(1201)}
    sink = EventSink()
    async with StubFleet() as fleet, DeviceClient(fleet.url, "t") as client:
        fleet.handlers[("POST", "/events")] = sink
        report = await outbox.flush(client)
    assert sink.batch_sizes == [500, 500, 201]
    assert sink.stored == ids
    assert (report.accepted, report.duplicates, report.quarantined) == (1201, 0, 0)
    assert outbox.depth == 0


@pytest.mark.asyncio
async def test_nothing_leaves_the_outbox_while_the_fleet_fails(outbox: Outbox) -> None:
    ids = {str(outbox.record(EventType.SHELL_STARTED).id) for _ in range(3)}
    sink = EventSink()
    sink.down = True
    async with StubFleet() as fleet, DeviceClient(fleet.url, "t") as client:
        fleet.handlers[("POST", "/events")] = sink
        with pytest.raises(FleetUnreachableError):
            await outbox.flush(client)
        assert outbox.depth == 3
        sink.down = False
        await outbox.flush(client)
    assert sink.stored == ids
    assert outbox.depth == 0


@pytest.mark.asyncio
async def test_a_poisoned_batch_quarantines_only_the_bad_event(outbox: Outbox) -> None:
    events = [outbox.record(EventType.SHELL_STARTED, {"n": n}) for n in range(40)]
    sink = EventSink()
    sink.poison = {str(events[13].id)}
    async with StubFleet() as fleet, DeviceClient(fleet.url, "t") as client:
        fleet.handlers[("POST", "/events")] = sink
        report = await outbox.flush(client)
        assert report.quarantined == 1
        assert sink.stored == {str(e.id) for e in events} - sink.poison
        assert outbox.depth == 0
        # The next flush has nothing to do: no endless retry of the poison.
        sink.batch_sizes.clear()
        await outbox.flush(client)
        assert sink.batch_sizes == []
    # Bisection costs about 2*log2(40) requests, not 40.
    assert len(fleet.bodies("/events")) < 15


@pytest.mark.asyncio
async def test_a_repeated_upload_is_counted_as_duplicates(outbox: Outbox) -> None:
    event = outbox.record(EventType.SHELL_STARTED)
    sink = EventSink()
    sink.stored.add(str(event.id))  # the fleet stored it, but its reply was lost
    async with StubFleet() as fleet, DeviceClient(fleet.url, "t") as client:
        fleet.handlers[("POST", "/events")] = sink
        report = await outbox.flush(client)
    assert (report.accepted, report.duplicates) == (0, 1)
    assert outbox.depth == 0

"""Fleet health on /metrics: devices per branch and state, outboxes, command and event lag."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select, text, update

from fleet.devices import service as devices
from fleet.devices.census import count_devices
from fleet.devices.models import Device
from fleet.protocol import (
    API_PREFIX,
    CommandType,
    DeviceState,
    EnrollRequest,
    EventBatch,
    EventType,
    Policy,
    UsageEvent,
)
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, check_in, enroll

pytestmark = pytest.mark.asyncio

Labels = tuple[tuple[str, str], ...]
STATES = ("idle", "in_session", "locked", "error", "shut_down", "offline")


class Scrape:
    """One parsed /metrics reply: ``scrape["fleet_devices", {"branch": "oodi", ...}]``."""

    def __init__(self, exposition: str) -> None:
        self.families = {family.name for family in text_string_to_metric_families(exposition)}
        self.samples: dict[tuple[str, Labels], float] = {}
        for family in text_string_to_metric_families(exposition):
            for sample in family.samples:
                self.samples[sample.name, tuple(sorted(sample.labels.items()))] = sample.value

    def __getitem__(self, key: tuple[str, dict[str, str]]) -> float:
        name, labels = key
        return self.samples[name, tuple(sorted(labels.items()))]

    def devices(self, branch: str) -> dict[str, float]:
        return {
            state: self["fleet_devices", {"branch": branch, "state": state}] for state in STATES
        }

    def buckets(self, name: str, **labels: str) -> dict[str, float]:
        """Cumulative bucket counts by ``le`` ("1.0", ..., "+Inf")."""
        found: dict[str, float] = {}
        for (sample, sample_labels), value in self.samples.items():
            other = dict(sample_labels)
            le = other.pop("le", None)
            if sample == f"{name}_bucket" and le is not None and other == labels:
                found[le] = value
        return found


async def scrape(client: httpx.AsyncClient) -> Scrape:
    reply = await client.get("/metrics")
    assert reply.status_code == 200, reply.text
    return Scrape(reply.text)


def _send(fleet_db: FleetDb, device_id: int, clock: FakeClock, kind: CommandType) -> int:
    with fleet_db.session() as session:
        command = devices.send_command(session, device_id, kind, None, "it.admin", now=clock())
        assert command.id is not None
        return command.id


def _event(occurred_at: dt.datetime) -> UsageEvent:
    return UsageEvent(id=uuid.uuid4(), type=EventType.SHELL_STARTED, occurred_at=occurred_at)


async def _upload(
    client: httpx.AsyncClient, token: str, events: list[UsageEvent]
) -> dict[str, int]:
    reply = await client.post(
        f"{API_PREFIX}/events",
        content=EventBatch(events=events).model_dump_json(),
        headers=bearer(token),
    )
    assert reply.status_code == 200, reply.text
    counts: dict[str, int] = reply.json()
    return counts


async def test_devices_per_branch_and_state_and_their_outboxes(
    app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    every_30_s = Policy(checkin_interval_seconds=30)
    for branch in ("oodi", "kallio", "pasila"):
        fleet_db.create_branch(branch, policy=every_30_s)
    oodi = [await enroll(client, fleet_db.enrollment_code("oodi")) for _ in range(4)]
    kallio = [await enroll(client, fleet_db.enrollment_code("kallio")) for _ in range(2)]
    await check_in(client, oodi[0].token, state=DeviceState.IDLE)
    await check_in(client, oodi[1].token, state=DeviceState.IN_SESSION, outbox_depth=7)
    await check_in(client, oodi[2].token, state=DeviceState.IN_SESSION, outbox_depth=2)
    # oodi[3] never checks in: offline from the start.
    await check_in(client, kallio[0].token, state=DeviceState.LOCKED, outbox_depth=3)
    await check_in(client, kallio[1].token, state=DeviceState.ERROR, outbox_depth=12)
    await app.state.checkins.flush()

    metrics = await scrape(client)
    assert metrics.devices("oodi") == {
        "idle": 1, "in_session": 2, "locked": 0, "error": 0, "shut_down": 0, "offline": 1,
    }  # fmt: skip
    assert metrics.devices("kallio") == {
        "idle": 0, "in_session": 0, "locked": 1, "error": 1, "shut_down": 0, "offline": 0,
    }  # fmt: skip
    # A branch without devices still has its series (zero, not missing).
    assert set(metrics.devices("pasila").values()) == {0}
    outbox = {
        branch: (
            metrics["fleet_device_outbox_events", {"branch": branch}],
            metrics["fleet_device_outbox_events_max", {"branch": branch}],
        )
        for branch in ("oodi", "kallio", "pasila")
    }
    assert outbox == {"oodi": (9, 7), "kallio": (15, 12), "pasila": (0, 0)}
    assert metrics["fleet_checkins_total", {}] == 5
    assert metrics["fleet_device_census_errors_total", {}] == 0

    # 60 s on only oodi[0] checks in; 16 s later the others have been silent for 76 s,
    # past 2.5 intervals: offline, with the outbox depth they last reported.
    clock.advance(seconds=60)
    await check_in(client, oodi[0].token, state=DeviceState.IDLE)
    await app.state.checkins.flush()
    clock.advance(seconds=15)  # exactly 2.5 intervals: still online, as the admin API says
    assert (await scrape(client)).devices("oodi")["in_session"] == 2
    clock.advance(seconds=1)
    metrics = await scrape(client)
    assert metrics.devices("oodi") == {
        "idle": 1, "in_session": 0, "locked": 0, "error": 0, "shut_down": 0, "offline": 3,
    }  # fmt: skip
    assert metrics.devices("kallio")["offline"] == 2
    assert metrics["fleet_device_outbox_events", {"branch": "kallio"}] == 15

    # A PC that said it was switching itself off is not "offline" once silent.
    await check_in(client, oodi[0].token, state=DeviceState.SHUT_DOWN)
    await app.state.checkins.flush()
    assert (await scrape(client)).devices("oodi")["shut_down"] == 1
    clock.advance(seconds=76)
    metrics = await scrape(client)
    assert (metrics.devices("oodi")["shut_down"], metrics.devices("oodi")["offline"]) == (1, 3)

    # A revoked device is not part of the fleet any more.
    with fleet_db.session() as session:
        devices.revoke_device(session, oodi[3].device_id, "it.admin", now=clock())
    assert (await scrape(client)).devices("oodi")["offline"] == 2


async def test_the_census_and_the_admin_api_agree_on_online(
    fleet_db: FleetDb, clock: FakeClock
) -> None:
    """``online_clause`` (SQL) and ``is_online`` (Python) are one rule, at its very edge too."""
    fleet_db.create_branch("oodi")
    now = clock()
    silences = [None, 0.0, 74.999, 75.0, 75.001, 76.0, 3600.0]
    code = fleet_db.enrollment_code(uses=len(silences), now=now)
    ids = []
    for index, silence in enumerate(silences):
        request = EnrollRequest(
            code=code, hostname=f"kiosk-{index}", machine_id=f"machine-{index}", app_version="1.0"
        )
        with fleet_db.session() as session:
            enrolled = devices.enroll(session, request, now=now)
        ids.append(enrolled.device_id)
        last_seen = None if silence is None else now - dt.timedelta(seconds=silence)
        with fleet_db.session() as session:
            session.execute(
                update(Device)
                .where(Device.id == enrolled.device_id)  # type: ignore[arg-type]
                .values(last_seen=last_seen, state="idle", checkin_interval_seconds=30)
            )
    with fleet_db.session() as session:
        python = {
            d.id: d.online for d in devices.list_devices(session, now=now, offline_factor=2.5)
        }
        in_sql = set(
            session.execute(
                select(Device.id).where(devices.online_clause(now, 2.5))  # type: ignore[call-overload]
            ).scalars()
        )
    assert python == dict(zip(ids, [False, True, True, True, False, False, False], strict=True))
    assert in_sql == {device_id for device_id, online in python.items() if online}
    with fleet_db.engine.connect() as connection:
        rows = count_devices(connection, now, 2.5)
    assert sum(row.online for row in rows) == 3
    assert sum(row.devices for row in rows) == len(silences)


async def test_command_delivery_is_timed_once_and_completion_by_outcome(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch(policy=Policy(checkin_interval_seconds=30))
    kiosk = await enroll(client, fleet_db.enrollment_code())
    etag = (await check_in(client, kiosk.token)).config_etag
    command_id = _send(fleet_db, kiosk.device_id, clock, CommandType.SYNC)
    clock.advance(seconds=12)
    assert [c.id for c in (await check_in(client, kiosk.token, etag=etag)).commands] == [command_id]
    # The reply was lost; two intervals later the command goes out again.
    clock.advance(seconds=60)
    assert [c.id for c in (await check_in(client, kiosk.token, etag=etag)).commands] == [command_id]
    clock.advance(seconds=5)
    url = f"{API_PREFIX}/commands/{command_id}/result"
    for _ in range(2):  # the kiosk repeats its report after a lost reply
        reply = await client.post(url, json={"status": "succeeded"}, headers=bearer(kiosk.token))
        assert reply.status_code == 204

    metrics = await scrape(client)
    sync = {"type": "sync"}
    assert metrics["fleet_commands_total", {**sync, "status": "delivered"}] == 2
    # Delivered twice, timed once: from issue to the first delivery.
    assert metrics["fleet_command_delivery_seconds_count", sync] == 1
    assert metrics["fleet_command_delivery_seconds_sum", sync] == 12
    delivery = metrics.buckets("fleet_command_delivery_seconds", **sync)
    assert (delivery["10.0"], delivery["30.0"]) == (0, 1)
    done = {**sync, "status": "succeeded"}
    assert metrics["fleet_command_completion_seconds_count", done] == 1
    assert metrics["fleet_command_completion_seconds_sum", done] == 77
    completion = metrics.buckets("fleet_command_completion_seconds", **done)
    assert (completion["60.0"], completion["120.0"]) == (0, 1)


async def test_event_upload_lag_counts_accepted_events_only(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch()
    kiosk = await enroll(client, fleet_db.enrollment_code())
    now = clock()
    first = [
        _event(now - dt.timedelta(days=3)),  # a kiosk that was offline over a weekend
        _event(now - dt.timedelta(seconds=2)),
        _event(now + dt.timedelta(seconds=4)),  # a kiosk clock ahead: counted as no lag
    ]
    assert await _upload(client, kiosk.token, first) == {"accepted": 3, "duplicates": 0}
    metrics = await scrape(client)
    assert metrics["fleet_event_upload_lag_seconds_count", {}] == 3
    assert metrics["fleet_event_upload_lag_seconds_sum", {}] == 3 * 86400 + 2
    lag = metrics.buckets("fleet_event_upload_lag_seconds")
    assert (lag["1.0"], lag["5.0"], lag["172800.0"], lag["604800.0"], lag["+Inf"]) == (
        1, 2, 2, 3, 3,
    )  # fmt: skip

    # A retry of a cut upload with one new event: only the new one is observed.
    clock.advance(seconds=30)
    newer = _event(now)
    assert await _upload(client, kiosk.token, [*first, newer]) == {
        "accepted": 1,
        "duplicates": 3,
    }
    metrics = await scrape(client)
    assert metrics["fleet_event_upload_lag_seconds_count", {}] == 4
    assert metrics["fleet_event_upload_lag_seconds_sum", {}] == 3 * 86400 + 2 + 30


async def test_a_failing_census_leaves_the_rest_of_the_scrape(
    app: FastAPI,
    client: httpx.AsyncClient,
    fleet_db: FleetDb,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fleet_db.create_branch()
    kiosk = await enroll(client, fleet_db.enrollment_code())
    await check_in(client, kiosk.token)
    await app.state.checkins.flush()
    with app.state.engine.begin() as connection:
        connection.execute(text("ALTER TABLE device RENAME TO device_away"))
    with caplog.at_level(logging.WARNING, logger="fleet.devices.census"):
        broken = await scrape(client)
    assert "device census" in caplog.text
    assert "fleet_devices" not in broken.families
    assert "fleet_device_outbox_events" not in broken.families
    assert broken["fleet_device_census_errors_total", {}] == 1
    assert broken["fleet_checkins_total", {}] == 1
    with app.state.engine.begin() as connection:
        connection.execute(text("ALTER TABLE device_away RENAME TO device"))
    mended = await scrape(client)
    assert mended.devices("oodi")["idle"] == 1
    assert mended["fleet_device_census_errors_total", {}] == 1

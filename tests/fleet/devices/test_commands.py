"""Commands: queued -> delivered -> succeeded/failed, redelivery, expiry, audit."""

from __future__ import annotations

import httpx
import pytest

from fleet.devices import service as devices
from fleet.errors import FleetError
from fleet.ops.audit import list_audit
from fleet.protocol import API_PREFIX, CommandType, Policy
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, check_in, enroll

pytestmark = pytest.mark.asyncio


def _send(fleet_db: FleetDb, device_id: int, clock: FakeClock, **kwargs: object) -> int:
    with fleet_db.session() as session:
        command = devices.send_command(
            session,
            device_id,
            kwargs.pop("type", CommandType.LOCK),  # type: ignore[arg-type]
            kwargs.pop("message", "Huoltokatko klo 12 asti"),  # type: ignore[arg-type]
            "it.admin",
            now=clock(),
            **kwargs,  # type: ignore[arg-type]
        )
        assert command.id is not None
        return command.id


def _status(fleet_db: FleetDb, command_id: int, clock: FakeClock) -> str:
    with fleet_db.session() as session:
        return devices.get_command(session, command_id, now=clock()).status


async def test_a_commands_whole_life_is_audited(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch()
    kiosk = await enroll(client, fleet_db.enrollment_code())
    etag = (await check_in(client, kiosk.token)).config_etag
    assert (await check_in(client, kiosk.token, etag=etag)).commands == []

    command_id = _send(fleet_db, kiosk.device_id, clock)
    assert _status(fleet_db, command_id, clock) == "queued"

    reply = await check_in(client, kiosk.token, etag=etag)
    assert [(c.id, c.type, c.message) for c in reply.commands] == [
        (command_id, CommandType.LOCK, "Huoltokatko klo 12 asti")
    ]
    assert _status(fleet_db, command_id, clock) == "delivered"
    # Delivered once: the next check-in (within two intervals) carries nothing.
    assert (await check_in(client, kiosk.token, etag=etag)).commands == []

    result = {"status": "succeeded", "detail": "locked"}
    url = f"{API_PREFIX}/commands/{command_id}/result"
    assert (await client.post(url, json=result, headers=bearer(kiosk.token))).status_code == 204
    # Idempotent: the kiosk may repeat its report after a lost reply.
    assert (await client.post(url, json=result, headers=bearer(kiosk.token))).status_code == 204
    failed = {"status": "failed"}
    assert (await client.post(url, json=failed, headers=bearer(kiosk.token))).status_code == 204
    with fleet_db.session() as session:
        command = devices.get_command(session, command_id)
        history = devices.list_commands(session, kiosk.device_id)
        audit = list_audit(session, target_type="device", target_id=kiosk.device_id)
    assert (command.status, command.result_detail, command.issued_by) == (
        "succeeded", "locked", "it.admin",
    )  # fmt: skip
    assert command.completed_at is not None
    assert [c.id for c in history] == [command_id]
    actions = [(entry.action, entry.actor) for entry in audit]
    assert ("command.send", "it.admin") in actions
    assert ("command.result", f"device:{kiosk.device_id}") in actions
    metrics = (await client.get("/metrics")).text
    assert 'fleet_commands_total{status="delivered",type="lock"} 1.0' in metrics
    assert 'fleet_commands_total{status="succeeded",type="lock"} 1.0' in metrics


async def test_an_unacknowledged_command_is_delivered_again(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch(policy=Policy(checkin_interval_seconds=30))
    kiosk = await enroll(client, fleet_db.enrollment_code())
    etag = (await check_in(client, kiosk.token)).config_etag
    command_id = _send(fleet_db, kiosk.device_id, clock, type=CommandType.SYNC, message=None)
    assert [c.id for c in (await check_in(client, kiosk.token, etag=etag)).commands] == [command_id]
    # The reply was lost: no result comes. Within two intervals nothing is resent...
    clock.advance(seconds=59)
    assert (await check_in(client, kiosk.token, etag=etag)).commands == []
    # ...after two intervals it is.
    clock.advance(seconds=1)
    again = await check_in(client, kiosk.token, etag=etag)
    assert [c.id for c in again.commands] == [command_id]
    with fleet_db.session() as session:
        assert devices.get_command(session, command_id).delivery_count == 2


async def test_commands_expire_when_never_done(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch()
    kiosk = await enroll(client, fleet_db.enrollment_code())
    etag = (await check_in(client, kiosk.token)).config_etag
    command_id = _send(fleet_db, kiosk.device_id, clock, type=CommandType.RESTART, message=None)
    clock.advance(hours=1, seconds=1)
    assert (await check_in(client, kiosk.token, etag=etag)).commands == []
    assert _status(fleet_db, command_id, clock) == "expired"


async def test_results_for_other_devices_commands_are_404(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch()
    one = await enroll(client, fleet_db.enrollment_code())
    other = await enroll(client, fleet_db.enrollment_code())
    command_id = _send(fleet_db, one.device_id, clock)
    for url in (
        f"{API_PREFIX}/commands/{command_id}/result",
        f"{API_PREFIX}/commands/99999/result",
    ):
        reply = await client.post(url, json={"status": "succeeded"}, headers=bearer(other.token))
        assert reply.status_code == 404
        assert reply.json()["code"] == "command_not_found"
    assert _status(fleet_db, command_id, clock) == "queued"


async def test_send_command_refuses_bad_requests(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch()
    kiosk = await enroll(client, fleet_db.enrollment_code())
    with pytest.raises(FleetError) as unknown:
        _send(fleet_db, kiosk.device_id + 1000, clock)
    assert unknown.value.status == 404
    with pytest.raises(FleetError) as bad_type:
        _send(fleet_db, kiosk.device_id, clock, type="format_disk")
    assert (bad_type.value.code, bad_type.value.status) == ("command_type_unknown", 422)
    with pytest.raises(FleetError) as no_text:
        _send(fleet_db, kiosk.device_id, clock, type=CommandType.MESSAGE, message="")
    assert no_text.value.code == "message_required"


async def test_revoking_a_device_expires_its_open_commands(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch()
    kiosk = await enroll(client, fleet_db.enrollment_code())
    command_id = _send(fleet_db, kiosk.device_id, clock)
    with fleet_db.session() as session:
        devices.revoke_device(session, kiosk.device_id, "it.admin", now=clock())
    assert _status(fleet_db, command_id, clock) == "expired"

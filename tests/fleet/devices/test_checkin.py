"""Check-in: tiny idle replies, config on a stale etag, buffered state, online and offline."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from fleet.branches import service as branches
from fleet.branches.schemas import ProfileUpdate
from fleet.devices import service as devices
from fleet.protocol import (
    API_PREFIX,
    CheckInRequest,
    DeviceHealth,
    DeviceState,
    HealthStatus,
    Policy,
)
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, check_in, enroll

pytestmark = pytest.mark.asyncio


async def test_idle_reply_is_tiny(client: httpx.AsyncClient, fleet_db: FleetDb) -> None:
    fleet_db.create_branch()
    enrolled = await enroll(client, fleet_db.enrollment_code())
    first = await check_in(client, enrolled.token)
    assert first.config is not None
    assert first.config.device_id == enrolled.device_id
    body = CheckInRequest(state=DeviceState.IDLE, app_version="1.0", config_etag=first.config_etag)
    reply = await client.post(
        f"{API_PREFIX}/checkin", content=body.model_dump_json(), headers=bearer(enrolled.token)
    )
    assert reply.json() == {"config_etag": first.config_etag}
    # The whole idle reply body: {"config_etag":"<16 hex>"}.
    assert len(reply.content) == 34


async def test_state_is_buffered_then_written_and_shows_online(
    app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch()
    enrolled = await enroll(client, fleet_db.enrollment_code())
    body = CheckInRequest(
        state=DeviceState.IN_SESSION,
        app_version="1.2.3",
        content_version="c-42",
        reader=DeviceHealth(status=HealthStatus.OK),
        printer=DeviceHealth(status=HealthStatus.WARNING, detail="paper_low"),
        outbox_depth=7,
    )
    reply = await client.post(
        f"{API_PREFIX}/checkin", content=body.model_dump_json(), headers=bearer(enrolled.token)
    )
    assert reply.status_code == 200
    assert await app.state.checkins.flush() == 1
    with fleet_db.session() as session:
        device = devices.get_device(session, enrolled.device_id, now=clock())
    assert device.online
    assert device.state is DeviceState.IN_SESSION
    assert device.last_seen == clock()
    assert (device.app_version, device.content_version) == ("1.2.3", "c-42")
    assert device.printer == DeviceHealth(status=HealthStatus.WARNING, detail="paper_low")
    assert device.reader.status is HealthStatus.OK
    assert device.outbox_depth == 7


async def test_silent_for_two_and_a_half_intervals_is_offline(
    app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch(policy=Policy(checkin_interval_seconds=30))
    enrolled = await enroll(client, fleet_db.enrollment_code())
    await check_in(client, enrolled.token)
    await app.state.checkins.flush()
    clock.advance(seconds=75)  # exactly 2.5 intervals: still online
    with fleet_db.session() as session:
        assert devices.get_device(session, enrolled.device_id, now=clock()).online
    clock.advance(seconds=1)
    with fleet_db.session() as session:
        summary = devices.list_devices(session, now=clock())
    assert [d.online for d in summary] == [False]


async def test_never_checked_in_is_offline(client: httpx.AsyncClient, fleet_db: FleetDb) -> None:
    fleet_db.create_branch()
    enrolled = await enroll(client, fleet_db.enrollment_code())
    with fleet_db.session() as session:
        assert not devices.get_device(session, enrolled.device_id).online


async def test_profile_change_changes_the_etag_and_sends_new_config(
    client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch(policy=Policy(session_minutes=60))
    enrolled = await enroll(client, fleet_db.enrollment_code())
    first = await check_in(client, enrolled.token)
    assert first.config is not None
    with fleet_db.session() as session:
        profile = branches.list_profiles(session)[0]
        assert profile.id is not None
        branches.update_profile(
            session, profile.id, ProfileUpdate(policy=Policy(session_minutes=45)), "it"
        )
    changed = await check_in(client, enrolled.token, etag=first.config_etag)
    assert changed.config_etag != first.config_etag
    assert changed.config is not None
    assert changed.config.policy.session_minutes == 45
    same = await check_in(client, enrolled.token, etag=changed.config_etag)
    assert same.config is None


async def test_device_override_applies_to_that_device_only(
    client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch(policy=Policy(session_minutes=60, idle_timeout_minutes=5))
    one = await enroll(client, fleet_db.enrollment_code())
    other = await enroll(client, fleet_db.enrollment_code())
    other_etag = (await check_in(client, other.token)).config_etag
    with fleet_db.session() as session:
        branches.set_device_overrides(
            session,
            one.device_id,
            {"session_minutes": 20, "offline": {"session_minutes": 10}},
            "it",
        )
    config = (await check_in(client, one.token)).config
    assert config is not None
    assert config.policy.session_minutes == 20
    assert config.policy.idle_timeout_minutes == 5  # from the profile
    assert config.policy.offline.session_minutes == 10
    assert (await check_in(client, other.token, etag=other_etag)).config is None


async def test_unknown_wrong_and_revoked_tokens_get_401(
    client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch()
    enrolled = await enroll(client, fleet_db.enrollment_code())
    device_id = enrolled.device_id
    body = {"state": "idle", "app_version": "1.0"}
    url = f"{API_PREFIX}/checkin"
    for token in (None, "nonsense", f"{device_id}.{'x' * 43}", f"999999.{'x' * 43}"):
        headers = bearer(token) if token else {}
        reply = await client.post(url, json=body, headers=headers)
        assert reply.status_code == 401
        assert reply.json()["code"] == "device_unknown"
        assert reply.headers["www-authenticate"].startswith("Bearer")
    with fleet_db.session() as session:
        devices.revoke_device(session, device_id, "it")
    reply = await client.post(url, json=body, headers=bearer(enrolled.token))
    assert reply.status_code == 401
    assert reply.json() == {
        "code": "device_revoked",
        "message": "This device's credential has been revoked. Contact IT.",
        "details": None,
    }


async def test_malformed_checkin_bodies_get_422_naming_the_field(
    app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    """The check-in parses its own body; its errors must match every other endpoint's."""
    fleet_db.create_branch()
    enrolled = await enroll(client, fleet_db.enrollment_code())
    url = f"{API_PREFIX}/checkin"
    cases = {
        b"{not json": ["body"],
        b'{"state": "dancing", "app_version": "1.0"}': ["body", "state"],
        b'{"state": "idle"}': ["body", "app_version"],
        b'{"state": "idle", "app_version": "1.0", "pin": "1234"}': ["body", "pin"],
        b"": ["body"],
    }
    for content, location in cases.items():
        reply = await client.post(url, content=content, headers=bearer(enrolled.token))
        assert reply.status_code == 422, content
        body = reply.json()
        assert body["code"] == "invalid_request"
        assert body["details"][0]["loc"][: len(location)] == location, content
        assert "1234" not in reply.text  # the input is never echoed back
    # None of them touched the device's reported state.
    assert await app.state.checkins.flush() == 0

"""``shutdown`` from the admin API to the kiosk and back, ``wake_at`` checked on the way in;
the fleet still refuses what it does not know from kiosks."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from fleet.auth.models import Role
from fleet.protocol import API_PREFIX, CommandType, DeviceState
from tests.fleet.admin.helpers import install, token_for
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, check_in, enroll

pytestmark = pytest.mark.asyncio

V1 = "/api/admin/v1"


async def admin_and_staff(
    app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb
) -> dict[Role, dict[str, str]]:
    install(app, fleet_db)
    return {role: bearer(await token_for(client, role)) for role in (Role.ADMIN, Role.STAFF)}


async def test_it_shuts_a_pc_down_and_the_kiosk_says_when_it_wakes(
    app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch()
    people = await admin_and_staff(app, client, fleet_db)
    kiosk = await enroll(client, fleet_db.enrollment_code())
    etag = (await check_in(client, kiosk.token)).config_etag
    url = f"{V1}/devices/{kiosk.device_id}/commands"
    body = {"type": "shutdown", "wake_at": "2026-11-24T08:00:00+02:00"}
    # Switching PCs off is IT's call.
    assert (await client.post(url, json=body, headers=people[Role.STAFF])).status_code == 403
    sent = await client.post(url, json=body, headers=people[Role.ADMIN])
    assert sent.status_code == 201, sent.text
    command = sent.json()
    assert (command["type"], command["message"]) == ("shutdown", None)
    assert command["wake_at"] == "2026-11-24T06:00:00Z"

    raw = await client.post(
        f"{API_PREFIX}/checkin",
        json={"state": "idle", "app_version": "1.0", "config_etag": etag},
        headers=bearer(kiosk.token),
    )
    (delivered,) = raw.json()["commands"]
    assert delivered["type"] == "shutdown"
    assert delivered["wake_at"] == "2026-11-24T06:00:00Z"
    assert "message" not in delivered

    # The kiosk switches off: it says so, and then how it went.
    await check_in(client, kiosk.token, etag=etag, state=DeviceState.SHUT_DOWN)
    result = {"status": "succeeded", "detail": "wake_at=2026-11-24T06:00:00Z"}
    reply = await client.post(
        f"{API_PREFIX}/commands/{command['id']}/result", json=result, headers=bearer(kiosk.token)
    )
    assert reply.status_code == 204
    done = (await client.get(f"{V1}/commands/{command['id']}", headers=people[Role.ADMIN])).json()
    assert (done["status"], done["result_detail"]) == ("succeeded", result["detail"])
    await app.state.checkins.flush()
    device = (
        await client.get(f"{V1}/devices/{kiosk.device_id}", headers=people[Role.ADMIN])
    ).json()
    assert device["state"] == "shut_down"


async def test_a_shutdown_without_wake_at_leaves_it_out_for_the_kiosk(
    app: FastAPI, client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch()
    people = await admin_and_staff(app, client, fleet_db)
    kiosk = await enroll(client, fleet_db.enrollment_code())
    url = f"{V1}/devices/{kiosk.device_id}/commands"
    sent = await client.post(url, json={"type": "shutdown"}, headers=people[Role.ADMIN])
    assert sent.status_code == 201
    assert sent.json()["wake_at"] is None
    raw = await client.post(
        f"{API_PREFIX}/checkin",
        json={"state": "idle", "app_version": "1.0"},
        headers=bearer(kiosk.token),
    )
    (delivered,) = raw.json()["commands"]
    assert delivered["type"] == CommandType.SHUTDOWN
    assert "wake_at" not in delivered  # kiosks older than wake_at still read it


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        ({"type": "shutdown", "wake_at": "2026-11-23T08:59:00Z"}, "wake_at_past", "has passed"),
        (
            {"type": "shutdown", "wake_at": "2026-11-23T09:03:00Z"},
            "wake_at_too_soon",
            "at least 5 minutes",
        ),
        (
            {"type": "shutdown", "wake_at": "2026-12-01T09:00:00Z"},
            "wake_at_too_far",
            "at most 7 days",
        ),
        ({"type": "lock", "wake_at": "2026-11-24T06:00:00Z"}, "wake_at_not_allowed", "shutdown"),
        ({"type": "shutdown", "wake_at": "tomorrow morning"}, "invalid_request", "datetime"),
        ({"type": "shutdown", "wake_at": "2026-11-24T06:00:00"}, "invalid_request", "time zone"),
        ({"type": "shutdown", "wake_at": "2130-01-01T06:00:00Z"}, "invalid_request", "2099"),
    ],
)
async def test_wake_at_is_checked_with_a_clear_422(
    app: FastAPI,
    client: httpx.AsyncClient,
    fleet_db: FleetDb,
    body: dict[str, str],
    code: str,
    words: str,
) -> None:
    fleet_db.create_branch()
    people = await admin_and_staff(app, client, fleet_db)
    kiosk = await enroll(client, fleet_db.enrollment_code())
    reply = await client.post(
        f"{V1}/devices/{kiosk.device_id}/commands", json=body, headers=people[Role.ADMIN]
    )
    assert reply.status_code == 422, reply.text
    error = reply.json()
    assert error["code"] == code
    explained = error["message"] + " ".join(
        f"{'.'.join(d['loc'])}: {d['msg']}" for d in error.get("details") or []
    )
    assert words in explained
    if code == "invalid_request":
        assert error["details"][0]["loc"] == ["body", "wake_at"]


async def test_the_fleet_still_refuses_unknown_fields_from_kiosks(
    client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch()
    kiosk = await enroll(client, fleet_db.enrollment_code())
    reply = await client.post(
        f"{API_PREFIX}/checkin",
        json={"state": "idle", "app_version": "1.0", "battery": 80},
        headers=bearer(kiosk.token),
    )
    assert reply.status_code == 422
    assert reply.json()["code"] == "invalid_request"
    result = await client.post(
        f"{API_PREFIX}/commands/1/result",
        json={"status": "failed", "detail": "unsupported_command", "extra": True},
        headers=bearer(kiosk.token),
    )
    assert result.status_code == 422

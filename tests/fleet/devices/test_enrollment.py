"""Enrolment codes and enrolment: single use, expiry, max_uses, re-enrolment, hashing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx
import pytest
from sqlmodel import select

from fleet.devices.models import Device, DeviceStatus, EnrollmentCode
from fleet.devices.service import CODE_ALPHABET, hash_secret
from fleet.protocol import API_PREFIX, normalise_enrollment_code
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb
from tests.support.kiosks import bearer, check_in, enroll, enroll_request

pytestmark = pytest.mark.asyncio


async def _refusal(
    client: httpx.AsyncClient, code: str, machine_id: str | None = None
) -> dict[str, Any]:
    reply = await client.post(
        f"{API_PREFIX}/enroll",
        content=enroll_request(code, machine_id),
        headers={"Content-Type": "application/json"},
    )
    assert reply.status_code == 400
    body: dict[str, Any] = reply.json()
    assert set(body) == {"code", "message", "details"}
    return body


async def test_a_code_is_shown_once_and_stored_only_as_a_hash(fleet_db: FleetDb) -> None:
    fleet_db.create_branch()
    code = fleet_db.enrollment_code()
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}", code)
    with fleet_db.session() as session:
        row = session.exec(select(EnrollmentCode)).one()
    assert row.code_hash == hash_secret(normalise_enrollment_code(code))
    assert code.replace("-", "") not in row.model_dump_json()


async def test_enrolment_returns_a_working_token_stored_hashed(
    client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch()
    # People type codes in lower case with spaces; that must still work.
    code = fleet_db.enrollment_code().lower().replace("-", " ")
    enrolled = await enroll(client, code, hostname="oodi-pc-01")
    assert enrolled.branch_id == "oodi"
    assert enrolled.device_name == "oodi-pc-01"
    device_id, secret = enrolled.token.split(".", 1)
    assert int(device_id) == enrolled.device_id
    assert len(secret) >= 40
    with fleet_db.session() as session:
        device = session.get(Device, enrolled.device_id)
    assert device is not None
    assert device.token_hash == hash_secret(secret)
    assert secret not in device.model_dump_json()
    reply = await check_in(client, enrolled.token)
    assert reply.config is not None


async def test_a_single_use_code_refuses_a_second_kiosk(
    client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch()
    code = fleet_db.enrollment_code()
    await enroll(client, code)
    body = await _refusal(client, code)
    assert body["code"] == "enrollment_code_used"
    assert "used" in body["message"]


async def test_unknown_and_expired_codes_are_refused_clearly(
    client: httpx.AsyncClient, fleet_db: FleetDb, clock: FakeClock
) -> None:
    fleet_db.create_branch()
    assert (await _refusal(client, "ZZZZ-ZZZZ"))["code"] == "enrollment_code_unknown"
    code = fleet_db.enrollment_code(ttl=dt.timedelta(hours=1), now=clock())
    clock.advance(hours=1, seconds=1)
    body = await _refusal(client, code)
    assert body["code"] == "enrollment_code_expired"
    assert "expired" in body["message"]


async def test_max_uses_admits_exactly_that_many(
    client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch()
    code = fleet_db.enrollment_code(uses=3)
    for _ in range(3):
        await enroll(client, code)
    assert (await _refusal(client, code))["code"] == "enrollment_code_used"


async def test_re_enrolling_a_pc_retires_its_old_record(
    client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch()
    first = await enroll(client, fleet_db.enrollment_code(), machine_id="pc-oodi-0001")
    second = await enroll(client, fleet_db.enrollment_code(), machine_id="pc-oodi-0001")
    assert second.device_id != first.device_id
    old = await client.post(
        f"{API_PREFIX}/checkin",
        json={"state": "idle", "app_version": "1.0"},
        headers=bearer(first.token),
    )
    assert old.status_code == 401
    assert old.json()["code"] == "device_revoked"
    await check_in(client, second.token)
    with fleet_db.session() as session:
        statuses = {d.id: d.status for d in session.exec(select(Device))}
    assert statuses == {
        first.device_id: DeviceStatus.RETIRED.value,
        second.device_id: DeviceStatus.ACTIVE.value,
    }


async def test_enrolment_metrics_count_results(
    client: httpx.AsyncClient, fleet_db: FleetDb
) -> None:
    fleet_db.create_branch()
    await enroll(client, fleet_db.enrollment_code())
    await _refusal(client, "ZZZZ-ZZZZ")
    metrics = (await client.get("/metrics")).text
    assert 'fleet_enrollments_total{result="enrolled"} 1.0' in metrics
    assert 'fleet_enrollments_total{result="enrollment_code_unknown"} 1.0' in metrics

"""Device-side helpers for fleet tests: enrol and check in like a kiosk does."""

from __future__ import annotations

import itertools

import httpx

from fleet.protocol import (
    API_PREFIX,
    CheckInRequest,
    CheckInResponse,
    DeviceState,
    EnrollRequest,
    EnrollResponse,
)

_machines = itertools.count(1)


def bearer(token: str) -> dict[str, str]:
    """Authorization and JSON content-type headers, as a kiosk sends them."""
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def enroll_request(code: str, machine_id: str | None = None, hostname: str = "kiosk-1") -> str:
    machine = machine_id or f"machine-{next(_machines):06d}"
    request = EnrollRequest(code=code, hostname=hostname, machine_id=machine, app_version="1.0")
    return request.model_dump_json()


async def enroll(
    client: httpx.AsyncClient, code: str, machine_id: str | None = None, hostname: str = "kiosk-1"
) -> EnrollResponse:
    reply = await client.post(
        f"{API_PREFIX}/enroll",
        content=enroll_request(code, machine_id, hostname),
        headers={"Content-Type": "application/json"},
    )
    assert reply.status_code == 200, reply.text
    return EnrollResponse.model_validate_json(reply.content)


async def check_in(
    client: httpx.AsyncClient,
    token: str,
    *,
    etag: str | None = None,
    state: DeviceState = DeviceState.IDLE,
    outbox_depth: int = 0,
) -> CheckInResponse:
    body = CheckInRequest(
        state=state, app_version="1.0", config_etag=etag, outbox_depth=outbox_depth
    )
    reply = await client.post(
        f"{API_PREFIX}/checkin",
        content=body.model_dump_json(),
        headers=bearer(token),
    )
    assert reply.status_code == 200, reply.text
    return CheckInResponse.model_validate_json(reply.content)

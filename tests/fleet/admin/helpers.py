"""Accounts and device helpers shared by the admin API and web UI tests."""

from __future__ import annotations

import httpx
from argon2 import PasswordHasher
from fastapi import FastAPI

from fleet.auth.models import Role
from fleet.auth.passwords import Passwords
from fleet.auth.service import AuthService
from fleet.protocol import API_PREFIX, CheckInRequest, DeviceState, EnrollRequest
from tests.support.fleetdb import FleetDb

PASSWORDS = {
    Role.ADMIN: "admin-password-2026",
    Role.STAFF: "staff-password-2026",
    Role.ADVISER: "adviser-password-2026",
}
USERNAMES = {Role.ADMIN: "it-admin", Role.STAFF: "oodi-staff", Role.ADVISER: "adviser"}


def cheap_passwords() -> Passwords:
    """Real argon2id with small parameters: the same code path, a fraction of the time."""
    return Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def create_people(fleet_db: FleetDb, passwords: Passwords) -> dict[Role, str]:
    """One active user per role; returns their usernames."""
    with fleet_db.session() as session:
        service = AuthService(session, passwords)
        for role, username in USERNAMES.items():
            service.create_user(username, PASSWORDS[role], role)
    return dict(USERNAMES)


def install(app: FastAPI, fleet_db: FleetDb) -> dict[Role, str]:
    passwords = cheap_passwords()
    app.state.passwords = passwords
    return create_people(fleet_db, passwords)


async def token_for(client: httpx.AsyncClient, role: Role) -> str:
    reply = await client.post(
        "/api/admin/v1/auth/token",
        data={"username": USERNAMES[role], "password": PASSWORDS[role]},
    )
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["token_type"] == "bearer"
    return str(body["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def enroll_device(
    client: httpx.AsyncClient, code: str, machine_id: str = "machine-0001"
) -> tuple[int, str]:
    """Enrol a simulated kiosk over the device API; returns (device id, device token)."""
    request = EnrollRequest(
        code=code, hostname=f"pc-{machine_id[-4:]}", machine_id=machine_id, app_version="1.2.3"
    )
    reply = await client.post(f"{API_PREFIX}/enroll", json=request.model_dump(mode="json"))
    assert reply.status_code == 200, reply.text
    body = reply.json()
    return int(body["device_id"]), str(body["token"])


async def check_in(
    client: httpx.AsyncClient, device_token: str, state: DeviceState = DeviceState.IDLE
) -> dict[str, object]:
    request = CheckInRequest(state=state, app_version="1.2.3", content_version="c-42")
    reply = await client.post(
        f"{API_PREFIX}/checkin",
        json=request.model_dump(mode="json"),
        headers=bearer(device_token),
    )
    assert reply.status_code == 200, reply.text
    body: dict[str, object] = reply.json()
    return body

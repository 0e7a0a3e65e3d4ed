"""The admin REST API end to end over ASGI, on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import select

from fleet.auth.models import Role
from fleet.ops.models import AuditEntry
from fleet.protocol import API_PREFIX, CommandResult, CommandStatus, DeviceState
from tests.fleet.admin.helpers import PASSWORDS, USERNAMES, bearer, check_in, enroll_device
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb

V1 = "/api/admin/v1"
pytestmark = pytest.mark.asyncio


async def test_token_endpoint_refuses_wrong_password_with_api_error(
    client: httpx.AsyncClient, people: dict[Role, str]
) -> None:
    reply = await client.post(
        f"{V1}/auth/token", data={"username": USERNAMES[Role.ADMIN], "password": "nope"}
    )
    assert reply.status_code == 401
    assert reply.json()["code"] == "invalid_credentials"


async def test_token_endpoint_throttles_repeated_failures(
    client: httpx.AsyncClient, people: dict[Role, str]
) -> None:
    form = {"username": USERNAMES[Role.STAFF], "password": "wrong-password"}
    codes = [(await client.post(f"{V1}/auth/token", data=form)).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    right = {"username": USERNAMES[Role.STAFF], "password": PASSWORDS[Role.STAFF]}
    reply = await client.post(f"{V1}/auth/token", data=right)
    assert reply.status_code == 429
    assert reply.json()["code"] == "login_throttled"


async def test_sign_ins_are_audited_without_secrets(
    tokens: dict[Role, str], fleet_db: FleetDb
) -> None:
    with fleet_db.session() as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.action == "auth.sign_in"))
        audited = sorted((entry.actor, entry.detail["via"]) for entry in entries)
    assert audited == sorted((USERNAMES[role], "api") for role in Role)
    assert not any(token in str(audited) for token in tokens.values())


async def test_token_expires_with_the_app_clock(
    client: httpx.AsyncClient, tokens: dict[Role, str], clock: FakeClock
) -> None:
    headers = bearer(tokens[Role.ADMIN])
    assert (await client.get(f"{V1}/branches", headers=headers)).status_code == 200
    clock.advance(hours=8)
    reply = await client.get(f"{V1}/branches", headers=headers)
    assert reply.status_code == 401
    assert reply.json()["code"] == "not_authenticated"


async def test_revoked_token_stops_working(
    client: httpx.AsyncClient, tokens: dict[Role, str]
) -> None:
    headers = bearer(tokens[Role.STAFF])
    assert (await client.delete(f"{V1}/auth/token", headers=headers)).status_code == 204
    assert (await client.get(f"{V1}/devices", headers=headers)).status_code == 401


async def test_branch_details_and_hours_round_trip(
    client: httpx.AsyncClient, tokens: dict[Role, str], fleet_db: FleetDb
) -> None:
    fleet_db.create_branch("kallio")
    headers = bearer(tokens[Role.ADMIN])
    listed = (await client.get(f"{V1}/branches", headers=headers)).json()
    assert [branch["id"] for branch in listed] == ["kallio"]
    weekly = [{"opens": "10:00:00", "closes": "18:00:00"}] * 6 + [{"opens": None, "closes": None}]
    body = {
        "name": {"fi": "Kallion kirjasto", "sv": "Berghälls bibliotek", "en": "Kallio Library"},
        "address": "Viides linja 11, Helsinki",
        "weekly": weekly,
        "exceptions": [
            {
                "date": "2026-12-24",
                "opens": None,
                "closes": None,
                "note": {"fi": "Jouluaatto", "sv": "Julafton", "en": "Christmas Eve"},
            },
            {"date": "2026-12-31", "opens": "10:00:00", "closes": "14:00:00"},
        ],
    }
    reply = await client.put(f"{V1}/branches/kallio", headers=headers, json=body)
    assert reply.status_code == 200, reply.text
    detail = (await client.get(f"{V1}/branches/kallio", headers=headers)).json()
    assert detail["name"]["sv"] == "Berghälls bibliotek"
    assert detail["address"] == "Viides linja 11, Helsinki"
    assert detail["hours"]["weekly"][0] == {"opens": "10:00:00", "closes": "18:00:00"}
    assert [e["date"] for e in detail["hours"]["exceptions"]] == ["2026-12-24", "2026-12-31"]
    # Exceptions are replaced as a whole.
    body = {"exceptions": [{"date": "2027-01-06", "opens": None, "closes": None}]}
    reply = await client.put(f"{V1}/branches/kallio", headers=headers, json=body)
    assert [e["date"] for e in reply.json()["hours"]["exceptions"]] == ["2027-01-06"]


@pytest.mark.parametrize(
    "body",
    [
        {"weekly": [{"opens": "18:00:00", "closes": "10:00:00"}] * 7},
        {"weekly": [{"opens": "10:00:00", "closes": None}] * 7},
        {"weekly": [{"opens": "10:00:00", "closes": "12:00:00"}] * 6},
        {"address": "x" * 301},
        {"unknown_field": 1},
        {"timezone": "Mars/Olympus"},
    ],
)
async def test_bad_branch_changes_are_4xx(
    client: httpx.AsyncClient, tokens: dict[Role, str], fleet_db: FleetDb, body: object
) -> None:
    fleet_db.create_branch("oodi")
    reply = await client.put(f"{V1}/branches/oodi", headers=bearer(tokens[Role.ADMIN]), json=body)
    assert reply.status_code == 422, reply.text
    assert "code" in reply.json()


async def test_profiles_create_update_and_assign(
    client: httpx.AsyncClient, tokens: dict[Role, str], fleet_db: FleetDb
) -> None:
    fleet_db.create_branch("oodi")
    headers = bearer(tokens[Role.ADMIN])
    reply = await client.post(
        f"{V1}/profiles",
        headers=headers,
        json={"name": "Short sessions", "policy": {"session_minutes": 30}},
    )
    assert reply.status_code == 201, reply.text
    profile = reply.json()
    assert profile["policy"]["session_minutes"] == 30
    reply = await client.put(
        f"{V1}/profiles/{profile['id']}", headers=headers, json={"description": "for Oodi"}
    )
    assert reply.json()["description"] == "for Oodi"
    again = {"name": "Short sessions"}
    duplicate = await client.post(f"{V1}/profiles", headers=headers, json=again)
    assert duplicate.status_code == 409
    reply = await client.put(
        f"{V1}/branches/oodi/profile", headers=headers, json={"profile_id": profile["id"]}
    )
    assert reply.json()["profile_id"] == profile["id"]
    missing = await client.put(
        f"{V1}/branches/oodi/profile", headers=headers, json={"profile_id": 9999}
    )
    assert missing.status_code == 404
    assert missing.json()["code"] == "profile_not_found"
    listed = (await client.get(f"{V1}/profiles", headers=headers)).json()
    assert [p["name"] for p in listed] == ["Short sessions"]


async def test_enrolment_code_to_online_device_to_acknowledged_lock(
    app: FastAPI, client: httpx.AsyncClient, tokens: dict[Role, str], fleet_db: FleetDb
) -> None:
    fleet_db.create_branch("oodi")
    admin, staff = bearer(tokens[Role.ADMIN]), bearer(tokens[Role.STAFF])
    reply = await client.post(f"{V1}/branches/oodi/enrollment-codes", headers=admin)
    assert reply.status_code == 201, reply.text
    assert {"code", "expires_at"} <= set(reply.json())
    device_id, device_token = await enroll_device(client, reply.json()["code"])

    await check_in(client, device_token, DeviceState.IDLE)
    await app.state.checkins.flush()
    devices = (await client.get(f"{V1}/devices", headers=staff)).json()
    assert len(devices) == 1
    device = devices[0]
    assert {
        "id",
        "name",
        "branch_id",
        "online",
        "state",
        "last_seen",
        "app_version",
        "content_version",
        "reader",
        "printer",
    } <= set(device)
    assert (device["id"], device["online"], device["state"]) == (device_id, True, "idle")
    assert device["content_version"] == "c-42"

    reply = await client.post(
        f"{V1}/devices/{device_id}/commands",
        headers=staff,
        json={"type": "lock", "message": "Tauko 10 min"},
    )
    assert reply.status_code == 201, reply.text
    command = reply.json()
    assert (command["status"], command["issued_by"]) == ("queued", USERNAMES[Role.STAFF])

    delivered = await check_in(client, device_token)
    assert delivered["commands"] == [
        {
            "id": command["id"],
            "type": "lock",
            "message": "Tauko 10 min",
            "issued_at": delivered["commands"][0]["issued_at"],  # type: ignore[index]
            "expires_at": delivered["commands"][0]["expires_at"],  # type: ignore[index]
        }
    ]
    status = (await client.get(f"{V1}/commands/{command['id']}", headers=staff)).json()["status"]
    assert status == "delivered"

    result = CommandResult(status=CommandStatus.SUCCEEDED, detail="locked")
    reply = await client.post(
        f"{API_PREFIX}/commands/{command['id']}/result",
        json=result.model_dump(mode="json"),
        headers=bearer(device_token),
    )
    assert reply.status_code in (200, 204), reply.text
    final = (await client.get(f"{V1}/commands/{command['id']}", headers=staff)).json()
    assert (final["status"], final["result_detail"]) == ("succeeded", "locked")
    history = (await client.get(f"{V1}/devices/{device_id}/commands", headers=staff)).json()
    assert [c["id"] for c in history] == [command["id"]]


async def test_device_goes_offline_after_silence_and_revoke_and_overrides(
    app: FastAPI,
    client: httpx.AsyncClient,
    tokens: dict[Role, str],
    fleet_db: FleetDb,
    clock: FakeClock,
) -> None:
    fleet_db.create_branch("oodi")
    admin = bearer(tokens[Role.ADMIN])
    device_id, device_token = await enroll_device(client, fleet_db.enrollment_code("oodi"))
    await check_in(client, device_token)
    await app.state.checkins.flush()
    assert (await client.get(f"{V1}/devices/{device_id}", headers=admin)).json()["online"]
    clock.advance(seconds=76)  # 2.5 intervals of 30 s
    assert not (await client.get(f"{V1}/devices/{device_id}", headers=admin)).json()["online"]

    reply = await client.put(
        f"{V1}/devices/{device_id}/overrides",
        headers=admin,
        json={"overrides": {"session_minutes": 45}},
    )
    assert reply.json()["policy_overrides"] == {"session_minutes": 45}
    bad = await client.put(
        f"{V1}/devices/{device_id}/overrides",
        headers=admin,
        json={"overrides": {"session_minutes": 1}},
    )
    assert bad.status_code == 422

    reply = await client.post(f"{V1}/devices/{device_id}/revoke", headers=admin)
    assert reply.json()["status"] == "revoked"
    refused = await client.post(
        f"{V1}/devices/{device_id}/commands", headers=admin, json={"type": "sync"}
    )
    assert refused.status_code == 409


@pytest.mark.parametrize(
    ("role", "command", "expected"),
    [
        (Role.STAFF, "lock", 201),
        (Role.STAFF, "unlock", 201),
        (Role.STAFF, "message", 201),
        (Role.STAFF, "end_session", 201),
        (Role.STAFF, "restart", 403),
        (Role.STAFF, "sync", 403),
        (Role.ADMIN, "restart", 201),
        (Role.ADMIN, "sync", 201),
        (Role.ADVISER, "lock", 403),
    ],
)
async def test_which_roles_may_send_which_commands(
    client: httpx.AsyncClient,
    tokens: dict[Role, str],
    fleet_db: FleetDb,
    role: Role,
    command: str,
    expected: int,
) -> None:
    fleet_db.create_branch("oodi")
    device_id, _ = await enroll_device(client, fleet_db.enrollment_code("oodi"))
    reply = await client.post(
        f"{V1}/devices/{device_id}/commands",
        headers=bearer(tokens[role]),
        json={"type": command, "message": "Hei"},
    )
    assert reply.status_code == expected, reply.text


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/devices/1/commands", {"type": "explode"}, 422),
        ("/devices/1/commands", {"type": "message"}, 422),
        ("/devices/1/commands", {"type": "lock", "message": "x" * 501}, 422),
        ("/devices/999/commands", {"type": "lock"}, 404),
        ("/devices/abc/commands", {"type": "lock"}, 422),
        ("/devices/99999999999999999999/commands", {"type": "lock"}, 422),
        ("/devices/0/revoke", {}, 422),
        ("/branches/nowhere/enrollment-codes", {}, 404),
        ("/branches/oodi/enrollment-codes", {"max_uses": 0}, 422),
        ("/profiles", {"name": ""}, 422),
        ("/profiles", {"name": "x", "policy": {"session_minutes": "long"}}, 422),
    ],
)
async def test_bad_input_is_a_clear_4xx(
    client: httpx.AsyncClient,
    tokens: dict[Role, str],
    fleet_db: FleetDb,
    path: str,
    body: object,
    status: int,
) -> None:
    fleet_db.create_branch("oodi")
    await enroll_device(client, fleet_db.enrollment_code("oodi"))
    reply = await client.post(f"{V1}{path}", headers=bearer(tokens[Role.ADMIN]), json=body)
    assert reply.status_code == status, reply.text
    assert reply.json()["code"]


async def test_openapi_documents_the_admin_api(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    paths = spec["paths"]
    assert "/api/admin/v1/auth/token" in paths
    assert "/api/admin/v1/devices/{device_id}/commands" in paths
    assert not any(path.startswith("/admin/") for path in paths)  # web pages are not API
    operation = paths["/api/admin/v1/devices"]["get"]
    assert operation["tags"] == ["devices"]
    assert "OAuth2PasswordBearer" in str(operation.get("security"))

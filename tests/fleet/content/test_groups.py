"""Branch groups as a content channel: a branch's own version wins over its group's, the
group's over ``all``'s; membership changes re-target (and nudge) exactly the moved kiosks."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from content.build import build
from content.default import BUNDLE_DIRECTORY as DEFAULT_SOURCE
from content.manifest import new_signing_key, write_key_files
from fleet.cli import main
from fleet.content import service
from fleet.ops.audit import list_audit
from fleet.protocol import Nudge
from tests.fleet.content.bundles import CONTENT, Publisher, guides, publish
from tests.fleet.content.conftest import Kiosks
from tests.fleet.content.test_rollout import targets
from tests.fleet.content.test_sync import assign
from tests.support.fleetdb import FleetDb

pytestmark = pytest.mark.asyncio

V1 = "/api/admin/v1"
EAST = {"fi": "Itä", "sv": "Öster", "en": "East"}
WEST = {"fi": "Länsi", "sv": "Väster", "en": "West"}


async def put_group(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    group_id: str,
    branches: list[str] | None,
    name: dict[str, str] = EAST,
) -> httpx.Response:
    body: dict[str, Any] = {"name": name}
    if branches is not None:
        body["branches"] = branches
    return await client.put(f"{V1}/branch-groups/{group_id}", json=body, headers=headers)


async def test_a_branch_wins_over_its_group_and_its_group_over_all(
    client: httpx.AsyncClient, admin: dict[str, str], trusted: Publisher, kiosks: Kiosks
) -> None:
    _, at_oodi = await kiosks.enrol("oodi")
    _, at_kallio = await kiosks.enrol("kallio")
    _, at_pasila = await kiosks.enrol("pasila")
    created = await put_group(client, admin, "east", ["oodi", "kallio", "oodi"])
    assert created.status_code == 201, created.text
    assert created.json() == {
        "id": "east",
        "name": EAST,
        "scope": "group:east",
        "branches": ["kallio", "oodi"],
    }
    general = trusted.build(guides(2))
    regional = trusted.build(guides(3), bundle="east-info")
    local = trusted.build(guides(4), bundle="kallio-info")
    general_id, regional_id, local_id = [
        await publish(client, admin, built) for built in (general, regional, local)
    ]

    await assign(client, admin, "all", general_id)
    await assign(client, admin, "group:east", regional_id)
    await assign(client, admin, "kallio", local_id)
    assert await targets([at_oodi, at_kallio, at_pasila]) == [
        regional.manifest_id,
        local.manifest_id,
        general.manifest_id,
    ]
    # A kiosk enrolled into a grouped branch gets the group's version from the start.
    _, newcomer = await kiosks.enrol("oodi")
    assert await targets([newcomer]) == [regional.manifest_id]

    listed = (await client.get(f"{CONTENT}/assignments", headers=admin)).json()
    assert [item["scope"] for item in listed] == ["all", "group:east", "kallio"]
    versions = (await client.get(f"{CONTENT}/versions", headers=admin)).json()
    assert {item["label"]: item["assigned_to"] for item in versions}["east-info@1"] == [
        "group:east"
    ]
    # "Should have it" follows the same order: Kallio's kiosk shows its own version.
    reach = await client.get(f"{CONTENT}/versions/{regional_id}/convergence", headers=admin)
    assert reach.json()["targeted"] == 2
    assert [item["branch_id"] for item in reach.json()["branches"]] == ["oodi"]

    # Without the group's assignment its branches fall back to all (Kallio keeps its own).
    dropped = await client.delete(f"{CONTENT}/assignments/group:east", headers=admin)
    assert dropped.status_code == 204
    assert await targets([at_oodi, at_kallio, newcomer]) == [
        general.manifest_id,
        local.manifest_id,
        general.manifest_id,
    ]

    unknown = await client.put(
        f"{CONTENT}/assignments/group:nowhere", json={"version_id": general_id}, headers=admin
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "branch_group_not_found")
    for malformed in ("group:East", "group:" + "a" * 27, "group:", "groups:east"):
        reply = await client.put(
            f"{CONTENT}/assignments/{malformed}", json={"version_id": general_id}, headers=admin
        )
        assert reply.status_code == 422, malformed


async def test_moving_a_branch_retargets_and_nudges_only_its_kiosks(
    app: FastAPI,
    client: httpx.AsyncClient,
    admin: dict[str, str],
    trusted: Publisher,
    kiosks: Kiosks,
) -> None:
    oodi, at_oodi = await kiosks.enrol("oodi")
    kallio, at_kallio = await kiosks.enrol("kallio")
    pasila, at_pasila = await kiosks.enrol("pasila")
    assert (await put_group(client, admin, "east", ["oodi", "kallio"])).status_code == 201
    assert (await put_group(client, admin, "west", ["pasila"], WEST)).status_code == 201
    east, west = trusted.build(guides(2), bundle="east-info"), trusted.build(guides(3))
    await assign(client, admin, "group:east", await publish(client, admin, east))
    await assign(client, admin, "group:west", await publish(client, admin, west))
    assert await targets([at_oodi, at_kallio, at_pasila]) == [
        east.manifest_id,
        east.manifest_id,
        west.manifest_id,
    ]
    if app.state.nudge_listener is not None:
        await asyncio.wait_for(app.state.nudge_listener.listening.wait(), 10)
    queues = {device: app.state.hub.subscribe(device) for device in (oodi, kallio, pasila)}

    moved = await client.put(
        f"{V1}/branches/kallio/group", json={"group_id": "west"}, headers=admin
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["group_id"] == "west"
    assert await asyncio.wait_for(queues[kallio].get(), 10) == Nudge(reason="content")
    await asyncio.sleep(0.05)
    assert queues[oodi].empty()
    assert queues[pasila].empty()
    assert await targets([at_oodi, at_kallio, at_pasila]) == [
        east.manifest_id,
        west.manifest_id,
        west.manifest_id,
    ]

    # Membership by the group's member list: Oodi moves east -> west, nobody else.
    reply = await put_group(client, admin, "west", ["pasila", "kallio", "oodi"], WEST)
    assert reply.status_code == 200, reply.text
    assert await asyncio.wait_for(queues[oodi].get(), 10) == Nudge(reason="content")
    await asyncio.sleep(0.05)
    assert queues[kallio].empty()
    assert queues[pasila].empty()
    assert await targets([at_oodi]) == [west.manifest_id]
    groups = (await client.get(f"{V1}/branch-groups", headers=admin)).json()
    assert [(item["id"], item["branches"]) for item in groups] == [
        ("east", []),
        ("west", ["kallio", "oodi", "pasila"]),
    ]
    # Renaming alone moves nobody.
    assert (await put_group(client, admin, "west", None, EAST)).status_code == 200
    await asyncio.sleep(0.05)
    assert all(queue.empty() for queue in queues.values())
    # Out of every group: it follows all (nothing assigned there).
    await client.put(f"{V1}/branches/oodi/group", json={"group_id": None}, headers=admin)
    assert await targets([at_oodi]) == [None]


async def test_a_group_with_an_assignment_is_not_deleted(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    trusted: Publisher,
    kiosks: Kiosks,
    fleet_db: FleetDb,
) -> None:
    _, at_oodi = await kiosks.enrol("oodi")
    await put_group(client, admin, "east", ["oodi"])
    regional = trusted.build(guides(2))
    await assign(client, admin, "group:east", await publish(client, admin, regional))

    refused = await client.delete(f"{V1}/branch-groups/east", headers=admin)
    assert (refused.status_code, refused.json()["code"]) == (409, "branch_group_assigned")
    assert "library@1" in refused.json()["message"]
    assert "unassign it first" in refused.json()["message"]
    assert await targets([at_oodi]) == [regional.manifest_id]

    await client.delete(f"{CONTENT}/assignments/group:east", headers=admin)
    assert (await client.delete(f"{V1}/branch-groups/east", headers=admin)).status_code == 204
    branch = (await client.get(f"{V1}/branches/oodi", headers=admin)).json()
    assert branch["group_id"] is None
    missing = await client.get(f"{V1}/branch-groups/east", headers=admin)
    assert (missing.status_code, missing.json()["code"]) == (404, "branch_group_not_found")
    with fleet_db.session() as session:
        actions = [entry.action for entry in list_audit(session, limit=50)]
    assert {"branch_group.create", "branch_group.delete"} <= set(actions)


async def test_malformed_group_writes_are_refused_clearly(
    client: httpx.AsyncClient, admin: dict[str, str], staff: dict[str, str], fleet_db: FleetDb
) -> None:
    fleet_db.create_branch("oodi")
    for group_id in ("East", "e", "a" * 27, "9east"):
        reply = await put_group(client, admin, group_id, [])
        assert reply.status_code == 422, group_id
    cases: dict[str, dict[str, Any]] = {
        "no name": {"branches": []},
        "blank name": {"name": {**EAST, "sv": "  "}},
        "name too long": {"name": {**EAST, "en": "x" * 201}},
        "control character": {"name": {**EAST, "fi": "It\u0000ä"}},
        "unknown field": {"name": EAST, "members": []},
        "bad branch id": {"name": EAST, "branches": ["Not A Branch"]},
    }
    for case, body in cases.items():
        reply = await client.put(f"{V1}/branch-groups/east", json=body, headers=admin)
        assert reply.status_code == 422, case
        assert reply.json()["code"] == "invalid_request", case
    unknown = await put_group(client, admin, "east", ["oodi", "nowhere", "nothere"])
    assert (unknown.status_code, unknown.json()["code"]) == (422, "branch_not_found")
    assert "'nowhere', 'nothere'" in unknown.json()["message"]
    assert [item["branch_id"] for item in unknown.json()["details"]] == ["nowhere", "nothere"]
    assert (await client.get(f"{V1}/branch-groups", headers=admin)).json() == []  # nothing kept

    assert (await put_group(client, staff, "east", [])).status_code == 403
    assert (await put_group(client, admin, "east", ["oodi"])).status_code == 201
    assert (await client.get(f"{V1}/branch-groups/east", headers=staff)).status_code == 200
    assert (await client.delete(f"{V1}/branch-groups/east", headers=staff)).status_code == 403
    no_group = await client.put(
        f"{V1}/branches/oodi/group", json={"group_id": "west"}, headers=admin
    )
    assert (no_group.status_code, no_group.json()["code"]) == (404, "branch_group_not_found")
    no_branch = await client.put(
        f"{V1}/branches/nowhere/group", json={"group_id": "east"}, headers=admin
    )
    assert (no_branch.status_code, no_branch.json()["code"]) == (404, "branch_not_found")
    listed = (await client.get(f"{V1}/branches", headers=staff)).json()
    assert [(item["id"], item["group_id"]) for item in listed] == [("oodi", "east")]


async def test_a_roll_out_keeps_its_version_on_a_pilot_whose_group_has_its_own(
    client: httpx.AsyncClient, admin: dict[str, str], trusted: Publisher, kiosks: Kiosks
) -> None:
    _, at_kallio = await kiosks.enrol("kallio")
    _, at_oodi = await kiosks.enrol("oodi")
    _, at_pasila = await kiosks.enrol("pasila")
    await put_group(client, admin, "east", ["kallio", "oodi"])
    old, new = trusted.build(guides(2)), trusted.build(guides(3), version=2)
    regional = trusted.build(guides(4), bundle="east-info")
    old_id, new_id = await publish(client, admin, old), await publish(client, admin, new)
    await assign(client, admin, "all", old_id)
    await assign(client, admin, "group:east", await publish(client, admin, regional))

    as_group = await client.post(
        f"{CONTENT}/rollouts",
        json={"version_id": new_id, "pilot_branch": "group:east"},
        headers=admin,
    )
    assert (as_group.status_code, as_group.json()["code"]) == (422, "invalid_pilot")
    started = await client.post(
        f"{CONTENT}/rollouts", json={"version_id": new_id, "pilot_branch": "kallio"}, headers=admin
    )
    assert started.status_code == 201, started.text
    rollout = started.json()["id"]
    assert await targets([at_kallio, at_oodi, at_pasila]) == [
        new.manifest_id,
        regional.manifest_id,
        old.manifest_id,
    ]
    # Promoted: everyone following all gets it; the group keeps its own, and the pilot
    # keeps the new version rather than falling back to its group's.
    await client.post(f"{CONTENT}/rollouts/{rollout}/promote", headers=admin)
    assert await targets([at_kallio, at_oodi, at_pasila]) == [
        new.manifest_id,
        regional.manifest_id,
        new.manifest_id,
    ]
    await client.post(f"{CONTENT}/rollouts/{rollout}/rollback", headers=admin)
    assert await targets([at_kallio, at_oodi, at_pasila]) == [
        regional.manifest_id,
        regional.manifest_id,
        old.manifest_id,
    ]
    listed = (await client.get(f"{CONTENT}/assignments", headers=admin)).json()
    assert [item["scope"] for item in listed] == ["all", "group:east"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_command_line_publishes_to_a_group(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    fleet_db: FleetDb,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fleet_db.create_branch("oodi")
    await put_group(client, admin, "east", ["oodi"])
    monkeypatch.setenv("FLEET_DATABASE_URL", fleet_db.url)
    monkeypatch.setenv("FLEET_DATA_DIR", str(tmp_path / "var"))
    _public, private = new_signing_key()
    write_key_files(private, tmp_path / "publisher.key", tmp_path / "publisher.key.pub")
    build(DEFAULT_SOURCE, private, tmp_path / "built")
    assert main(["content", "keys", "add", "--pubkey", str(tmp_path / "publisher.key.pub")]) == 0
    assert main(["content", "publish", str(tmp_path / "built"), "--assign", "group:west"]) == 1
    assert "No branch group 'west'" in capsys.readouterr().err
    assert main(["content", "publish", str(tmp_path / "built"), "--assign", "group:east"]) == 0
    assert "assigned to group:east" in capsys.readouterr().out
    with fleet_db.session() as session:
        (assignment,) = service.list_assignments(session)
    assert assignment.scope == "group:east"

"""Assignment and staged roll-out: who gets which manifest, and how far a version has come."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from fastapi import FastAPI

from fleet.content.convergence import ContentReport, record_content_reports
from fleet.content.models import DeviceContent
from fleet.content.schemas import BranchConvergence, Convergence
from fleet.protocol.content import ContentError
from tests.fleet.content.bundles import CONTENT, Publisher, SyncingKiosk, guides, publish
from tests.fleet.content.conftest import Kiosks
from tests.fleet.content.test_sync import assign
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb

pytestmark = pytest.mark.asyncio


async def targets(kiosks: list[SyncingKiosk]) -> list[str | None]:
    return [(await kiosk.check_in()).content_manifest_id for kiosk in kiosks]


async def test_a_branch_assignment_wins_over_all(
    client: httpx.AsyncClient, admin: dict[str, str], trusted: Publisher, kiosks: Kiosks
) -> None:
    _, at_oodi = await kiosks.enrol("oodi")
    _, at_kallio = await kiosks.enrol("kallio")
    general, local = trusted.build(guides(2)), trusted.build(guides(3), bundle="kallio-info")
    general_id = await publish(client, admin, general)
    local_id = await publish(client, admin, local)
    assert await targets([at_oodi, at_kallio]) == [None, None]

    await assign(client, admin, "all", general_id)
    await assign(client, admin, "kallio", local_id)
    assert await targets([at_oodi, at_kallio]) == [general.manifest_id, local.manifest_id]
    # A kiosk enrolled after the assignment gets its target from the start.
    _, newcomer = await kiosks.enrol("kallio")
    assert await targets([newcomer]) == [local.manifest_id]

    listed = (await client.get(f"{CONTENT}/assignments", headers=admin)).json()
    assert [(item["scope"], item["label"]) for item in listed] == [
        ("all", "library@1"),
        ("kallio", "kallio-info@1"),
    ]
    versions = (await client.get(f"{CONTENT}/versions", headers=admin)).json()
    assert {item["label"]: item["assigned_to"] for item in versions} == {
        "library@1": ["all"],
        "kallio-info@1": ["kallio"],
    }

    dropped = await client.delete(f"{CONTENT}/assignments/kallio", headers=admin)
    assert dropped.status_code == 204
    assert await targets([at_kallio, newcomer]) == [general.manifest_id] * 2
    assert (await client.delete(f"{CONTENT}/assignments/all", headers=admin)).status_code == 204
    assert await targets([at_oodi, at_kallio]) == [None, None]

    unknown = await client.put(
        f"{CONTENT}/assignments/nowhere", json={"version_id": general_id}, headers=admin
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "branch_not_found")
    missing = await client.put(
        f"{CONTENT}/assignments/all", json={"version_id": 999}, headers=admin
    )
    assert (missing.status_code, missing.json()["code"]) == (404, "content_version_not_found")


async def test_versions_of_a_retired_key_or_expired_are_not_assigned(
    client: httpx.AsyncClient, admin: dict[str, str], trusted: Publisher, clock: FakeClock
) -> None:
    version = await publish(
        client, admin, trusted.build(guides(2), valid_for=dt.timedelta(hours=2))
    )
    clock.advance(hours=3)
    expired = await client.put(
        f"{CONTENT}/assignments/all", json={"version_id": version}, headers=admin
    )
    assert (expired.status_code, expired.json()["code"]) == (409, "version_expired")
    fresh = await publish(client, admin, trusted.build(guides(2), version=2, created_at=clock()))
    await client.post(f"{CONTENT}/keys/{trusted.public.key_id}/retire", headers=admin)
    retired = await client.put(
        f"{CONTENT}/assignments/all", json={"version_id": fresh}, headers=admin
    )
    assert (retired.status_code, retired.json()["code"]) == (409, "key_retired")


async def test_staged_roll_out_with_convergence_and_roll_back(
    app: FastAPI,
    client: httpx.AsyncClient,
    admin: dict[str, str],
    trusted: Publisher,
    kiosks: Kiosks,
    clock: FakeClock,
) -> None:
    pilot = [(await kiosks.enrol("kallio"))[1] for _ in range(2)]
    others = [(await kiosks.enrol("oodi"))[1] for _ in range(3)]
    everyone = pilot + others
    old, new = trusted.build(guides(4)), trusted.build(guides(5), version=2)
    old_id = await publish(client, admin, old)
    new_id = await publish(client, admin, new)
    await assign(client, admin, "all", old_id)
    for kiosk in everyone:
        await kiosk.check_in()
        await kiosk.sync()
        await kiosk.check_in()  # reports the installed manifest
    await app.state.checkins.flush()

    clock.advance(minutes=5)
    started = await client.post(
        f"{CONTENT}/rollouts", json={"version_id": new_id, "pilot_branch": "kallio"}, headers=admin
    )
    assert started.status_code == 201, started.text
    rollout = started.json()
    assert (rollout["stage"], rollout["previous"]) == ("pilot", {"kallio": None})
    assert rollout["convergence"]["targeted"] == 2
    assert rollout["convergence"]["confirmed"] == 0
    second = await client.post(
        f"{CONTENT}/rollouts", json={"version_id": old_id, "pilot_branch": "oodi"}, headers=admin
    )
    assert (second.status_code, second.json()["code"]) == (409, "rollout_in_progress")

    # Only the pilot branch is told about the new manifest.
    assert await targets(everyone) == [new.manifest_id] * 2 + [old.manifest_id] * 3
    clock.advance(seconds=40)
    for kiosk in pilot:
        await kiosk.sync()
        await kiosk.check_in()
    await app.state.checkins.flush()
    progress = await rollout_progress(client, admin, rollout["id"])
    assert (progress.targeted, progress.confirmed, progress.share) == (2, 2, 1.0)
    assert progress.time_to_95_seconds == 40.0
    assert progress.branches == [BranchConvergence(branch_id="kallio", targeted=2, confirmed=2)]

    # Promote: everyone is told; one kiosk cannot install it and says why.
    clock.advance(minutes=10)
    promoted = await client.post(f"{CONTENT}/rollouts/{rollout['id']}/promote", headers=admin)
    assert promoted.json()["stage"] == "all"
    assert promoted.json()["previous"] == {"kallio": None, "all": old_id}
    assert await targets(everyone) == [new.manifest_id] * 5
    clock.advance(seconds=30)
    for kiosk in others[:2]:
        await kiosk.sync()
        await kiosk.check_in()
    broken = others[2]
    broken.error = ContentError.BAD_BLOB
    await broken.check_in()
    await app.state.checkins.flush()
    progress = await rollout_progress(client, admin, rollout["id"])
    assert (progress.targeted, progress.confirmed, progress.share) == (5, 4, 0.8)
    assert progress.time_to_95_seconds is None  # 95 % of 5 is all 5
    assert progress.errors == {"bad_blob": 1}
    assert [(item.error, item.installed) for item in progress.failing] == [
        ("bad_blob", old.manifest_id)
    ]

    # The broken kiosk recovers a minute later: converged, 90 s after the promotion.
    clock.advance(minutes=1)
    broken.error = None
    await broken.sync()
    await broken.check_in()
    await app.state.checkins.flush()
    clock.advance(minutes=1)
    for kiosk in everyone:
        await kiosk.check_in()  # the same report again moves no clock
    await app.state.checkins.flush()
    progress = await rollout_progress(client, admin, rollout["id"])
    assert (progress.confirmed, progress.errors) == (5, {})
    assert progress.time_to_95_seconds == 90.0
    by_version = await client.get(f"{CONTENT}/versions/{new_id}/convergence", headers=admin)
    assert by_version.json()["time_to_95_seconds"] == 90.0

    # Roll back: every scope gets what it had before.
    back = await client.post(f"{CONTENT}/rollouts/{rollout['id']}/rollback", headers=admin)
    assert back.status_code == 200, back.text
    assert back.json()["stage"] == "rolled_back"
    assert await targets(everyone) == [old.manifest_id] * 5
    listed = (await client.get(f"{CONTENT}/assignments", headers=admin)).json()
    assert [(item["scope"], item["version_id"]) for item in listed] == [("all", old_id)]
    again = await client.post(f"{CONTENT}/rollouts/{rollout['id']}/rollback", headers=admin)
    assert (again.status_code, again.json()["code"]) == (409, "rollout_rolled_back")
    history = (await client.get(f"{CONTENT}/rollouts", headers=admin)).json()
    assert [(item["id"], item["stage"]) for item in history] == [(rollout["id"], "rolled_back")]


async def test_roll_back_in_the_pilot_restores_the_pilots_own_assignment(
    client: httpx.AsyncClient, admin: dict[str, str], trusted: Publisher, kiosks: Kiosks
) -> None:
    _, kiosk = await kiosks.enrol("kallio")
    mine, pilot = trusted.build(guides(2), bundle="kallio-info"), trusted.build(guides(3))
    mine_id = await publish(client, admin, mine)
    await assign(client, admin, "kallio", mine_id)
    started = await client.post(
        f"{CONTENT}/rollouts",
        json={"version_id": await publish(client, admin, pilot), "pilot_branch": "kallio"},
        headers=admin,
    )
    assert await targets([kiosk]) == [pilot.manifest_id]
    await client.post(f"{CONTENT}/rollouts/{started.json()['id']}/rollback", headers=admin)
    assert await targets([kiosk]) == [mine.manifest_id]


async def test_reports_are_written_only_when_they_change(fleet_db: FleetDb, kiosks: Kiosks) -> None:
    device, _ = await kiosks.enrol()
    at = dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)
    later = at + dt.timedelta(minutes=1)

    def record(manifest_id: str | None, error: str | None, when: dt.datetime) -> int:
        with fleet_db.engine.begin() as connection:
            report = ContentReport(manifest_id, error, when)
            return record_content_reports(connection, {device: report})

    def stored() -> tuple[object, ...]:
        with fleet_db.session() as session:
            row = session.get(DeviceContent, device)
            assert row is not None
            return (row.manifest_id, row.confirmed_at, row.error, row.error_at)

    assert record(None, None, at) == 0  # nothing installed, nothing to say
    assert record("a" * 32, None, at) == 1
    assert record("a" * 32, None, later) == 0
    assert stored() == ("a" * 32, at, None, None)
    assert record("a" * 32, "expired", later) == 1
    assert stored() == ("a" * 32, at, "expired", later)
    assert record("b" * 32, None, later + dt.timedelta(minutes=1)) == 1
    assert stored() == ("b" * 32, later + dt.timedelta(minutes=1), None, None)


async def rollout_progress(
    client: httpx.AsyncClient, admin: dict[str, str], rollout_id: int
) -> Convergence:
    reply = await client.get(f"{CONTENT}/rollouts/{rollout_id}", headers=admin)
    assert reply.status_code == 200, reply.text
    return Convergence.model_validate(reply.json()["convergence"])

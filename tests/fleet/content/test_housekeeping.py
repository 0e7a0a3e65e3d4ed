"""Content housekeeping: old versions pruned unless still needed, unlisted blobs after a grace."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import col, select

from fleet.content.housekeeping import PruneRules, prune
from fleet.content.models import ContentBlob, ContentVersion, ContentVersionBlob
from fleet.ops.models import AuditEntry
from tests.fleet.content.bundles import CONTENT, Publisher, guides, publish
from tests.fleet.content.conftest import Kiosks
from tests.fleet.content.test_sync import assign
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb

RULES = PruneRules(keep_versions=2, blob_grace=dt.timedelta(hours=24))


def stored(fleet_db: FleetDb) -> tuple[list[str], set[str]]:
    """The stored versions' labels, oldest first, and the stored blobs' hashes."""
    with fleet_db.session() as session:
        versions = session.exec(select(ContentVersion).order_by(col(ContentVersion.version))).all()
        blobs = set(session.exec(select(ContentBlob.sha256)).all())
    return [version.label for version in versions], blobs


def run_prune(fleet_db: FleetDb, now: dt.datetime, rules: PruneRules = RULES) -> list[str]:
    with fleet_db.session() as session:
        result = prune(session, rules, now)
        session.commit()
    return result.versions


@pytest.mark.asyncio
async def test_old_versions_go_unless_assigned_rolled_out_or_on_a_pc(
    client: httpx.AsyncClient,
    app: FastAPI,
    admin: dict[str, str],
    trusted: Publisher,
    kiosks: Kiosks,
    fleet_db: FleetDb,
    clock: FakeClock,
) -> None:
    _, kiosk = await kiosks.enrol("oodi")
    fleet_db.create_branch("kallio")
    built = [trusted.build(guides(3, version=n), version=n) for n in range(1, 7)]
    ids = [await publish(client, admin, item) for item in built]
    # v1 is still what Kallio shows; v2 is installed on the Oodi PC (it synced v2, and has
    # not yet fetched v6, now assigned to all).
    await assign(client, admin, "kallio", ids[0])
    await assign(client, admin, "all", ids[1])
    await kiosk.check_in()
    await kiosk.sync()
    await assign(client, admin, "all", ids[5])
    await kiosk.check_in()
    await app.state.checkins.flush()

    pruned = run_prune(fleet_db, clock() + dt.timedelta(days=2))

    # Keep 2 newest (v5, v6), v1 (assigned to Kallio), v2 (on a PC); v3 and v4 go.
    assert pruned == ["library@4", "library@3"]
    labels, blobs = stored(fleet_db)
    assert labels == ["library@1", "library@2", "library@5", "library@6"]
    # Blobs only v3 and v4 listed are gone (each version has its own bundle.yaml); the
    # guides every version shares stay.
    kept = {digest for n in (0, 1, 4, 5) for digest in built[n].blobs}
    for gone in (built[2], built[3]):
        only_theirs = set(gone.blobs) - kept
        assert only_theirs
        assert not only_theirs & blobs
    assert kept <= blobs
    with fleet_db.session() as session:
        audited = session.exec(select(AuditEntry).where(AuditEntry.action == "content.prune")).all()
        listed = session.exec(select(ContentVersionBlob.version_id).distinct()).all()
    assert sorted(entry.detail["label"] for entry in audited) == ["library@3", "library@4"]
    assert sorted(listed) == [ids[0], ids[1], ids[4], ids[5]]
    # The version list and the kiosk's sync still work after the prune.
    reply = await client.get(f"{CONTENT}/versions", headers=admin)
    assert [item["label"] for item in reply.json()] == [
        "library@6",
        "library@5",
        "library@2",
        "library@1",
    ]
    traffic = await kiosk.sync()
    assert kiosk.installed is not None
    assert kiosk.installed.manifest_id == built[5].manifest_id
    assert set(traffic.statuses) == {200}

    # Once the PC has v6 and Kallio follows all, v1 and v2 go too.
    await kiosk.check_in()
    await app.state.checkins.flush()
    assert (await client.delete(f"{CONTENT}/assignments/kallio", headers=admin)).status_code == 204
    assert run_prune(fleet_db, clock() + dt.timedelta(days=2)) == ["library@2", "library@1"]
    assert stored(fleet_db)[0] == ["library@5", "library@6"]


@pytest.mark.asyncio
async def test_a_roll_out_keeps_what_it_would_roll_back_to(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    trusted: Publisher,
    kiosks: Kiosks,
    fleet_db: FleetDb,
    clock: FakeClock,
) -> None:
    await kiosks.enrol("oodi")
    built = [trusted.build(guides(2, version=n), version=n) for n in range(1, 5)]
    ids = [await publish(client, admin, item) for item in built]
    await assign(client, admin, "all", ids[0])
    started = await client.post(
        f"{CONTENT}/rollouts", json={"version_id": ids[1], "pilot_branch": "oodi"}, headers=admin
    )
    assert started.status_code == 201, started.text
    rollout = started.json()["id"]
    promoted = await client.post(f"{CONTENT}/rollouts/{rollout}/promote", headers=admin)
    assert promoted.status_code == 200, promoted.text

    # v1 is what a roll-back restores; v2 is the roll-out's: both stay with keep=1.
    rules = PruneRules(keep_versions=1, blob_grace=dt.timedelta(0))
    assert run_prune(fleet_db, clock(), rules) == ["library@3"]
    back = await client.post(f"{CONTENT}/rollouts/{rollout}/rollback", headers=admin)
    assert back.status_code == 200, back.text
    assigned = (await client.get(f"{CONTENT}/assignments", headers=admin)).json()
    assert [(item["scope"], item["label"]) for item in assigned] == [("all", "library@1")]
    # keep=0 never prunes versions.
    assert run_prune(fleet_db, clock(), PruneRules(keep_versions=0)) == []


@pytest.mark.asyncio
async def test_unlisted_blobs_wait_out_the_grace_and_a_reupload_restarts_it(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    trusted: Publisher,
    fleet_db: FleetDb,
    clock: FakeClock,
) -> None:
    built = trusted.build(guides(3))
    # An interrupted publish: blobs uploaded, manifest never sent.
    for digest, data in built.blobs.items():
        reply = await client.put(blob_url_admin(digest), content=data, headers=admin)
        assert reply.status_code == 201, reply.text
    uploaded = set(built.blobs)

    assert run_prune(fleet_db, clock() + dt.timedelta(hours=23)) == []
    assert uploaded <= stored(fleet_db)[1]

    # The publisher retries the next day: re-uploading restarts each blob's clock ...
    with fleet_db.session() as session:
        for blob in session.exec(select(ContentBlob)):
            blob.uploaded_at = clock() - dt.timedelta(hours=23)
            session.add(blob)
        session.commit()
    for digest, data in built.blobs.items():
        reply = await client.put(blob_url_admin(digest), content=data, headers=admin)
        assert reply.status_code == 200, reply.text
    assert run_prune(fleet_db, clock() + dt.timedelta(hours=12)) == []
    assert uploaded <= stored(fleet_db)[1]
    # ... and once the manifest is in, the blobs are listed and never go.
    await publish(client, admin, built)
    run_prune(fleet_db, clock() + dt.timedelta(days=30))
    assert uploaded <= stored(fleet_db)[1]

    # An abandoned upload's blobs go after the grace.
    other = trusted.build({"bundle.yaml": b"id: other\nversion: 1\n"}, bundle="other")
    ((digest, data),) = other.blobs.items()
    reply = await client.put(blob_url_admin(digest), content=data, headers=admin)
    assert reply.status_code == 201
    with fleet_db.session() as session:
        result = prune(session, RULES, clock() + dt.timedelta(hours=25), dry_run=True)
        session.rollback()
    assert (result.blobs, result.blob_bytes, result.versions) == (1, len(data), [])
    assert digest in stored(fleet_db)[1]  # a dry run deletes nothing
    run_prune(fleet_db, clock() + dt.timedelta(hours=25))
    assert digest not in stored(fleet_db)[1]
    assert uploaded <= stored(fleet_db)[1]


def blob_url_admin(digest: str) -> str:
    return f"{CONTENT}/blobs/{digest}"


def test_the_prune_command_reports_what_it_did_and_refuses_a_negative_keep(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "FLEET_DATA_DIR": str(tmp_path / "var"), "FLEET_DATABASE_URL": ""}
    command = [sys.executable, "-m", "fleet", "content", "prune"]
    dry = subprocess.run([*command, "--dry-run"], env=env, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert "would delete 0 versions and 0 unlisted blobs (0.0 MiB)" in dry.stdout
    bad = subprocess.run([*command, "--keep", "-1"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2
    assert "--keep must be 0 or more" in bad.stderr

"""Publisher keys and uploads: only bundles signed by a trusted key, complete and intact, get in."""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from content.build import build
from content.manifest import Manifest, sign
from fleet.content import keys as content_keys
from fleet.content import service
from tests.fleet.content.bundles import CONTENT, Publisher, guides, publish, sha, trust
from tests.fleet.content.conftest import Kiosks
from tests.fleet.content.test_archive import MANIFEST, link, tar_of
from tests.support.clock import FakeClock
from tests.support.fleetdb import FleetDb

pytestmark = pytest.mark.asyncio

DEFAULT_BUNDLE = Path(__file__).resolve().parents[3] / "content" / "default"


# --- keys ------------------------------------------------------------------------------------


async def test_keys_rotate_and_kiosks_learn_them_in_their_config(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    kiosks: Kiosks,
    fleet_db: FleetDb,
    clock: FakeClock,
) -> None:
    old, new = Publisher.new(), Publisher.new()
    _, kiosk = await kiosks.enrol()
    assert kiosk.trusted == {}
    first_etag = kiosk.config_etag

    await trust(client, admin, old.public)
    await kiosk.check_in()
    assert kiosk.config_etag != first_etag
    assert set(kiosk.trusted) == {old.public.key_id}
    again = await client.post(f"{CONTENT}/keys", json=old.public.model_dump(), headers=admin)
    assert again.status_code == 200  # already trusted: nothing changes

    # Rotation: trust the new key, publish with it, retire the old one.
    clock.advance(minutes=5)
    await trust(client, admin, new.public)
    await publish(client, admin, new.build(guides(3)))
    retired = await client.post(f"{CONTENT}/keys/{old.public.key_id}/retire", headers=admin)
    assert retired.status_code == 200
    assert retired.json()["trusted"] is False
    await kiosk.check_in()
    assert set(kiosk.trusted) == {new.public.key_id}

    listed = (await client.get(f"{CONTENT}/keys", headers=admin)).json()
    assert [(key["key_id"], key["trusted"]) for key in listed] == [
        (old.public.key_id, False),
        (new.public.key_id, True),
    ]
    # Nothing signed with the retired key gets in, and it can never be trusted again.
    refused = await client.post(
        f"{CONTENT}/versions", content=old.build(guides(2), version=9).manifest_json, headers=admin
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "unknown_key")
    back = await client.post(f"{CONTENT}/keys", json=old.public.model_dump(), headers=admin)
    assert (back.status_code, back.json()["code"]) == (409, "key_retired")
    with fleet_db.session() as session:
        assert list(content_keys.trusted_keys(session)) == [new.public.key_id]


async def test_a_key_whose_id_does_not_match_is_refused(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    one, other = Publisher.new(), Publisher.new()
    body = {"key_id": one.public.key_id, "public_key": other.public.public_key}
    reply = await client.post(f"{CONTENT}/keys", json=body, headers=admin)
    assert (reply.status_code, reply.json()["code"]) == (422, "invalid_key")


async def test_staff_may_look_but_not_change(
    client: httpx.AsyncClient, staff: dict[str, str], publisher: Publisher
) -> None:
    assert (await client.get(f"{CONTENT}/versions", headers=staff)).status_code == 200
    reply = await client.post(f"{CONTENT}/keys", json=publisher.public.model_dump(), headers=staff)
    assert reply.status_code == 403


# --- blobs and manifests ---------------------------------------------------------------------


async def test_a_blob_must_have_the_hash_it_is_uploaded_under(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    data = b"slide image bytes"
    wrong = await client.put(f"{CONTENT}/blobs/{sha(b'other')}", content=data, headers=admin)
    assert (wrong.status_code, wrong.json()["code"]) == (422, "hash_mismatch")
    first = await client.put(f"{CONTENT}/blobs/{sha(data)}", content=data, headers=admin)
    assert first.status_code == 201
    assert first.json() == {"sha256": sha(data), "size": len(data), "created": True}
    second = await client.put(f"{CONTENT}/blobs/{sha(data)}", content=data, headers=admin)
    assert (second.status_code, second.json()["created"]) == (200, False)


async def test_manifest_refusals(
    client: httpx.AsyncClient, admin: dict[str, str], trusted: Publisher, clock: FakeClock
) -> None:
    built = trusted.build(guides(4))

    async def post(body: bytes) -> httpx.Response:
        return await client.post(f"{CONTENT}/versions", content=body, headers=admin)

    # Blobs first: the refusal lists exactly the missing ones.
    first_blob = next(iter(built.blobs))
    await client.put(
        f"{CONTENT}/blobs/{first_blob}", content=built.blobs[first_blob], headers=admin
    )
    missing = await post(built.manifest_json)
    assert (missing.status_code, missing.json()["code"]) == (409, "blobs_missing")
    assert {item["sha256"] for item in missing.json()["details"]} == set(built.blobs) - {first_blob}

    created = await publish(client, admin, built)
    again = await post(built.manifest_json)
    assert again.status_code == 200
    assert again.json() == {"version": again.json()["version"], "created": False}
    assert again.json()["version"]["id"] == created

    # The same bundle and version with other contents.
    clash = trusted.build(guides(5))
    await publish_blobs(client, admin, clash.blobs)
    reply = await post(clash.manifest_json)
    assert (reply.status_code, reply.json()["code"]) == (409, "version_exists")

    # Tampered after signing: the version number raised.
    data = built.signed.model_dump(mode="json")
    data["manifest"]["version"] = 2
    forged = await post(_json(data))
    assert (forged.status_code, forged.json()["code"]) == (422, "forged")

    # Signed by a key the fleet does not trust.
    stranger = Publisher.new().build(guides(2), version=3)
    await publish_blobs(client, admin, stranger.blobs)
    unknown = await post(stranger.manifest_json)
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_key")

    # Expired (signed long ago for a short while).
    old = trusted.build(
        guides(2),
        version=4,
        created_at=clock() - dt.timedelta(days=10),
        valid_for=dt.timedelta(days=1),
    )
    expired = await post(old.manifest_json)
    assert (expired.status_code, expired.json()["code"]) == (422, "expired")

    malformed = await post(b'{"manifest": {"bundle": "x"}, "signature": "nope"}')
    assert (malformed.status_code, malformed.json()["code"]) == (422, "malformed")


async def test_a_manifest_listing_a_wrong_size_is_refused(
    client: httpx.AsyncClient, admin: dict[str, str], trusted: Publisher
) -> None:
    built = trusted.build({"guides/a.md": b"aaaa"})
    await publish_blobs(client, admin, built.blobs)
    lying = Manifest.model_validate(
        {
            **built.signed.manifest.model_dump(),
            "files": [{**built.signed.manifest.files[0].model_dump(), "size": 3}],
        }
    )
    reply = await client.post(
        f"{CONTENT}/versions", content=sign(lying, trusted.private).to_json(), headers=admin
    )
    assert (reply.status_code, reply.json()["code"]) == (422, "size_mismatch")


async def publish_blobs(
    client: httpx.AsyncClient, headers: dict[str, str], blobs: dict[str, bytes]
) -> None:
    for digest, data in blobs.items():
        reply = await client.put(f"{CONTENT}/blobs/{digest}", content=data, headers=headers)
        assert reply.status_code in (200, 201), reply.text


def _json(data: object) -> bytes:
    return json.dumps(data).encode()


# --- archives --------------------------------------------------------------------------------


async def test_a_bundle_archive_publishes_in_one_request(
    client: httpx.AsyncClient, admin: dict[str, str], trusted: Publisher
) -> None:
    built = trusted.build(guides(6))
    reply = await client.post(f"{CONTENT}/bundles", content=built.tar(), headers=admin)
    assert reply.status_code == 201, reply.text
    version = reply.json()["version"]
    assert (version["label"], version["file_count"]) == ("library@1", 6)
    assert version["manifest_id"] == built.manifest_id
    plain = await client.post(
        f"{CONTENT}/bundles", content=built.tar(gzip=False, folder=""), headers=admin
    )
    assert (plain.status_code, plain.json()["created"]) == (200, False)


async def test_an_archive_with_a_forged_blob_is_refused(
    client: httpx.AsyncClient, admin: dict[str, str], trusted: Publisher
) -> None:
    built = trusted.build(guides(3))
    digest = next(iter(built.blobs))
    built.blobs[digest] = b"not what was signed"
    reply = await client.post(f"{CONTENT}/bundles", content=built.tar(), headers=admin)
    assert (reply.status_code, reply.json()["code"]) == (422, "hash_mismatch")
    versions = await client.get(f"{CONTENT}/versions", headers=admin)
    assert versions.json() == []


async def test_malicious_archives_are_refused_over_the_api(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    for archive in (
        tar_of(MANIFEST, ("../escape", b"x"), gzip=True),
        tar_of(MANIFEST, link("blobs/" + "a" * 64, "/etc/shadow", tarfile.SYMTYPE)),
    ):
        reply = await client.post(f"{CONTENT}/bundles", content=archive, headers=admin)
        assert (reply.status_code, reply.json()["code"]) == (422, "bad_archive")


async def test_uploads_have_their_own_size_limit(
    app: FastAPI, client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    limit = app.state.settings.max_content_bytes
    general = app.state.settings.max_body_bytes
    data = b"\1" * (general + 1)  # too big for any other route, fine for a blob
    reply = await client.put(f"{CONTENT}/blobs/{sha(data)}", content=data, headers=admin)
    assert reply.status_code == 201, reply.text
    app.state.settings.max_content_bytes = general  # the handler enforces it while streaming

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(3):
            yield b"\2" * (general // 2)

    streamed = await client.put(f"{CONTENT}/blobs/{'f' * 64}", content=chunks(), headers=admin)
    assert (streamed.status_code, streamed.json()["code"]) == (413, "payload_too_large")
    app.state.settings.max_content_bytes = limit
    refused = await client.post(
        f"{CONTENT}/keys",
        content=b"x" * (general + 1),
        headers={**admin, "Content-Type": "application/json"},
    )
    assert refused.status_code == 413


async def test_what_changed_between_versions(
    client: httpx.AsyncClient, admin: dict[str, str], trusted: Publisher, fleet_db: FleetDb
) -> None:
    files = guides(4)
    await publish(client, admin, trusted.build(files))
    files = dict(files)
    files["guides/guide-000.md"] = b"rewritten"
    del files["guides/guide-001.md"]
    files["slides/welcome.yaml"] = b"text: hello"
    second = await publish(client, admin, trusted.build(files, version=2))
    listed = (await client.get(f"{CONTENT}/versions", headers=admin)).json()
    assert [item["label"] for item in listed] == ["library@2", "library@1"]
    assert listed[0]["changes"] == {
        "previous_version": 1,
        "added": ["slides/welcome.yaml"],
        "removed": ["guides/guide-001.md"],
        "changed": ["guides/guide-000.md"],
    }
    assert listed[1]["changes"]["previous_version"] is None
    assert len(listed[1]["changes"]["added"]) == 4
    detail = (await client.get(f"{CONTENT}/versions/{second}", headers=admin)).json()
    assert [item["path"] for item in detail["files"]] == sorted(files)
    with fleet_db.session() as session:
        assert [item.label for item in service.list_versions(session, bundle="library")] == [
            "library@2",
            "library@1",
        ]


async def test_the_default_bundle_as_content_build_writes_it_uploads(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    trusted: Publisher,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    built = build(DEFAULT_BUNDLE, trusted.private, out, now=clock())
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(out, arcname=".")  # tar czf bundle.tgz -C out .
    reply = await client.post(f"{CONTENT}/bundles", content=buffer.getvalue(), headers=admin)
    assert reply.status_code == 201, reply.text
    version = reply.json()["version"]
    assert version["manifest_id"] == built.signed.manifest_id
    assert version["file_count"] == len(built.signed.manifest.files)

"""Kiosk sync over the device API: a conditional manifest, resumable blobs, and what it costs."""

from __future__ import annotations

import asyncio
import os

import httpx
import pytest
from fastapi import FastAPI

from content.manifest import parse
from fleet.protocol import API_PREFIX, Nudge
from tests.fleet.content.bundles import CONTENT, Publisher, guides, publish, sha
from tests.fleet.content.conftest import Kiosks
from tests.support.kiosks import bearer

pytestmark = pytest.mark.asyncio

MANIFEST = f"{API_PREFIX}/content/manifest"


def blob_url(digest: str) -> str:
    return f"{API_PREFIX}/content/blobs/{digest}"


async def assign(
    client: httpx.AsyncClient, admin: dict[str, str], scope: str, version_id: int
) -> None:
    reply = await client.put(
        f"{CONTENT}/assignments/{scope}", json={"version_id": version_id}, headers=admin
    )
    assert reply.status_code == 200, reply.text


async def test_the_manifest_is_conditional(
    client: httpx.AsyncClient, admin: dict[str, str], trusted: Publisher, kiosks: Kiosks
) -> None:
    _, kiosk = await kiosks.enrol()
    headers = bearer(kiosk.token)
    nothing = await client.get(MANIFEST, headers=headers)
    assert (nothing.status_code, nothing.content) == (204, b"")
    assert (await kiosk.check_in()).content_manifest_id is None

    built = trusted.build(guides(3))
    await assign(client, admin, "all", await publish(client, admin, built))
    assert (await kiosk.check_in()).content_manifest_id == built.manifest_id
    reply = await client.get(MANIFEST, headers=headers)
    assert reply.status_code == 200
    assert reply.headers["etag"] == f'"{built.manifest_id}"'
    assert reply.headers["cache-control"] == "no-cache"
    assert reply.headers["content-type"] == "application/json"
    assert parse(reply.content).manifest_id == built.manifest_id

    for tag in (
        f'"{built.manifest_id}"',
        f'W/"{built.manifest_id}"',
        f'"x", "{built.manifest_id}"',
    ):
        same = await client.get(MANIFEST, headers={**headers, "If-None-Match": tag})
        assert (same.status_code, same.content) == (304, b""), tag
        assert same.headers["etag"] == f'"{built.manifest_id}"'
    other = await client.get(MANIFEST, headers={**headers, "If-None-Match": '"0123"'})
    assert other.status_code == 200

    # Compressed for clients that accept gzip (httpx does, and decodes it): the same signed
    # bytes once decoded, in well under their size on the wire.
    for accept, encoded in (("gzip, deflate", True), ("br;q=1, gzip;q=0", False), ("", False)):
        wanted = {**headers, "Accept-Encoding": accept}
        async with client.stream("GET", MANIFEST, headers=wanted) as raw:
            body = await raw.aread()
        assert raw.headers.get("content-encoding") == ("gzip" if encoded else None), accept
        assert raw.headers["vary"] == "Accept-Encoding"
        assert parse(body).manifest_id == built.manifest_id
        assert (raw.num_bytes_downloaded < 0.7 * len(body)) is encoded, accept
    anonymous = await client.get(MANIFEST)
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "device_unknown")


async def test_blobs_resume_with_ranges_and_only_the_devices_own_are_served(
    client: httpx.AsyncClient, admin: dict[str, str], trusted: Publisher, kiosks: Kiosks
) -> None:
    _, kiosk = await kiosks.enrol()
    headers = bearer(kiosk.token)
    image = os.urandom(2 * 1024 * 1024 + 12_345)  # more than two database slices
    built = trusted.build({"images/hall.png": image, "guides/a.md": b"# A"})
    unassigned = trusted.build({"images/other.png": b"other image"}, version=2)
    await publish(client, admin, unassigned)
    digest = sha(image)
    assert (await client.get(blob_url(digest), headers=headers)).status_code == 404
    await assign(client, admin, "all", await publish(client, admin, built))

    whole = await client.get(blob_url(digest), headers=headers)
    assert whole.status_code == 200
    assert whole.content == image
    assert whole.headers["etag"] == f'"{digest}"'
    assert whole.headers["accept-ranges"] == "bytes"
    assert int(whole.headers["content-length"]) == len(image)

    size = len(image)
    cases = {
        "bytes=1000000-": (1_000_000, size - 1),
        "bytes=1048000-1049999": (1_048_000, 1_049_999),  # across a slice boundary
        "bytes=-5": (size - 5, size - 1),
        f"bytes=10-{size + 100}": (10, size - 1),
    }
    for header, (first, last) in cases.items():
        part = await client.get(blob_url(digest), headers={**headers, "Range": header})
        assert part.status_code == 206, header
        assert part.headers["content-range"] == f"bytes {first}-{last}/{size}"
        assert part.content == image[first : last + 1], header
    for header in (f"bytes={size}-", "bytes=5-2", "bytes=0-1,5-6", "bytes=-0", "lines=1-2"):
        bad = await client.get(blob_url(digest), headers={**headers, "Range": header})
        assert bad.status_code == 416, header
        assert bad.headers["content-range"] == f"bytes */{size}"
        assert bad.json()["code"] == "range_not_satisfiable"
    stale = await client.get(
        blob_url(digest), headers={**headers, "Range": "bytes=5-", "If-Range": '"other"'}
    )
    assert (stale.status_code, len(stale.content)) == (200, size)
    cached = await client.get(blob_url(digest), headers={**headers, "If-None-Match": f'"{digest}"'})
    assert (cached.status_code, cached.content) == (304, b"")

    # Blobs of versions not assigned to this device, unknown ones and bad names.
    other = sha(b"other image")
    assert (await client.get(blob_url(other), headers=headers)).status_code == 404
    assert (await client.get(blob_url("0" * 64), headers=headers)).status_code == 404
    assert (await client.get(blob_url("../etc"), headers=headers)).status_code in (404, 422)
    assert (await client.get(blob_url("A" * 64), headers=headers)).status_code == 422
    assert (await client.get(blob_url(digest))).status_code == 401


async def test_sync_costs_nothing_when_nothing_changed_and_one_blob_for_one_guide(
    app: FastAPI,
    client: httpx.AsyncClient,
    admin: dict[str, str],
    trusted: Publisher,
    kiosks: Kiosks,
) -> None:
    _, kiosk = await kiosks.enrol()
    files = guides(200)
    first = trusted.build(files)
    await assign(client, admin, "all", await publish(client, admin, first))
    await kiosk.check_in()
    initial = await kiosk.sync()
    assert initial.requests == 1 + 200
    assert initial.blob_bytes == first.signed.manifest.total_size
    assert kiosk.installed is not None
    assert kiosk.installed.manifest_id == first.manifest_id

    # Nothing changed: one request, answered 304, no bytes at all.
    idle = await kiosk.sync()
    assert (idle.requests, idle.statuses) == (1, [304])
    assert (idle.manifest_bytes, idle.blob_bytes) == (0, 0)

    # One guide changed: the manifest and exactly that guide's blob.
    files = dict(files)
    files["guides/guide-007.md"] = b"---\ntitle: Guide 7\n---\nNew wording.\n"
    second = trusted.build(files, version=2)
    await assign(client, admin, "all", await publish(client, admin, second))
    assert (await kiosk.check_in()).content_manifest_id == second.manifest_id
    delta = await kiosk.sync()
    assert delta.requests == 2
    assert delta.blobs == ["guides/guide-007.md"]
    assert delta.blob_bytes == len(files["guides/guide-007.md"])
    stored = await client.get(f"{CONTENT}/versions", params={"bundle": "library"}, headers=admin)
    assert stored.json()[0]["manifest_id"] == second.manifest_id
    assert delta.manifest_bytes == len(second.manifest_json)
    assert kiosk.installed is not None
    assert kiosk.installed.manifest_id == second.manifest_id


async def test_an_assignment_change_nudges_the_kiosks_it_moves(
    app: FastAPI,
    client: httpx.AsyncClient,
    admin: dict[str, str],
    trusted: Publisher,
    kiosks: Kiosks,
) -> None:
    oodi, _ = await kiosks.enrol("oodi")
    kallio, _ = await kiosks.enrol("kallio")
    if app.state.nudge_listener is not None:
        await asyncio.wait_for(app.state.nudge_listener.listening.wait(), 10)
    queues = {device: app.state.hub.subscribe(device) for device in (oodi, kallio)}
    version = await publish(client, admin, trusted.build(guides(2)))
    await assign(client, admin, "kallio", version)
    nudge = await asyncio.wait_for(queues[kallio].get(), 10)
    assert nudge == Nudge(reason="content")
    await asyncio.sleep(0.05)
    assert queues[oodi].empty()

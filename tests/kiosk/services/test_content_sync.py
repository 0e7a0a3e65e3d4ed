"""Content sync over real HTTP: conditional manifest, only missing blobs, resume, refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from content.manifest import SignedManifest
from fleet.protocol import API_PREFIX
from fleet.protocol.content import ContentError
from kiosk.services.client import DeviceClient
from kiosk.services.content_store import ContentStore
from kiosk.services.content_sync import ContentSync, SyncOutcome
from tests.kiosk.services.content_server import NOW, TOKEN, ContentServer, Publisher

BIG = bytes(range(256)) * 4096  # 1 MiB: several network reads
V1 = {"guides/a.md": b"alpha " * 100, "guides/b.md": b"beta", "images/big.png": BIG}
V2 = {**V1, "guides/b.md": b"beta, better"}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def publisher() -> Publisher:
    return Publisher.new()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ContentServer]:
    with ContentServer(tmp_path / "fleet") as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> ContentStore:
    return ContentStore(tmp_path / "kiosk" / "content")


@pytest_asyncio.fixture
async def client(server: ContentServer) -> AsyncIterator[DeviceClient]:
    async with DeviceClient(server.url, TOKEN) as device:
        yield device


@pytest.fixture
def sync(store: ContentStore, client: DeviceClient) -> ContentSync:
    return ContentSync(store, lambda: client, lambda: NOW, resume_delays=(0.01, 0.01, 0.01))


def publish(
    server: ContentServer, publisher: Publisher, files: dict[str, bytes], version: int
) -> SignedManifest:
    signed = publisher.sign(publisher.manifest(files, version))
    server.publish(signed, files)
    return signed


async def installed_v1(
    server: ContentServer, publisher: Publisher, sync: ContentSync
) -> SignedManifest:
    v1 = publish(server, publisher, V1, 1)
    result = await sync.sync(v1.manifest_id, publisher.trusted)
    assert result.outcome is SyncOutcome.INSTALLED
    server.requests.clear()
    return v1


@pytest.mark.asyncio
async def test_a_first_sync_fetches_every_blob_with_progress_and_installs(
    server: ContentServer, publisher: Publisher, sync: ContentSync, store: ContentStore
) -> None:
    v1 = publish(server, publisher, V1, 1)
    seen: list[tuple[int, int]] = []
    result = await sync.sync(v1.manifest_id, publisher.trusted, lambda d, t: seen.append((d, t)))
    assert result.outcome is SyncOutcome.INSTALLED
    assert result.manifest_id == v1.manifest_id
    assert result.error is None
    total = sum(len(data) for data in V1.values())
    assert result.blob_bytes == total
    assert store.installed() == v1
    assert {r.path.rsplit("/", 1)[1] for r in server.blob_requests} == {sha(d) for d in V1.values()}
    # The first request had nothing to compare with; every request carried the token.
    (manifest_get,) = server.of("GET", f"{API_PREFIX}/content/manifest")
    assert "If-None-Match" not in manifest_get.headers
    assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in server.requests)
    # Progress: from 0 to the total, never backwards, always against the same total.
    assert seen[0] == (0, total)
    assert seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert {t for _, t in seen} == {total}


@pytest.mark.asyncio
async def test_nothing_changed_is_one_request_and_no_blob_bytes(
    server: ContentServer, publisher: Publisher, sync: ContentSync
) -> None:
    v1 = await installed_v1(server, publisher, sync)
    result = await sync.sync(v1.manifest_id, publisher.trusted)
    assert result.outcome is SyncOutcome.UNCHANGED
    assert result.blob_bytes == 0
    (only,) = server.requests
    assert only.path == f"{API_PREFIX}/content/manifest"
    assert only.headers["If-None-Match"] == f'"{v1.manifest_id}"'
    assert not sync.wanted(v1.manifest_id, publisher.trusted)


@pytest.mark.asyncio
async def test_a_changed_file_moves_one_blob(
    server: ContentServer, publisher: Publisher, sync: ContentSync, store: ContentStore
) -> None:
    v1 = await installed_v1(server, publisher, sync)
    v2 = publish(server, publisher, V2, 2)
    assert sync.wanted(v2.manifest_id, publisher.trusted)
    result = await sync.sync(v2.manifest_id, publisher.trusted)
    assert result.outcome is SyncOutcome.INSTALLED
    assert result.blob_bytes == len(b"beta, better")
    assert [r.path for r in server.blob_requests] == [
        f"{API_PREFIX}/content/blobs/{sha(b'beta, better')}"
    ]
    assert (store.installed(), store.previous()) == (v2, v1)


@pytest.mark.asyncio
async def test_a_cut_download_resumes_with_a_range_request(
    server: ContentServer, publisher: Publisher, sync: ContentSync, store: ContentStore
) -> None:
    v1 = publish(server, publisher, V1, 1)
    server.faults.cut_after[sha(BIG)] = 300_000
    result = await sync.sync(v1.manifest_id, publisher.trusted)
    assert result.outcome is SyncOutcome.INSTALLED
    big = [r for r in server.blob_requests if r.path.endswith(sha(BIG))]
    assert [r.headers.get("Range") for r in big] == [None, "bytes=300000-"]
    # Every byte crossed the network once: the resumed part was not fetched again.
    assert result.blob_bytes == sum(len(data) for data in V1.values())
    (item,) = [f for f in v1.manifest.files if f.sha256 == sha(BIG)]
    assert store.path_of(item).read_bytes() == BIG


@pytest.mark.asyncio
async def test_a_download_cut_for_good_fails_and_the_next_sync_resumes(
    server: ContentServer,
    publisher: Publisher,
    store: ContentStore,
    client: DeviceClient,
) -> None:
    once = ContentSync(store, lambda: client, lambda: NOW, resume_delays=())
    v1 = publish(server, publisher, V1, 1)
    server.faults.cut_after[sha(BIG)] = 500_000
    failed = await once.sync(v1.manifest_id, publisher.trusted)
    assert failed.outcome is SyncOutcome.FAILED
    assert failed.error is ContentError.DOWNLOAD_FAILED
    assert once.last_error is ContentError.DOWNLOAD_FAILED
    assert store.installed() is None
    assert once.wanted(v1.manifest_id, publisher.trusted)  # a network failure is retried

    seen: list[int] = []
    again = await once.sync(v1.manifest_id, publisher.trusted, lambda d, _t: seen.append(d))
    assert again.outcome is SyncOutcome.INSTALLED
    assert once.last_error is None
    big = [r for r in server.blob_requests if r.path.endswith(sha(BIG))]
    assert big[-1].headers["Range"] == "bytes=500000-"
    # Only what was missing moved the second time, and progress started from the kept part.
    assert again.blob_bytes == len(BIG) - 500_000
    assert seen[0] == 500_000


@pytest.mark.asyncio
async def test_a_complete_part_left_by_a_crash_is_not_fetched_again(
    server: ContentServer, publisher: Publisher, sync: ContentSync, store: ContentStore
) -> None:
    v1 = publish(server, publisher, V1, 1)
    (item,) = [f for f in v1.manifest.files if f.sha256 == sha(BIG)]
    store.part_path(item).write_bytes(BIG)  # downloaded, but not yet renamed
    result = await sync.sync(v1.manifest_id, publisher.trusted)
    assert result.outcome is SyncOutcome.INSTALLED
    assert not [r for r in server.blob_requests if r.path.endswith(sha(BIG))]
    assert result.blob_bytes == sum(len(d) for d in V1.values()) - len(BIG)


@pytest.mark.asyncio
async def test_a_server_ignoring_range_still_gives_a_good_blob(
    server: ContentServer, publisher: Publisher, sync: ContentSync, store: ContentStore
) -> None:
    v1 = publish(server, publisher, V1, 1)
    server.faults.cut_after[sha(BIG)] = 100_000
    server.faults.ignore_range = True
    result = await sync.sync(v1.manifest_id, publisher.trusted)
    assert result.outcome is SyncOutcome.INSTALLED
    assert store.installed() == v1


def forged_json(signed: SignedManifest) -> bytes:
    data = json.loads(signed.to_json())
    data["manifest"]["version"] += 1  # the signature no longer covers this
    return json.dumps(data).encode()


@pytest.mark.asyncio
@pytest.mark.parametrize("case", ["forged", "unknown_key", "expired", "older_version", "malformed"])
async def test_a_bad_manifest_is_refused_without_fetching_a_blob(
    server: ContentServer,
    publisher: Publisher,
    sync: ContentSync,
    store: ContentStore,
    case: str,
) -> None:
    v2 = publish(server, publisher, V2, 2)
    assert (await sync.sync(v2.manifest_id, publisher.trusted)).outcome is SyncOutcome.INSTALLED
    server.requests.clear()
    offered = publisher.sign(publisher.manifest({**V2, "guides/new.md": b"new"}, 3))
    if case == "forged":
        server.publish(offered, {**V2, "guides/new.md": b"new"})
        server.publish_raw(forged_json(offered))
    elif case == "unknown_key":
        stranger = Publisher.new()
        offered = stranger.sign(stranger.manifest({**V2, "guides/new.md": b"new"}, 3))
        server.publish(offered, {**V2, "guides/new.md": b"new"})
    elif case == "expired":
        old = publisher.manifest(V1, 3, expires_at=NOW - dt.timedelta(minutes=1))
        offered = publisher.sign(old)
        server.publish(offered, V1)
    elif case == "older_version":
        offered = publish(server, publisher, V1, 1)
    else:
        server.publish_raw(b'{"manifest": {"version": "many"}}')
    result = await sync.sync("f" * 32, publisher.trusted)
    assert result.outcome is SyncOutcome.REFUSED
    assert result.error == ContentError(case)
    assert result.blob_bytes == 0
    assert server.blob_requests == []
    assert store.installed() == v2
    assert sync.last_error == ContentError(case)
    (only,) = server.requests
    assert only.path == f"{API_PREFIX}/content/manifest"
    # The check-in keeps naming it: not fetched again until the keys change or IT asks.
    refused_id = server.manifest_id()
    assert not sync.wanted(refused_id, publisher.trusted)
    assert sync.wanted(refused_id, {**publisher.trusted, **Publisher.new().trusted})
    sync.forget_refusal()
    assert sync.wanted(refused_id, publisher.trusted)


@pytest.mark.asyncio
async def test_a_corrupt_blob_is_refused_and_the_previous_version_stays(
    server: ContentServer, publisher: Publisher, sync: ContentSync, store: ContentStore
) -> None:
    v1 = await installed_v1(server, publisher, sync)
    v2 = publish(server, publisher, V2, 2)
    server.faults.replace[sha(b"beta, better")] = b"beta, bitter"  # same size, other bytes
    result = await sync.sync(v2.manifest_id, publisher.trusted)
    assert result.outcome is SyncOutcome.REFUSED
    assert result.error is ContentError.BAD_BLOB
    assert sync.last_error is ContentError.BAD_BLOB
    assert store.installed() == v1
    assert list(store.blobs_dir.glob("*.part")) == []
    # A bad blob may be fixed on the fleet under the same manifest: it is retried.
    assert sync.wanted(v2.manifest_id, publisher.trusted)
    del server.faults.replace[sha(b"beta, better")]
    assert (await sync.sync(v2.manifest_id, publisher.trusted)).outcome is SyncOutcome.INSTALLED
    assert sync.last_error is None


@pytest.mark.asyncio
@pytest.mark.parametrize("served", [b"beta, bett", b"beta, better!"], ids=["short", "long"])
async def test_a_truncated_or_overlong_blob_is_refused(
    server: ContentServer,
    publisher: Publisher,
    sync: ContentSync,
    store: ContentStore,
    served: bytes,
) -> None:
    v1 = await installed_v1(server, publisher, sync)
    v2 = publish(server, publisher, V2, 2)
    server.faults.replace[sha(b"beta, better")] = served
    result = await sync.sync(v2.manifest_id, publisher.trusted)
    assert (result.outcome, result.error) == (SyncOutcome.REFUSED, ContentError.BAD_BLOB)
    assert store.installed() == v1
    assert list(store.blobs_dir.glob("*.part")) == []


@pytest.mark.asyncio
async def test_nothing_assigned_keeps_what_is_installed(
    server: ContentServer, publisher: Publisher, sync: ContentSync, store: ContentStore
) -> None:
    v1 = await installed_v1(server, publisher, sync)
    (server.folder / "manifest.json").unlink()
    result = await sync.sync(None, publisher.trusted)
    assert result.outcome is SyncOutcome.NOTHING_ASSIGNED
    assert store.installed() == v1
    assert not sync.wanted(None, publisher.trusted)


@pytest.mark.asyncio
async def test_an_unreachable_fleet_is_a_failed_sync(
    publisher: Publisher, store: ContentStore
) -> None:
    async with DeviceClient("http://127.0.0.1:9", TOKEN) as nowhere:
        sync = ContentSync(store, lambda: nowhere, lambda: NOW, resume_delays=())
        result = await sync.sync("a" * 32, publisher.trusted)
    assert (result.outcome, result.error) == (SyncOutcome.FAILED, ContentError.DOWNLOAD_FAILED)


@pytest.mark.asyncio
async def test_a_full_disk_fails_the_sync_and_keeps_the_previous_version(
    server: ContentServer, publisher: Publisher, sync: ContentSync, store: ContentStore
) -> None:
    v1 = await installed_v1(server, publisher, sync)
    v2 = publish(server, publisher, V2, 2)
    (item,) = store.missing_blobs(v2.manifest)
    # /dev/full answers every write with ENOSPC: a real full disk, without filling one.
    store.part_path(item).symlink_to("/dev/full")
    result = await sync.sync(v2.manifest_id, publisher.trusted)
    assert (result.outcome, result.error) == (SyncOutcome.FAILED, ContentError.DISK_FULL)
    assert store.installed() == v1

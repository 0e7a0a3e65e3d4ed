"""The content store on real files: install, switch, keep the previous, collect garbage, refuse."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
from pathlib import Path

import pytest

from content.manifest import ManifestError, ManifestFile, SignedManifest
from kiosk.services.content_store import ContentStore
from tests.kiosk.services.content_server import NOW, Publisher

V1 = {"guides/a.md": b"alpha " * 100, "guides/b.md": b"beta", "images/c.png": b"\x89PNG c"}
V2 = {**V1, "guides/b.md": b"beta, better"}
V3 = {**V2, "guides/a.md": b"alpha, again"}


@pytest.fixture
def publisher() -> Publisher:
    return Publisher.new()


@pytest.fixture
def store(tmp_path: Path) -> ContentStore:
    return ContentStore(tmp_path / "content")


def put(
    store: ContentStore, publisher: Publisher, files: dict[str, bytes], version: int
) -> SignedManifest:
    """Sign ``files`` as ``version`` and store the blobs the store lacks."""
    signed = publisher.sign(publisher.manifest(files, version))
    by_hash = {hashlib.sha256(data).hexdigest(): data for data in files.values()}
    for item in store.missing_blobs(signed.manifest):
        store.add_blob(item, by_hash[item.sha256])
    return signed


def read(store: ContentStore, signed: SignedManifest, path: str) -> bytes:
    (item,) = [f for f in signed.manifest.files if f.path == path]
    return store.path_of(item).read_bytes()


def blob_names(store: ContentStore) -> set[str]:
    return {path.name for path in store.blobs_dir.iterdir()}


def test_a_first_install_becomes_current(store: ContentStore, publisher: Publisher) -> None:
    assert store.installed() is None
    signed = put(store, publisher, V1, 1)
    assert store.missing_blobs(signed.manifest) == []
    manifest = store.install(signed, publisher.trusted, NOW)
    assert manifest.version == 1
    assert store.installed() == signed
    assert store.installed_id() == signed.manifest_id
    assert store.previous() is None
    assert read(store, signed, "guides/a.md") == V1["guides/a.md"]
    pointer = json.loads(store.pointer_path.read_text())
    assert pointer == {"current": signed.manifest_id, "previous": None}
    # A second store on the same folder (the next start) sees the same.
    assert ContentStore(store.root).installed() == signed


def test_only_missing_blobs_are_listed_once_per_hash(
    store: ContentStore, publisher: Publisher
) -> None:
    store.install(put(store, publisher, V1, 1), publisher.trusted, NOW)
    twice = {**V2, "guides/copy.md": V2["guides/b.md"]}
    offered = publisher.manifest(twice, 2)
    missing = store.missing_blobs(offered)
    assert [item.sha256 for item in missing] == [hashlib.sha256(b"beta, better").hexdigest()]


def test_switching_keeps_the_previous_version_and_collects_older_ones(
    store: ContentStore, publisher: Publisher
) -> None:
    v1 = put(store, publisher, V1, 1)
    store.install(v1, publisher.trusted, NOW)
    v2 = put(store, publisher, V2, 2)
    store.install(v2, publisher.trusted, NOW)
    assert store.installed() == v2
    assert store.previous() == v1
    # The previous version is whole: a reader still on it keeps working.
    assert read(store, v1, "guides/b.md") == b"beta"
    assert read(store, v2, "guides/b.md") == b"beta, better"

    v3 = put(store, publisher, V3, 3)
    store.install(v3, publisher.trusted, NOW)
    assert (store.installed(), store.previous()) == (v3, v2)
    # v1's own blobs and folder are gone; blobs v1 shared with v2 or v3 stay.
    assert blob_names(store) == v2.manifest.blob_hashes() | v3.manifest.blob_hashes()
    assert hashlib.sha256(b"beta").hexdigest() not in blob_names(store)
    assert {p.name for p in store.versions_dir.iterdir()} == {v2.manifest_id, v3.manifest_id}


def test_the_kept_previous_version_may_come_back_and_nothing_older(
    store: ContentStore, publisher: Publisher
) -> None:
    # IT rolls a bad v3 back to v2: the PC still has v2 and accepts exactly that.
    v1 = put(store, publisher, V1, 1)
    store.install(v1, publisher.trusted, NOW)
    v2 = put(store, publisher, V2, 2)
    store.install(v2, publisher.trusted, NOW)
    v3 = put(store, publisher, V3, 3)
    store.install(v3, publisher.trusted, NOW)
    assert store.missing_blobs(v2.manifest) == []  # nothing to download for a roll-back
    store.install(v2, publisher.trusted, NOW)
    assert (store.installed(), store.previous()) == (v2, v3)
    # v1 is older and no longer the kept previous: refused (a replay cannot go further back).
    with pytest.raises(ManifestError) as caught:
        store.install(put(store, publisher, V1, 1), publisher.trusted, NOW)
    assert caught.value.code == "older_version"
    assert store.installed() == v2


def test_garbage_collection_removes_stale_parts_and_temporary_files(
    store: ContentStore, publisher: Publisher
) -> None:
    signed = put(store, publisher, V1, 1)
    stale = store.blobs_dir / ("0" * 64 + ".part")
    stale.write_bytes(b"abandoned download")
    (store.blobs_dir / ".x.tmp").write_bytes(b"crash leftover")
    (store.versions_dir / ("f" * 32)).mkdir()
    store.install(signed, publisher.trusted, NOW)
    assert blob_names(store) == signed.manifest.blob_hashes()
    assert [p.name for p in store.versions_dir.iterdir()] == [signed.manifest_id]


def test_installing_the_current_version_again_changes_nothing(
    store: ContentStore, publisher: Publisher
) -> None:
    v1 = put(store, publisher, V1, 1)
    store.install(v1, publisher.trusted, NOW)
    v2 = put(store, publisher, V2, 2)
    store.install(v2, publisher.trusted, NOW)
    store.install(v2, publisher.trusted, NOW)
    assert store.previous() == v1


def forged(signed: SignedManifest) -> SignedManifest:
    """The same signature over a changed manifest (a version bump nobody signed)."""
    changed = signed.manifest.model_copy(update={"version": signed.manifest.version + 10})
    return SignedManifest(manifest=changed, signature=signed.signature)


@pytest.mark.parametrize("case", ["forged", "unknown_key", "expired", "older_version"])
def test_a_refused_manifest_leaves_the_current_version_in_place(
    store: ContentStore, publisher: Publisher, case: str
) -> None:
    v1 = put(store, publisher, V1, 1)
    v2 = put(store, publisher, V2, 2)
    store.install(v2, publisher.trusted, NOW)
    before = store.pointer_path.read_bytes()
    offered, trusted = put(store, publisher, V3, 3), publisher.trusted
    if case == "forged":
        offered = forged(offered)
    elif case == "unknown_key":
        trusted = Publisher.new().trusted
    elif case == "expired":
        stale = publisher.manifest(V3, 3, expires_at=NOW - dt.timedelta(seconds=1))
        offered = publisher.sign(stale)
    else:
        offered = v1
    with pytest.raises(ManifestError) as caught:
        store.install(offered, trusted, NOW)
    assert caught.value.code == case
    assert store.installed() == v2
    assert store.pointer_path.read_bytes() == before
    assert not (store.versions_dir / offered.manifest_id).exists()


def test_a_blob_damaged_on_disk_is_refused_and_dropped(
    store: ContentStore, publisher: Publisher
) -> None:
    v1 = put(store, publisher, V1, 1)
    store.install(v1, publisher.trusted, NOW)
    v2 = put(store, publisher, V2, 2)
    (changed,) = [f for f in v2.manifest.files if f.path == "guides/b.md"]
    target = store.path_of(changed)
    target.write_bytes(b"beta, bitter")  # same length, other bytes
    with pytest.raises(ManifestError) as caught:
        store.install(v2, publisher.trusted, NOW)
    assert caught.value.code == "bad_blob"
    assert store.installed() == v1
    assert not target.exists()  # the next sync fetches it again
    assert store.missing_blobs(v2.manifest) == [changed]


def test_a_missing_blob_is_refused(store: ContentStore, publisher: Publisher) -> None:
    signed = publisher.sign(publisher.manifest(V1, 1))
    with pytest.raises(ManifestError) as caught:
        store.install(signed, publisher.trusted, NOW)
    assert caught.value.code == "bad_blob"
    assert store.installed() is None
    assert not store.pointer_path.exists()


def file_of(data: bytes, path: str = "guides/a.md") -> ManifestFile:
    return ManifestFile(
        path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data), kind="guide"
    )


@pytest.mark.parametrize(
    "bad", [b"alpha", b"alphx!", b"alpha!!"], ids=["truncated", "corrupt", "long"]
)
def test_add_blob_checks_size_and_hash_before_writing(store: ContentStore, bad: bytes) -> None:
    item = file_of(b"alpha!")
    with pytest.raises(ManifestError) as caught:
        store.add_blob(item, bad)
    assert caught.value.code == "bad_blob"
    assert blob_names(store) == set()


def test_a_partial_download_resumes_and_becomes_a_blob(
    store: ContentStore, publisher: Publisher
) -> None:
    data = bytes(range(256)) * 40
    manifest = publisher.manifest({"guides/a.md": data})
    (item,) = manifest.files
    assert store.missing_blobs(manifest) == [item]
    assert store.part_size(item) == 0
    with store.open_part(item, 0) as out:
        out.write(data[:3000])
    assert store.part_size(item) == 3000
    # Resuming at a lower offset than what is kept drops the rest (a server's Range answer).
    with store.open_part(item, 2500) as out:
        out.write(data[2500:])
    assert store.part_size(item) == len(data)
    store.finish_part(item)
    assert store.path_of(item).read_bytes() == data
    assert not store.part_path(item).exists()
    assert store.missing_blobs(manifest) == []


def test_a_bad_partial_download_is_thrown_away(store: ContentStore) -> None:
    data = b"x" * 5000
    item = file_of(data)
    with store.open_part(item, 0) as out:
        out.write(b"y" * 5000)
    with pytest.raises(ManifestError) as caught:
        store.finish_part(item)
    assert caught.value.code == "bad_blob"
    assert not store.part_path(item).exists()
    assert not store.path_of(item).exists()


def test_a_full_disk_is_a_content_error(store: ContentStore) -> None:
    item = file_of(b"z" * 100)
    # /dev/full answers every write with ENOSPC: a real full disk, without filling one.
    store.part_path(item).symlink_to("/dev/full")

    def download() -> None:
        with store.open_part(item, 0) as out:
            out.write(b"z" * 100)
            out.flush()

    with pytest.raises(ManifestError) as caught:
        download()
    assert caught.value.code == "disk_full"
    assert isinstance(caught.value.__cause__, OSError)
    assert caught.value.__cause__.errno == errno.ENOSPC


def test_a_damaged_pointer_reads_as_nothing_installed(
    store: ContentStore, publisher: Publisher
) -> None:
    store.install(put(store, publisher, V1, 1), publisher.trusted, NOW)
    store.pointer_path.write_text('{"current": "../../etc"}')
    assert ContentStore(store.root).installed() is None
    store.pointer_path.write_text("not json")
    assert ContentStore(store.root).installed() is None

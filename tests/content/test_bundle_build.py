"""Building bundles into blobs and a signed manifest, checking builds, and unpacking them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from content.build import build, verify_built
from content.bundle import BundleError, load_bundle, open_built, unpack
from content.manifest import (
    BLOBS_DIR,
    MANIFEST_NAME,
    ContentKey,
    ManifestError,
    load_built,
    new_signing_key,
    public_of,
)
from tests.content.bundle_files import copy_default, write_bundle
from tests.content.guide_files import guide_text

DEFAULT = Path(__file__).parents[2] / "content" / "default"
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def key() -> bytes:
    return new_signing_key()[1]


def trusted(private: bytes) -> dict[str, ContentKey]:
    public = public_of(private)
    return {public.key_id: public}


def blob_names(out: Path) -> set[str]:
    return {path.name for path in (out / BLOBS_DIR).iterdir()}


def test_the_default_content_builds_and_verifies(tmp_path: Path, key: bytes) -> None:
    out = tmp_path / "out"
    result = build(DEFAULT, key, out, now=NOW)
    manifest = result.signed.manifest
    assert manifest.label == "helsinki-libraries@1"
    assert manifest.created_at == NOW
    assert manifest.expires_at == NOW + dt.timedelta(days=90)
    assert manifest.key_id == public_of(key).key_id
    paths = {f.path: f.kind.value for f in manifest.files}
    assert paths["bundle.yaml"] == "bundle"
    assert paths["guides/ebooks.fi.md"] == "guide"
    assert paths["guides/images/scanner.svg"] == "image"
    assert paths["slides/20-e-library.yaml"] == "slide"
    assert paths["announcements/example-maintenance.yaml"] == "announcement"
    assert not any(p.endswith(".py") for p in paths)
    # every blob is named by the hash of the file it holds
    for item in manifest.files:
        data = (out / BLOBS_DIR / item.sha256).read_bytes()
        assert data == (DEFAULT / item.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item.sha256
    assert result.new_blobs == len(blob_names(out)) == len(manifest.blob_hashes())
    assert result.new_bytes == sum((out / BLOBS_DIR / h).stat().st_size for h in blob_names(out))
    # what is on disk verifies
    verified, problems = verify_built(out, trusted(key), NOW)
    assert verified == manifest
    assert problems == []
    assert load_built(out) == result.signed


def test_a_refused_build_writes_nothing(tmp_path: Path, key: bytes) -> None:
    source = write_bundle(tmp_path / "src")
    (source / "slides" / "e-library.yaml").write_text("id: [broken\n")
    with pytest.raises(BundleError):
        build(source, key, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_building_twice_gives_the_same_blobs_and_files(tmp_path: Path, key: bytes) -> None:
    out = tmp_path / "out"
    first = build(DEFAULT, key, out, now=NOW).signed.manifest
    blobs = blob_names(out)
    again = build(DEFAULT, key, out, now=NOW + dt.timedelta(hours=1))
    assert again.new_blobs == 0
    assert again.new_bytes == 0
    assert again.signed.manifest.files == first.files
    assert blob_names(out) == blobs
    other = tmp_path / "elsewhere"
    third = build(DEFAULT, key, other, now=NOW)
    assert third.signed.manifest.files == first.files
    assert blob_names(other) == blobs
    # the same key, time and content sign to the very same bytes (Ed25519 is deterministic)
    assert (other / MANIFEST_NAME).read_bytes() == third.signed.to_json()
    assert third.signed.manifest_id == build(DEFAULT, key, other, now=NOW).signed.manifest_id


def big_source(folder: Path) -> Path:
    """A 200-file bundle: bundle.yaml, a slide and 66 guides in fi, sv and en."""
    write_bundle(folder)
    (folder / "announcements" / "closed-early.yaml").unlink()
    (folder / "images" / "book.svg").unlink()
    slide = folder / "slides" / "e-library.yaml"
    slide.write_text(slide.read_text().replace("image: images/book.svg\n", ""))
    titles = {"fi": "Ohje", "sv": "Guide", "en": "Guide"}
    for number in range(66):
        for language, title in titles.items():
            text = guide_text(f"guide-{number:02}", language, title=f"{title} {number}")
            (folder / "guides" / f"guide-{number:02}.{language}.md").write_text(text)
    for path in (folder / "guides").glob("email-basics.*"):
        path.unlink()
    return folder


def test_changing_one_guide_in_200_files_adds_one_blob(tmp_path: Path, key: bytes) -> None:
    source = big_source(tmp_path / "src")
    out = tmp_path / "out"
    before = build(source, key, out, now=NOW).signed.manifest
    assert len(before.files) == 200
    blobs_before = blob_names(out)

    guide = source / "guides" / "guide-42.sv.md"
    guide.write_text(guide.read_text().replace("version: 1", "version: 2"))
    result = build(source, key, out, version=4, now=NOW + dt.timedelta(minutes=5))
    after = result.signed.manifest

    assert after.version == 4
    changed = {
        (a.path, a.sha256, b.sha256)
        for a, b in zip(before.files, after.files, strict=True)
        if a != b
    }
    assert [path for path, _, _ in changed] == ["guides/guide-42.sv.md"]
    (_, old_hash, new_hash) = changed.pop()
    assert result.new_blobs == 1
    assert result.new_bytes == guide.stat().st_size
    assert blob_names(out) == blobs_before | {new_hash}
    assert old_hash in blob_names(out)  # kiosks still on version 1 can finish their sync
    assert after.blob_hashes() - before.blob_hashes() == {new_hash}


def test_version_override_and_refusing_an_older_one(tmp_path: Path, key: bytes) -> None:
    source = write_bundle(tmp_path / "src")
    out = tmp_path / "out"
    assert build(source, key, out, now=NOW).signed.manifest.version == 3
    assert build(source, key, out, version=7, now=NOW).signed.manifest.version == 7
    before = (out / MANIFEST_NAME).read_bytes()
    with pytest.raises(ManifestError) as caught:
        build(source, key, out, now=NOW)  # bundle.yaml still says 3
    assert caught.value.code == "older_version"
    assert "--version 8" in str(caught.value)
    assert (out / MANIFEST_NAME).read_bytes() == before
    # another bundle may share the blob store
    (source / "bundle.yaml").write_text(
        (source / "bundle.yaml").read_text().replace("id: test-bundle", "id: other")
    )
    assert build(source, key, out, now=NOW).signed.manifest.label == "other@3"


def test_a_damaged_blob_in_the_store_is_rewritten(tmp_path: Path, key: bytes) -> None:
    source = write_bundle(tmp_path / "src")
    out = tmp_path / "out"
    manifest = build(source, key, out, now=NOW).signed.manifest
    slide = next(f for f in manifest.files if f.path == "slides/e-library.yaml")
    (out / BLOBS_DIR / slide.sha256).write_bytes(b"garbage")
    result = build(source, key, out, now=NOW)
    assert result.new_blobs == 1
    assert verify_built(out, trusted(key), NOW)[1] == []


def test_verify_finds_every_bad_blob(tmp_path: Path, key: bytes) -> None:
    source = write_bundle(tmp_path / "src")
    out = tmp_path / "out"
    manifest = build(source, key, out, now=NOW).signed.manifest
    by_path = {f.path: f for f in manifest.files}
    (out / BLOBS_DIR / by_path["bundle.yaml"].sha256).unlink()
    (out / BLOBS_DIR / by_path["images/book.svg"].sha256).write_bytes(b"<svg/>")
    slide = out / BLOBS_DIR / by_path["slides/e-library.yaml"].sha256
    data = bytearray(slide.read_bytes())
    data[10] ^= 1
    slide.write_bytes(bytes(data))
    _, problems = verify_built(out, trusted(key), NOW)
    assert {p.code for p in problems} == {"bad_blob"}
    messages = sorted(str(p) for p in problems)
    assert messages[0].startswith("bundle.yaml: blob")
    assert messages[0].endswith("is missing")
    assert "images/book.svg" in messages[1]
    assert "has 6 bytes" in messages[1]
    assert "slides/e-library.yaml" in messages[2]
    assert "does not match its hash" in messages[2]


def test_verify_refuses_a_forged_untrusted_or_expired_manifest(tmp_path: Path, key: bytes) -> None:
    out = tmp_path / "out"
    manifest = build(write_bundle(tmp_path / "src"), key, out, now=NOW).signed.manifest
    with pytest.raises(ManifestError) as caught:
        verify_built(out, trusted(new_signing_key()[1]), NOW)
    assert caught.value.code == "unknown_key"
    with pytest.raises(ManifestError) as caught:
        verify_built(out, trusted(key), manifest.expires_at)
    assert caught.value.code == "expired"
    data = json.loads((out / MANIFEST_NAME).read_text())
    data["manifest"]["expires_at"] = "2099-01-01T00:00:00Z"
    (out / MANIFEST_NAME).write_text(json.dumps(data))
    with pytest.raises(ManifestError) as caught:
        verify_built(out, trusted(key), NOW)
    assert caught.value.code == "forged"
    (out / MANIFEST_NAME).unlink()
    with pytest.raises(ManifestError) as caught:
        verify_built(out, trusted(key), NOW)
    assert caught.value.code == "missing"


def test_a_kiosk_opens_a_built_bundle(tmp_path: Path, key: bytes) -> None:
    """What the kiosk does after verifying the manifest: unpack its blobs, load the bundle."""
    source = copy_default(tmp_path / "src")
    out = tmp_path / "out"
    manifest = build(source, key, out, version=4, now=NOW).signed.manifest
    bundle = open_built(out, manifest, tmp_path / "active")
    assert bundle.info.version == 4  # the manifest's, not bundle.yaml's 1
    assert bundle.info.id == "helsinki-libraries"
    assert len(bundle.slides) == len(load_bundle(source).slides)
    assert bundle.guides.guides.keys() == load_bundle(source).guides.guides.keys()
    guide = bundle.guides.get("printing-scanning", "fi")
    assert guide is not None
    assert guide.images
    picture = bundle.guides.image_path(guide.images[0])
    assert picture is not None
    assert picture.is_file()
    assert picture.is_relative_to(tmp_path / "active")
    slide = bundle.slides[0]
    assert slide.image
    assert bundle.image_path(slide.image).read_bytes() == (source / slide.image).read_bytes()


def test_unpacking_checks_every_blob(tmp_path: Path, key: bytes) -> None:
    out = tmp_path / "out"
    manifest = build(write_bundle(tmp_path / "src"), key, out, now=NOW).signed.manifest
    victim = next(f for f in manifest.files if f.path == "images/book.svg")
    (out / BLOBS_DIR / victim.sha256).write_bytes(b"<svg>swapped</svg>")
    with pytest.raises(ManifestError) as caught:
        open_built(out, manifest, tmp_path / "next")
    assert caught.value.code == "bad_blob"
    assert "images/book.svg" in str(caught.value)
    assert not (tmp_path / "next").exists()
    (out / BLOBS_DIR / victim.sha256).unlink()
    with pytest.raises(ManifestError) as caught:
        unpack(out, manifest, tmp_path / "next")
    assert caught.value.code == "bad_blob"
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(ValueError, match="not empty"):
        unpack(out, manifest, tmp_path / "full")


def test_the_output_folder_may_not_be_inside_the_source(tmp_path: Path, key: bytes) -> None:
    source = write_bundle(tmp_path / "src")
    with pytest.raises(BundleError) as caught:
        build(source, key, source / "build")
    assert "outside the bundle folder" in str(caught.value)
    assert not (source / "build").exists()

"""The bundle the info screen shows: the installed version unpacked from the content store once,
the previous one if it cannot be opened, the shipped one before anything is installed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from content.build import build
from content.default import BUNDLE_DIRECTORY
from content.manifest import BLOBS_DIR, ContentKey, SignedManifest, new_signing_key
from kiosk.services.bundles import READY_SUFFIX, BundleLoader
from kiosk.services.content_store import ContentStore

NEW_SLIDE = """\
id: 60-new
text:
  fi: {title: Uutta, body: Uusi dia.}
  sv: {title: Nytt, body: En ny bild.}
  en: {title: New, body: A new slide.}
"""


class Publishing:
    """A bundle source (the shipped one, copied), its builds, and a kiosk's store."""

    def __init__(self, root: Path) -> None:
        self.source = root / "source"
        shutil.copytree(BUNDLE_DIRECTORY, self.source)
        self.out = root / "built"
        key, self.private = new_signing_key()
        self.trusted: dict[str, ContentKey] = {key.key_id: key}
        self.store = ContentStore(root / "kiosk" / "content")
        self.trees = root / "kiosk" / "content-trees"

    def publish(self, version: int, *, new_slide: bool = False) -> SignedManifest:
        if new_slide:
            (self.source / "slides" / "60-new.yaml").write_text(NEW_SLIDE, encoding="utf-8")
        now = dt.datetime.now(dt.UTC)
        signed = build(self.source, self.private, self.out, version=version, now=now).signed
        for item in self.store.missing_blobs(signed.manifest):
            self.store.add_blob(item, (self.out / BLOBS_DIR / item.sha256).read_bytes())
        self.store.install(signed, self.trusted, now)
        return signed

    def loader(self) -> BundleLoader:
        return BundleLoader(self.store, self.trees)


@pytest.fixture
def publishing(tmp_path: Path) -> Publishing:
    return Publishing(tmp_path)


def test_before_anything_is_installed_the_shipped_bundle(publishing: Publishing) -> None:
    bundle = publishing.loader().load()
    assert bundle.directory == BUNDLE_DIRECTORY
    assert len(bundle.slides) == 5
    assert not publishing.trees.exists()


def test_the_installed_version_is_unpacked_once_and_reused(publishing: Publishing) -> None:
    signed = publishing.publish(2, new_slide=True)
    bundle = publishing.loader().load()
    tree = publishing.trees / signed.manifest_id
    assert bundle.directory == tree
    assert bundle.info.version == 2
    assert [slide.id for slide in bundle.slides][-1] == "60-new"
    assert (publishing.trees / f"{signed.manifest_id}{READY_SUFFIX}").is_file()
    picture = bundle.image_path("images/clock.svg")
    assert picture.read_bytes() == (BUNDLE_DIRECTORY / "images" / "clock.svg").read_bytes()
    # The next start reads the unpacked tree; the blobs are not needed for that.
    for blob in publishing.store.blobs_dir.iterdir():
        blob.unlink()
    again = BundleLoader(publishing.store, publishing.trees).load()
    assert again.directory == tree
    assert [slide.id for slide in again.slides] == [slide.id for slide in bundle.slides]


def test_a_new_version_replaces_the_old_tree(publishing: Publishing) -> None:
    loader = publishing.loader()
    first = publishing.publish(2)
    assert len(loader.load().slides) == 5
    second = publishing.publish(3, new_slide=True)
    bundle = loader.load()
    assert bundle.directory == publishing.trees / second.manifest_id
    assert len(bundle.slides) == 6
    assert sorted(path.name for path in publishing.trees.iterdir()) == sorted(
        [second.manifest_id, f"{second.manifest_id}{READY_SUFFIX}"]
    )
    assert not (publishing.trees / first.manifest_id).exists()


def test_a_version_that_cannot_be_opened_falls_back_to_the_previous(
    publishing: Publishing,
) -> None:
    loader = publishing.loader()
    first = publishing.publish(2)
    loader.load()
    second = publishing.publish(3, new_slide=True)
    # The new version's slide blob is damaged on disk before it is first shown.
    (item,) = [f for f in second.manifest.files if f.path == "slides/60-new.yaml"]
    publishing.store.path_of(item).write_bytes(b"id: broken")
    bundle = BundleLoader(publishing.store, publishing.trees).load()
    assert bundle.directory == publishing.trees / first.manifest_id
    assert len(bundle.slides) == 5
    assert not (publishing.trees / second.manifest_id).exists()


def test_without_a_usable_version_the_shipped_bundle(publishing: Publishing) -> None:
    signed = publishing.publish(2)
    for blob in publishing.store.blobs_dir.iterdir():
        blob.unlink()
    bundle = publishing.loader().load()
    assert bundle.directory == BUNDLE_DIRECTORY
    assert not (publishing.trees / signed.manifest_id).exists()

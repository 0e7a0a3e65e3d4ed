"""The content bundle the kiosk shows: the installed version unpacked once, else the shipped one.

The content store keeps verified blobs named by their hash; slides and their pictures are
read from a bundle folder. :class:`BundleLoader` unpacks the installed manifest's blobs into
``<trees>/<manifest id>/`` the first time that version is used (every blob's hash checked
again on the way), marks it complete, and deletes the folders of older versions. A version
that cannot be opened falls back to the previous one, then to ``content/default``, so a
fresh or broken kiosk still has slides. Blocking (file system): call it from a thread.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from content.bundle import Bundle, BundleError, load_bundle, open_built
from content.default import BUNDLE_DIRECTORY
from content.manifest import ManifestError, SignedManifest
from kiosk.services.content_store import ContentStore

log = logging.getLogger(__name__)

#: Beside a complete tree: ``<manifest id>.ready`` (a crash mid-unpack leaves none).
READY_SUFFIX = ".ready"


class BundleLoader:
    """Opens the bundle in use; see the module docstring."""

    def __init__(self, store: ContentStore, trees: Path, default: Path = BUNDLE_DIRECTORY) -> None:
        self._store = store
        self._trees = trees
        self._default_dir = default
        self._default: Bundle | None = None
        self._opened: tuple[str, Bundle] | None = None

    def load(self) -> Bundle:
        """The installed bundle, or the previous one, or the shipped one (in that order)."""
        for signed in (self._store.installed(), self._store.previous()):
            if signed is None:
                continue
            try:
                bundle = self._open(signed)
            except (BundleError, ManifestError, OSError) as error:
                log.warning("content %s cannot be shown: %s", signed.manifest.label, error)
                continue
            self._prune(keep=signed.manifest_id)
            return bundle
        return self.default()

    def default(self) -> Bundle:
        """The bundle that ships with the kiosk (read once)."""
        if self._default is None:
            self._default = load_bundle(self._default_dir)
        return self._default

    def _open(self, signed: SignedManifest) -> Bundle:
        manifest_id = signed.manifest_id
        if self._opened is not None and self._opened[0] == manifest_id:
            return self._opened[1]
        tree = self._trees / manifest_id
        ready = self._trees / f"{manifest_id}{READY_SUFFIX}"
        if ready.is_file() and tree.is_dir():
            bundle = load_bundle(tree)
        else:
            ready.unlink(missing_ok=True)
            shutil.rmtree(tree, ignore_errors=True)
            self._trees.mkdir(parents=True, exist_ok=True)
            try:
                bundle = open_built(self._store.root, signed.manifest, tree)
            except (BundleError, ManifestError, OSError):
                shutil.rmtree(tree, ignore_errors=True)
                raise
            ready.touch()
        self._opened = (manifest_id, bundle)
        return bundle

    def _prune(self, keep: str) -> None:
        """Delete the trees of versions no longer in use."""
        if not self._trees.is_dir():
            return
        for path in self._trees.iterdir():
            if path.name in (keep, f"{keep}{READY_SUFFIX}"):
                continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

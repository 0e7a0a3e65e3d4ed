"""The kiosk's content store: verified blobs, installed manifests and an atomic current pointer.

Layout under ``<state dir>/content/``::

    blobs/<sha256>                  a verified blob, shared by every version that lists it
    blobs/<sha256>.part             a download in progress (resumed with an HTTP Range)
    versions/<manifest id>/manifest.json
    current                         {"current": "<manifest id>", "previous": "<id>" | null}

The pointer is one small JSON file replaced with ``os.replace`` (write a temporary file,
fsync, rename, fsync the folder): a crash leaves the old or the new pointer, never half of
one. A file rather than a symlink because the kiosk also runs on Windows, where symlinks
need privileges, and because current and previous change together in the same rename.
Blobs are immutable and named by their hash, so a reader that resolved a path through the
previous manifest keeps reading valid bytes while a new version is switched in; garbage
collection after each switch removes only what neither current nor previous lists.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from content.manifest import (
    MANIFEST_NAME,
    SHA256,
    ContentKey,
    Manifest,
    ManifestError,
    ManifestFile,
    SignedManifest,
    check_blob,
    check_not_older,
    parse,
    verify,
)
from kiosk.services.state import write_atomically

log = logging.getLogger(__name__)

POINTER_NAME = "current"
PART_SUFFIX = ".part"
_HASH_CHUNK = 1024 * 1024
#: Out of space, or over a quota (EDQUOT does not exist on Windows).
_DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_MANIFEST_ID = re.compile(r"^[0-9a-f]{32}$")


@contextlib.contextmanager
def _disk() -> Iterator[None]:
    """A full disk is a content error the fleet should see; other I/O errors stay OSError."""
    try:
        yield
    except OSError as exc:
        if exc.errno in _DISK_FULL:
            raise ManifestError("disk_full", "no space left for content") from exc
        raise


def _file_hash(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def unique_blobs(files: Iterable[ManifestFile]) -> list[ManifestFile]:
    """One file per distinct hash (two paths with the same bytes are one blob)."""
    seen: dict[str, ManifestFile] = {}
    for item in files:
        seen.setdefault(item.sha256, item)
    return list(seen.values())


class ContentStore:
    """Blobs and manifests under one folder. One writer at a time (the content sync)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.blobs_dir = root / "blobs"
        self.versions_dir = root / "versions"
        self.pointer_path = root / POINTER_NAME
        self.blobs_dir.mkdir(parents=True, exist_ok=True)
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        # Parsed manifests by id: installed() is asked at every check-in.
        self._manifests: dict[str, SignedManifest] = {}

    # --- what is installed ----------------------------------------------------------------------

    def _pointer(self) -> tuple[str | None, str | None]:
        try:
            raw = json.loads(self.pointer_path.read_bytes())
            current, previous = raw["current"], raw.get("previous")
        except FileNotFoundError:
            return None, None
        except (ValueError, KeyError, TypeError):
            log.warning("content pointer %s is damaged; treating as nothing installed", self.root)
            return None, None
        return (
            current if isinstance(current, str) and _MANIFEST_ID.match(current) else None,
            previous if isinstance(previous, str) and _MANIFEST_ID.match(previous) else None,
        )

    def _load(self, manifest_id: str | None) -> SignedManifest | None:
        if manifest_id is None:
            return None
        cached = self._manifests.get(manifest_id)
        if cached is not None:
            return cached
        try:
            signed = parse((self.versions_dir / manifest_id / MANIFEST_NAME).read_bytes())
        except (OSError, ManifestError):
            log.warning("installed manifest %s is unreadable", manifest_id)
            return None
        self._manifests[manifest_id] = signed
        return signed

    def installed(self) -> SignedManifest | None:
        """The manifest in use, or None before the first install."""
        return self._load(self._pointer()[0])

    def installed_id(self) -> str | None:
        signed = self.installed()
        return signed.manifest_id if signed is not None else None

    def previous(self) -> SignedManifest | None:
        """The version before the current one, kept (with its blobs) until the next switch."""
        return self._load(self._pointer()[1])

    # --- blobs ----------------------------------------------------------------------------------

    def path_of(self, file: ManifestFile) -> Path:
        """Where a listed file's bytes are (immutable; valid while its version is kept)."""
        return self.blobs_dir / file.sha256

    def has_blob(self, sha256: str) -> bool:
        return (self.blobs_dir / sha256).is_file()

    def missing_blobs(self, manifest: Manifest) -> list[ManifestFile]:
        """The files whose blob is not stored yet, one per distinct hash."""
        return [item for item in unique_blobs(manifest.files) if not self.has_blob(item.sha256)]

    def add_blob(self, file: ManifestFile, data: bytes) -> None:
        """Store a whole blob, after checking its size and hash."""
        check_blob(data, file)
        with _disk():
            write_atomically(self.path_of(file), data, mode=0o644)

    def part_path(self, file: ManifestFile) -> Path:
        return self.blobs_dir / f"{file.sha256}{PART_SUFFIX}"

    def part_size(self, file: ManifestFile) -> int:
        """How many bytes of an interrupted download are kept (0 if none)."""
        try:
            return self.part_path(file).stat().st_size
        except FileNotFoundError:
            return 0

    @contextlib.contextmanager
    def open_part(self, file: ManifestFile, offset: int) -> Iterator[BinaryIO]:
        """The partial file opened for writing at ``offset`` (anything after it is dropped)."""
        path = self.part_path(file)
        with _disk():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
            with os.fdopen(fd, "wb") as handle:
                if os.fstat(handle.fileno()).st_size != offset:
                    handle.truncate(offset)
                handle.seek(offset)
                yield handle

    def discard_part(self, file: ManifestFile) -> None:
        self.part_path(file).unlink(missing_ok=True)

    def finish_part(self, file: ManifestFile) -> None:
        """Check a complete download's size and hash and make it a blob; a bad one is deleted."""
        part = self.part_path(file)
        size, digest = _file_hash(part)
        if size != file.size or digest != file.sha256:
            part.unlink(missing_ok=True)
            raise ManifestError("bad_blob", f"{file.path}: the bytes do not match the manifest")
        with _disk():
            with part.open("rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(part, self.path_of(file))
            self._fsync_dir(self.blobs_dir)

    # --- switching ------------------------------------------------------------------------------

    def install(
        self, signed: SignedManifest, trusted: Mapping[str, ContentKey], now: dt.datetime
    ) -> Manifest:
        """Verify ``signed`` and every blob it lists, then make it current (the old one becomes
        previous). Raises :class:`ManifestError` and changes nothing in use on any failure."""
        manifest = verify(signed, trusted, now)
        current_id = self._pointer()[0]
        self.check_version(signed)
        new_id = signed.manifest_id
        if new_id == current_id:
            return manifest
        for item in unique_blobs(manifest.files):
            self._check_stored(item)
        with _disk():
            folder = self.versions_dir / new_id
            folder.mkdir(exist_ok=True)
            write_atomically(folder / MANIFEST_NAME, signed.to_json(), mode=0o644)
            pointer = {"current": new_id, "previous": current_id}
            write_atomically(self.pointer_path, json.dumps(pointer).encode(), mode=0o644)
        self._manifests[new_id] = signed
        log.info("content %s installed (%s)", manifest.label, new_id)
        self.collect_garbage()
        return manifest

    def check_version(self, signed: SignedManifest) -> None:
        """Refuse a version older than the installed one — except exactly the previous
        version kept here, which is how IT rolls a bad bundle back (docs/decisions/0010).

        A replayed old manifest can therefore undo at most the last update, and only to a
        version this PC has already run and that is still signed and unexpired.
        """
        current_id, previous_id = self._pointer()
        if previous_id is not None and signed.manifest_id == previous_id:
            return
        current = self._load(current_id)
        check_not_older(current.manifest if current else None, signed.manifest)

    def _check_stored(self, item: ManifestFile) -> None:
        path = self.path_of(item)
        try:
            size, digest = _file_hash(path)
        except FileNotFoundError:
            raise ManifestError("bad_blob", f"{item.path}: the blob is missing") from None
        if size != item.size or digest != item.sha256:
            # Damaged on disk: drop it so the next sync fetches it again.
            path.unlink(missing_ok=True)
            raise ManifestError("bad_blob", f"{item.path}: the stored bytes do not match")

    def collect_garbage(self) -> None:
        """Delete versions, blobs, partial and temporary files neither current nor previous
        needs. Runs right after a switch, when no download is in progress."""
        keep_ids = {manifest_id for manifest_id in self._pointer() if manifest_id is not None}
        keep_blobs: set[str] = set()
        for manifest_id in keep_ids:
            signed = self._load(manifest_id)
            if signed is None:
                # Unreadable: keep every blob rather than guess which ones it needs.
                return
            keep_blobs |= signed.manifest.blob_hashes()
        for folder in self.versions_dir.iterdir():
            if folder.name not in keep_ids:
                shutil.rmtree(folder, ignore_errors=True)
                self._manifests.pop(folder.name, None)
        for path in self.blobs_dir.iterdir():
            if not (SHA256.match(path.name) and path.name in keep_blobs):
                path.unlink(missing_ok=True)

    @staticmethod
    def _fsync_dir(path: Path) -> None:
        if hasattr(os, "O_DIRECTORY"):
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

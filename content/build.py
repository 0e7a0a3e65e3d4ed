"""Building a bundle into content-addressed blobs and a signed manifest, and checking a build.

``OUT/blobs/<sha256>`` is a store: builds of later versions add only the blobs that changed
(and leave the earlier ones, which kiosks still on an older version may need), and the new
signed manifest replaces ``OUT/manifest.json`` in one atomic step.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from content.bundle import Bundle, BundleError, Problem, load_bundle
from content.manifest import (
    BLOBS_DIR,
    MANIFEST_NAME,
    ContentKey,
    FileKind,
    Manifest,
    ManifestError,
    ManifestFile,
    SignedManifest,
    load_built,
    public_of,
    sign,
    verify,
)

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BuildResult:
    signed: SignedManifest
    bundle: Bundle
    new_blobs: int
    new_bytes: int


def build(
    source: Path,
    private_key: bytes,
    out: Path,
    *,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> BuildResult:
    """Check ``source`` (BundleError lists every problem; nothing is written then), write its
    files as blobs to ``out/blobs`` and the signed manifest to ``out/manifest.json``.

    ``version`` overrides bundle.yaml's. ManifestError ``older_version`` if ``out`` already
    holds a newer version of the same bundle (kiosks would refuse the new one).
    """
    if out.resolve().is_relative_to(source.resolve()):
        raise BundleError(
            [Problem(str(out), None, "the output folder must be outside the bundle folder")]
        )
    bundle = load_bundle(source)
    info = bundle.info
    created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    manifest_version = version if version is not None else info.version
    if not 1 <= manifest_version <= 2**31:
        raise ManifestError("malformed", f"version {manifest_version} is not between 1 and 2^31")
    _check_newer(out, info.id, manifest_version)
    contents = {item.path: item.source.read_bytes() for item in bundle.files}
    manifest = Manifest(
        bundle=info.id,
        version=manifest_version,
        languages=info.languages,
        created_at=created,
        expires_at=created + dt.timedelta(days=info.expires_in_days),
        key_id=public_of(private_key).key_id,
        files=tuple(
            ManifestFile(
                path=item.path,
                sha256=hashlib.sha256(contents[item.path]).hexdigest(),
                size=len(contents[item.path]),
                kind=item.kind,
            )
            for item in bundle.files
        ),
    )
    signed = sign(manifest, private_key)
    blobs = out / BLOBS_DIR
    blobs.mkdir(parents=True, exist_ok=True)
    new_blobs = new_bytes = 0
    for item in manifest.files:
        target = blobs / item.sha256
        if _blob_matches(target, item.sha256, item.size):
            continue
        _write_atomic(target, contents[item.path])
        new_blobs += 1
        new_bytes += item.size
    _write_atomic(out / MANIFEST_NAME, signed.to_json())
    return BuildResult(signed, bundle, new_blobs, new_bytes)


def _check_newer(out: Path, bundle_id: str, version: int) -> None:
    if not (out / MANIFEST_NAME).exists():
        return
    try:
        existing = load_built(out).manifest
    except ManifestError:
        return  # an unreadable old manifest is replaced
    if existing.bundle == bundle_id and existing.version > version:
        raise ManifestError(
            "older_version",
            f"{out / MANIFEST_NAME} holds version {existing.version} of {bundle_id}; kiosks "
            f"would refuse version {version}: raise the version (--version "
            f"{existing.version + 1})",
        )


def _blob_matches(path: Path, sha256: str, size: int) -> bool:
    try:
        if path.stat().st_size != size:
            return False
        return _file_sha256(path) == sha256
    except OSError:
        return False


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, then a rename."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- checking a build -----------------------------------------------------------------------


def verify_built(
    folder: Path, trusted: Mapping[str, ContentKey], now: dt.datetime
) -> tuple[Manifest, list[ManifestError]]:
    """The verified manifest of a built folder and every blob problem (missing, wrong size or
    bytes). ManifestError if the manifest itself is unreadable, forged, untrusted or expired."""
    manifest = verify(load_built(folder), trusted, now)
    problems: list[ManifestError] = []
    for item in manifest.files:
        path = folder / BLOBS_DIR / item.sha256
        try:
            size = path.stat().st_size
        except OSError:
            problems.append(
                ManifestError("bad_blob", f"{item.path}: blob {item.sha256} is missing")
            )
            continue
        if size != item.size:
            problems.append(
                ManifestError(
                    "bad_blob",
                    f"{item.path}: blob {item.sha256} has {size} bytes, the manifest says "
                    f"{item.size}",
                )
            )
        elif _file_sha256(path) != item.sha256:
            problems.append(
                ManifestError(
                    "bad_blob", f"{item.path}: blob {item.sha256} does not match its hash"
                )
            )
    return manifest, problems


def kind_counts(manifest: Manifest) -> dict[FileKind, int]:
    """How many files of each kind the manifest lists."""
    counts = dict.fromkeys(FileKind, 0)
    for item in manifest.files:
        counts[item.kind] += 1
    return counts

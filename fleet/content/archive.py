"""Reading an uploaded bundle archive (a tar of a built bundle folder) safely, in memory.

Nothing touches the file system. Only regular files are read; a link, device or FIFO
anywhere refuses the whole archive, and so does a name that is absolute, climbs out with
``..`` or appears twice. Sizes are checked from each header *before* its bytes are read, so a
gzip bomb is refused after reading at most the limit. The archive holds ``manifest.json``
and ``blobs/<sha256>``, at the top or inside one folder (``tar czf out.tgz out/``); other
regular files are skipped.
"""

from __future__ import annotations

import io
import lzma
import re
import tarfile
import zlib
from dataclasses import dataclass, field

from content.manifest import BLOBS_DIR, MANIFEST_NAME
from fleet.errors import FleetError

#: The manifest of a 10,000-file bundle is about 2 MB.
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_MEMBERS = 20_500
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ArchiveError(FleetError):
    """The archive cannot be used (422 ``bad_archive``)."""

    def __init__(self, message: str) -> None:
        super().__init__("bad_archive", message, 422)


@dataclass
class BundleArchive:
    """What a bundle archive holds: the signed manifest's bytes and the blobs by hash."""

    manifest: bytes
    blobs: dict[str, bytes] = field(default_factory=dict)


def read_bundle_archive(data: bytes, *, max_bytes: int) -> BundleArchive:
    """The manifest and blobs of a tar (plain, gzip, bzip2 or xz) of a built bundle folder.

    ``max_bytes`` bounds the unpacked total. Blob names are not checked against their bytes
    here; the upload checks every blob's hash.
    """
    manifest: bytes | None = None
    blobs: dict[str, bytes] = {}
    seen: set[str] = set()
    prefix: tuple[str, ...] | None = None
    unpacked = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
            for count, member in enumerate(tar, start=1):
                if count > MAX_MEMBERS:
                    raise ArchiveError(f"The archive holds more than {MAX_MEMBERS} entries.")
                parts = _safe_parts(member.name)
                if member.isdir():
                    continue
                if not member.isreg() or not parts:
                    raise ArchiveError(f"{member.name}: only regular files are allowed.")
                name = "/".join(parts)
                if name in seen:
                    raise ArchiveError(f"{member.name} appears twice.")
                seen.add(name)
                kind, where = _role(parts)
                if kind is None:
                    continue
                if prefix is None:
                    prefix = where
                elif where != prefix:
                    raise ArchiveError("manifest.json and blobs/ must sit in the same folder.")
                limit = MAX_MANIFEST_BYTES if kind == MANIFEST_NAME else max_bytes
                if member.size > limit or unpacked + member.size > max_bytes:
                    raise ArchiveError(f"The archive unpacks to more than {max_bytes} bytes.")
                unpacked += member.size
                handle = tar.extractfile(member)
                content = handle.read(member.size) if handle is not None else b""
                if len(content) != member.size:
                    raise ArchiveError(f"{member.name} is cut short.")
                if kind == MANIFEST_NAME:
                    manifest = content
                else:
                    blobs[kind] = content
    except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as error:
        raise ArchiveError("This is not a readable tar archive (plain or compressed).") from error
    if manifest is None:
        raise ArchiveError("The archive has no manifest.json.")
    return BundleArchive(manifest=manifest, blobs=blobs)


def _safe_parts(name: str) -> tuple[str, ...]:
    if name.startswith("/") or "\\" in name or "\x00" in name:
        raise ArchiveError(f"{name}: paths must be relative.")
    parts = tuple(part for part in name.split("/") if part not in ("", "."))
    if ".." in parts:
        raise ArchiveError(f"{name}: paths must stay inside the bundle folder.")
    return parts


def _role(parts: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """``("manifest.json" | <sha256> | None, the folder it sits in)``."""
    if parts[-1] == MANIFEST_NAME and len(parts) <= 2:
        return MANIFEST_NAME, parts[:-1]
    if len(parts) in (2, 3) and parts[-2] == BLOBS_DIR and _SHA256.match(parts[-1]):
        return parts[-1], parts[:-2]
    return None, ()

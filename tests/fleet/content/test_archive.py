"""Reading uploaded bundle archives: only regular files inside the folder, within limits."""

from __future__ import annotations

import io
import tarfile

import pytest

from fleet.content.archive import ArchiveError, read_bundle_archive


def tar_of(*entries: tarfile.TarInfo | tuple[str, bytes], gzip: bool = False) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz" if gzip else "w") as archive:
        for entry in entries:
            if isinstance(entry, tarfile.TarInfo):
                archive.addfile(entry)
            else:
                info = tarfile.TarInfo(entry[0])
                info.size = len(entry[1])
                archive.addfile(info, io.BytesIO(entry[1]))
    return buffer.getvalue()


def link(name: str, target: str, kind: bytes) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


def _claims(name: str, size: int) -> bytes:
    """A tar header claiming ``size`` bytes for ``name`` (the bytes never follow)."""
    info = tarfile.TarInfo(name)
    info.size = size
    return info.tobuf(format=tarfile.PAX_FORMAT)


MANIFEST = ("manifest.json", b"{}")


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (tar_of(MANIFEST, ("../escape", b"x")), "inside the bundle"),
        (tar_of(("out/../../etc/passwd", b"x"), MANIFEST), "inside the bundle"),
        (tar_of(("/etc/cron.d/evil", b"x"), MANIFEST), "relative"),
        (tar_of(MANIFEST, link("blobs/" + "a" * 64, "/etc/shadow", tarfile.SYMTYPE)), "regular"),
        (tar_of(MANIFEST, link("guide.md", "manifest.json", tarfile.LNKTYPE)), "regular"),
        (tar_of(MANIFEST, ("manifest.json", b"{}")), "twice"),
        (tar_of(("blobs/" + "b" * 64, b"x")), "no manifest.json"),
        (tar_of(("a/manifest.json", b"{}"), ("b/blobs/" + "c" * 64, b"x")), "same folder"),
        (b"certainly not a tar", "not a readable tar"),
    ],
)
def test_unsafe_archives_are_refused(archive: bytes, message: str) -> None:
    with pytest.raises(ArchiveError, match=message):
        read_bundle_archive(archive, max_bytes=1_000_000)


def test_an_oversized_archive_is_refused_before_its_bytes_are_read() -> None:
    big = tar_of(MANIFEST, ("blobs/" + "d" * 64, b"\0" * 600_000), gzip=True)
    assert len(big) < 5_000  # a small upload that unpacks large
    with pytest.raises(ArchiveError, match="more than 500000 bytes"):
        read_bundle_archive(big, max_bytes=500_000)
    # A header that claims a terabyte is refused on sight.
    with pytest.raises(ArchiveError, match="more than"):
        read_bundle_archive(_claims("blobs/" + "e" * 64, 10**12), max_bytes=500_000)


def test_a_folder_packed_from_inside_reads_back() -> None:
    blob = b"guide"
    digest = "9" * 64
    archive = tar_of(
        ("./manifest.json", b"{}"), (f"./blobs/{digest}", blob), ("./README", b"x"), gzip=True
    )
    read = read_bundle_archive(archive, max_bytes=1_000)
    assert (read.manifest, read.blobs) == (b"{}", {digest: blob})

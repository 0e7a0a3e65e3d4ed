"""Device API for content sync: the assigned manifest (conditional) and its blobs (resumable).

See fleet.protocol.content for the whole exchange. The manifest's ETag is its manifest id,
which the device row already carries (``content_target``), so a 304 costs no more than the
authentication; a 200 is gzip-compressed for kiosks that accept it (they all do). A device
may fetch only the blobs its target manifest lists. Blobs are streamed from the database in
slices, so neither a big image nor a resumed download is ever read whole into memory.
"""

from __future__ import annotations

import functools
import gzip
import re
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine, LargeBinary, Table, func, select

from fleet.content.models import ContentBlob, ContentVersion, ContentVersionBlob
from fleet.devices.router import DeviceDep
from fleet.errors import FleetError
from fleet.protocol import API_PREFIX, ApiError
from fleet.protocol.content import CONTENT_BLOB_PATH, CONTENT_MANIFEST_PATH

router = APIRouter(prefix=API_PREFIX, tags=["device API"])

_BLOB: Table = ContentBlob.__table__  # type: ignore[attr-defined]
_VERSION: Table = ContentVersion.__table__  # type: ignore[attr-defined]
_VERSION_BLOB: Table = ContentVersionBlob.__table__  # type: ignore[attr-defined]
#: Bytes per database read while streaming a blob.
SLICE = 1024 * 1024
_RANGE = re.compile(r"^bytes=([0-9]{0,18})-([0-9]{0,18})$")
_NO_CACHE = {"Cache-Control": "no-cache"}
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ApiError, "description": "Unknown, revoked or retired device"},
    422: {"model": ApiError, "description": "The request is malformed"},
}


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def etag_matches(header: str | None, tag: str) -> bool:
    """Whether an ``If-None-Match`` / ``If-Range`` value names ``tag`` (or is ``*``)."""
    if not header:
        return False
    for candidate in header.split(","):
        candidate = candidate.strip().removeprefix("W/")
        if candidate == "*" or candidate.strip('"') == tag:
            return True
    return False


def byte_range(header: str, size: int) -> tuple[int, int]:
    """The first and last byte of a single ``bytes=N-``, ``bytes=N-M`` or ``bytes=-N`` range."""
    match = _RANGE.match(header.strip())
    if match is None or match.group(1) == match.group(2) == "":
        raise _unsatisfiable(size)
    first, last = match.groups()
    if first == "":
        suffix = int(last)
        if suffix == 0:
            raise _unsatisfiable(size)
        return max(0, size - suffix), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if start >= size or end < start:
        raise _unsatisfiable(size)
    return start, min(end, size - 1)


def _unsatisfiable(size: int) -> FleetError:
    return FleetError(
        "range_not_satisfiable",
        f"Give one byte range within the blob's {size} bytes.",
        416,
        headers={"Content-Range": f"bytes */{size}"},
    )


@router.get(
    CONTENT_MANIFEST_PATH,
    summary="The signed content manifest assigned to this device",
    response_class=Response,
    responses={
        200: {"content": {"application/json": {}}, "description": "The signed manifest JSON"},
        204: {"description": "No content bundle is assigned to this device"},
        304: {"description": "The manifest named in If-None-Match is still the one"},
        **_ERRORS,
    },
)
async def get_manifest(
    request: Request,
    auth: DeviceDep,
    if_none_match: Annotated[str | None, Header(max_length=1000)] = None,
    accept_encoding: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    target = auth.content_target
    if target is None:
        return Response(status_code=204, headers=_NO_CACHE)
    etag = {"ETag": f'"{target}"', **_NO_CACHE}
    if etag_matches(if_none_match, target):
        return Response(status_code=304, headers=etag)

    def load() -> str | None:
        with _engine(request).connect() as connection:
            signed: str | None = connection.execute(
                select(_VERSION.c.signed).where(_VERSION.c.manifest_id == target)
            ).scalar()
            return signed

    signed = await run_in_threadpool(load)
    if signed is None:  # an assignment changed since the device row was read
        return Response(status_code=204, headers=_NO_CACHE)
    headers = {**etag, "Vary": "Accept-Encoding"}
    if accepts_gzip(accept_encoding):
        # The same signed bytes once decoded; a manifest is mostly hex digests, so this
        # about halves what a small update moves.
        headers["Content-Encoding"] = "gzip"
        return Response(gzipped(signed), media_type="application/json", headers=headers)
    return Response(signed.encode(), media_type="application/json", headers=headers)


def accepts_gzip(header: str | None) -> bool:
    """Whether an ``Accept-Encoding`` value accepts gzip (``q=0`` refuses it)."""
    for item in (header or "").split(","):
        name, _, params = item.partition(";")
        if name.strip().lower() in ("gzip", "x-gzip"):
            quality = params.strip().lower()
            return not re.fullmatch(r"q\s*=\s*0(\.0{0,3})?", quality)
    return False


@functools.lru_cache(maxsize=8)
def gzipped(signed: str) -> bytes:
    """The signed manifest compressed, once per manifest (the few assigned ones stay cached)."""
    return gzip.compress(signed.encode(), compresslevel=6, mtime=0)


@router.get(
    CONTENT_BLOB_PATH,
    summary="One blob of this device's manifest; Range resumes a cut download",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/octet-stream": {}}, "description": "The blob"},
        206: {"content": {"application/octet-stream": {}}, "description": "The asked range"},
        304: {"description": "The blob named in If-None-Match (blobs never change)"},
        404: {"model": ApiError, "description": "Not a blob of this device's manifest"},
        416: {"model": ApiError, "description": "The range is not within the blob"},
        **_ERRORS,
    },
)
async def get_blob(
    request: Request,
    sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")],
    auth: DeviceDep,
    range: Annotated[str | None, Header(max_length=200)] = None,
    if_range: Annotated[str | None, Header(max_length=200)] = None,
    if_none_match: Annotated[str | None, Header(max_length=1000)] = None,
    accept_encoding: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    target = auth.content_target
    engine = _engine(request)

    def size_if_listed() -> int | None:
        with engine.connect() as connection:
            size: int | None = connection.execute(
                select(_BLOB.c.size)
                .select_from(
                    _BLOB.join(_VERSION_BLOB, _VERSION_BLOB.c.sha256 == _BLOB.c.sha256).join(
                        _VERSION, _VERSION.c.id == _VERSION_BLOB.c.version_id
                    )
                )
                .where(_VERSION.c.manifest_id == target, _BLOB.c.sha256 == sha256)
            ).scalar()
            return size

    size = await run_in_threadpool(size_if_listed) if target is not None else None
    if size is None:
        raise FleetError("blob_not_found", "This device's manifest lists no such blob.", 404)
    headers = {
        "ETag": f'"{sha256}"',
        "Accept-Ranges": "bytes",
        # Named by their hash, blobs never change.
        "Cache-Control": "private, max-age=31536000, immutable",
    }
    if etag_matches(if_none_match, sha256):
        return Response(status_code=304, headers=headers)
    start, end, status = 0, size - 1, 200
    if range is not None and (if_range is None or etag_matches(if_range, sha256)):
        start, end = byte_range(range, size)
        status = 206
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(end - start + 1)
    return StreamingResponse(
        _slices(engine, sha256, start, end),
        status_code=status,
        headers=headers,
        media_type="application/octet-stream",
    )


async def _slices(engine: Engine, sha256: str, start: int, end: int) -> AsyncIterator[bytes]:
    """Bytes ``start..end`` of the blob, one database read per slice."""
    position = start
    while position <= end:
        length = min(SLICE, end - position + 1)

        def read(offset: int = position, count: int = length) -> bytes:
            with engine.connect() as connection:
                data = connection.execute(
                    select(func.substr(_BLOB.c.data, offset + 1, count, type_=LargeBinary)).where(
                        _BLOB.c.sha256 == sha256
                    )
                ).scalar()
                return bytes(data or b"")

        data = await run_in_threadpool(read)
        if not data:
            return
        yield data
        position += len(data)

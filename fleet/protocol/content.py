"""The content sync contract: how a kiosk learns of, fetches and reports a content bundle.

1. Each check-in reply names the manifest the kiosk should have
   (``CheckInResponse.content_manifest_id``; None: no bundle is assigned to it).
2. When that differs from the installed one, the kiosk asks
   ``GET {API_PREFIX}/content/manifest`` with ``If-None-Match: "<installed id>"``: 304 when
   nothing changed (one request, no bytes), else 200 with the signed manifest JSON
   (``content.manifest.SignedManifest``) and ``ETag: "<manifest id>"`` (gzip-encoded when
   the kiosk sends ``Accept-Encoding: gzip``); 204 when nothing is assigned.
3. It fetches each blob it lacks from ``GET {API_PREFIX}/content/blobs/{sha256}``
   (``Range: bytes=N-`` resumes a cut download with 206), checks every hash and the
   signature against ``DeviceConfig.content_keys``, refuses an older version or an expired
   manifest, and switches atomically.
4. It reports what it has and what went wrong in every check-in
   (``CheckInRequest.content_manifest_id`` / ``content_error``), so the fleet can show the
   roll-out's convergence and each PC's error.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from fleet.protocol.base import WireMessage

CONTENT_MANIFEST_PATH = "/content/manifest"
CONTENT_BLOB_PATH = "/content/blobs/{sha256}"


class ContentError(StrEnum):
    """Why a kiosk refused or could not install the offered manifest (it keeps the old one)."""

    FORGED = "forged"
    UNKNOWN_KEY = "unknown_key"
    EXPIRED = "expired"
    OLDER_VERSION = "older_version"
    BAD_BLOB = "bad_blob"
    MALFORMED = "malformed"
    DOWNLOAD_FAILED = "download_failed"
    DISK_FULL = "disk_full"


class ContentKeyInfo(WireMessage):
    """A content publisher key the kiosk trusts (``content.manifest.ContentKey`` on the wire)."""

    key_id: str = Field(pattern=r"^[A-Za-z0-9_-]{8}$")
    public_key: str = Field(pattern=r"^[A-Za-z0-9_-]{43}$")

"""Signed bundles built in memory, a kiosk that syncs them like the real one, admin calls.

The builder signs with the real ``content.manifest`` code (the same bytes ``content build``
writes to disk); the kiosk follows the sync contract in fleet.protocol.content and counts
every request and byte it moves, so tests can assert what a sync costs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tarfile
from dataclasses import dataclass, field

import httpx

from content.manifest import (
    ContentKey,
    FileKind,
    Manifest,
    ManifestFile,
    SignedManifest,
    check_blob,
    new_signing_key,
    parse,
    sign,
    verify,
)
from fleet.protocol import API_PREFIX, CheckInRequest, CheckInResponse, DeviceState
from fleet.protocol.content import ContentError
from tests.support.kiosks import bearer

CONTENT = "/api/admin/v1/content"
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _kind(path: str) -> FileKind:
    if path.startswith("guides/"):
        return FileKind.GUIDE
    if path.startswith("slides/"):
        return FileKind.SLIDE
    if path.endswith((".png", ".jpg")):
        return FileKind.IMAGE
    return FileKind.BUNDLE


@dataclass
class Built:
    """A signed manifest and its blobs, as ``content build`` leaves them in a folder."""

    signed: SignedManifest
    blobs: dict[str, bytes]

    @property
    def manifest_json(self) -> bytes:
        return self.signed.to_json()

    @property
    def manifest_id(self) -> str:
        return self.signed.manifest_id

    def tar(self, *, gzip: bool = True, folder: str = "out") -> bytes:
        """The built folder as ``tar c[z]f bundle.tar[.gz] out/`` makes it."""
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz" if gzip else "w") as archive:
            entries = {"manifest.json": self.manifest_json}
            entries.update({f"blobs/{digest}": data for digest, data in self.blobs.items()})
            for name, data in entries.items():
                info = tarfile.TarInfo(f"{folder}/{name}" if folder else name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
        return buffer.getvalue()


@dataclass
class Publisher:
    """A content publisher's key pair."""

    public: ContentKey
    private: bytes

    @classmethod
    def new(cls) -> Publisher:
        public, private = new_signing_key()
        return cls(public, private)

    def build(
        self,
        files: dict[str, bytes],
        *,
        bundle: str = "library",
        version: int = 1,
        created_at: dt.datetime = START,
        valid_for: dt.timedelta = dt.timedelta(days=60),
    ) -> Built:
        manifest = Manifest(
            bundle=bundle,
            version=version,
            languages=("fi", "sv", "en"),
            created_at=created_at,
            expires_at=created_at + valid_for,
            key_id=self.public.key_id,
            files=tuple(
                ManifestFile(path=path, sha256=sha(data), size=len(data), kind=_kind(path))
                for path, data in files.items()
            ),
        )
        return Built(sign(manifest, self.private), {sha(data): data for data in files.values()})


def guides(count: int, *, version: int = 1) -> dict[str, bytes]:
    """``count`` distinct guide files (plus bundle.yaml), each a few hundred bytes."""
    files = {"bundle.yaml": f"id: library\nversion: {version}\n".encode()}
    for number in range(count - 1):
        body = f"---\ntitle: Guide {number}\n---\n" + f"Step {number}. " * 30
        files[f"guides/guide-{number:03d}.md"] = body.encode()
    return files


async def publish(client: httpx.AsyncClient, headers: dict[str, str], built: Built) -> int:
    """Upload every blob and the manifest; returns the version id."""
    for digest, data in built.blobs.items():
        reply = await client.put(f"{CONTENT}/blobs/{digest}", content=data, headers=headers)
        assert reply.status_code in (200, 201), reply.text
    reply = await client.post(f"{CONTENT}/versions", content=built.manifest_json, headers=headers)
    assert reply.status_code in (200, 201), reply.text
    return int(reply.json()["version"]["id"])


async def trust(client: httpx.AsyncClient, headers: dict[str, str], key: ContentKey) -> None:
    reply = await client.post(f"{CONTENT}/keys", json=key.model_dump(), headers=headers)
    assert reply.status_code in (200, 201), reply.text


@dataclass
class Traffic:
    """What one sync moved over the wire."""

    requests: int = 0
    manifest_bytes: int = 0
    blob_bytes: int = 0
    blobs: list[str] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)


@dataclass
class SyncingKiosk:
    """A kiosk's content sync, reduced to the contract: check in, fetch, verify, install."""

    client: httpx.AsyncClient
    token: str
    now: dt.datetime = START
    store: dict[str, bytes] = field(default_factory=dict)
    installed: SignedManifest | None = None
    error: ContentError | None = None
    config_etag: str | None = None
    trusted: dict[str, ContentKey] = field(default_factory=dict)

    async def check_in(self) -> CheckInResponse:
        body = CheckInRequest(
            state=DeviceState.IDLE,
            app_version="1.0",
            config_etag=self.config_etag,
            content_manifest_id=self.installed.manifest_id if self.installed else None,
            content_error=self.error,
        )
        reply = await self.client.post(
            f"{API_PREFIX}/checkin", content=body.model_dump_json(), headers=bearer(self.token)
        )
        assert reply.status_code == 200, reply.text
        answer = CheckInResponse.model_validate_json(reply.content)
        self.config_etag = answer.config_etag
        if answer.config is not None:
            self.trusted = {
                key.key_id: ContentKey(key_id=key.key_id, public_key=key.public_key)
                for key in answer.config.content_keys
            }
        return answer

    async def sync(self) -> Traffic:
        """Fetch the manifest conditionally and any missing blobs; install if all is well."""
        traffic = Traffic()
        headers = bearer(self.token)
        if self.installed is not None:
            headers["If-None-Match"] = f'"{self.installed.manifest_id}"'
        reply = await self.client.get(f"{API_PREFIX}/content/manifest", headers=headers)
        traffic.requests += 1
        traffic.statuses.append(reply.status_code)
        traffic.manifest_bytes += len(reply.content)
        if reply.status_code in (204, 304):
            return traffic
        assert reply.status_code == 200, reply.text
        assert reply.headers["etag"].strip('"') == parse(reply.content).manifest_id
        signed = parse(reply.content)
        manifest = verify(signed, self.trusted, self.now)
        for item in manifest.files:
            if item.sha256 in self.store:
                continue
            blob = await self.client.get(
                f"{API_PREFIX}/content/blobs/{item.sha256}", headers=bearer(self.token)
            )
            traffic.requests += 1
            traffic.statuses.append(blob.status_code)
            assert blob.status_code == 200, blob.text
            check_blob(blob.content, item)
            traffic.blob_bytes += len(blob.content)
            traffic.blobs.append(item.path)
            self.store[item.sha256] = blob.content
        self.installed = signed
        return traffic

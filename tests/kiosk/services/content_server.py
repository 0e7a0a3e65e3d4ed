"""Signed test bundles, and a loopback HTTP server serving them the way the device API does.

The server is a real HTTP/1.1 peer (``http.server`` in a thread) speaking the content
contract of ``fleet.protocol.content``: a conditional manifest GET (ETag, 304, 204) and
blobs with Range (206). It can misbehave on purpose: cut a blob's connection after N
bytes, serve wrong bytes, ignore Range. It records every request with its headers.
It also answers ``/checkin`` and ``/events`` so a whole :class:`KioskShell` can run against it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from content.manifest import (
    BLOBS_DIR,
    MANIFEST_NAME,
    ContentKey,
    FileKind,
    Manifest,
    ManifestFile,
    SignedManifest,
    new_signing_key,
    sign,
)
from fleet.protocol import (
    API_PREFIX,
    CheckInResponse,
    DayHours,
    DeviceConfig,
    LocalizedText,
    OpeningHours,
    Policy,
)
from fleet.protocol.content import ContentKeyInfo

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
TOKEN = "device-token"
_BLOB_PATH = re.compile(rf"^{API_PREFIX}/content/blobs/([0-9a-f]{{64}})$")
_RANGE = re.compile(r"^bytes=(\d+)-$")


@dataclass
class Publisher:
    """A signing key and the bundles it built."""

    private: bytes
    key: ContentKey

    @classmethod
    def new(cls) -> Publisher:
        key, private = new_signing_key()
        return cls(private, key)

    @property
    def trusted(self) -> dict[str, ContentKey]:
        return {self.key.key_id: self.key}

    def manifest(
        self,
        files: Mapping[str, bytes],
        version: int = 1,
        *,
        expires_at: dt.datetime | None = None,
        bundle: str = "oodi",
    ) -> Manifest:
        return Manifest(
            bundle=bundle,
            version=version,
            languages=("fi", "sv", "en"),
            created_at=NOW - dt.timedelta(hours=1),
            expires_at=expires_at or NOW + dt.timedelta(days=30),
            key_id=self.key.key_id,
            files=tuple(
                ManifestFile(
                    path=path,
                    sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data),
                    kind=FileKind.GUIDE,
                )
                for path, data in files.items()
            ),
        )

    def sign(self, manifest: Manifest) -> SignedManifest:
        return sign(manifest, self.private)


def write_bundle(folder: Path, signed: SignedManifest, files: Mapping[str, bytes]) -> None:
    """A built bundle folder: ``manifest.json`` and ``blobs/<sha256>``."""
    (folder / BLOBS_DIR).mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST_NAME).write_bytes(signed.to_json())
    for data in files.values():
        (folder / BLOBS_DIR / hashlib.sha256(data).hexdigest()).write_bytes(data)


def config_with(keys: list[ContentKey]) -> DeviceConfig:
    return DeviceConfig(
        device_id=1,
        device_name="oodi-01",
        branch_id="oodi",
        branch_name=LocalizedText(fi="Oodi", sv="Ode", en="Oodi"),
        opening_hours=OpeningHours(weekly=[DayHours()] * 7),
        policy=Policy(checkin_interval_seconds=3600),
        content_keys=[ContentKeyInfo(key_id=k.key_id, public_key=k.public_key) for k in keys],
    )


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class Faults:
    """Misbehaviour, per blob hash."""

    #: Send the headers and this many bytes, then close the connection (once per entry).
    cut_after: dict[str, int] = field(default_factory=dict)
    #: Serve these bytes instead of the blob's.
    replace: dict[str, bytes] = field(default_factory=dict)
    ignore_range: bool = False


class ContentServer:
    """Serves ``folder`` (a built bundle, or nothing: 204) under the device API prefix."""

    def __init__(self, folder: Path, token: str = TOKEN) -> None:
        self.folder = folder
        self.token = token
        self.faults = Faults()
        self.requests: list[Request] = []
        #: What ``/checkin`` replies (config and the manifest id to have).
        self.checkin_reply = CheckInResponse(config_etag="none")
        self.signed_raw: bytes | None = None
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def publish(self, signed: SignedManifest, files: Mapping[str, bytes]) -> None:
        write_bundle(self.folder, signed, files)

    def publish_raw(self, manifest_json: bytes) -> None:
        """Serve these manifest bytes as they are (a forged or malformed manifest)."""
        (self.folder / BLOBS_DIR).mkdir(parents=True, exist_ok=True)
        (self.folder / MANIFEST_NAME).write_bytes(manifest_json)

    def of(self, method: str, prefix: str = "") -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    @property
    def blob_requests(self) -> list[Request]:
        return self.of("GET", f"{API_PREFIX}/content/blobs/")

    def __enter__(self) -> ContentServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def manifest_id(self) -> str:
        """The ETag of the manifest served now."""
        return self._manifest_id((self.folder / MANIFEST_NAME).read_bytes())

    @staticmethod
    def _manifest_id(raw: bytes) -> str:
        try:
            return SignedManifest.model_validate_json(raw).manifest_id
        except ValueError:
            return hashlib.sha256(raw).hexdigest()[:32]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet test output

            def _record(self, body: bytes = b"") -> None:
                with server._lock:
                    server.requests.append(
                        Request(self.command, self.path, dict(self.headers.items()), body)
                    )

            def _reply(
                self, status: int, body: bytes = b"", headers: Mapping[str, str] | None = None
            ) -> None:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if status not in (204, 304):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body and self.command != "HEAD":
                    self.wfile.write(body)

            def _authorised(self) -> bool:
                if self.headers.get("Authorization") == f"Bearer {server.token}":
                    return True
                self._reply(401, b'{"code": "unauthorized", "message": "no"}')
                return False

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self._record(body)
                if not self._authorised():
                    return
                if self.path == f"{API_PREFIX}/checkin":
                    reply = server.checkin_reply.model_dump_json().encode()
                    self._reply(200, reply, {"Content-Type": "application/json"})
                elif self.path == f"{API_PREFIX}/events":
                    count = len(json.loads(body)["events"])
                    answer = json.dumps({"accepted": count, "duplicates": 0}).encode()
                    self._reply(200, answer, {"Content-Type": "application/json"})
                else:
                    self._reply(404, b'{"code": "not_found", "message": "no"}')

            def do_GET(self) -> None:
                self._record()
                if not self._authorised():
                    return
                if self.path == f"{API_PREFIX}/content/manifest":
                    self._manifest()
                elif match := _BLOB_PATH.match(self.path):
                    self._blob(match.group(1))
                else:
                    self._reply(404, b'{"code": "not_found", "message": "no"}')

            def _manifest(self) -> None:
                path = server.folder / MANIFEST_NAME
                if not path.is_file():
                    self._reply(204)
                    return
                raw = path.read_bytes()
                etag = f'"{server._manifest_id(raw)}"'
                if self.headers.get("If-None-Match") == etag:
                    self._reply(304, headers={"ETag": etag})
                    return
                self._reply(200, raw, {"ETag": etag, "Content-Type": "application/json"})

            def _blob(self, sha256: str) -> None:
                faults = server.faults
                path = server.folder / BLOBS_DIR / sha256
                if not path.is_file():
                    self._reply(404, b'{"code": "not_found", "message": "no"}')
                    return
                data = faults.replace.get(sha256, path.read_bytes())
                start = 0
                wanted = _RANGE.match(self.headers.get("Range", ""))
                if wanted is not None and not faults.ignore_range:
                    start = int(wanted.group(1))
                    if start >= len(data):
                        self._reply(416, headers={"Content-Range": f"bytes */{len(data)}"})
                        return
                cut = faults.cut_after.pop(sha256, None)
                self.send_response(206 if start else 200)
                self.send_header("Content-Length", str(len(data) - start))
                self.send_header("Content-Type", "application/octet-stream")
                if start:
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                self.end_headers()
                if cut is None:
                    self.wfile.write(data[start:])
                    return
                # A network cut: part of the body, then the connection is gone.
                self.wfile.write(data[start : start + cut])
                self.wfile.flush()
                self.close_connection = True

        return Handler

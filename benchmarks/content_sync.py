"""Content sync: a signed bundle to N simulated kiosks via a real `fleet serve`: time and bytes.

Builds a bundle source from the shipped ``content/default`` (its guides, slides and
announcement) padded with deterministic noise PNGs (incompressible, each a valid picture)
to ``--files`` files and ``--size-mb`` MB, and builds it with the publisher's own
``content.build.build`` (validation included) under a fresh Ed25519 key. A real
``fleet serve`` (one worker, a throw-away SQLite file or ``--database``) gets the key, the
blobs and the signed manifest through the admin API; the version is assigned to ``all``.
``--kiosks`` simulated kiosks enrol through the API with a one-time code each, every one
with its own state folder, :class:`~kiosk.services.content_store.ContentStore` and
:class:`~kiosk.services.content_sync.ContentSync` over the kiosk's own ``DeviceClient``
(one connection pool per kiosk, like the real PCs). A transport wrapped around httpx's
counts each kiosk's requests, statuses and response body bytes.

In each sync phase ``--concurrency`` kiosks at a time check in (how a kiosk learns its
target manifest and the trusted keys) and run ``ContentSync.sync`` right after, as the
kiosk's shell does; the check-in is inside the phase's time, but only the manifest and
blob requests are counted in its requests and bytes:

1. first sync: every blob, written, hashed on arrival and again at the switch;
2. nothing changed: one conditional manifest request each (304), zero blob bytes;
3. one guide changed (version 2 built into the same blob store and published): the
   manifest plus that guide's blob.

The same-run baseline is the same kiosks fetching the same manifest and blobs from the same
device endpoints with plain httpx GETs (same concurrency, one blob after another per kiosk,
bytes thrown away: no disk, no hashing, no signature check). Every kiosk's outcome, bytes,
request count and installed manifest are checked; any mismatch ends the run with an error.

    .venv/bin/python benchmarks/content_sync.py --kiosks 100 --size-mb 50 --files 200

Target (issue 6, bullet 7): nothing changed = one request and zero blob bytes per kiosk; one
changed guide = one blob plus the manifest; time and bytes printed against the bundle size.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import httpx
from PIL import Image
from sqlmodel import Session

from benchmarks.checkin import fleet_server, process_tree_cpu
from content.build import build
from content.manifest import BLOBS_DIR, ContentKey, Manifest, SignedManifest, new_signing_key
from fleet.auth.models import Role
from fleet.auth.passwords import Passwords
from fleet.auth.service import AuthService
from fleet.branches import service as branches
from fleet.branches.schemas import BranchCreate
from fleet.content.device_router import gzipped
from fleet.db import create_db_engine, migrate
from fleet.protocol import API_PREFIX, CheckInRequest, DeviceState, LocalizedText
from fleet.protocol.content import CONTENT_BLOB_PATH, CONTENT_MANIFEST_PATH
from kiosk.services.client import DEFAULT_TIMEOUT, DeviceClient
from kiosk.services.content_store import ContentStore, unique_blobs
from kiosk.services.content_sync import ContentSync, SyncOutcome, SyncResult, trusted_keys
from kiosk.services.enrollment import enroll
from kiosk.services.errors import FleetUnreachableError
from kiosk.services.state import StateDir

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "content" / "default"
MB = 1_000_000
BRANCH = "bench"
ADMIN, PASSWORD = "bench-admin", "bench-password-2026"
CONTENT = "/api/admin/v1/content"
#: The guide phase 3 changes (its English text gets one more sentence).
CHANGED_GUIDE = "guides/email-basics.en.md"
MAX_PICTURE = 2 * 1024 * 1024  # content.images.MAX_IMAGE_BYTES
PICTURE_WIDTH = 256


# --- counting what a kiosk sends and receives -----------------------------------------------


@dataclass
class Traffic:
    """One kiosk's requests and response body bytes by kind, and its content replies' statuses."""

    requests: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    body_bytes: Counter[str] = field(default_factory=Counter)

    def reset(self) -> None:
        self.requests.clear()
        self.statuses.clear()
        self.body_bytes.clear()

    def content_requests(self) -> int:
        return self.requests["manifest"] + self.requests["blob"]

    def content_bytes(self) -> int:
        return self.body_bytes["manifest"] + self.body_bytes["blob"]


_BLOB_PATH = re.compile(
    re.escape(API_PREFIX + CONTENT_BLOB_PATH).replace(re.escape("{sha256}"), "[0-9a-f]{64}")
)


def request_kind(path: str) -> str:
    if path == API_PREFIX + CONTENT_MANIFEST_PATH:
        return "manifest"
    if _BLOB_PATH.fullmatch(path):
        return "blob"
    return "other"


class _CountedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, traffic: Traffic, kind: str) -> None:
        self._inner, self._traffic, self._kind = inner, traffic, kind

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            self._traffic.body_bytes[self._kind] += len(chunk)
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class CountingTransport(httpx.AsyncBaseTransport):
    """httpx's own transport (what ``DeviceClient`` uses by default), counted."""

    def __init__(self, traffic: Traffic) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.traffic = traffic

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        kind = request_kind(request.url.path)
        response = await self._inner.handle_async_request(request)
        self.traffic.requests[kind] += 1
        if kind != "other":
            self.traffic.statuses[response.status_code] += 1
        stream = _CountedStream(cast(httpx.AsyncByteStream, response.stream), self.traffic, kind)
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=stream,
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


# --- the bundle -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    folder: Path
    pictures: int
    picture_bytes: int


def make_source(folder: Path, files: int, size: int) -> Source:
    """``content/default`` plus noise PNGs in ``images/``: ``files`` files, about ``size`` bytes."""
    shutil.copytree(
        SHIPPED, folder, ignore=shutil.ignore_patterns("__*", ".*", "README.md", "*.py")
    )
    shipped = [path for path in folder.rglob("*") if path.is_file()]
    pictures = files - len(shipped)
    budget = size - sum(path.stat().st_size for path in shipped)
    if pictures < 1 or budget < pictures * 1024:
        raise SystemExit(
            f"content/default alone has {len(shipped)} files: ask for more --files or --size-mb"
        )
    # Stored (level 0) PNG rows: a filter byte and 3 bytes per pixel, plus ~100 bytes of
    # headers and zlib framing.
    rows = max(1, (budget // pictures - 100) // (PICTURE_WIDTH * 3 + 1))
    if rows * (PICTURE_WIDTH * 3 + 1) > MAX_PICTURE:
        raise SystemExit(
            f"{budget // pictures:,} bytes per picture is over the bundle's 2 MB picture "
            "limit: ask for more --files"
        )
    noise = random.Random(6)  # deterministic: the same bundle every run
    written = 0
    for index in range(pictures):
        pixels = noise.randbytes(PICTURE_WIDTH * rows * 3)
        path = folder / "images" / f"noise-{index:04d}.png"
        Image.frombytes("RGB", (PICTURE_WIDTH, rows), pixels).save(path, "PNG", compress_level=0)
        written += path.stat().st_size
    return Source(folder, pictures, written)


def change_one_guide(source: Path) -> None:
    """Raise the guide's own version and add a sentence to its last step."""
    path = source / CHANGED_GUIDE
    text = path.read_text(encoding="utf-8")
    text, bumped = re.subn(
        r"^version: (\d+)$", lambda m: f"version: {int(m.group(1)) + 1}", text, count=1, flags=re.M
    )
    if not bumped:
        raise SystemExit(f"{CHANGED_GUIDE} has no 'version:' line to raise")
    path.write_text(text.rstrip("\n") + " Ask the staff if you need help.\n", encoding="utf-8")


# --- the fleet ------------------------------------------------------------------------------


def prepare_database(url: str) -> None:
    """Schema, the branch and an admin account (nothing in the admin API creates these)."""
    migrate(url)
    engine = create_db_engine(url, pooled=False)
    try:
        with Session(engine) as session:
            branches.create_branch(
                session,
                BranchCreate(
                    id=BRANCH,
                    name=LocalizedText(fi="Penkki", sv="Bänk", en="Bench"),
                    address="Testikatu 1, Helsinki",
                ),
                "bench",
            )
            AuthService(session, Passwords()).create_user(ADMIN, PASSWORD, Role.ADMIN)
            session.commit()
    finally:
        engine.dispose()


class Admin:
    """The publisher's side: admin API calls as the admin account."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http

    async def sign_in(self) -> None:
        reply = await self._http.post(
            "/api/admin/v1/auth/token", data={"username": ADMIN, "password": PASSWORD}
        )
        reply.raise_for_status()
        self._http.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        reply = await self._http.request(method, path, **kwargs)
        if reply.status_code >= 300:
            raise RuntimeError(f"{method} {path}: {reply.status_code} {reply.text[:500]}")
        return reply.json() if reply.content else None

    async def enrolment_code(self) -> str:
        reply = await self.call("POST", f"/api/admin/v1/branches/{BRANCH}/enrollment-codes")
        return str(reply["code"])

    async def publish(self, built: Path, signed: SignedManifest, blobs: set[str]) -> int:
        """Upload ``blobs`` (the ones the fleet lacks), then the manifest; the version id."""
        for sha256 in sorted(blobs):
            data = (built / BLOBS_DIR / sha256).read_bytes()
            await self.call("PUT", f"{CONTENT}/blobs/{sha256}", content=data)
        reply = await self.call(
            "POST",
            f"{CONTENT}/versions",
            content=signed.to_json(),
            headers={"Content-Type": "application/json"},
        )
        return int(reply["version"]["id"])


# --- the kiosks -----------------------------------------------------------------------------


@dataclass
class Kiosk:
    index: int
    state_dir: Path
    token: str
    traffic: Traffic
    client: DeviceClient
    sync: ContentSync
    config_etag: str | None = None
    trusted: dict[str, ContentKey] = field(default_factory=dict)
    target: str | None = None
    result: SyncResult | None = None
    #: Check-ins sent again after the fleet seemed unreachable (see ``check_in``).
    retried: int = 0

    async def check_in(self) -> None:
        """What the kiosk's shell does every interval: report, learn target and keys.

        A keep-alive connection idle for about 5 s can be closed by the server (uvicorn's
        keep-alive timeout) just as httpx (whose own expiry is also 5 s) reuses it: the
        shell retries at its next tick; this retries at once, and counts it.
        """
        installed = self.sync.store.installed()
        request = CheckInRequest(
            state=DeviceState.IDLE,
            app_version="bench",
            config_etag=self.config_etag,
            content_manifest_id=installed.manifest_id if installed else None,
            content_version=installed.manifest.label if installed else None,
        )
        try:
            reply = await self.client.checkin(request)
        except FleetUnreachableError:
            self.retried += 1
            reply = await self.client.checkin(request)
        self.config_etag = reply.config_etag
        if reply.config is not None:
            self.trusted = trusted_keys(reply.config.content_keys)
        self.target = reply.content_manifest_id


async def enrol_kiosk(admin: Admin, base: str, folder: Path, index: int) -> Kiosk:
    state_dir = folder / f"kiosk-{index:03d}"
    state = StateDir(state_dir)
    code = await admin.enrolment_code()
    credential = await enroll(
        state, base, code, version="bench", hostname=f"bench-{index:03d}",
        machine_id=f"{index:032x}",
    )  # fmt: skip
    traffic = Traffic()
    client = DeviceClient(base, credential.token, transport=CountingTransport(traffic))
    store = ContentStore(state_dir / "content")
    sync = ContentSync(store, lambda: client, lambda: dt.datetime.now(dt.UTC))
    return Kiosk(index, state_dir, credential.token, traffic, client, sync)


# --- phases ---------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    seconds: float
    server_cpu: float
    client_cpu: float
    traffic: list[Traffic]

    def requests(self) -> Counter[int]:
        """How many kiosks made how many content requests."""
        return Counter(t.content_requests() for t in self.traffic)

    def statuses(self) -> Counter[int]:
        total: Counter[int] = Counter()
        for traffic in self.traffic:
            total.update(traffic.statuses)
        return total

    def content_bytes(self) -> int:
        return sum(t.content_bytes() for t in self.traffic)


async def each(
    kiosks: list[Kiosk], concurrency: int, work: Callable[[Kiosk], Awaitable[None]]
) -> None:
    """``work`` for every kiosk, ``concurrency`` at a time."""
    gate = asyncio.Semaphore(concurrency)

    async def one(kiosk: Kiosk) -> None:
        async with gate:
            await work(kiosk)

    await asyncio.gather(*(one(kiosk) for kiosk in kiosks))


async def timed(
    name: str,
    kiosks: list[Kiosk],
    concurrency: int,
    server_pid: int,
    work: Callable[[Kiosk], Awaitable[None]],
    traffic_of: Callable[[Kiosk], Traffic],
) -> Phase:
    for kiosk in kiosks:
        traffic_of(kiosk).reset()
    server_began, client_began = process_tree_cpu(server_pid), time.process_time()
    began = time.perf_counter()
    await each(kiosks, concurrency, work)
    seconds = time.perf_counter() - began
    return Phase(
        name,
        seconds,
        process_tree_cpu(server_pid) - server_began,
        time.process_time() - client_began,
        [Traffic(Counter(t.requests), Counter(t.statuses), Counter(t.body_bytes))
         for t in map(traffic_of, kiosks)],
    )  # fmt: skip


async def check_in_and_sync(kiosk: Kiosk) -> None:
    """What the kiosk's shell does when a check-in names content: sync it right away."""
    await kiosk.check_in()
    kiosk.result = await kiosk.sync.sync(kiosk.target, kiosk.trusted)


def check(condition: bool, what: str) -> None:
    """The benchmark measures only correct syncs: anything else ends it loudly."""
    if not condition:
        raise SystemExit(f"content sync benchmark: FAILED: {what}")


def check_phase(
    kiosks: list[Kiosk],
    phase: Phase,
    *,
    outcome: SyncOutcome,
    installed: SignedManifest,
    previous: SignedManifest | None,
    requests: int,
    blob_bytes: int,
    content_bytes: int,
) -> None:
    for kiosk, traffic in zip(kiosks, phase.traffic, strict=True):
        name = f"{phase.name}: kiosk {kiosk.index}"
        result = kiosk.result
        check(result is not None, f"{name}: no sync result")
        assert result is not None
        check(
            result.outcome is outcome, f"{name}: {result.outcome} ({result.error}), not {outcome}"
        )
        check(result.manifest_id == installed.manifest_id, f"{name}: result names another id")
        check(kiosk.sync.store.installed_id() == installed.manifest_id, f"{name}: not installed")
        kept = kiosk.sync.store.previous()
        check(
            (kept.manifest_id if kept else None) == (previous.manifest_id if previous else None),
            f"{name}: the previous version is not the one kept",
        )
        check(
            result.blob_bytes == blob_bytes,
            f"{name}: {result.blob_bytes} blob bytes, not {blob_bytes}",
        )
        check(traffic.content_requests() == requests, f"{name}: {dict(traffic.requests)} requests")
        check(
            traffic.content_bytes() == content_bytes,
            f"{name}: {traffic.content_bytes()} body bytes, not {content_bytes}",
        )


async def baseline_fetch(base: str, manifest: Manifest, kiosk: Kiosk, traffic: Traffic) -> None:
    """The same GETs as a first sync, with nothing done to the bytes."""
    async with httpx.AsyncClient(
        base_url=base + API_PREFIX,
        headers={"Authorization": f"Bearer {kiosk.token}"},
        timeout=DEFAULT_TIMEOUT,
        transport=CountingTransport(traffic),
    ) as http:
        reply = await http.get(CONTENT_MANIFEST_PATH)
        check(reply.status_code == 200, f"baseline: manifest {reply.status_code}")
        for item in unique_blobs(manifest.files):
            path = CONTENT_BLOB_PATH.format(sha256=item.sha256)
            async with http.stream("GET", path, headers={"Accept-Encoding": "identity"}) as blob:
                check(blob.status_code == 200, f"baseline: blob {blob.status_code}")
                async for _chunk in blob.aiter_bytes():
                    pass


# --- reporting ------------------------------------------------------------------------------


def size(value: float) -> str:
    return f"{value / MB:,.1f} MB" if value >= MB / 10 else f"{value / 1000:,.1f} kB"


HEADER = (
    f"{'phase':<18} {'wall':>9}  {'req/kiosk':>9}  {'statuses':<14} "
    f"{'bytes/kiosk':>10} {'of bundle':>8}  {'all kiosks':>11} {'rate':>12}  "
    f"{'server CPU':>8} {'client CPU':>8}"
)


def row(phase: Phase, bundle: int) -> str:
    """Requests, statuses and bytes are the manifest's and the blobs' (not the check-ins')."""
    kiosks = len(phase.traffic)
    per_kiosk = phase.content_bytes() / kiosks
    requests = ", ".join(f"{n}" for n in sorted(phase.requests()))
    statuses = " ".join(f"{code}x{count}" for code, count in sorted(phase.statuses().items()))
    rate = phase.content_bytes() / phase.seconds / MB if phase.seconds else 0.0
    return (
        f"{phase.name:<18} {phase.seconds:7.2f} s  {requests:>9}  {statuses:<14} "
        f"{size(per_kiosk):>10} {per_kiosk / bundle:8.2%}  {size(phase.content_bytes()):>11} "
        f"{rate:7.0f} MB/s  {phase.server_cpu:6.1f} s {phase.client_cpu:6.1f} s"
    )


# --- the run --------------------------------------------------------------------------------


async def measure(
    base: str, server_pid: int, work: Path, args: argparse.Namespace, source: Source
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        admin = Admin(http)
        await admin.sign_in()

        key, private = new_signing_key()
        await admin.call("POST", f"{CONTENT}/keys", json=key.model_dump())
        out = work / "build"
        began = time.perf_counter()
        v1 = build(source.folder, private, out, version=1).signed
        built_in = time.perf_counter() - began
        bundle = v1.manifest.total_size
        began = time.perf_counter()
        v1_id = await admin.publish(out, v1, v1.manifest.blob_hashes())
        await admin.call("PUT", f"{CONTENT}/assignments/all", json={"version_id": v1_id})
        published_in = time.perf_counter() - began

        kiosks: list[Kiosk] = []
        folder = work / "kiosks"

        async def enrol_one(index: int) -> None:
            kiosks.append(await enrol_kiosk(admin, base, folder, index))

        began = time.perf_counter()
        await each_index(args.kiosks, args.concurrency, enrol_one)
        kiosks.sort(key=lambda kiosk: kiosk.index)
        enrolled_in = time.perf_counter() - began
        blobs = unique_blobs(v1.manifest.files)
        blob_total = sum(item.size for item in blobs)
        print(
            f"bundle v1: {len(v1.manifest.files)} files ({source.pictures} noise PNGs of "
            f"{size(source.picture_bytes / source.pictures)}), {len(blobs)} blobs, "
            f"{size(bundle)}, manifest {size(len(v1.to_json()))}; built in {built_in:.1f} s, "
            f"uploaded through the admin API in {published_in:.1f} s"
        )
        print(
            f"{len(kiosks)} kiosks enrolled in {enrolled_in:.1f} s (a one-time code each); "
            f"{min(args.concurrency, len(kiosks))} syncing at once"
        )
        print(HEADER)
        try:
            # The baseline's kiosks need their target set (the device endpoints serve only
            # the blobs of a device's own manifest): a first check-in, untimed.
            await each(kiosks, args.concurrency, Kiosk.check_in)
            check(all(k.target == v1.manifest_id for k in kiosks), "a check-in did not name v1")
            baseline_traffic = {kiosk.index: Traffic() for kiosk in kiosks}
            baseline = await timed(
                "baseline GETs",
                kiosks,
                args.concurrency,
                server_pid,
                lambda kiosk: baseline_fetch(
                    base, v1.manifest, kiosk, baseline_traffic[kiosk.index]
                ),
                lambda kiosk: baseline_traffic[kiosk.index],
            )
            print(row(baseline, bundle))
            # On the wire the manifest is gzip-encoded (httpx asks for it, as the kiosk does).
            manifest_bytes = len(gzipped(v1.to_json().decode()))
            check(
                all(t.content_bytes() == manifest_bytes + blob_total for t in baseline.traffic),
                "baseline: not every byte arrived",
            )

            first = await timed(
                "1 first sync", kiosks, args.concurrency, server_pid, check_in_and_sync, _traffic
            )
            print(row(first, bundle))
            check(all(k.trusted for k in kiosks), "a kiosk was not told the publisher key")
            check_phase(
                kiosks, first, outcome=SyncOutcome.INSTALLED, installed=v1, previous=None,
                requests=1 + len(blobs), blob_bytes=blob_total,
                content_bytes=manifest_bytes + blob_total,
            )  # fmt: skip

            unchanged = await timed(
                "2 nothing changed", kiosks, args.concurrency, server_pid, check_in_and_sync,
                _traffic,
            )  # fmt: skip
            print(row(unchanged, bundle))
            check_phase(
                kiosks, unchanged, outcome=SyncOutcome.UNCHANGED, installed=v1, previous=None,
                requests=1, blob_bytes=0, content_bytes=0,
            )  # fmt: skip
            check(unchanged.statuses() == Counter({304: len(kiosks)}), "phase 2: not all 304")
            # What the shell decides from that check-in: no sync at all.
            idle = sum(not k.sync.wanted(k.target, k.trusted) for k in kiosks)

            change_one_guide(source.folder)
            v2 = build(source.folder, private, out, version=2).signed
            new_blobs = v2.manifest.blob_hashes() - v1.manifest.blob_hashes()
            changed = [item for item in v2.manifest.files if item.sha256 in new_blobs]
            check(
                [item.path for item in changed] == [CHANGED_GUIDE],
                f"v2 changes {[item.path for item in changed]}, not only {CHANGED_GUIDE}",
            )
            v2_id = await admin.publish(out, v2, new_blobs)
            await admin.call("PUT", f"{CONTENT}/assignments/all", json={"version_id": v2_id})
            one = await timed(
                "3 one guide", kiosks, args.concurrency, server_pid, check_in_and_sync, _traffic
            )
            print(row(one, bundle))
            check(all(k.target == v2.manifest_id for k in kiosks), "a check-in did not name v2")
            v2_manifest_bytes = len(gzipped(v2.to_json().decode()))
            check_phase(
                kiosks, one, outcome=SyncOutcome.INSTALLED, installed=v2, previous=v1,
                requests=2, blob_bytes=changed[0].size,
                content_bytes=v2_manifest_bytes + changed[0].size,
            )  # fmt: skip

            # The fleet's own view: every kiosk reports v2 in its next check-in.
            began = time.perf_counter()
            await each(kiosks, args.concurrency, Kiosk.check_in)
            seen = await confirmed(admin, v2_id, len(kiosks))
            seen += f" {time.perf_counter() - began:.1f} s after the kiosks began reporting it"
        finally:
            for kiosk in kiosks:
                await kiosk.client.aclose()

    on_disk = sum(
        path.stat().st_size for path in folder.glob("kiosk-*/content/blobs/*") if path.is_file()
    )
    print(
        f"phase 1: {size(first.content_bytes())} for {len(kiosks)} x the bundle "
        f"({size(len(kiosks) * bundle)}): {first.content_bytes() / (len(kiosks) * bundle):.4f} x; "
        f"sync / baseline time {first.seconds / baseline.seconds:.2f}"
    )
    print(
        f"phase 2: {unchanged.content_bytes()} manifest and blob bytes, "
        f"{sum(t.content_requests() for t in unchanged.traffic)} requests for {len(kiosks)} "
        f"kiosks; from the check-in alone the shell would not sync at all on {idle} of them"
    )
    print(
        f"phase 3: {changed[0].path} ({changed[0].size:,} bytes) + manifest "
        f"({v2_manifest_bytes:,} bytes gzipped, {len(v2.to_json()):,} plain) = "
        f"{v2_manifest_bytes + changed[0].size:,} bytes per kiosk, "
        f"{(v2_manifest_bytes + changed[0].size) / bundle:.3%} of the bundle "
        f"(a full copy: {bundle / (v2_manifest_bytes + changed[0].size):,.0f} x more)"
    )
    blob_requests = sum(t.requests["blob"] for t in first.traffic)
    per_mb = first.server_cpu / (first.content_bytes() / MB)
    print(
        f"fleet: server CPU {1000 * first.server_cpu / blob_requests:.1f} ms per blob request, "
        f"{1000 * per_mb:.1f} ms per MB served -> {1 / per_mb:.0f} MB/s, "
        f"{1 / per_mb / (bundle / MB) * 60:.0f} bundles a minute per server core"
    )
    print(
        "kiosk CPU per sync (this process, all kiosks' event loop and hashing threads): "
        f"first {first.client_cpu / len(kiosks) * 1000:.0f} ms, "
        f"nothing changed {unchanged.client_cpu / len(kiosks) * 1000:.1f} ms, "
        f"one guide {one.client_cpu / len(kiosks) * 1000:.0f} ms"
    )
    print(
        f"verified: every kiosk installed v1, then v2 with v1 kept as previous; "
        f"{size(on_disk)} of blobs on the kiosks' disks; the fleet saw {seen}; "
        f"check-ins sent again after a dropped keep-alive connection: "
        f"{sum(k.retried for k in kiosks)}"
    )


def _traffic(kiosk: Kiosk) -> Traffic:
    return kiosk.traffic


async def each_index(count: int, concurrency: int, work: Callable[[int], Awaitable[None]]) -> None:
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int) -> None:
        async with gate:
            await work(index)

    await asyncio.gather(*(one(index) for index in range(count)))


async def confirmed(admin: Admin, version_id: int, kiosks: int) -> str:
    """Poll the version's convergence until every kiosk confirmed it (check-ins are batched)."""
    deadline = time.monotonic() + 30
    while True:
        report = await admin.call("GET", f"{CONTENT}/versions/{version_id}/convergence")
        if report["confirmed"] == report["targeted"] == kiosks:
            return f"{report['confirmed']}/{report['targeted']} confirmed v2"
        check(time.monotonic() < deadline, f"the fleet sees {report['confirmed']}/{kiosks}")
        await asyncio.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kiosks", type=int, default=100)
    parser.add_argument("--size-mb", type=float, default=50, help="bundle size in MB (10^6 B)")
    parser.add_argument("--files", type=int, default=200, help="files in the bundle")
    parser.add_argument("--concurrency", type=int, default=20, help="kiosks syncing at once")
    parser.add_argument("--database", help="a fresh PostgreSQL URL (default: a SQLite file)")
    args = parser.parse_args()

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-content-") as tmp:
        work = Path(tmp)
        need = int(args.kiosks * args.size_mb * MB * 1.1 + 2 * args.size_mb * MB)
        free = shutil.disk_usage(work).free
        if free < need:
            print(f"{size(need)} of disk needed in {work}, {size(free)} free", file=sys.stderr)
            return 1
        source = make_source(work / "source", args.files, int(args.size_mb * MB))
        database_url = args.database or f"sqlite:///{work}/fleet.db"
        prepare_database(database_url)
        env = {
            **os.environ,
            "FLEET_DATABASE_URL": database_url,
            "FLEET_DATA_DIR": str(work / "fleet-data"),
            "FLEET_LOG_LEVEL": "warning",
        }
        print(
            f"fleet serve --workers 1 on {database_url.split(':')[0]}, {args.kiosks} kiosks, "
            f"{os.cpu_count()} CPUs, kiosks in this process (load average "
            f"{os.getloadavg()[0]:.1f} at start)"
        )
        with fleet_server(database_url, 1, env) as (base, pid):
            asyncio.run(measure(base, pid, work, args, source))
        ran = time.perf_counter() - started
    print(
        f"the whole run took {time.perf_counter() - started:.0f} s ({ran:.0f} s before "
        f"deleting the temporary files); load average {os.getloadavg()[0]:.1f} at the end"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

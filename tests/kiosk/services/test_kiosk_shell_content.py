"""KioskShell runs content syncs from its check-ins and reports them back (real loopback HTTP).

Most tests use :class:`ContentServer` (it can misbehave on purpose), which also answers the
check-in with the config (publisher keys) and the manifest id the kiosk should have; the
last one runs against a real fleet process end to end.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from content.manifest import SignedManifest
from fleet.protocol import API_PREFIX, CheckInResponse, Command, CommandType
from kiosk.services.client import DeviceClient
from kiosk.services.content_store import ContentStore
from kiosk.services.content_sync import ContentSync, SyncOutcome
from kiosk.services.enrollment import enroll
from kiosk.services.kiosk_shell import KioskShell, ShellTimings
from kiosk.services.outbox import utc_now
from kiosk.services.state import Credential, StateDir
from tests.e2e.fleet_process import FleetProcess
from tests.kiosk.services.content_server import (
    NOW,
    TOKEN,
    ContentServer,
    Publisher,
    config_with,
)
from tests.kiosk.services.shell_rig import Recorder, eventually

FAST = ShellTimings(
    initial_backoff=0.2,
    max_backoff=1.0,
    upload_debounce=0.1,
    credential_poll=0.2,
    content_retry=0.2,
    content_retry_max=0.5,
    content_resume_delays=(0.05, 0.05),
)
BIG = bytes(range(256)) * 8192  # 2 MiB: large enough for the status strip to show progress
V1 = {"guides/a.md": b"alpha", "images/big.png": BIG}


def checkins(server: ContentServer) -> list[dict[str, object]]:
    return [json.loads(r.body) for r in server.of("POST", f"{API_PREFIX}/checkin")]


def manifest_gets(server: ContentServer) -> int:
    return len(server.of("GET", f"{API_PREFIX}/content/manifest"))


@asynccontextmanager
async def running(
    state_dir: Path, server: ContentServer
) -> AsyncIterator[tuple[KioskShell, Recorder]]:
    StateDir(state_dir).save_credential(
        Credential(
            server_url=server.url,
            token=TOKEN,
            device_id=1,
            device_name="oodi-01",
            branch_id="oodi",
            enrolled_at=NOW,
        )
    )
    shell = KioskShell.open(state_dir, timings=FAST, clock=lambda: NOW)
    recorder = Recorder()
    shell.add_listener(recorder)
    stop = asyncio.Event()
    task = asyncio.create_task(shell.run(stop))
    try:
        yield shell, recorder
    finally:
        stop.set()
        await task
        shell.close()


@pytest.mark.asyncio
async def test_a_check_in_naming_new_content_syncs_it_with_progress_and_reports_it(
    tmp_path: Path,
) -> None:
    publisher = Publisher.new()
    with ContentServer(tmp_path / "fleet") as server:
        v1 = publisher.sign(publisher.manifest(V1, 1))
        server.publish(v1, V1)
        server.faults.cut_after[v1.manifest.files[1].sha256] = 700_000
        server.checkin_reply = CheckInResponse(
            config_etag="e1",
            config=config_with([publisher.key]),
            content_manifest_id=v1.manifest_id,
        )
        async with running(tmp_path / "kiosk", server) as (shell, recorder):
            await eventually(
                lambda: shell.content.store.installed_id() == v1.manifest_id, 20, "installed"
            )
            # The fleet hears of it at once (not a check-in interval later).
            await eventually(
                lambda: any(c["content_manifest_id"] == v1.manifest_id for c in checkins(server)),
                10,
                "the check-in reporting it",
            )
            report = next(c for c in checkins(server) if c["content_manifest_id"])
            assert report["content_version"] == "oodi@1"
            assert report["content_error"] is None
            await eventually(lambda: shell.view.content_download is None, 5, "progress cleared")
        percents = [v.content_download for v in recorder.views if v.content_download is not None]
        assert percents[0] == 0
        assert percents == sorted(percents)
        assert percents[-1] == 100
        assert len(set(percents)) > 3
        # The cut blob was resumed, not fetched again from the start.
        ranges = [r.headers.get("Range") for r in server.blob_requests]
        assert "bytes=700000-" in ranges


@pytest.mark.asyncio
async def test_a_refused_bundle_is_reported_kept_out_and_not_fetched_again_until_sync(
    tmp_path: Path,
) -> None:
    publisher = Publisher.new()
    stranger = Publisher.new()
    with ContentServer(tmp_path / "fleet") as server:
        v1 = publisher.sign(publisher.manifest(V1, 1))
        server.publish(v1, V1)
        config = config_with([publisher.key])
        server.checkin_reply = CheckInResponse(
            config_etag="e1", config=config, content_manifest_id=v1.manifest_id
        )
        async with running(tmp_path / "kiosk", server) as (shell, _views):
            await eventually(lambda: shell.content.store.installed_id() == v1.manifest_id, 20, "v1")
            # A bundle signed by a key the kiosk does not trust.
            bad = stranger.sign(stranger.manifest({**V1, "guides/a.md": b"evil"}, 2))
            server.publish(bad, {**V1, "guides/a.md": b"evil"})
            server.checkin_reply = CheckInResponse(
                config_etag="e1", content_manifest_id=bad.manifest_id
            )
            await shell.checkin_now()
            await eventually(
                lambda: any(c["content_error"] == "unknown_key" for c in checkins(server)),
                10,
                "the error reported",
            )
            assert shell.content.store.installed_id() == v1.manifest_id
            fetched = manifest_gets(server)
            for _ in range(3):
                await shell.checkin_now()
            await asyncio.sleep(0.2)
            assert manifest_gets(server) == fetched  # refused once is enough
            assert all(c["content_manifest_id"] == v1.manifest_id for c in checkins(server)[-3:])

            # IT sends "sync": the kiosk asks again (and still refuses).
            server.checkin_reply = CheckInResponse(
                config_etag="e1",
                content_manifest_id=bad.manifest_id,
                commands=[
                    Command(
                        id=7,
                        type=CommandType.SYNC,
                        issued_at=NOW,
                        expires_at=NOW + dt.timedelta(minutes=5),
                    )
                ],
            )
            await shell.checkin_now()
            await eventually(lambda: manifest_gets(server) == fetched + 1, 10, "a forced sync")
            assert shell.content.last_error is not None
            assert shell.content.last_error.value == "unknown_key"
            evil = {f.sha256 for f in bad.manifest.files} - v1.manifest.blob_hashes()
            assert not [r for r in server.blob_requests if r.path.rsplit("/", 1)[1] in evil]


# --- against a real fleet process ------------------------------------------------------------


def upload(fleet: FleetProcess, signed: SignedManifest, files: dict[str, bytes]) -> int:
    """Publish a version through the admin API (blobs, then the manifest); its version id."""
    headers = fleet.admin_headers()
    for data in files.values():
        httpx.put(
            f"{fleet.url}/api/admin/v1/content/blobs/{hashlib.sha256(data).hexdigest()}",
            content=data,
            headers=headers,
            timeout=10,
        ).raise_for_status()
    reply = httpx.post(
        f"{fleet.url}/api/admin/v1/content/versions",
        content=signed.to_json(),
        headers={**headers, "Content-Type": "application/json"},
        timeout=10,
    )
    reply.raise_for_status()
    return int(reply.json()["version"]["id"])


def assign(fleet: FleetProcess, scope: str, version_id: int) -> None:
    httpx.put(
        f"{fleet.url}/api/admin/v1/content/assignments/{scope}",
        json={"version_id": version_id},
        headers=fleet.admin_headers(),
        timeout=10,
    ).raise_for_status()


def convergence(fleet: FleetProcess, version_id: int) -> dict[str, Any]:
    reply = httpx.get(
        f"{fleet.url}/api/admin/v1/content/versions/{version_id}/convergence",
        headers=fleet.admin_headers(),
        timeout=10,
    )
    reply.raise_for_status()
    result: dict[str, Any] = reply.json()
    return result


def synced_to(shell: KioskShell, signed: SignedManifest) -> bool:
    """The sync that installed ``signed`` has finished (its result is recorded)."""
    result = shell.content.last_result
    return result is not None and result.manifest_id == signed.manifest_id


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_bundle_published_on_the_fleet_reaches_the_kiosk_and_converges(
    fleet: FleetProcess, tmp_path: Path
) -> None:
    publisher = Publisher.new()
    expires = utc_now() + dt.timedelta(days=30)
    fleet.admin_post("/content/keys", publisher.key.model_dump())
    v1 = publisher.sign(publisher.manifest(V1, 1, expires_at=expires))
    v1_id = await asyncio.to_thread(upload, fleet, v1, V1)
    await asyncio.to_thread(assign, fleet, "oodi", v1_id)

    state_dir = tmp_path / "kiosk"
    code = await asyncio.to_thread(fleet.enroll_code)
    await enroll(StateDir(state_dir), fleet.url, code, version="0.1.0", machine_id=uuid.uuid4().hex)
    shell = KioskShell.open(state_dir, timings=FAST)
    stop = asyncio.Event()
    task = asyncio.create_task(shell.run(stop))
    try:
        await eventually(lambda: synced_to(shell, v1), 45, "v1")
        assert shell.content.last_result is not None
        assert shell.content.last_result.blob_bytes == sum(len(d) for d in V1.values())

        async def confirmed(version_id: int) -> bool:
            report = await asyncio.to_thread(convergence, fleet, version_id)
            return bool(report["confirmed"] == report["targeted"] == 1)

        await eventually_async(lambda: confirmed(v1_id), 30, "the fleet seeing v1")

        # One changed guide: the nudge brings it within seconds, and only its blob moves.
        v2_files = {**V1, "guides/a.md": b"alpha, revised"}
        v2 = publisher.sign(publisher.manifest(v2_files, 2, expires_at=expires))
        v2_id = await asyncio.to_thread(upload, fleet, v2, v2_files)
        await asyncio.sleep(0.5)  # let the nudge socket settle after the first check-ins
        await asyncio.to_thread(assign, fleet, "oodi", v2_id)
        await eventually(lambda: synced_to(shell, v2), 15, "v2")
        assert shell.content.last_result is not None
        assert shell.content.last_result.blob_bytes == len(b"alpha, revised")
        assert shell.content.store.previous() == v1
        await eventually_async(lambda: confirmed(v2_id), 30, "the fleet seeing v2")

        # A sync with nothing changed: answered 304, no blob bytes.
        result = await shell.content.sync(v2.manifest_id, publisher.trusted)
        assert (result.outcome, result.blob_bytes) == (SyncOutcome.UNCHANGED, 0)
    finally:
        stop.set()
        await task
        shell.close()


async def eventually_async(
    condition: Callable[[], Awaitable[bool]], seconds: float, what: str
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not await condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        await asyncio.sleep(0.2)


class BlobCutter:
    """A loopback TCP proxy to the fleet that, once, cuts a blob reply after ``cut_after``
    bytes (headers included) and records what the kiosk sent."""

    def __init__(self, target_port: int, cut_after: int) -> None:
        self.target_port = target_port
        self.cut_after: int | None = cut_after
        self.sent = b""
        self.port = 0
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> BlobCutter:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        blob = asyncio.Event()

        async def upstream() -> None:
            while chunk := await reader.read(65536):
                self.sent += chunk
                if b"GET /api/device/v1/content/blobs/" in chunk:
                    blob.set()
                up_writer.write(chunk)
                await up_writer.drain()

        async def downstream() -> None:
            passed = 0
            while chunk := await up_reader.read(65536):
                if blob.is_set() and self.cut_after is not None:
                    chunk = chunk[: self.cut_after - passed]
                    passed += len(chunk)
                    if passed >= self.cut_after:
                        writer.write(chunk)
                        await writer.drain()
                        self.cut_after = None
                        return  # the connection drops mid-body
                writer.write(chunk)
                await writer.drain()

        pumps = {asyncio.create_task(upstream()), asyncio.create_task(downstream())}
        try:
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for pump in pumps:
                pump.cancel()
            await asyncio.gather(*pumps, return_exceptions=True)
            for end in (writer, up_writer):
                end.close()
                with contextlib.suppress(OSError):
                    await end.wait_closed()
            self._connections.discard(task)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_download_from_the_fleet_cut_midway_resumes_with_range(
    fleet: FleetProcess, tmp_path: Path
) -> None:
    publisher = Publisher.new()
    fleet.admin_post("/content/keys", publisher.key.model_dump())
    files = {"images/big.png": BIG}
    signed = publisher.sign(
        publisher.manifest(files, 1, expires_at=utc_now() + dt.timedelta(days=30))
    )
    version_id = await asyncio.to_thread(upload, fleet, signed, files)
    await asyncio.to_thread(assign, fleet, "oodi", version_id)
    code = await asyncio.to_thread(fleet.enroll_code)
    credential = await enroll(
        StateDir(tmp_path / "kiosk"), fleet.url, code, version="0.1.0", machine_id=uuid.uuid4().hex
    )
    store = ContentStore(tmp_path / "kiosk" / "content")
    async with (
        BlobCutter(fleet.port, cut_after=900_000) as cutter,
        DeviceClient(f"http://127.0.0.1:{cutter.port}", credential.token) as client,
    ):
        sync = ContentSync(store, lambda: client, utc_now, resume_delays=(0.05,))
        result = await sync.sync(signed.manifest_id, publisher.trusted)
    assert result.outcome is SyncOutcome.INSTALLED
    assert store.installed() == signed
    assert cutter.cut_after is None  # the cut happened
    ranges = re.findall(rb"[Rr]ange: bytes=(\d+)-", cutter.sent)
    assert len(ranges) == 1
    assert 800_000 < int(ranges[0]) < 900_000
    assert result.blob_bytes == len(BIG)  # nothing was fetched twice

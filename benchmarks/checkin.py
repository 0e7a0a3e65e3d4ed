"""Check-in throughput: N simulated kiosks against a real `fleet serve`, with a same-run baseline.

Starts ``fleet serve`` on a throw-away database (SQLite by default, or ``--database-url``),
enrols ``--kiosks`` simulated kiosks over HTTP, then drives check-ins from asyncio + httpx
for ``--seconds``. The baseline is the same server's bare JSON endpoint (``/healthz``),
driven by the same client code for the same time, so the ratio says what the check-in costs
on top of HTTP + JSON on this machine, whatever else the machine is doing.

    .venv/bin/python benchmarks/checkin.py --kiosks 200 --seconds 20

Target (issue 3): >= 1,000 check-ins/s and a ratio >= 0.5 on 2 cores with SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from fleet.protocol import API_PREFIX, CheckInRequest, DeviceState, EnrollRequest, EnrollResponse

ROOT = Path(__file__).resolve().parent.parent
FLEET = str(Path(sys.executable).with_name("fleet"))


@dataclass
class Run:
    """Latencies and errors of one timed phase."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    def line(self) -> str:
        return (
            f"{self.name:<10} {self.rate:9.0f} req/s   p50 {self.percentile(0.50):6.1f} ms   "
            f"p99 {self.percentile(0.99):6.1f} ms   errors {self.errors}   n={len(self.latencies)}"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def fleet_server(database_url: str, workers: int, env: dict[str, str]) -> Iterator[str]:
    """Run `fleet serve` until the block ends; yield its base URL once /readyz answers."""
    port = free_port()
    proc = subprocess.Popen(
        [FLEET, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env={**env, "FLEET_DATABASE_URL": database_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"fleet serve exited: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("fleet serve did not become ready in 60 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def fleet_cli(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [FLEET, *args], env=env, capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


async def enrol(client: httpx.AsyncClient, code: str, count: int) -> list[str]:
    """Enrol ``count`` kiosks with one multi-use code, all at once; return their tokens."""

    async def one(index: int) -> str:
        request = EnrollRequest(
            code=code,
            hostname=f"bench-{index}",
            machine_id=f"bench-machine-{index:06d}",
            app_version="bench",
        )
        reply = await client.post(f"{API_PREFIX}/enroll", content=request.model_dump_json())
        reply.raise_for_status()
        return EnrollResponse.model_validate_json(reply.content).token

    return list(await asyncio.gather(*(one(i) for i in range(count))))


async def drive(
    name: str, seconds: float, workers: list[Callable[[], Awaitable[httpx.Response]]]
) -> Run:
    """Each worker sends requests back to back until time is up (a closed loop per kiosk)."""
    run = Run(name)
    stop_at = time.perf_counter() + seconds

    async def loop(send: Callable[[], Awaitable[httpx.Response]]) -> None:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                reply = await send()
                ok = reply.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                run.latencies.append(time.perf_counter() - started)
            else:
                run.errors += 1

    began = time.perf_counter()
    await asyncio.gather(*(loop(worker) for worker in workers))
    run.seconds = time.perf_counter() - began
    return run


async def measure(base: str, code: str, kiosks: int, concurrency: int, seconds: float) -> None:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    json_headers = {"Content-Type": "application/json"}
    async with httpx.AsyncClient(
        base_url=base, limits=limits, timeout=30, headers=json_headers
    ) as client:
        tokens = await enrol(client, code, kiosks)
        # Each kiosk's first check-in fetches its config; the benchmark measures the steady
        # state, where every kiosk already holds its current config etag.
        first = CheckInRequest(state=DeviceState.IDLE, app_version="bench").model_dump_json()
        bodies: list[str] = []
        for token in tokens:
            reply = await client.post(
                f"{API_PREFIX}/checkin", content=first, headers={"Authorization": f"Bearer {token}"}
            )
            reply.raise_for_status()
            bodies.append(
                CheckInRequest(
                    state=DeviceState.IDLE,
                    app_version="bench",
                    config_etag=reply.json()["config_etag"],
                ).model_dump_json()
            )

        def checkin(index: int) -> Callable[[], Awaitable[httpx.Response]]:
            headers = {"Authorization": f"Bearer {tokens[index]}"}
            body = bodies[index]
            return lambda: client.post(f"{API_PREFIX}/checkin", content=body, headers=headers)

        def healthz() -> Awaitable[httpx.Response]:
            return client.get("/healthz")

        await drive("warm-up", 2, [healthz] * concurrency)
        baseline = await drive("baseline", seconds, [healthz] * concurrency)
        # Kiosks take turns on the connection pool: `concurrency` requests are in flight.
        turns = [checkin(i % kiosks) for i in range(concurrency)]
        checkins = await drive("check-in", seconds, turns)
        size = len((await checkin(1 % kiosks)()).content)
    print(baseline.line())
    print(checkins.line())
    print(f"idle check-in reply: {size} bytes")
    ratio = checkins.rate / baseline.rate if baseline.rate else 0.0
    print(f"check-ins/s {checkins.rate:.0f}  ratio to bare JSON endpoint {ratio:.2f}")
    print(f"equivalent fleet at a 30 s interval: {checkins.rate * 30:,.0f} kiosks")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kiosks", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-checkin-") as tmp:
        database_url = args.database_url or f"sqlite:///{tmp}/fleet.db"
        env = {**os.environ, "FLEET_DATABASE_URL": database_url, "FLEET_LOG_LEVEL": "warning"}
        fleet_cli("migrate", env=env)
        fleet_cli("demo-data", env=env)
        code = fleet_cli(
            "enroll-code", "--branch", "oodi", "--uses", str(args.kiosks), env=env
        ).split()[-1]
        print(
            f"fleet serve --workers {args.workers} on {database_url.split(':')[0]}, "
            f"{args.kiosks} kiosks, {args.concurrency} requests in flight, {args.seconds:.0f} s "
            f"per phase, {os.cpu_count()} CPUs (load generator on the same machine)"
        )
        with fleet_server(database_url, args.workers, env) as base:
            asyncio.run(measure(base, code, args.kiosks, args.concurrency, args.seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Check-in throughput: N simulated kiosks against a real `fleet serve`, with a same-run baseline.

Starts ``fleet serve`` on a throw-away database (SQLite by default, or ``--database-url``),
enrols ``--kiosks`` simulated kiosks over HTTP with httpx, then drives steady-state
check-ins for ``--seconds`` from asyncio, with a lean keep-alive client by default or with
httpx (``--client httpx``: it costs more CPU per request than the server does).
The baseline is the same server's bare JSON endpoint (``/healthz``),
driven by the same client code for the same time, so the ratio says what the check-in costs
on top of HTTP + JSON on this machine, whatever else the machine is doing.

    .venv/bin/python benchmarks/checkin.py --kiosks 200 --seconds 20

Target (issue 3): >= 1,000 check-ins/s and a ratio >= 0.5 on 2 cores with SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
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
    server_cpu: float = 0.0  # CPU seconds the fleet server's processes used in this phase
    client_cpu: float = 0.0  # CPU seconds the load generator used in this phase

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    def cpu_ms(self, seconds: float) -> float:
        return 1000 * seconds / len(self.latencies) if self.latencies else float("nan")

    def line(self) -> str:
        return (
            f"{self.name:<10} {self.rate:7.0f} req/s   p50 {self.percentile(0.50):6.1f} ms   "
            f"p99 {self.percentile(0.99):6.1f} ms   errors {self.errors}   n={len(self.latencies)}"
            f"   CPU/request: server {self.cpu_ms(self.server_cpu):.2f} ms, "
            f"load generator {self.cpu_ms(self.client_cpu):.2f} ms"
        )


def process_tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by ``root`` and its child processes (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if root in (pid, ppid):
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def fleet_server(database_url: str, workers: int, env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """Run `fleet serve` until the block ends; yield its base URL and pid once /readyz answers."""
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
        yield base, proc.pid
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


#: Sends one request and returns the HTTP status; one per request in flight.
Sender = Callable[[], Awaitable[int]]


class RawConnection:
    """A lean HTTP/1.1 keep-alive client on asyncio streams, for the timed phases.

    httpx spends ~2 ms of CPU per request here, more than the server spends answering a
    check-in; on a 2-core machine it would measure itself. This client writes prepared
    request bytes and reads the status line, headers and ``Content-Length`` body.
    """

    def __init__(self, host: str, port: int) -> None:
        self._host, self._port = host, port
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    @staticmethod
    def prepare(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
        lines = [f"{method} {path} HTTP/1.1", "Host: bench", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    async def send(self, request: bytes) -> int:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self._host, self._port)
        reader, writer = self._streams
        try:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            return int(head[9:12])
        except (OSError, asyncio.IncompleteReadError, ValueError):
            writer.close()
            self._streams = None
            return 0

    def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()


async def drive(name: str, seconds: float, senders: list[Sender], server_pid: int) -> Run:
    """Each sender sends requests back to back until time is up (a closed loop)."""
    run = Run(name)
    stop_at = time.perf_counter() + seconds

    async def loop(send: Sender) -> None:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                ok = await send() == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                run.latencies.append(time.perf_counter() - started)
            else:
                run.errors += 1

    began, server_began, client_began = (
        time.perf_counter(),
        process_tree_cpu(server_pid),
        time.process_time(),
    )
    await asyncio.gather(*(loop(sender) for sender in senders))
    run.seconds = time.perf_counter() - began
    run.server_cpu = process_tree_cpu(server_pid) - server_began
    run.client_cpu = time.process_time() - client_began
    return run


async def measure(
    base: str,
    server_pid: int,
    code: str,
    *,
    kiosks: int,
    concurrency: int,
    seconds: float,
    client_kind: str,
) -> None:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    json = {"Content-Type": "application/json"}
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30, headers=json) as client:
        tokens = await enrol(client, code, kiosks)
        # Each kiosk's first check-in fetches its config; the benchmark measures the steady
        # state, where every kiosk already holds its current config etag.
        first = CheckInRequest(state=DeviceState.IDLE, app_version="bench").model_dump_json()
        bodies: list[bytes] = []
        for token in tokens:
            reply = await client.post(
                f"{API_PREFIX}/checkin", content=first, headers={"Authorization": f"Bearer {token}"}
            )
            reply.raise_for_status()
            steady = CheckInRequest(
                state=DeviceState.IDLE, app_version="bench", config_etag=reply.json()["config_etag"]
            )
            bodies.append(steady.model_dump_json().encode())
        idle_reply = await client.post(
            f"{API_PREFIX}/checkin",
            content=bodies[0],
            headers={"Authorization": f"Bearer {tokens[0]}"},
        )

        # `concurrency` requests in flight; the kiosks take turns on them.
        def checkin_headers(slot: int) -> dict[str, str]:
            return {**json, "Authorization": f"Bearer {tokens[slot % kiosks]}"}

        connections: list[RawConnection] = []
        if client_kind == "raw":
            host, port = base.removeprefix("http://").split(":")

            def raw(requests: list[bytes]) -> Sender:
                connection = RawConnection(host, int(port))
                connections.append(connection)
                turns = itertools.cycle(requests)
                return lambda: connection.send(next(turns))

            health = [
                raw([RawConnection.prepare("GET", "/healthz", {})]) for _ in range(concurrency)
            ]
            # Connection i carries kiosks i, i + concurrency, ...: every kiosk checks in.
            checkins = [
                raw(
                    [
                        RawConnection.prepare(
                            "POST", f"{API_PREFIX}/checkin", checkin_headers(k), bodies[k % kiosks]
                        )
                        for k in range(i, max(kiosks, concurrency), concurrency)
                    ]
                )
                for i in range(concurrency)
            ]
        else:

            def via_httpx(method: str, path: str, **kwargs: object) -> Sender:
                async def send() -> int:
                    return (await client.request(method, path, **kwargs)).status_code  # type: ignore[arg-type]

                return send

            health = [via_httpx("GET", "/healthz") for _ in range(concurrency)]
            checkins = [
                via_httpx(
                    "POST",
                    f"{API_PREFIX}/checkin",
                    content=bodies[i % kiosks],
                    headers=checkin_headers(i),
                )
                for i in range(concurrency)
            ]
        try:
            await drive("warm-up", 2, health, server_pid)
            baseline = await drive("baseline", seconds, health, server_pid)
            result = await drive("check-in", seconds, checkins, server_pid)
        finally:
            for connection in connections:
                connection.close()
    print(baseline.line())
    print(result.line())
    print(f"idle check-in reply: {len(idle_reply.content)} bytes")
    ratio = result.rate / baseline.rate if baseline.rate else 0.0
    print(f"check-ins/s {result.rate:.0f}  ratio to bare JSON endpoint {ratio:.2f}")
    print(f"equivalent fleet at a 30 s interval: {result.rate * 30:,.0f} kiosks")
    # What the server could sustain per core if the load generator ran elsewhere.
    capacity = len(result.latencies) / result.server_cpu if result.server_cpu else 0.0
    print(
        f"server CPU per check-in {result.cpu_ms(result.server_cpu):.2f} ms -> "
        f"{capacity:,.0f} check-ins/s per server core"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kiosks", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="load generator for the timed phases (enrolment always uses httpx)",
    )
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
            f"per phase, {os.cpu_count()} CPUs, {args.client} load generator on the same machine"
        )
        with fleet_server(database_url, args.workers, env) as (base, pid):
            asyncio.run(
                measure(
                    base,
                    pid,
                    code,
                    kiosks=args.kiosks,
                    concurrency=args.concurrency,
                    seconds=args.seconds,
                    client_kind=args.client,
                )
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

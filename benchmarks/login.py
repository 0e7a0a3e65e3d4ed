"""Log-in latency: card scan (or phone QR) to a running session, with the fleet on loopback.

Starts ``fleet serve`` on a throw-away SQLite database with the demo data (local patron
directory, argon2-hashed PINs, a card issuer key), enrols one kiosk and runs the kiosk's
own ``VisitorService`` against it over real HTTP: each round is "a card is scanned, the
PIN is submitted" until the session is open (the sandbox's private home made, the session
view ready to render), then a log-out (wipe + end report). Digital-card rounds scan a fresh
QR proof instead. The baseline is a bare check-in round trip of the same kiosk in the same
run. With ``--sip2`` the fleet asks an in-process SIP2 server (pysip2) instead, and the
benchmark counts how many SIP2 requests one warm log-in costs.

    .venv/bin/python benchmarks/login.py --rounds 100
    .venv/bin/python benchmarks/login.py --rounds 100 --sip2

Target (issue 4): p95 at most 200 ms from scan to session; a warm SIP2 log-in is one round
trip on a pooled connection.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from benchmarks.checkin import fleet_cli, fleet_server
from fleet.protocol import CheckInRequest, DeviceConfig, DeviceState
from fleet.protocol.cards import PhoneWallet, qr_proof
from kiosk.services.client import DeviceClient
from kiosk.services.sandbox import SessionSandbox
from kiosk.services.state import StateDir
from kiosk.services.store import LocalStore
from kiosk.services.visitor import VisitorService

CARD, PIN = "20001234", "1234"  # the demo data's Aino


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def line(name: str, values: list[float]) -> str:
    return (
        f"{name:<24} p50 {percentile(values, 0.5):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms"
        f"   max {max(values) * 1000:7.1f} ms   n={len(values)}"
    )


async def timed(rounds: int, work: Callable[[], Awaitable[None]]) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        await work()
        times.append(time.perf_counter() - started)
    return times


async def measure(base: str, state_dir: Path, wallet: PhoneWallet | None, rounds: int) -> None:
    credential = StateDir(state_dir).load_credential()
    assert credential is not None
    client = DeviceClient(base, credential.token)
    checkin = CheckInRequest(state=DeviceState.IDLE, app_version="bench")
    config = (await client.checkin(checkin)).config
    assert config is not None
    current: DeviceConfig = config
    store = LocalStore(state_dir / "kiosk.sqlite3")
    visitor = VisitorService(
        store,
        SessionSandbox(state_dir / "sessions", grace_seconds=1.0),
        client=lambda: client,
        config=lambda: current,
        record_event=lambda kind, attrs: None,
        changed=lambda: None,
        wiped=lambda: None,
        unreachable=lambda: None,
        clock=lambda: dt.datetime.now(dt.UTC),
    )

    async def card_login() -> None:
        await visitor.scanned(CARD)
        await visitor.submit_pin(PIN)
        if visitor.session_view is None:
            raise RuntimeError(f"log-in failed: {visitor.login_view or visitor.notice}")

    async def qr_login() -> None:
        assert wallet is not None
        await visitor.scanned(qr_proof(wallet, dt.datetime.now(dt.UTC)))
        if visitor.session_view is None:
            raise RuntimeError(f"log-in failed: {visitor.notice}")

    steady = checkin.model_copy(update={"config_etag": (await client.checkin(checkin)).config_etag})
    try:
        baseline = await timed(rounds, lambda: _checkin(client, steady))
        card, logout = [], []
        for _ in range(rounds):
            card += await timed(1, card_login)
            logout += await timed(1, visitor.logout)
        await visitor.flush_reports(client)
        qr = []
        if wallet is not None:
            for _ in range(rounds):
                qr += await timed(1, qr_login)
                await visitor.logout()
            await visitor.flush_reports(client)
    finally:
        await client.aclose()
        store.close()
    print(line("baseline check-in", baseline))
    print(line("card + PIN -> session", card))
    if qr:
        print(line("phone QR -> session", qr))
    print(line("log-out (wipe + report)", logout))
    ratio = percentile(card, 0.95) / percentile(baseline, 0.95)
    print(f"card log-in p95 / check-in p95: {ratio:.1f}")
    print(f"target 200 ms: card log-in p95 is {percentile(card, 0.95) / 200:.0%} of it")


async def _checkin(client: DeviceClient, request: CheckInRequest) -> None:
    await client.checkin(request)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--sip2", action="store_true", help="the fleet asks a SIP2 server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-login-") as tmp:
        database_url = f"sqlite:///{tmp}/fleet.db"
        env = {
            **os.environ,
            "FLEET_DATABASE_URL": database_url,
            "FLEET_DATA_DIR": tmp,
            "FLEET_LOG_LEVEL": "warning",
        }
        ils = None
        if args.sip2:
            from benchmarks.sip2_peer import start_ils

            ils = start_ils(CARD, PIN)
            env["FLEET_PATRON_DIRECTORY"] = ils.url
        fleet_cli("demo-data", env=env)
        code = fleet_cli("enroll-code", "--branch", "demo", env=env).split()[-1]
        card_file = Path(tmp) / "card.json"
        fleet_cli(
            "cards", "issue", "--customer-id", "bench-1", "--library-card", CARD,
            "--out", str(card_file), env=env,
        )  # fmt: skip
        wallet = PhoneWallet.model_validate_json(card_file.read_bytes())
        state_dir = Path(tmp) / "kiosk"
        try:
            with fleet_server(database_url, 1, env) as (base, _pid):
                subprocess.run(
                    [sys.executable, "-m", "kiosk", "enroll", "--server", base, "--code", code,
                     "--state-dir", str(state_dir)],
                    check=True, capture_output=True, timeout=60,
                )  # fmt: skip
                directory = "SIP2 (pysip2, in process)" if ils else "local (argon2 PINs)"
                print(f"{args.rounds} rounds, fleet serve on SQLite, directory: {directory}")
                asyncio.run(measure(base, state_dir, wallet, args.rounds))
        finally:
            if ils is not None:
                requests = ils.stop()
                logins = args.rounds * 2  # card rounds + QR rounds (linked library card)
                print(
                    f"SIP2 requests: {requests['63']} Patron Information for {logins} log-ins, "
                    f"{requests['93']} Login, {requests['99']} SC Status "
                    f"(one round trip per warm log-in: {requests['63'] == logins})"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

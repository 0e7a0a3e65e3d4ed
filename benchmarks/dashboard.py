"""Statistics dashboard: a year of 500 PCs' history rendered through the real app, in-process.

Builds a throw-away SQLite fleet database (migrated), ``--branches`` synthetic branches with
``--pcs`` placeholder PCs each and ``--days`` of generated history ending yesterday
(:mod:`fleet.stats.synthetic`), then signs in once over HTTP (httpx over ``ASGITransport``:
no sockets, no server process) and times ``GET /admin/stats`` for the whole range and all
branches, and for the whole range and one branch. The same-run baselines are the same page
for a single day (same code, tiny data) and ``/healthz``.

    .venv/bin/python benchmarks/dashboard.py --days 365 --branches 25 --pcs 20 --runs 10

Target (issue 7): the year's dashboard for 500 PCs renders in under 1 s on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from sqlmodel import Session

from fleet.auth.models import Role
from fleet.auth.passwords import Passwords
from fleet.auth.service import AuthService
from fleet.db import create_db_engine, migrate
from fleet.main import create_app
from fleet.settings import Settings
from fleet.stats.synthetic import ensure_branches_and_pcs, generate_history
from fleet.web.rendering import HELSINKI

USERNAME, PASSWORD = "bench-admin", "bench-password-2026"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TARGET_SECONDS = 1.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def line(name: str, values: list[float], size: int) -> str:
    return (
        f"{name:<26} p50 {percentile(values, 0.5):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms"
        f"   max {max(values) * 1000:7.1f} ms   n={len(values)}   {size / 1024:6.0f} KiB"
    )


def build(url: str, *, branches: int, pcs: int, first: dt.date, last: dt.date) -> None:
    migrate(url)
    engine = create_db_engine(url, pooled=False)
    try:
        with Session(engine) as session:
            started = time.perf_counter()
            ids = ensure_branches_and_pcs(session, branches, pcs)
            AuthService(session, Passwords()).create_user(USERNAME, PASSWORD, Role.ADMIN)
            session.commit()
            made = time.perf_counter()
            written = generate_history(
                session, branch_ids=ids, pcs_per_branch=pcs, first_day=first, last_day=last
            )
            session.commit()
            done = time.perf_counter()
    finally:
        engine.dispose()
    print(
        f"{branches} branches x {pcs} PCs ({made - started:.1f} s), {first} .. {last}: "
        f"{written.rows_hour:,} stat_hour rows, {written.rows_day:,} stat_day rows "
        f"generated in {done - made:.1f} s"
    )


async def timed(runs: int, work: Callable[[], Awaitable[int]]) -> tuple[list[float], int]:
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = await work()
        times.append(time.perf_counter() - started)
    return times, size


async def measure(
    settings: Settings, runs: int, first: dt.date, last: dt.date, branch: str
) -> None:
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://fleet.bench") as http,
    ):
        page = await http.get("/admin/login")
        found = CSRF.search(page.text)
        assert found, "the sign-in page has no CSRF field"
        signed_in = await http.post(
            "/admin/login",
            data={
                "username": USERNAME,
                "password": PASSWORD,
                "csrf_token": found.group(1),
                "next": "/admin/stats",
            },
        )
        assert signed_in.status_code == 303, signed_in.text
        http.cookies.set("fleet_lang", "en")

        def stats(since: dt.date, branch_id: str = "") -> Callable[[], Awaitable[int]]:
            params = {"since": since.isoformat(), "until": last.isoformat(), "branch": branch_id}

            async def get() -> int:
                reply = await http.get("/admin/stats", params=params)
                assert reply.status_code == 200, reply.status_code
                assert 'data-chart="pc_use"' in reply.text
                return len(reply.content)

            return get

        async def health() -> int:
            reply = await http.get("/healthz")
            assert reply.status_code == 200
            return len(reply.content)

        await stats(last)()  # warm-up: templates compiled, connections open
        results = {
            "/healthz": await timed(runs, health),
            "one day, all branches": await timed(runs, stats(last)),
            "whole range, one branch": await timed(runs, stats(first, branch)),
            "whole range, all branches": await timed(runs, stats(first)),
        }
    for name, (times, size) in results.items():
        print(line(name, times, size))
    year = percentile(results["whole range, all branches"][0], 0.5)
    day = percentile(results["one day, all branches"][0], 0.5)
    health_p50 = percentile(results["/healthz"][0], 0.5)
    print(f"ratio whole range / one day (p50): {year / day:.1f}")
    print(f"ratio whole range / /healthz (p50): {year / health_p50:.0f}")
    year_p95 = percentile(results["whole range, all branches"][0], 0.95)
    verdict = "met" if year_p95 < TARGET_SECONDS * 1000 else "NOT met"
    print(f"target {TARGET_SECONDS * 1000:.0f} ms: whole-range p95 {year_p95:.0f} ms, {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--days", type=int, default=365, help="days of history (365)")
    parser.add_argument("--branches", type=int, default=25, help="synthetic branches (25)")
    parser.add_argument("--pcs", type=int, default=20, help="PCs per branch (20)")
    parser.add_argument("--runs", type=int, default=10, help="timed requests per phase (10)")
    args = parser.parse_args()

    last = dt.datetime.now(HELSINKI).date() - dt.timedelta(days=1)
    first = last - dt.timedelta(days=args.days - 1)
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp:
        url = f"sqlite:///{tmp}/fleet.db"
        build(url, branches=args.branches, pcs=args.pcs, first=first, last=last)
        print(f"{args.runs} requests per phase, in-process ASGI, {os.cpu_count()} CPUs")
        # No rollup round during the measurement: there is nothing new to roll up anyway.
        settings = Settings(
            database_url=url,
            data_dir=Path(tmp) / "var",
            stats_rollup_seconds=3600,
            log_level="warning",
        )
        asyncio.run(measure(settings, args.runs, first, last, branch="b001"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

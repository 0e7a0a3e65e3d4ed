"""``fleet stats ...``: generate demo history into the statistics, or roll up now.

``fleet stats generate [--days 365] [--pcs-per-branch 20] [--branches N] [--seed 7]`` writes
synthetic history ending yesterday; it *replaces* the rollups of those branches and days, so
it is for demos and benchmarks, never for a fleet whose figures matter.
``fleet stats rollup`` runs one rollup round now (after an import, or to check a fix).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from fleet.branches.service import list_branches
from fleet.db import create_db_engine, migrate, utcnow
from fleet.settings import Settings
from fleet.stats.jobs import StatsJobs
from fleet.stats.synthetic import branch_today, ensure_branches_and_pcs, generate_history


def add_stats_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``stats`` and its sub-commands on the ``fleet`` command's sub-parsers."""
    stats = subparsers.add_parser("stats", help="usage statistics: demo history, rollups")
    commands = stats.add_subparsers(dest="stats_command", required=True, metavar="COMMAND")

    generate = commands.add_parser(
        "generate",
        help="write synthetic history (demos and benchmarks only)",
        description="Write realistic synthetic statistics for the days up to yesterday, by "
        "each branch's opening hours. It REPLACES the hourly and daily figures of those "
        "branches and days, real ones included: for demos and benchmarks only.",
    )
    generate.add_argument("--days", type=int, default=365, help="days of history (365)")
    generate.add_argument(
        "--pcs-per-branch", type=int, default=20, help="customer PCs per branch (20)"
    )
    generate.add_argument(
        "--branches",
        type=int,
        metavar="N",
        help="create N synthetic branches b001... with that many placeholder PCs each "
        "(default: use the existing branches, make no PCs)",
    )
    generate.add_argument("--seed", type=int, default=7, help="random seed (7)")
    generate.set_defaults(func=generate_command)

    commands.add_parser(
        "rollup", help="bring the hourly and daily figures up to date now"
    ).set_defaults(func=rollup_command)


@contextmanager
def _engine_session(settings: Settings) -> Iterator[Session]:
    url = settings.resolved_database_url()
    migrate(url)
    engine = create_db_engine(url, pooled=False)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


def generate_command(args: argparse.Namespace) -> int:
    checks = (
        (1 <= args.days <= 3660, "--days must be between 1 and 3660"),
        (0 <= args.pcs_per_branch <= 1000, "--pcs-per-branch must be between 0 and 1000"),
        (args.branches is None or 1 <= args.branches <= 999, "--branches must be 1 to 999"),
    )
    for ok, problem in checks:
        if not ok:
            print(f"fleet stats generate: {problem}.", file=sys.stderr)
            return 2
    with _engine_session(Settings()) as session:
        if args.branches is not None:
            branch_ids = ensure_branches_and_pcs(session, args.branches, args.pcs_per_branch)
        else:
            branch_ids = [branch.id for branch in list_branches(session)]
        if not branch_ids:
            print("fleet stats generate: there are no branches (try --branches).", file=sys.stderr)
            return 1
        last = branch_today(session, utcnow()) - dt.timedelta(days=1)
        first = last - dt.timedelta(days=args.days - 1)
        written = generate_history(
            session,
            branch_ids=branch_ids,
            pcs_per_branch=args.pcs_per_branch,
            first_day=first,
            last_day=last,
            seed=args.seed,
        )
        session.commit()
    print(
        f"fleet stats: generated {first} .. {last} for {len(branch_ids)} branches "
        f"({args.pcs_per_branch} PCs each): {written.rows_hour:,} hourly and "
        f"{written.rows_day:,} daily rows."
    )
    return 0


def rollup_command(_args: argparse.Namespace) -> int:
    settings = Settings()
    url = settings.resolved_database_url()
    migrate(url)
    engine = create_db_engine(url, pooled=False)
    try:
        jobs = StatsJobs(
            lambda: Session(engine),
            utcnow,
            retention_days=settings.event_retention_days,
            every=settings.stats_rollup_seconds,
        )
        result = jobs.run_once()
    finally:
        engine.dispose()
    if result is None:
        print("fleet stats rollup: another worker is rolling up; try again.", file=sys.stderr)
        return 1
    print(
        f"fleet stats: rolled up {result.event_buckets} event hours and "
        f"{result.device_hours} PC hours; {result.days} days rebuilt."
    )
    return 0

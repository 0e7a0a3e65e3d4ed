"""The statistics' background work: roll up every minute, purge old raw events once in a while.

With several workers on PostgreSQL, a transaction-scoped advisory lock lets one worker roll
up while the others skip that round (the result would be the same; the work would not).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import delete, text
from sqlmodel import Session, col

from fleet.db import Clock, run_in_transaction
from fleet.devices.models import UsageEventRecord
from fleet.periodic import run_periodically
from fleet.stats.models import DeviceHour, StatsCursor
from fleet.stats.rollup import EVENTS_CURSOR, OVERLAP, RollupResult, roll_up

log = logging.getLogger(__name__)

#: An arbitrary application-wide key for ``pg_try_advisory_xact_lock``.
_LOCK_KEY = 7_715_020_601


def purge_raw_events(session: Session, days: int, now: dt.datetime) -> int:
    """Delete raw events older than ``days`` that the rollups have already counted.

    Rollups are kept for good; the per-PC hours go with the raw events.
    """
    cutoff = now - dt.timedelta(days=days)
    cursor = session.get(StatsCursor, EVENTS_CURSOR)
    if cursor is None:
        return 0  # nothing has been rolled up yet: deleting would lose it
    counted = cursor.position - OVERLAP
    removed = session.exec(
        delete(UsageEventRecord).where(
            col(UsageEventRecord.occurred_at) < cutoff,
            col(UsageEventRecord.received_at) < counted,
        )
    )
    session.exec(delete(DeviceHour).where(col(DeviceHour.hour) < cutoff))
    return int(getattr(removed, "rowcount", 0) or 0)


def _locked(session: Session) -> bool:
    """True when this transaction may roll up (always on SQLite, whose writes serialise)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    statement = text("SELECT pg_try_advisory_xact_lock(:key)").bindparams(key=_LOCK_KEY)
    return bool(session.execute(statement).scalar())


class StatsJobs:
    """Rolls up every ``every`` seconds and purges raw events past ``retention_days``."""

    def __init__(
        self,
        sessions: Callable[[], Session],
        clock: Clock,
        *,
        retention_days: int,
        every: float = 60.0,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._retention_days = retention_days
        self._every = every
        self._purged_on: dt.date | None = None

    def run_once(self) -> RollupResult | None:
        """One round; None when another worker holds the lock."""
        now = self._clock()

        def work(session: Session) -> RollupResult | None:
            if not _locked(session):
                return None
            result = roll_up(session, now)
            if self._purged_on != now.date():
                removed = purge_raw_events(session, self._retention_days, now)
                if removed:
                    log.info("statistics: %d raw events past retention deleted", removed)
            return result

        result = run_in_transaction(self._sessions, work)
        self._purged_on = now.date()
        return result

    async def run(self, stop: asyncio.Event) -> None:
        """Every ``every`` seconds until ``stop`` (the first round one period after start)."""
        await run_periodically(
            stop,
            self._every,
            lambda: asyncio.to_thread(self.run_once),
            name="statistics rollup",
            log=log,
            first_run="after_period",
            # Rollups and events hold no personal data: the full trace is safe to log.
            log_traceback=True,
        )

"""Retention of visitors' personal data in bookings: gone a few days after the appointment.

``FLEET_SUPPORT_PERSONAL_DATA_DAYS`` (default 7) days after a booking's end, whatever its
status, its name, phone number and e-mail address (and the code kept for the reminder) are
deleted and ``personal_deleted_at`` is set. The booking itself stays, anonymous: times,
branch, adviser, topic, language, status, channel. A visitor can have it done at once
(``DELETE .../bookings/{code}/personal-data``). Run by the app now and then
(:class:`PersonalDataRetention`); each run is idempotent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from sqlmodel import Session, col, select

from fleet.db import Clock, run_in_transaction
from fleet.periodic import run_periodically
from fleet.support.bookings import forget
from fleet.support.models import SupportBooking

log = logging.getLogger(__name__)

#: Rows handled per transaction (a backlog after downtime is worked off over a few rounds).
BATCH = 500


def purge_personal_data(
    session: Session, days: int, now: dt.datetime, *, batch: int = BATCH
) -> int:
    """Forget the personal data of bookings that ended more than ``days`` days ago; returns
    how many bookings were changed."""
    cutoff = now - dt.timedelta(days=days)
    rows = session.exec(
        select(SupportBooking)
        .where(
            col(SupportBooking.personal_deleted_at).is_(None),
            col(SupportBooking.ends_at) < cutoff,
        )
        .order_by(col(SupportBooking.ends_at))
        .limit(batch)
    ).all()
    for row in rows:
        forget(row, now)
        session.add(row)
    session.flush()
    return len(rows)


class PersonalDataRetention:
    """Runs :func:`purge_personal_data` every ``every`` seconds on a worker thread."""

    def __init__(
        self,
        sessions: Callable[[], Session],
        clock: Clock,
        *,
        days: int,
        every: float = 600.0,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._days = days
        self._every = every

    def run_once(self) -> int:
        """Work off everything due now (in batches); returns how many bookings were changed."""
        now = self._clock()
        total = 0
        while True:
            changed = run_in_transaction(
                self._sessions, lambda session: purge_personal_data(session, self._days, now)
            )
            total += changed
            if changed < BATCH:
                return total

    async def run(self, stop: asyncio.Event) -> None:
        """Every ``every`` seconds until ``stop`` (the first round at once)."""
        await run_periodically(
            stop,
            self._every,
            lambda: asyncio.to_thread(self.run_once),
            name="booking retention",
            log=log,
            first_run="now",
            # Only the kind: a database error's text can quote the row it was writing.
            log_traceback=False,
            on_result=_report,
        )


def _report(changed: int) -> None:
    if changed:
        log.info("retention: personal data of %d bookings deleted", changed)

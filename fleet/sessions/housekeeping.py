"""Retention: personal and pseudonymous data about visitors is deleted when no longer needed.

Run by the app now and then (:class:`Housekeeping`). What goes, and when:

* visitor session rows (a keyed hash, times): after ``session_retention_days`` — the daily
  allowance needs only today; statistics come from the anonymous events, not from here;
* ended or cancelled PC reservations (their staff note may name someone): the same;
* guest passes past their validity: the same;
* wrong-PIN records: once outside the throttling window;
* digital-card proofs remembered against replays: once past their ``remember_until``;
* revocations of cards that have expired anyway.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete
from sqlmodel import Session, col

from fleet.cards import service as cards
from fleet.cards.models import CardProofUse
from fleet.db import Clock, run_in_transaction
from fleet.patrons import throttle
from fleet.periodic import run_periodically
from fleet.sessions.models import GuestPass, PatronSession, PcReservation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionRules:
    session_days: int = 30
    pin_throttle: throttle.ThrottleRule = field(default_factory=throttle.ThrottleRule)


def purge(
    session: Session, rules: RetentionRules, now: dt.datetime, *, refresh_trust: bool = False
) -> dict[str, int]:
    """Delete what has outlived its purpose; returns how many rows went, per kind.

    ``refresh_trust`` also drops revocations of expired cards, which recomputes every
    device's config (once a day is plenty).
    """
    cutoff = now - dt.timedelta(days=rules.session_days)
    done: dict[str, int] = {}
    # Sessions before the guest passes they point to (a session needs a valid pass to start,
    # so every session of an expired pass started before the cutoff too).
    done["sessions"] = _count(
        session.exec(
            delete(PatronSession).where(
                col(PatronSession.started_at) < cutoff,
                col(PatronSession.ended_at).is_not(None)
                | (col(PatronSession.granted_until) < cutoff),
            )
        )
    )
    done["guest_passes"] = _count(
        session.exec(delete(GuestPass).where(col(GuestPass.valid_until) < cutoff))
    )
    done["reservations"] = _count(
        session.exec(
            delete(PcReservation).where(
                (col(PcReservation.ends_at) < cutoff)
                | (
                    col(PcReservation.cancelled_at).is_not(None)
                    & (col(PcReservation.ends_at) < now)
                )
            )
        )
    )
    done["card_proofs"] = _count(
        session.exec(delete(CardProofUse).where(col(CardProofUse.remember_until) < now))
    )
    done["pin_failures"] = throttle.purge(session, rules.pin_throttle, now)
    if refresh_trust:
        done["revocations"] = cards.purge_expired_revocations(session, now=now)
    return done


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


class Housekeeping:
    """Runs :func:`purge` every ``every`` seconds on a worker thread, until stopped."""

    def __init__(
        self,
        sessions: Callable[[], Session],
        rules: RetentionRules,
        clock: Clock,
        *,
        every: float = 600.0,
    ) -> None:
        self._sessions = sessions
        self._rules = rules
        self._clock = clock
        self._every = every
        self._trust_refreshed: dt.date | None = None

    def run_once(self) -> dict[str, int]:
        now = self._clock()
        refresh = self._trust_refreshed != now.date()
        removed = run_in_transaction(
            self._sessions,
            lambda session: purge(session, self._rules, now, refresh_trust=refresh),
        )
        self._trust_refreshed = now.date()
        return removed

    async def run(self, stop: asyncio.Event) -> None:
        """Every ``every`` seconds until ``stop`` (the first round at once)."""
        await run_periodically(
            stop,
            self._every,
            lambda: asyncio.to_thread(self.run_once),
            name="retention clean-up",
            log=log,
            first_run="now",
            log_traceback=True,
            on_result=_report,
        )


def _report(removed: dict[str, int]) -> None:
    if any(removed.values()):
        log.info("retention: removed %s", removed)

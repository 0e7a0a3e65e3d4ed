"""PIN-failure throttling per card: after N wrong PINs in a window, that card waits.

Counted per card (by its keyed hash), not per kiosk: someone trying PINs for one card
moves from PC to PC. Staff can release a card at once (``release``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from fleet.patrons.models import PinFailure


@dataclass(frozen=True)
class ThrottleRule:
    limit: int = 5
    window: dt.timedelta = dt.timedelta(minutes=15)


def retry_after(session: Session, patron_key: str, rule: ThrottleRule, now: dt.datetime) -> int:
    """Seconds until this card may try again; 0 when it may try now."""
    since = now - rule.window
    failures = list(
        session.exec(
            select(PinFailure.failed_at)
            .where(PinFailure.patron_key == patron_key, col(PinFailure.failed_at) > since)
            .order_by(col(PinFailure.failed_at).desc())
            .limit(rule.limit)
        )
    )
    if len(failures) < rule.limit:
        return 0
    # The oldest of the last `limit` failures leaves the window first.
    free_at = failures[-1] + rule.window
    return max(1, int((free_at - now).total_seconds() + 0.999))


def record_failure(session: Session, patron_key: str, now: dt.datetime) -> None:
    session.add(PinFailure(patron_key=patron_key, failed_at=now))
    session.flush()


def release(session: Session, patron_key: str) -> int:
    """Forget a card's failures (staff released it, or the right PIN was given)."""
    result = session.exec(delete(PinFailure).where(col(PinFailure.patron_key) == patron_key))
    return int(result.rowcount or 0)


def purge(session: Session, rule: ThrottleRule, now: dt.datetime) -> int:
    """Drop failures older than the window (they no longer count for anything)."""
    result = session.exec(delete(PinFailure).where(col(PinFailure.failed_at) <= now - rule.window))
    return int(result.rowcount or 0)


def throttled_cards(session: Session, rule: ThrottleRule, now: dt.datetime) -> list[str]:
    """Keys of cards that are paused now (for the staff view)."""
    since = now - rule.window
    rows = session.exec(
        select(PinFailure.patron_key)
        .where(col(PinFailure.failed_at) > since)
        .group_by(col(PinFailure.patron_key))
        .having(func.count() >= rule.limit)
    )
    return list(rows)

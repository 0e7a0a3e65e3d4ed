"""A PC's upcoming reservations, as the session service and the device config need them.

Kept apart from :mod:`fleet.sessions.reservations` (which writes through the branch
service) so the branch service can put reservations into a device's config without a
circular import.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from fleet.protocol.sessions import ReservationSlot
from fleet.sessions.models import PcReservation

#: At most this many reservations travel in one device config.
MAX_IN_CONFIG = 100


def upcoming(session: Session, device_id: int, now: dt.datetime) -> list[PcReservation]:
    """This PC's reservations that have not ended, soonest first."""
    return list(
        session.exec(
            select(PcReservation)
            .where(
                PcReservation.device_id == device_id,
                col(PcReservation.cancelled_at).is_(None),
                col(PcReservation.ends_at) > now,
            )
            .order_by(col(PcReservation.starts_at))
        )
    )


def slots_for_config(session: Session, device_id: int, now: dt.datetime) -> list[ReservationSlot]:
    """What the kiosk is told: times only, and whether the holder has arrived."""
    return [
        ReservationSlot(starts_at=r.starts_at, ends_at=r.ends_at, claimed=r.claimed_at is not None)
        for r in upcoming(session, device_id, now)[:MAX_IN_CONFIG]
    ]

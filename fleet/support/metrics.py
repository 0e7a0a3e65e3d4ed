"""The programme's digital-support figures, computed from the anonymous usage events.

"People who used digital support" counts each adviser contact once: a walk-in visitor an
adviser called, and an appointment marked done. "Units giving digital support" counts the
branches where that happened. Guides are self-service and reported beside them. Nothing
here can tell who anyone was: the events carry no person, and no PC either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from fleet.devices.models import UsageEventRecord
from fleet.protocol import EventType

_CONTACTS = (EventType.HELP_CALLED.value, EventType.BOOKING_DONE.value)


@dataclass(frozen=True)
class SupportFigures:
    """Digital support in ``[since, until)``."""

    people_helped: int
    walk_in: int
    appointments: int
    units: int
    guides_opened: int
    guides_completed: int


def support_figures(session: Session, since: dt.datetime, until: dt.datetime) -> SupportFigures:
    in_range = (
        col(UsageEventRecord.occurred_at) >= since,
        col(UsageEventRecord.occurred_at) < until,
    )
    counts = dict(
        session.exec(
            select(UsageEventRecord.type, func.count())
            .where(*in_range)
            .group_by(col(UsageEventRecord.type))
        ).all()
    )
    units = session.exec(
        select(func.count(func.distinct(UsageEventRecord.branch_id))).where(
            *in_range, col(UsageEventRecord.type).in_(_CONTACTS)
        )
    ).one()
    walk_in = counts.get(EventType.HELP_CALLED.value, 0)
    appointments = counts.get(EventType.BOOKING_DONE.value, 0)
    return SupportFigures(
        people_helped=walk_in + appointments,
        walk_in=walk_in,
        appointments=appointments,
        units=units,
        guides_opened=counts.get(EventType.GUIDE_OPENED.value, 0),
        guides_completed=counts.get(EventType.GUIDE_COMPLETED.value, 0),
    )

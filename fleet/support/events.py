"""Anonymous usage events the fleet records itself (what advisers and the website do).

Kiosks record their own events; bookings made on the website and what advisers do in the
console happen on the fleet, so the fleet records those, in the same table and with the
same rules: a type, the branch, a time, slugs and numbers — never a name or a code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlmodel import Session

from fleet.devices.models import UsageEventRecord
from fleet.protocol import EventType, UsageEvent, new_event_id


def record_event(
    session: Session,
    branch_id: str,
    event_type: EventType,
    attrs: Mapping[str, bool | int | str],
    now: dt.datetime,
) -> None:
    """Add one event to the request's transaction (validated like a kiosk's upload)."""
    event = UsageEvent(id=new_event_id(now), type=event_type, occurred_at=now, attrs=dict(attrs))
    session.add(
        UsageEventRecord(
            id=str(event.id),
            type=event.type.value,
            branch_id=branch_id,
            occurred_at=event.occurred_at,
            received_at=now,
            attrs=dict(event.attrs),
        )
    )

"""PC time from the check-ins: how long each PC was online, and in a session, per hour.

The check-in flush calls :func:`credit_device_time` with the devices it is about to write:
the time since a device's previous check-in counts as online (and as in use, if it then
reported a session) when the gap is short enough that the device was online all along —
the same rule the admin pages use for "online". One SELECT and one upsert per flush, not per
check-in; nothing here runs on the request path.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects import postgresql, sqlite

from fleet.devices.models import Device
from fleet.stats.models import DeviceHour

_DEVICE = Device.__table__  # type: ignore[attr-defined]
_DEVICE_HOUR = DeviceHour.__table__  # type: ignore[attr-defined]
HOUR = dt.timedelta(hours=1)
IN_SESSION = "in_session"


@dataclass(frozen=True, slots=True)
class CheckIn:
    """What the flush knows of one device's newest check-in."""

    device_id: int
    seen_at: dt.datetime


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def split_by_hour(start: dt.datetime, end: dt.datetime) -> Iterable[tuple[dt.datetime, int]]:
    """``(hour, seconds)`` for each UTC hour the interval ``[start, end)`` touches."""
    hour = start.replace(minute=0, second=0, microsecond=0)
    while hour < end:
        following = hour + HOUR
        seconds = (min(end, following) - max(start, hour)).total_seconds()
        if seconds > 0:
            yield hour, round(seconds)
        hour = following


def credit_device_time(
    connection: Connection, check_ins: Iterable[CheckIn], offline_factor: float
) -> int:
    """Add the time since each device's previous check-in to its hours; returns rows touched.

    Must run in the flush's transaction *before* the new ``last_seen`` is written.
    """
    latest = {item.device_id: item.seen_at for item in check_ins}
    if not latest:
        return 0
    previous = connection.execute(
        select(
            _DEVICE.c.id,
            _DEVICE.c.branch_id,
            _DEVICE.c.last_seen,
            _DEVICE.c.state,
            _DEVICE.c.checkin_interval_seconds,
        ).where(_DEVICE.c.id.in_(list(latest)))
    ).all()
    credit: dict[tuple[dt.datetime, int], list[int]] = defaultdict(lambda: [0, 0])
    branches: dict[int, str] = {}
    for device_id, branch_id, last_seen, state, interval in previous:
        if last_seen is None:
            continue
        start, end = _aware(last_seen), latest[device_id]
        if not start < end <= start + dt.timedelta(seconds=interval * offline_factor):
            continue  # a first check-in after being offline: the gap was not online time
        branches[device_id] = branch_id
        for hour, seconds in split_by_hour(start, end):
            totals = credit[hour, device_id]
            totals[0] += seconds
            if state == IN_SESSION:
                totals[1] += seconds
    return _add(connection, credit, branches)


def _add(
    connection: Connection,
    credit: Mapping[tuple[dt.datetime, int], list[int]],
    branches: Mapping[int, str],
) -> int:
    if not credit:
        return 0
    rows = [
        {
            "hour": hour,
            "device_id": device_id,
            "branch_id": branches[device_id],
            "online_seconds": online,
            "session_seconds": busy,
        }
        for (hour, device_id), (online, busy) in credit.items()
    ]
    postgres = connection.dialect.name == "postgresql"
    statement = (postgresql.insert if postgres else sqlite.insert)(_DEVICE_HOUR)
    # Capped at the hour's length: two workers may credit the same gap once each.
    smaller = func.least if postgres else func.min
    statement = statement.on_conflict_do_update(
        index_elements=["hour", "device_id"],
        set_={
            name: smaller(_DEVICE_HOUR.c[name] + statement.excluded[name], 3600)
            for name in ("online_seconds", "session_seconds")
        },
    )
    connection.execute(statement, rows)
    return len(rows)

"""Incremental, idempotent rollups of the anonymous events and of PC time.

Events: every run finds the (branch, hour) buckets that received events since the cursor
(with an overlap, so an upload whose transaction committed late is not missed), and rebuilds
each of those buckets from *all* its raw events. Rebuilding instead of adding is what makes
a re-run harmless and lets an event that arrives days late land in its own hour.

PC time: hours that have ended are turned from ``device_hour`` into the branch's PC metrics,
against the branch's opening hours; the cursor moves one hour at a time.

Both then rebuild the affected ``stat_day`` rows from ``stat_hour``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, delete, func, insert, or_
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from fleet.branches.models import Branch
from fleet.branches.service import opening_hours
from fleet.devices.models import Device, UsageEventRecord
from fleet.protocol import OpeningHours
from fleet.protocol.hours import open_interval, zone_of
from fleet.stats.catalogue import DEVICE_METRICS, EVENT_METRICS, contributions
from fleet.stats.models import DeviceHour, StatDay, StatHour, StatsCursor

log = logging.getLogger(__name__)

HOUR = dt.timedelta(hours=1)
#: Uploads committed up to this long after they were stamped are still picked up.
OVERLAP = dt.timedelta(minutes=5)
#: An hour's PC time is final this long after it ends (the check-in flush runs every second).
DEVICE_GRACE = dt.timedelta(minutes=2)
#: How many hours of PC time one run finalises at most (a long outage catches up in steps).
MAX_DEVICE_HOURS = 24 * 31
EVENTS_CURSOR = "events"
DEVICES_CURSOR = "devices"
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

_HOUR = StatHour.__table__  # type: ignore[attr-defined]
_DAY = StatDay.__table__  # type: ignore[attr-defined]


def floor_hour(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class RollupResult:
    event_buckets: int
    device_hours: int
    days: int


def roll_up(session: Session, now: dt.datetime) -> RollupResult:
    """Bring the rollups up to date (the caller commits)."""
    zones = _zones(session)
    touched: set[tuple[str, dt.date]] = set()
    buckets = _roll_up_events(session, zones, touched)
    hours = _roll_up_devices(session, zones, now, touched)
    rebuild_days(session, touched)
    return RollupResult(event_buckets=buckets, device_hours=hours, days=len(touched))


def _zones(session: Session) -> dict[str, ZoneInfo]:
    return {
        branch_id: zone_of(name)
        for branch_id, name in session.execute(
            core_select(col(Branch.id), col(Branch.timezone))
        ).all()
    }


def _local(hour: dt.datetime, zone: ZoneInfo) -> tuple[dt.date, int, int]:
    local = hour.astimezone(zone)
    return local.date(), local.weekday(), local.hour


def _cursor(session: Session, name: str) -> StatsCursor | None:
    return session.get(StatsCursor, name)


def _move_cursor(session: Session, name: str, position: dt.datetime) -> None:
    row = session.get(StatsCursor, name)
    if row is None:
        session.add(StatsCursor(name=name, position=position))
    else:
        row.position = position
        row.updated_at = dt.datetime.now(dt.UTC)
        session.add(row)
    session.flush()


# --- events ---------------------------------------------------------------------------------


def _roll_up_events(
    session: Session, zones: Mapping[str, ZoneInfo], touched: set[tuple[str, dt.date]]
) -> int:
    cursor = _cursor(session, EVENTS_CURSOR)
    since = cursor.position - OVERLAP if cursor is not None else _EPOCH
    # Grouped in the database: memory follows the number of hours touched, not of events
    # (the first round after an upgrade sees every event ever stored).
    hour = _hour_text(session)
    fresh = session.execute(
        core_select(
            col(UsageEventRecord.branch_id), hour, func.max(col(UsageEventRecord.received_at))
        )
        .where(col(UsageEventRecord.received_at) > since)
        .group_by(col(UsageEventRecord.branch_id), hour)
    ).all()
    if not fresh:
        return 0
    dirty: dict[str, set[dt.datetime]] = defaultdict(set)
    newest = since
    for branch_id, hour_text, received_at in fresh:
        dirty[branch_id].add(dt.datetime.strptime(hour_text, "%Y-%m-%d %H").replace(tzinfo=dt.UTC))
        newest = max(newest, _aware(received_at))
    for branch_id, hours in dirty.items():
        for window in _windows(sorted(hours)):
            _rebuild_event_hours(session, branch_id, window, zones, touched)
    _move_cursor(session, EVENTS_CURSOR, newest)
    return sum(len(hours) for hours in dirty.values())


def _hour_text(session: Session) -> ColumnElement[str]:
    """``occurred_at``'s UTC hour as ``YYYY-MM-DD HH`` in SQL."""
    occurred = col(UsageEventRecord.occurred_at)
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", occurred), "YYYY-MM-DD HH24")
    # SQLite keeps UTC as text, "2026-11-23 09:10:00.000000": the hour is its first 13.
    return func.substr(occurred, 1, 13)


#: How many hours of one branch's raw events are read at once when recounting.
WINDOW = 24 * 7


def _windows(hours: list[dt.datetime]) -> Iterable[list[dt.datetime]]:
    """Sorted hours cut into runs spanning at most ``WINDOW`` hours each."""
    window: list[dt.datetime] = []
    for hour in hours:
        if window and hour - window[0] >= WINDOW * HOUR:
            yield window
            window = []
        window.append(hour)
    if window:
        yield window


def _aware(moment: dt.datetime) -> dt.datetime:
    """Core selects skip the ORM type on some dialects: SQLite hands back naive UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _rebuild_event_hours(
    session: Session,
    branch_id: str,
    hours: list[dt.datetime],
    zones: Mapping[str, ZoneInfo],
    touched: set[tuple[str, dt.date]],
) -> None:
    """Recount these hours of one branch from their raw events."""
    wanted = set(hours)
    totals: dict[tuple[dt.datetime, str, str], int] = defaultdict(int)
    rows = session.execute(
        core_select(
            col(UsageEventRecord.occurred_at),
            col(UsageEventRecord.type),
            col(UsageEventRecord.attrs),
        ).where(
            col(UsageEventRecord.branch_id) == branch_id,
            col(UsageEventRecord.occurred_at) >= hours[0],
            col(UsageEventRecord.occurred_at) < hours[-1] + HOUR,
        )
    ).all()
    for occurred_at, event_type, attrs in rows:
        hour = floor_hour(occurred_at)
        if hour not in wanted:
            continue
        for metric, dimension, amount in contributions(event_type, attrs or {}):
            totals[hour, metric, dimension] += amount
    zone = zones.get(branch_id) or zone_of("")
    for chunk in _chunks(hours, 500):
        session.exec(
            delete(StatHour).where(
                col(StatHour.branch_id) == branch_id,
                col(StatHour.hour).in_(chunk),
                col(StatHour.metric).in_(EVENT_METRICS),
            )
        )
    _insert_hours(session, branch_id, zone, totals)
    touched.update((branch_id, _local(hour, zone)[0]) for hour in hours)


def _insert_hours(
    session: Session,
    branch_id: str,
    zone: ZoneInfo,
    totals: Mapping[tuple[dt.datetime, str, str], int],
) -> None:
    rows = []
    for (hour, metric, dimension), value in totals.items():
        day, weekday, local_hour = _local(hour, zone)
        rows.append(
            {
                "hour": hour,
                "branch_id": branch_id,
                "metric": metric,
                "dimension": dimension,
                "day": day,
                "weekday": weekday,
                "local_hour": local_hour,
                "value": value,
            }
        )
    if rows:
        session.execute(insert(_HOUR), rows)


def _chunks(items: list[dt.datetime], size: int) -> Iterable[list[dt.datetime]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- PC time --------------------------------------------------------------------------------


def _roll_up_devices(
    session: Session,
    zones: Mapping[str, ZoneInfo],
    now: dt.datetime,
    touched: set[tuple[str, dt.date]],
) -> int:
    """Finalise the PC metrics of every hour that ended since the last run."""
    until = floor_hour(now - DEVICE_GRACE)
    cursor = _cursor(session, DEVICES_CURSOR)
    if cursor is not None:
        start = cursor.position
    else:
        first = session.execute(core_select(func.min(DeviceHour.hour))).scalar()
        start = floor_hour(_aware(first)) if first is not None else until
    end = min(until, start + MAX_DEVICE_HOURS * HOUR)
    if end <= start:
        if cursor is None:
            _move_cursor(session, DEVICES_CURSOR, start)
        return 0
    hours = [start + index * HOUR for index in range(int((end - start) / HOUR))]
    usage: dict[tuple[str, dt.datetime], list[tuple[int, int, int]]] = defaultdict(list)
    for row in session.exec(
        select(DeviceHour).where(col(DeviceHour.hour) >= start, col(DeviceHour.hour) < end)
    ):
        usage[row.branch_id, row.hour].append(
            (row.device_id, row.online_seconds, row.session_seconds)
        )
    devices = session.execute(
        core_select(
            col(Device.id), col(Device.branch_id), col(Device.enrolled_at), col(Device.revoked_at)
        )
    ).all()
    by_branch: dict[str, list[tuple[int, dt.datetime, dt.datetime | None]]] = defaultdict(list)
    for device_id, branch_id, enrolled_at, revoked_at in devices:
        by_branch[branch_id].append((device_id, enrolled_at, revoked_at))
    branches = session.exec(select(Branch)).all()
    for branch in branches:
        zone = zones.get(branch.id) or zone_of(branch.timezone)
        hours_of_branch = opening_hours(session, branch)
        totals: dict[tuple[dt.datetime, str, str], int] = {}
        for hour in hours:
            open_seconds = _open_seconds(hours_of_branch, zone, hour)
            seen = {device: (online, busy) for device, online, busy in usage[branch.id, hour]}
            present = [
                device_id
                for device_id, enrolled_at, revoked_at in by_branch[branch.id]
                if enrolled_at < hour + HOUR and (revoked_at is None or revoked_at > hour)
            ]
            pc_open = open_seconds * len(present)
            online = sum(value[0] for value in seen.values())
            busy = sum(value[1] for value in seen.values())
            offline = sum(
                max(0, open_seconds - seen.get(device_id, (0, 0))[0]) for device_id in present
            )
            for metric, seconds in (
                ("pc_open_minutes", pc_open),
                ("pc_online_minutes", online),
                ("pc_offline_minutes", offline),
                ("pc_session_minutes", busy),
            ):
                if seconds >= 30:
                    totals[hour, metric, ""] = round(seconds / 60)
        session.exec(
            delete(StatHour).where(
                col(StatHour.branch_id) == branch.id,
                col(StatHour.hour) >= start,
                col(StatHour.hour) < end,
                col(StatHour.metric).in_(DEVICE_METRICS),
            )
        )
        _insert_hours(session, branch.id, zone, totals)
        touched.update((branch.id, _local(hour, zone)[0]) for hour in hours)
    _move_cursor(session, DEVICES_CURSOR, end)
    return len(hours)


def _open_seconds(hours: OpeningHours, zone: ZoneInfo, hour: dt.datetime) -> int:
    """Seconds of ``hour`` (UTC) during which the branch was open."""
    end = hour + HOUR
    total = 0.0
    local_day = hour.astimezone(zone).date()
    # An hour can touch two local days (and an opening can start the evening before).
    for day in (local_day - dt.timedelta(days=1), local_day, local_day + dt.timedelta(days=1)):
        interval = open_interval(hours, zone, day)
        if interval is None:
            continue
        opens, closes = interval
        overlap = (min(end, closes) - max(hour, opens)).total_seconds()
        total += max(0.0, overlap)
    return int(min(total, 3600))


# --- days -----------------------------------------------------------------------------------


def rebuild_days(session: Session, touched: Iterable[tuple[str, dt.date]]) -> None:
    """Recompute ``stat_day`` for these (branch, local day) pairs from ``stat_hour``.

    Consecutive days of a branch go as one range, so a year of one branch is one condition
    and a large batch (generated history) takes a few statements, not one per day.
    """
    ranges = _day_ranges(touched)
    for start in range(0, len(ranges), 100):
        chunk = ranges[start : start + 100]
        session.exec(delete(StatDay).where(_in_ranges(chunk, StatDay.branch_id, StatDay.day)))
        columns = [_HOUR.c.day, _HOUR.c.branch_id, _HOUR.c.metric, _HOUR.c.dimension]
        summed = (
            core_select(*columns, func.sum(_HOUR.c.value))
            .where(_in_ranges(chunk, _HOUR.c.branch_id, _HOUR.c.day))
            .group_by(*columns)
        )
        session.execute(
            insert(_DAY).from_select(["day", "branch_id", "metric", "dimension", "value"], summed)
        )


def _day_ranges(touched: Iterable[tuple[str, dt.date]]) -> list[tuple[str, dt.date, dt.date]]:
    """``(branch, first, last)`` runs of consecutive days."""
    ranges: list[tuple[str, dt.date, dt.date]] = []
    for branch_id, day in sorted(set(touched)):
        if ranges and ranges[-1][0] == branch_id and ranges[-1][2] + dt.timedelta(days=1) == day:
            ranges[-1] = (branch_id, ranges[-1][1], day)
        else:
            ranges.append((branch_id, day, day))
    return ranges


def _in_ranges(
    ranges: list[tuple[str, dt.date, dt.date]], branch: Any, day: Any
) -> ColumnElement[bool]:
    return or_(
        *(and_(branch == branch_id, day >= first, day <= last) for branch_id, first, last in ranges)
    )

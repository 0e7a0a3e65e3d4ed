"""Opening-hours arithmetic shared by the kiosk and the fleet: is the branch open, until when.

A day's ``closes`` of 00:00 means midnight at the end of that day, so "08:00-00:00" is open
until midnight and "00:00-00:00" is open all day. Days that run into each other (a day open
until midnight followed by one open from midnight) form one opening: a self-service library
open around the clock never "closes" in between.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fleet.protocol.device import DayHours, OpeningHours

FALLBACK_TIMEZONE = "Europe/Helsinki"
MIDNIGHT = dt.time(0, 0)
#: How far ahead contiguous openings are followed; a branch open all week is open "for now".
HORIZON_DAYS = 7


def zone_of(name: str) -> ZoneInfo:
    """The named zone; Helsinki if the name is unknown here (no tz database entry)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(FALLBACK_TIMEZONE)


def valid_day(day: DayHours) -> bool:
    """Both times or neither; closing after opening, or at midnight (00:00)."""
    if day.opens is None or day.closes is None:
        return day.opens is None and day.closes is None
    return day.closes > day.opens or day.closes == MIDNIGHT


def open_interval(
    hours: OpeningHours, zone: ZoneInfo, day: dt.date
) -> tuple[dt.datetime, dt.datetime] | None:
    """The aware opening and closing instants on ``day`` (branch-local), or None if closed."""
    rule = hours.on(day)
    if rule.opens is None or rule.closes is None:
        return None
    opens = dt.datetime.combine(day, rule.opens, tzinfo=zone)
    if rule.closes == MIDNIGHT:
        closes = dt.datetime.combine(day + dt.timedelta(days=1), MIDNIGHT, tzinfo=zone)
    else:
        closes = dt.datetime.combine(day, rule.closes, tzinfo=zone)
    return opens, closes


def closes_at(hours: OpeningHours, zone: ZoneInfo, now: dt.datetime) -> dt.datetime | None:
    """When the branch closes if it is open at ``now`` (aware); None when it is closed.

    Openings that run into the next day's are followed (up to a week ahead).
    """
    day = now.astimezone(zone).date()
    interval = open_interval(hours, zone, day)
    if interval is None or not interval[0] <= now < interval[1]:
        return None
    closes = interval[1]
    for _ in range(HORIZON_DAYS):
        day += dt.timedelta(days=1)
        following = open_interval(hours, zone, day)
        if following is None or following[0] > closes:
            break
        closes = following[1]
    return closes

"""Today's opening hours in the branch's own time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fleet.protocol import DayHours, DeviceConfig

FALLBACK_TIMEZONE = "Europe/Helsinki"


def branch_zone(config: DeviceConfig) -> ZoneInfo:
    """The branch's zone; Helsinki if the name is unknown on this PC (no tz database entry)."""
    try:
        return ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(FALLBACK_TIMEZONE)


def branch_today(config: DeviceConfig, now: dt.datetime) -> dt.date:
    """The calendar date at the branch at the instant ``now`` (which must be aware)."""
    return now.astimezone(branch_zone(config)).date()


def hours_today(config: DeviceConfig, now: dt.datetime) -> tuple[dt.date, DayHours]:
    """The branch-local date at ``now`` and the hours that apply on it (exceptions first)."""
    today = branch_today(config, now)
    return today, config.opening_hours.on(today)

"""Power-schedule arithmetic shared by the kiosk and the fleet: when a PC switches off and on.

From a branch's opening hours (holidays and other exceptions included) and its profile's
:class:`~fleet.protocol.device.PowerSchedule`: the PC switches off N minutes after the library
closes and wakes M minutes before it next opens, closed days skipped. Everything is computed
in UTC, so a daylight-saving change in the night neither adds nor loses an hour. The kiosk
acts on it (``kiosk.services.power``); the fleet shows IT when a PC should be back.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from fleet.protocol.device import OpeningHours, PowerSchedule
from fleet.protocol.hours import open_interval

#: How far ahead the next opening is looked for: past any run of holidays (Christmas).
HORIZON_DAYS = 16

_UTC = dt.UTC


def openings(
    hours: OpeningHours, zone: ZoneInfo, around: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The openings ``(opens, closes)`` in UTC from two days before ``around`` on, for
    ``HORIZON_DAYS``; days that run into each other (open until midnight, open from
    midnight) are one opening."""
    first = around.astimezone(zone).date() - dt.timedelta(days=2)
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    for offset in range(HORIZON_DAYS + 2):
        interval = open_interval(hours, zone, first + dt.timedelta(days=offset))
        if interval is None:
            continue
        opens, closes = (moment.astimezone(_UTC) for moment in interval)
        if spans and opens <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], closes))
        else:
            spans.append((opens, closes))
    return spans


def _horizon_end(zone: ZoneInfo, around: dt.datetime) -> dt.datetime:
    """Where :func:`openings` stops looking (UTC)."""
    first = around.astimezone(zone).date() - dt.timedelta(days=2)
    last = first + dt.timedelta(days=HORIZON_DAYS + 2)
    return dt.datetime.combine(last, dt.time(0), tzinfo=zone).astimezone(_UTC)


def next_shutdown(
    hours: OpeningHours, zone: ZoneInfo, power: PowerSchedule | None, after: dt.datetime
) -> dt.datetime | None:
    """The first scheduled shutdown later than ``after`` (UTC), or None without a schedule.

    A closing is followed by a shutdown unless the library opens again (less the wake lead)
    before it would happen: switching off then would only mean switching on again.
    """
    delay = power.shutdown_after if power is not None else None
    if power is None or delay is None:
        return None
    lead = power.wake_before or dt.timedelta(0)
    spans = openings(hours, zone, after)
    for index, (_opens, closes) in enumerate(spans):
        if closes >= _horizon_end(zone, after):
            break  # still open where the horizon ends: that is not a closing
        moment = closes + delay
        if moment <= after:
            continue
        following = spans[index + 1][0] if index + 1 < len(spans) else None
        if following is not None and moment >= following - lead:
            continue
        return moment
    return None


def shutdown_after_closing(
    hours: OpeningHours, zone: ZoneInfo, power: PowerSchedule | None, closing: dt.datetime
) -> dt.datetime | None:
    """When the PC switches off after the closing at ``closing``; None when it stays on."""
    delay = power.shutdown_after if power is not None else None
    if delay is None:
        return None
    moment = next_shutdown(hours, zone, power, closing - dt.timedelta(microseconds=1))
    return moment if moment == closing.astimezone(_UTC) + delay else None


def next_wake(
    hours: OpeningHours, zone: ZoneInfo, power: PowerSchedule | None, after: dt.datetime
) -> dt.datetime | None:
    """The wake before the first opening whose wake is later than ``after`` (UTC); None
    without a wake schedule, or without an opening within ``HORIZON_DAYS``."""
    lead = power.wake_before if power is not None else None
    if lead is None:
        return None
    for opens, _closes in openings(hours, zone, after):
        if opens - lead > after:
            return opens - lead
    return None

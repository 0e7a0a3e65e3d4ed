"""Today's hours follow the branch's time zone and dated exceptions."""

from __future__ import annotations

import datetime as dt

from fleet.protocol import (
    DayHours,
    DeviceConfig,
    HoursException,
    LocalizedText,
    OpeningHours,
    Policy,
)
from kiosk.services.hours import branch_today, hours_today


def make_config(
    timezone: str = "Europe/Helsinki", exceptions: list[HoursException] | None = None
) -> DeviceConfig:
    weekly = [DayHours(opens=dt.time(8), closes=dt.time(20)) for _ in range(5)]
    weekly += [DayHours(opens=dt.time(10), closes=dt.time(16)), DayHours()]
    return DeviceConfig(
        device_id=1,
        device_name="oodi-pc-1",
        branch_id="oodi",
        branch_name=LocalizedText(fi="Oodi", sv="Ode", en="Oodi"),
        timezone=timezone,
        opening_hours=OpeningHours(weekly=weekly, exceptions=exceptions or []),
        policy=Policy(),
    )


def test_late_sunday_evening_in_utc_is_already_monday_in_helsinki() -> None:
    # 2026-11-22 is a Sunday; 22:30 UTC is 00:30 on Monday in Helsinki (UTC+2 in winter).
    now = dt.datetime(2026, 11, 22, 22, 30, tzinfo=dt.UTC)
    today, hours = hours_today(make_config(), now)
    assert today == dt.date(2026, 11, 23)
    assert hours == DayHours(opens=dt.time(8), closes=dt.time(20))


def test_sunday_is_closed() -> None:
    now = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
    today, hours = hours_today(make_config(), now)
    assert today.weekday() == 6
    assert hours.closed


def test_a_dated_exception_wins_over_the_weekly_rule() -> None:
    christmas_eve = HoursException(date=dt.date(2026, 12, 24), opens=dt.time(9), closes=dt.time(12))
    now = dt.datetime(2026, 12, 24, 7, 0, tzinfo=dt.UTC)
    _, hours = hours_today(make_config(exceptions=[christmas_eve]), now)
    assert (hours.opens, hours.closes) == (dt.time(9), dt.time(12))


def test_an_unknown_zone_falls_back_to_helsinki() -> None:
    now = dt.datetime(2026, 11, 22, 22, 30, tzinfo=dt.UTC)
    assert branch_today(make_config("Mars/Olympus_Mons"), now) == dt.date(2026, 11, 23)

"""The power schedule: switch off after closing, wake before the next opening, in UTC."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from fleet.protocol import DayHours, HoursException, OpeningHours, PowerSchedule
from fleet.protocol.power import next_shutdown, next_wake, shutdown_after_closing

HELSINKI = ZoneInfo("Europe/Helsinki")
UTC = dt.UTC
WEEKDAY = DayHours(opens=dt.time(9), closes=dt.time(20))
SATURDAY = DayHours(opens=dt.time(10), closes=dt.time(16))
#: Monday to Friday 9-20, Saturday 10-16, closed on Sundays.
HOURS = OpeningHours(weekly=[WEEKDAY] * 5 + [SATURDAY, DayHours()])
POWER = PowerSchedule(shutdown_after_closing_minutes=30, wake_before_opening_minutes=20)


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, sec, tzinfo=HELSINKI)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_a_normal_day_switches_off_after_closing_and_on_before_opening() -> None:
    monday_noon = local(2026, 11, 23, 12)
    off = next_shutdown(HOURS, HELSINKI, POWER, monday_noon)
    assert off == local(2026, 11, 23, 20, 30) == utc(2026, 11, 23, 18, 30)
    assert off is not None
    assert off.tzinfo is UTC
    assert next_wake(HOURS, HELSINKI, POWER, off) == local(2026, 11, 24, 8, 40)
    # The moment itself is past once it has come: the next one is a day later.
    assert next_shutdown(HOURS, HELSINKI, POWER, off) == local(2026, 11, 24, 20, 30)
    assert shutdown_after_closing(HOURS, HELSINKI, POWER, local(2026, 11, 23, 20)) == off


def test_a_closed_day_is_skipped_by_the_wake() -> None:
    saturday_off = next_shutdown(HOURS, HELSINKI, POWER, local(2026, 11, 28, 12))
    assert saturday_off == local(2026, 11, 28, 16, 30)
    # Closed on Sunday: the PC sleeps until Monday morning.
    assert next_wake(HOURS, HELSINKI, POWER, saturday_off) == local(2026, 11, 30, 8, 40)
    assert next_shutdown(HOURS, HELSINKI, POWER, saturday_off) == local(2026, 11, 30, 20, 30)


def test_holidays_and_short_days_come_from_the_exceptions() -> None:
    hours = HOURS.model_copy(
        update={
            "exceptions": [
                # Christmas Eve closes early, Christmas Day and Boxing Day are closed.
                HoursException(date=dt.date(2026, 12, 24), opens=dt.time(9), closes=dt.time(12)),
                HoursException(date=dt.date(2026, 12, 25)),
                HoursException(date=dt.date(2026, 12, 26)),
            ]
        }
    )
    off = next_shutdown(hours, HELSINKI, POWER, local(2026, 12, 24, 10))
    assert off == local(2026, 12, 24, 12, 30)
    # 25th, 26th (a Saturday) and the Sunday are closed: Monday the 28th.
    assert next_wake(hours, HELSINKI, POWER, off) == local(2026, 12, 28, 8, 40)


def test_the_autumn_clock_change_neither_adds_nor_loses_an_hour() -> None:
    # Sunday 25 October 2026: 04:00 summer time becomes 03:00 winter time in Helsinki.
    saturday_off = next_shutdown(HOURS, HELSINKI, POWER, local(2026, 10, 24, 12))
    assert saturday_off == utc(2026, 10, 24, 13, 30)  # 16:30 summer time (UTC+3)
    wake = next_wake(HOURS, HELSINKI, POWER, saturday_off)
    assert wake == utc(2026, 10, 26, 6, 40)  # 08:40 winter time (UTC+2)
    assert wake is not None
    assert wake.astimezone(HELSINKI).time() == dt.time(8, 40)
    # Open until midnight on the night of the change: five hours later is 04:00 winter time
    # (five real hours), not 05:00 (what adding five hours to the wall clock would say).
    late = HOURS.model_copy(
        update={
            "exceptions": [
                HoursException(date=dt.date(2026, 10, 24), opens=dt.time(10), closes=dt.time(0))
            ]
        }
    )
    power = PowerSchedule(shutdown_after_closing_minutes=300)
    off = next_shutdown(late, HELSINKI, power, local(2026, 10, 24, 12))
    assert off == utc(2026, 10, 24, 21) + dt.timedelta(hours=5)
    assert off is not None
    assert off.astimezone(HELSINKI).time() == dt.time(4)


def test_the_spring_clock_change_neither_adds_nor_loses_an_hour() -> None:
    # Sunday 29 March 2026: 03:00 winter time becomes 04:00 summer time.
    saturday_off = next_shutdown(HOURS, HELSINKI, POWER, local(2026, 3, 28, 12))
    assert saturday_off == utc(2026, 3, 28, 14, 30)  # 16:30 winter time (UTC+2)
    wake = next_wake(HOURS, HELSINKI, POWER, saturday_off)
    assert wake == utc(2026, 3, 30, 5, 40)  # 08:40 summer time (UTC+3)
    late = HOURS.model_copy(
        update={
            "exceptions": [
                HoursException(date=dt.date(2026, 3, 28), opens=dt.time(10), closes=dt.time(0))
            ]
        }
    )
    power = PowerSchedule(shutdown_after_closing_minutes=300)
    off = next_shutdown(late, HELSINKI, power, local(2026, 3, 28, 12))
    assert off == utc(2026, 3, 28, 22) + dt.timedelta(hours=5)
    assert off is not None
    assert off.astimezone(HELSINKI).time() == dt.time(6)


def test_no_shutdown_when_the_library_opens_again_first() -> None:
    # Switching off at 08:00 to wake at 08:00 would be pointless: that night it stays on.
    power = PowerSchedule(shutdown_after_closing_minutes=720, wake_before_opening_minutes=60)
    off = next_shutdown(HOURS, HELSINKI, power, local(2026, 11, 23, 12))
    assert shutdown_after_closing(HOURS, HELSINKI, power, local(2026, 11, 23, 20)) is None
    # Friday night is followed by Saturday's late opening (10:00): that night it does.
    assert off == local(2026, 11, 28, 8)
    assert shutdown_after_closing(HOURS, HELSINKI, power, local(2026, 11, 27, 20)) == off


def test_a_library_open_around_the_clock_never_switches_off() -> None:
    always = OpeningHours(weekly=[DayHours(opens=dt.time(0), closes=dt.time(0))] * 7)
    assert next_shutdown(always, HELSINKI, POWER, local(2026, 11, 23, 12)) is None
    assert next_wake(always, HELSINKI, POWER, local(2026, 11, 23, 12)) is None
    # Open until midnight then from midnight: one opening, one closing, on Tuesday at 02:00.
    night = OpeningHours(
        weekly=[
            DayHours(opens=dt.time(9), closes=dt.time(0)),
            DayHours(opens=dt.time(0), closes=dt.time(2)),
        ]
        + [DayHours()] * 5
    )
    off = next_shutdown(night, HELSINKI, POWER, local(2026, 11, 23, 12))
    assert off == local(2026, 11, 24, 2, 30)


def test_without_a_schedule_nothing_happens() -> None:
    monday = local(2026, 11, 23, 12)
    for power in (None, PowerSchedule(), PowerSchedule(shutdown_after_closing_minutes=0)):
        assert next_shutdown(HOURS, HELSINKI, power, monday) is None
    assert next_wake(HOURS, HELSINKI, PowerSchedule(wake_before_opening_minutes=0), monday) is None
    # Switching off without waking is allowed (staff switch the PCs on by hand).
    only_off = PowerSchedule(shutdown_after_closing_minutes=15)
    assert next_shutdown(HOURS, HELSINKI, only_off, monday) == local(2026, 11, 23, 20, 15)
    assert next_wake(HOURS, HELSINKI, only_off, monday) is None

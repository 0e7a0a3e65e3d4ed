"""Slot generation: weekly rules, buffers, capacity, notice, horizon, closures, DST, speed."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable

import pytest
from sqlalchemy import event
from sqlmodel import Session

from fleet.branches import service as branches
from fleet.protocol import DayHours, HoursException, OpeningHours
from fleet.protocol.support import SupportTopic
from fleet.support import advisers
from fleet.support.advisers import ExceptionIn
from fleet.support.availability import (
    BranchCalendar,
    Opening,
    Seats,
    SlotSearch,
    day_slots,
    find_slots,
    rule_openings,
)
from fleet.support.models import AvailabilityRule
from tests.fleet.support.booking_world import (
    HELSINKI,
    MONDAY_11,
    TUESDAY,
    add_adviser,
    add_rule,
    book,
    local,
)
from tests.support.fleetdb import WEEKDAY_HOURS, FleetDb

OPEN_DAILY = [DayHours(opens=dt.time(8), closes=dt.time(20))] * 7
EMAIL = SupportTopic.EMAIL


def calendar(exceptions: list[HoursException] | None = None) -> BranchCalendar:
    hours = OpeningHours(weekly=OPEN_DAILY, exceptions=exceptions or [])
    return BranchCalendar("oodi", HELSINKI, hours)


def rule(**fields: object) -> AvailabilityRule:
    values: dict[str, object] = {
        "id": 1,
        "adviser_id": 7,
        "branch_id": "oodi",
        "weekday": 1,
        "starts": dt.time(10),
        "ends": dt.time(12),
        "slot_minutes": 45,
        "buffer_minutes": 15,
    }
    values.update(fields)
    return AvailabilityRule.model_validate(values)


def starts(slots: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[str]:
    """Slot starts as Helsinki wall-clock ``HH:MM``."""
    return [f"{start.astimezone(HELSINKI):%H:%M}" for start, _ in slots]


# --- pure generation ---------------------------------------------------------------------------


def test_a_rule_is_cut_into_slots_with_buffers_between_them() -> None:
    assert starts(day_slots(rule(), calendar(), TUESDAY)) == ["10:00", "11:00"]
    tight = rule(slot_minutes=30, buffer_minutes=0)
    assert starts(day_slots(tight, calendar(), TUESDAY)) == ["10:00", "10:30", "11:00", "11:30"]
    first_start, first_end = next(day_slots(rule(), calendar(), TUESDAY))
    assert first_end - first_start == dt.timedelta(minutes=45)
    assert list(day_slots(rule(), calendar(), TUESDAY + dt.timedelta(days=1))) == []  # Wed


def test_slots_never_lie_outside_the_opening_hours() -> None:
    early = rule(starts=dt.time(7), ends=dt.time(11))  # the branch opens at 8
    assert starts(day_slots(early, calendar(), TUESDAY)) == ["08:00", "09:00", "10:00"]
    late_opening = calendar(
        exceptions=[HoursException(date=TUESDAY, opens=dt.time(10, 30), closes=dt.time(20))]
    )
    assert starts(day_slots(early, late_opening, TUESDAY)) == []  # the grid stays put
    short_day = calendar(
        exceptions=[HoursException(date=TUESDAY, opens=dt.time(8), closes=dt.time(11, 30))]
    )
    assert starts(day_slots(rule(), short_day, TUESDAY)) == ["10:00"]  # 11:00-11:45 ends late


def test_valid_from_and_until_bound_a_rule() -> None:
    bounded = rule(
        valid_from=TUESDAY + dt.timedelta(days=7), valid_until=TUESDAY + dt.timedelta(14)
    )
    days = [
        opening.starts_at.astimezone(HELSINKI).date()
        for opening in rule_openings(
            bounded,
            calendar(),
            set(),
            TUESDAY,
            TUESDAY + dt.timedelta(days=30),
            MONDAY_11,
            MONDAY_11 + dt.timedelta(days=60),
        )
    ]
    assert sorted(set(days)) == [TUESDAY + dt.timedelta(days=7), TUESDAY + dt.timedelta(days=14)]


def test_wall_clock_times_hold_across_the_end_of_summer_time() -> None:
    # Summer time ends on Sunday 25 October 2026 at 04:00 in Helsinki (UTC+3 -> UTC+2).
    mondays = rule(weekday=0)
    sundays = rule(weekday=6)
    found = list(
        rule_openings(
            mondays,
            calendar(),
            set(),
            dt.date(2026, 10, 18),
            dt.date(2026, 11, 1),
            dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
            dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        )
    )
    utc = [(o.starts_at.date().isoformat(), o.starts_at.hour) for o in found]
    assert utc == [("2026-10-19", 7), ("2026-10-19", 8), ("2026-10-26", 8), ("2026-10-26", 9)]
    on_the_day = list(day_slots(sundays, calendar(), dt.date(2026, 10, 25)))
    assert [start.isoformat() for start, _ in on_the_day] == [
        "2026-10-25T08:00:00+00:00",
        "2026-10-25T09:00:00+00:00",
    ]
    assert all(end - start == dt.timedelta(minutes=45) for start, end in on_the_day)


def test_seats_count_bookings_at_the_start_and_overlaps_block() -> None:
    start = local(TUESDAY, 10)
    opening = Opening(7, 1, "oodi", start, start + dt.timedelta(minutes=45), capacity=3)
    minutes = dt.timedelta(minutes=45)
    assert Seats([]).left(opening) == 3
    two = Seats([(7, start, start + minutes), (7, start, start + minutes)])
    assert two.left(opening) == 1
    assert Seats([(8, start, start + minutes)]).left(opening) == 3  # another adviser
    before = start - minutes
    assert Seats([(7, before, start)]).left(opening) == 3  # ends as the slot starts
    misaligned = start + dt.timedelta(minutes=30)
    assert Seats([(7, misaligned, misaligned + minutes)]).left(opening) == 0


# --- searching the database ----------------------------------------------------------------------


def search(
    fleet_db: FleetDb,
    *,
    topic: SupportTopic = EMAIL,
    language: str = "fi",
    branch_id: str | None = None,
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
) -> list[str]:
    """Found slots at the test's Monday 11:00, as ``YYYY-MM-DD HH:MM/seats`` in Helsinki."""
    query = SlotSearch(topic, language, branch_id, first_day, last_day)
    with fleet_db.session() as session:
        found = find_slots(session, query, MONDAY_11)
    return [
        f"{slot.starts_at.astimezone(HELSINKI):%Y-%m-%d %H:%M}/{slot.seats_left}" for slot in found
    ]


def test_search_keeps_to_topic_language_branch_notice_and_horizon(fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")
    fleet_db.create_branch("kallio")
    aino = add_adviser(fleet_db, "aino", branches=("oodi", "kallio"))
    bo = add_adviser(fleet_db, "bo", name="Bo", topics=(SupportTopic.SCAMS,), languages=("sv",))
    # Mondays from 12:00: with two hours' notice at 11:00, 12:00 has closed, 13:00 is open.
    add_rule(fleet_db, aino.user_id, weekday=0, starts=dt.time(12), ends=dt.time(14), capacity=2)
    add_rule(fleet_db, aino.user_id, weekday=1, branch_id="kallio", horizon_days=8)
    add_rule(fleet_db, bo.user_id, weekday=0, starts=dt.time(12), ends=dt.time(14))

    week = search(fleet_db, first_day=dt.date(2026, 11, 23), last_day=dt.date(2026, 11, 30))
    assert week == [
        "2026-11-23 13:00/2",
        "2026-11-24 10:00/1",  # Kallio
        "2026-11-24 11:00/1",
        "2026-11-30 12:00/2",
        "2026-11-30 13:00/2",
    ]
    assert search(fleet_db, branch_id="kallio", last_day=dt.date(2026, 12, 31)) == [
        "2026-11-24 10:00/1",
        "2026-11-24 11:00/1",
        "2026-12-01 10:00/1",  # Tuesday 1 December is within 8 days; the 8th is not
        "2026-12-01 11:00/1",
    ]
    assert search(fleet_db, language="sv") == []  # Aino: no Swedish; Bo: no e-mail
    assert search(fleet_db, topic=SupportTopic.SCAMS, language="sv")[:1] == ["2026-11-23 13:00/1"]
    # The default horizon (28 days) ends on Monday 21 December, 11:00.
    everything = search(fleet_db, branch_id="oodi", last_day=dt.date(2027, 1, 31))
    assert everything[-1] == "2026-12-14 13:00/2"
    assert len(everything) == 7


def test_bookings_take_seats_and_full_slots_disappear(fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")
    aino = add_adviser(fleet_db)
    add_rule(fleet_db, aino.user_id, capacity=2)
    book(fleet_db, aino, local(TUESDAY, 10))
    assert search(fleet_db, last_day=TUESDAY) == ["2026-11-24 10:00/1", "2026-11-24 11:00/2"]
    book(fleet_db, aino, local(TUESDAY, 10), name="Pekka")
    assert search(fleet_db, last_day=TUESDAY) == ["2026-11-24 11:00/2"]


def test_days_away_holidays_and_closed_weekdays_have_no_slots(fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi")  # closed on Sundays
    aino = add_adviser(fleet_db)
    add_rule(fleet_db, aino.user_id)  # Tuesdays
    add_rule(fleet_db, aino.user_id, weekday=6)  # Sundays: the branch is closed
    next_tuesday = TUESDAY + dt.timedelta(days=7)
    with fleet_db.session() as session:
        advisers.set_exception(session, aino.user_id, ExceptionIn(date=TUESDAY), "test")
        branches.add_hours_exception(
            session, "oodi", HoursException(date=next_tuesday), "test"
        )  # a holiday: closed
    found = search(fleet_db, last_day=TUESDAY + dt.timedelta(days=14))
    assert found == ["2026-12-08 10:00/1", "2026-12-08 11:00/1"]


def test_a_search_is_a_few_queries_and_a_few_milliseconds(fleet_db: FleetDb) -> None:
    fleet_db.create_branch("oodi", weekly=WEEKDAY_HOURS)
    aino = add_adviser(fleet_db)
    for weekday in range(5):  # 8 slots a day, Monday to Friday, four weeks ahead
        add_rule(
            fleet_db,
            aino.user_id,
            weekday=weekday,
            starts=dt.time(9),
            ends=dt.time(17),
            min_notice_minutes=0,
        )
    for day in range(1, 20):
        starts_at = local(dt.date(2026, 11, 23) + dt.timedelta(days=day), 12)
        if starts_at.astimezone(HELSINKI).weekday() < 5:
            book(fleet_db, aino, starts_at)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(fleet_db.engine, "before_cursor_execute", count)
    try:
        with Session(fleet_db.engine) as session:
            begun = time.perf_counter()
            found = find_slots(
                session,
                SlotSearch(EMAIL, "fi", "oodi", last_day=dt.date(2026, 12, 31)),
                MONDAY_11,
            )
            elapsed = time.perf_counter() - begun
    finally:
        event.remove(fleet_db.engine, "before_cursor_execute", count)
    # 21 weekdays up to the horizon (Monday 21 December, 11:00), 8 slots each; 9:00 and
    # 10:00 have gone this morning, 12:00-16:00 on the 21st lie beyond; 14 are booked.
    assert len(found) == 21 * 8 - 2 - 5 - 14
    assert len(statements) <= 6, statements
    assert elapsed < 0.25, elapsed


@pytest.mark.parametrize("days", [0, 62])
def test_a_search_range_is_bounded(fleet_db: FleetDb, days: int) -> None:
    fleet_db.create_branch("oodi")
    aino = add_adviser(fleet_db)
    add_rule(fleet_db, aino.user_id, horizon_days=366)
    last = dt.date(2026, 11, 23) + dt.timedelta(days=days + 400)
    found = search(
        fleet_db, first_day=dt.date(2026, 11, 23) + dt.timedelta(days=days), last_day=last
    )
    # 62 days hold 9 Tuesdays at most, each with two slots.
    assert 0 < len(found) <= 18

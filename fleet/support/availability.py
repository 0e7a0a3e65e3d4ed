"""Bookable adviser slots: weekly rules cut into times, inside opening hours, minus absences.

The rules, in order:

* A rule (``AvailabilityRule``) applies on its weekday, between ``valid_from`` and
  ``valid_until`` (both inclusive, either open). Its slots start at ``starts`` and every
  ``slot_minutes + buffer_minutes`` after, branch-local wall-clock time, as long as a slot
  ends by ``ends``. Wall-clock time keeps "10:00" at 10:00 across the DST changes.
* A day the adviser is away (``AvailabilityException``) has no slots.
* A day the branch is closed (a closed weekday, or a dated opening-hours exception such as a
  holiday) has no slots, and no slot lies even partly outside that day's opening hours.
* A slot can be booked from ``now + min_notice_minutes`` (bookings close before it starts)
  up to ``now + horizon_days``.
* ``seats_left`` is ``capacity`` minus the bookings at that start that are not cancelled
  (booked, checked in, done and no-show all hold their seat). A booking of the same adviser
  that overlaps the slot at another start (left over from an earlier rule) blocks it: an
  adviser is in one place at a time.

:func:`find_slots` answers a search with a handful of queries, whatever the number of slots.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from fleet.branches.models import Branch, BranchHoursException
from fleet.protocol import DayHours, HoursException, OpeningHours
from fleet.protocol.hours import open_interval, zone_of
from fleet.protocol.support import BookingStatus, Slot, SupportTopic
from fleet.support.models import (
    AdviserProfile,
    AvailabilityException,
    AvailabilityRule,
    SupportBooking,
)

#: Bookings in these states hold their seat.
SEAT_HOLDING: tuple[str, ...] = (
    BookingStatus.BOOKED.value,
    BookingStatus.CHECKED_IN.value,
    BookingStatus.DONE.value,
    BookingStatus.NO_SHOW.value,
)
#: The longest slot a rule may have; bounds how far back an overlapping booking can start.
MAX_SLOT_MINUTES = 480
#: The longest date range one search covers.
MAX_SEARCH_DAYS = 62
#: A search without an end covers this many days from its first.
DEFAULT_SEARCH_DAYS = 14
#: No rule books further ahead than this (``horizon_days`` is at most this).
MAX_AHEAD_DAYS = 366


@dataclass(frozen=True)
class BranchCalendar:
    """What slot generation needs to know about a branch: its zone and opening hours."""

    branch_id: str
    zone: ZoneInfo
    hours: OpeningHours


@dataclass(frozen=True)
class Opening:
    """A slot a rule produces, before bookings are counted. Times are aware UTC."""

    adviser_id: int
    rule_id: int
    branch_id: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int


# --- pure generation ---------------------------------------------------------------------------


def rule_applies(rule: AvailabilityRule, day: dt.date) -> bool:
    """Whether ``rule`` is in force on ``day`` (its weekday, inside its validity range)."""
    return (
        day.weekday() == rule.weekday
        and (rule.valid_from is None or rule.valid_from <= day)
        and (rule.valid_until is None or day <= rule.valid_until)
    )


def day_slots(
    rule: AvailabilityRule, calendar: BranchCalendar, day: dt.date
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """The (start, end) instants, in UTC, that ``rule`` gives on the branch-local ``day``.

    Nothing when the rule does not apply that day or the branch is closed; slots that would
    start before opening or end after closing are left out (the grid itself stays anchored
    to the rule's start, so a short day does not shift the other slots).
    """
    if not rule_applies(rule, day):
        return
    interval = open_interval(calendar.hours, calendar.zone, day)
    if interval is None:
        return
    opens, closes = interval
    length = dt.timedelta(minutes=rule.slot_minutes)
    step = length + dt.timedelta(minutes=rule.buffer_minutes)
    wall = dt.datetime.combine(day, rule.starts)
    last = dt.datetime.combine(day, rule.ends)
    while wall + length <= last:
        starts = wall.replace(tzinfo=calendar.zone).astimezone(dt.UTC)
        ends = starts + length
        if starts >= opens and ends <= closes:
            yield starts, ends
        wall += step


def rule_openings(
    rule: AvailabilityRule,
    calendar: BranchCalendar,
    away: Collection[dt.date],
    first_day: dt.date,
    last_day: dt.date,
    earliest: dt.datetime,
    latest: dt.datetime,
) -> Iterator[Opening]:
    """The openings of one rule on branch-local days ``first_day..last_day`` that start in
    ``[earliest, latest]``, skipping the adviser's days away."""
    assert rule.id is not None
    day = first_day + dt.timedelta(days=(rule.weekday - first_day.weekday()) % 7)
    while day <= last_day:
        if day not in away:
            for starts, ends in day_slots(rule, calendar, day):
                if earliest <= starts <= latest:
                    yield Opening(
                        rule.adviser_id, rule.id, rule.branch_id, starts, ends, rule.capacity
                    )
        day += dt.timedelta(days=7)


def booking_window(rule: AvailabilityRule, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The earliest and latest start ``rule``'s slots can be booked for at ``now``."""
    return (
        now + dt.timedelta(minutes=rule.min_notice_minutes),
        now + dt.timedelta(days=rule.horizon_days),
    )


class Seats:
    """The seat-holding bookings of advisers, for counting the seats left in a slot."""

    def __init__(self, taken: Iterable[tuple[int, dt.datetime, dt.datetime]]) -> None:
        by_adviser: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
        for adviser_id, starts_at, ends_at in taken:
            by_adviser[adviser_id].append((starts_at, ends_at))
        self._starts: dict[int, list[dt.datetime]] = {}
        self._times: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
        for adviser_id, times in by_adviser.items():
            times.sort()
            self._times[adviser_id] = times
            self._starts[adviser_id] = [starts for starts, _ in times]

    def left(self, opening: Opening) -> int:
        """``capacity`` minus the bookings at this start; 0 when another booking overlaps."""
        starts = self._starts.get(opening.adviser_id)
        if not starts:
            return opening.capacity
        times = self._times[opening.adviser_id]
        reach = opening.starts_at - dt.timedelta(minutes=MAX_SLOT_MINUTES)
        same = 0
        index = bisect.bisect_left(starts, opening.ends_at) - 1
        while index >= 0 and times[index][0] > reach:
            booked_from, booked_until = times[index]
            if booked_until > opening.starts_at:
                if booked_from != opening.starts_at:
                    return 0
                same += 1
            index -= 1
        return max(0, opening.capacity - same)


# --- reading what generation needs ---------------------------------------------------------------


def load_calendars(
    session: Session, branch_ids: Collection[str], first_day: dt.date, last_day: dt.date
) -> dict[str, BranchCalendar]:
    """Zones and opening hours (with the dated exceptions between the two days) in two
    queries."""
    if not branch_ids:
        return {}
    branches = session.exec(select(Branch).where(col(Branch.id).in_(list(branch_ids)))).all()
    exceptions: dict[str, list[HoursException]] = defaultdict(list)
    rows = session.exec(
        select(BranchHoursException).where(
            col(BranchHoursException.branch_id).in_(list(branch_ids)),
            col(BranchHoursException.date) >= first_day,
            col(BranchHoursException.date) <= last_day,
        )
    )
    for row in rows:
        exceptions[row.branch_id].append(
            HoursException(date=row.date, opens=row.opens, closes=row.closes)
        )
    calendars: dict[str, BranchCalendar] = {}
    for branch in branches:
        weekly = [DayHours.model_validate(day) for day in branch.weekly_hours] or [DayHours()] * 7
        hours = OpeningHours(weekly=weekly, exceptions=exceptions.get(branch.id, []))
        calendars[branch.id] = BranchCalendar(branch.id, zone_of(branch.timezone), hours)
    return calendars


def load_away(
    session: Session, adviser_ids: Collection[int], first_day: dt.date, last_day: dt.date
) -> dict[int, set[dt.date]]:
    away: dict[int, set[dt.date]] = defaultdict(set)
    if not adviser_ids:
        return away
    rows = session.exec(
        select(col(AvailabilityException.adviser_id), col(AvailabilityException.date)).where(
            col(AvailabilityException.adviser_id).in_(list(adviser_ids)),
            col(AvailabilityException.date) >= first_day,
            col(AvailabilityException.date) <= last_day,
        )
    )
    for adviser_id, day in rows:
        away[adviser_id].add(day)
    return away


def load_seats(
    session: Session,
    adviser_ids: Collection[int],
    since: dt.datetime,
    until: dt.datetime,
    *,
    excluding: int | None = None,
) -> Seats:
    """Seat-holding bookings of the advisers that overlap ``[since, until)``, in one query."""
    if not adviser_ids:
        return Seats(())
    query = select(
        SupportBooking.adviser_id, SupportBooking.starts_at, SupportBooking.ends_at
    ).where(
        col(SupportBooking.adviser_id).in_(list(adviser_ids)),
        col(SupportBooking.status).in_(SEAT_HOLDING),
        col(SupportBooking.starts_at) < until,
        col(SupportBooking.ends_at) > since,
    )
    if excluding is not None:
        query = query.where(col(SupportBooking.id) != excluding)
    return Seats(session.exec(query).all())


def serves(
    profile: AdviserProfile, topic: SupportTopic, language: str, branch_id: str | None
) -> bool:
    """Whether an active adviser covers the topic and the language (and the branch)."""
    return (
        profile.active
        and topic.value in profile.topics
        and language in profile.languages
        and (branch_id is None or branch_id in profile.branches)
    )


# --- searching -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotSearch:
    """What a visitor looks for. Days are branch-local and inclusive; None: from today, for
    :data:`DEFAULT_SEARCH_DAYS` days."""

    topic: SupportTopic
    language: str
    branch_id: str | None = None
    first_day: dt.date | None = None
    last_day: dt.date | None = None


def search_days(search: SlotSearch, today: dt.date) -> tuple[dt.date, dt.date]:
    """The search's first and last day, at most :data:`MAX_SEARCH_DAYS` apart."""
    # Clamped first, so that no date arithmetic can leave the calendar (year 9999).
    first = min(max(search.first_day or today, today), today + dt.timedelta(days=MAX_AHEAD_DAYS))
    last = search.last_day or first + dt.timedelta(days=DEFAULT_SEARCH_DAYS - 1)
    return first, min(last, first + dt.timedelta(days=MAX_SEARCH_DAYS - 1))


def find_slots(session: Session, search: SlotSearch, now: dt.datetime) -> list[Slot]:
    """Free slots for the search, sorted by time (then branch and adviser), full ones left out.

    Six queries: advisers, rules, branches, opening-hour exceptions, absences, bookings.
    """
    profiles = {
        profile.user_id: profile
        for profile in session.exec(
            select(AdviserProfile).where(col(AdviserProfile.active).is_(True))
        )
        if serves(profile, search.topic, search.language, search.branch_id)
    }
    if not profiles:
        return []
    query = select(AvailabilityRule).where(col(AvailabilityRule.adviser_id).in_(list(profiles)))
    if search.branch_id is not None:
        query = query.where(AvailabilityRule.branch_id == search.branch_id)
    rules = [
        rule for rule in session.exec(query) if rule.branch_id in profiles[rule.adviser_id].branches
    ]
    if not rules:
        return []
    # Branch-local dates differ from UTC ones by at most a day either way.
    first, last = search_days(search, now.date())
    latest = max(booking_window(rule, now)[1] for rule in rules).date()
    span = (first - dt.timedelta(days=1), min(last, latest) + dt.timedelta(days=1))
    if span[1] < span[0]:
        return []
    calendars = load_calendars(session, {rule.branch_id for rule in rules}, *span)
    away = load_away(session, list(profiles), *span)
    openings = list(_openings(rules, calendars, away, search, now))
    if not openings:
        return []
    seats = load_seats(
        session,
        {opening.adviser_id for opening in openings},
        min(opening.starts_at for opening in openings),
        max(opening.ends_at for opening in openings),
    )
    slots: list[Slot] = []
    for opening in openings:
        left = seats.left(opening)
        if left > 0:
            profile = profiles[opening.adviser_id]
            slots.append(
                Slot(
                    adviser=profile.public_key,
                    branch_id=opening.branch_id,
                    starts_at=opening.starts_at,
                    ends_at=opening.ends_at,
                    languages=list(profile.languages),
                    seats_left=left,
                )
            )
    slots.sort(key=lambda slot: (slot.starts_at, slot.branch_id, slot.adviser))
    return slots


def _openings(
    rules: Sequence[AvailabilityRule],
    calendars: Mapping[str, BranchCalendar],
    away: Mapping[int, set[dt.date]],
    search: SlotSearch,
    now: dt.datetime,
) -> Iterator[Opening]:
    for rule in rules:
        calendar = calendars.get(rule.branch_id)
        if calendar is None:
            continue
        first, last = search_days(search, now.astimezone(calendar.zone).date())
        earliest, latest = booking_window(rule, now)
        last = min(last, latest.astimezone(calendar.zone).date())
        yield from rule_openings(
            rule, calendar, away.get(rule.adviser_id, set()), first, last, earliest, latest
        )


def match_opening(
    session: Session, adviser_id: int, branch_id: str, starts_at: dt.datetime
) -> tuple[Opening, AvailabilityRule] | None:
    """The opening (and its rule) of the adviser at the branch starting exactly at
    ``starts_at``, ignoring notice, horizon and seats; None when no rule gives that slot."""
    around = starts_at.date()
    calendar = load_calendars(
        session, [branch_id], around - dt.timedelta(days=1), around + dt.timedelta(days=1)
    ).get(branch_id)
    if calendar is None:
        return None
    day = starts_at.astimezone(calendar.zone).date()
    if day in load_away(session, [adviser_id], day, day).get(adviser_id, set()):
        return None
    rules = session.exec(
        select(AvailabilityRule).where(
            AvailabilityRule.adviser_id == adviser_id,
            AvailabilityRule.branch_id == branch_id,
            AvailabilityRule.weekday == day.weekday(),
        )
    )
    for rule in rules:
        for slot_start, slot_end in day_slots(rule, calendar, day):
            if slot_start == starts_at:
                assert rule.id is not None
                opening = Opening(
                    adviser_id, rule.id, branch_id, slot_start, slot_end, rule.capacity
                )
                return opening, rule
    return None

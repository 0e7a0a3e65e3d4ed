"""Reading the rollups: the dashboard's headline figures and the data behind each chart.

Everything reads ``stat_day`` (one row per branch, local day, metric and dimension), except
the heat map of PC use, which needs the local hour and reads ``stat_hour`` for two metrics.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func
from sqlalchemy import select as core_select
from sqlmodel import Session, col

from fleet.devices.models import Device, DeviceStatus
from fleet.stats.models import StatDay, StatHour

#: The programme's "people who used digital support": each adviser contact once.
CONTACTS = ("help_called", "bookings_done")
SELF_SERVICE = ("sessions", "guides_opened")
#: The daily activity chart's lines.
ACTIVITY = ("sessions", "people_helped", "guides_opened")


@dataclass(frozen=True)
class StatsFilter:
    """A date range (branch-local days, both inclusive) and optionally some branches."""

    since: dt.date
    until: dt.date
    branch_ids: tuple[str, ...] = ()

    @property
    def days(self) -> list[dt.date]:
        count = (self.until - self.since).days + 1
        return [self.since + dt.timedelta(days=offset) for offset in range(max(count, 0))]

    def day_conditions(self) -> list[ColumnElement[bool]]:
        conditions = [col(StatDay.day) >= self.since, col(StatDay.day) <= self.until]
        if self.branch_ids:
            conditions.append(col(StatDay.branch_id).in_(self.branch_ids))
        return conditions


@dataclass(frozen=True)
class Headline:
    """The programme's metrics for the filter."""

    terminals: int
    people_helped: int
    units: int
    #: Guides first used in the period (a guide is a digital-support service we offer).
    new_services: int
    self_service: int
    helpful: int
    not_helpful: int
    pc_session_minutes: int
    pc_open_minutes: int

    @property
    def satisfaction(self) -> float | None:
        answers = self.helpful + self.not_helpful
        return self.helpful / answers if answers else None

    @property
    def utilisation(self) -> float | None:
        if not self.pc_open_minutes:
            return None
        return min(1.0, self.pc_session_minutes / self.pc_open_minutes)


def _totals(session: Session, where: StatsFilter, metrics: Sequence[str]) -> dict[str, int]:
    rows = session.execute(
        core_select(col(StatDay.metric), func.sum(col(StatDay.value)))
        .where(*where.day_conditions(), col(StatDay.metric).in_(metrics))
        .group_by(col(StatDay.metric))
    ).all()
    return {metric: int(total or 0) for metric, total in rows}


def headline(session: Session, where: StatsFilter) -> Headline:
    wanted = (
        *CONTACTS,
        *SELF_SERVICE,
        "guides_helpful",
        "guides_not_helpful",
        "pc_session_minutes",
        "pc_open_minutes",
    )
    totals = _totals(session, where, wanted)
    units = session.execute(
        core_select(func.count(func.distinct(col(StatDay.branch_id)))).where(
            *where.day_conditions(), col(StatDay.metric).in_(CONTACTS), col(StatDay.value) > 0
        )
    ).scalar_one()
    terminals = (
        core_select(func.count())
        .select_from(Device)
        .where(col(Device.status) == DeviceStatus.ACTIVE.value)
    )
    if where.branch_ids:
        terminals = terminals.where(col(Device.branch_id).in_(where.branch_ids))
    return Headline(
        terminals=int(session.execute(terminals).scalar_one()),
        people_helped=sum(totals.get(metric, 0) for metric in CONTACTS),
        units=int(units),
        new_services=_new_guides(session, where),
        self_service=sum(totals.get(metric, 0) for metric in SELF_SERVICE),
        helpful=totals.get("guides_helpful", 0),
        not_helpful=totals.get("guides_not_helpful", 0),
        pc_session_minutes=totals.get("pc_session_minutes", 0),
        pc_open_minutes=totals.get("pc_open_minutes", 0),
    )


def _new_guides(session: Session, where: StatsFilter) -> int:
    """Guides whose first use anywhere in the filtered branches falls in the period."""
    conditions = [col(StatDay.metric) == "guides_opened", col(StatDay.day) <= where.until]
    if where.branch_ids:
        conditions.append(col(StatDay.branch_id).in_(where.branch_ids))
    first_use = (
        core_select(col(StatDay.dimension), func.min(col(StatDay.day)).label("first"))
        .where(*conditions)
        .group_by(col(StatDay.dimension))
        .subquery()
    )
    count = core_select(func.count()).where(first_use.c.first >= where.since)
    return int(session.execute(count).scalar_one())


def daily_series(
    session: Session, where: StatsFilter, metrics: Sequence[str] = ACTIVITY
) -> dict[str, list[int]]:
    """One value per day of the filter for each metric (``people_helped`` is derived)."""
    stored = [metric for metric in metrics if metric != "people_helped"]
    if "people_helped" in metrics:
        stored += list(CONTACTS)
    rows = session.execute(
        core_select(col(StatDay.day), col(StatDay.metric), func.sum(col(StatDay.value)))
        .where(*where.day_conditions(), col(StatDay.metric).in_(stored))
        .group_by(col(StatDay.day), col(StatDay.metric))
    ).all()
    index = {day: position for position, day in enumerate(where.days)}
    series = {metric: [0] * len(index) for metric in [*metrics, *CONTACTS]}
    for day, metric, total in rows:
        series[metric][index[day]] += int(total or 0)
    if "people_helped" in metrics:
        series["people_helped"] = [
            sum(values) for values in zip(*(series[m] for m in CONTACTS), strict=True)
        ]
    return {metric: series[metric] for metric in metrics}


def by_branch(session: Session, where: StatsFilter, metrics: Sequence[str]) -> dict[str, int]:
    """Each branch's total of ``metrics`` (summed), largest first."""
    rows = session.execute(
        core_select(col(StatDay.branch_id), func.sum(col(StatDay.value)))
        .where(*where.day_conditions(), col(StatDay.metric).in_(metrics))
        .group_by(col(StatDay.branch_id))
    ).all()
    return _largest_first({branch: int(total or 0) for branch, total in rows})


def by_dimension(
    session: Session, where: StatsFilter, metrics: Sequence[str], *, limit: int = 15
) -> dict[str, int]:
    """The totals of ``metrics`` by dimension (topic, method, reason ...), largest first."""
    rows = session.execute(
        core_select(col(StatDay.dimension), func.sum(col(StatDay.value)))
        .where(*where.day_conditions(), col(StatDay.metric).in_(metrics))
        .group_by(col(StatDay.dimension))
    ).all()
    totals = _largest_first({dimension: int(total or 0) for dimension, total in rows})
    return dict(list(totals.items())[:limit])


def _largest_first(totals: dict[str, int]) -> dict[str, int]:
    return dict(sorted(totals.items(), key=lambda item: (-item[1], item[0])))


def pc_use_by_hour(session: Session, where: StatsFilter) -> list[list[float | None]]:
    """Share of open PC time in use, 7 weekdays (Monday first) x 24 local hours."""
    conditions = [
        col(StatHour.day) >= where.since,
        col(StatHour.day) <= where.until,
        col(StatHour.metric).in_(("pc_session_minutes", "pc_open_minutes")),
    ]
    if where.branch_ids:
        conditions.append(col(StatHour.branch_id).in_(where.branch_ids))
    rows = session.execute(
        core_select(
            col(StatHour.weekday),
            col(StatHour.local_hour),
            col(StatHour.metric),
            func.sum(col(StatHour.value)),
        )
        .where(*conditions)
        .group_by(col(StatHour.weekday), col(StatHour.local_hour), col(StatHour.metric))
    ).all()
    cells: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for weekday, hour, metric, total in rows:
        cells[weekday, hour][metric] = int(total or 0)
    grid: list[list[float | None]] = []
    for weekday in range(7):
        row: list[float | None] = []
        for hour in range(24):
            cell = cells.get((weekday, hour), {})
            open_minutes = cell.get("pc_open_minutes", 0)
            used = cell.get("pc_session_minutes", 0)
            row.append(min(1.0, used / open_minutes) if open_minutes else None)
        grid.append(row)
    return grid

"""Open data: daily figures per branch and metric, with small counts of people suppressed.

A count of people (visits, contacts, guide readers) between 1 and ``threshold - 1`` is
published as empty with ``suppressed`` true, so nobody can be singled out ("the one person
who asked for help with e-identification at Kallio on Monday"). A sum of minutes follows its
count: two sessions' minutes would tell how long each of the two sat. PC time and printer
figures are about machines and are published as they are. Zero is never stored, so a
missing row means zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select as core_select
from sqlmodel import Session, col

from fleet.stats.catalogue import METRICS, Unit
from fleet.stats.models import StatDay

#: Rows read from the database per round trip while streaming a whole history.
_PAGE_DAYS = 62


@dataclass(frozen=True, slots=True)
class OpenRow:
    day: dt.date
    branch_id: str
    metric: str
    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None


def _suppress(totals: dict[str, int], threshold: int) -> Iterator[tuple[str, int | None]]:
    """Each metric of one branch-day with its published value (None when suppressed)."""
    hidden: set[str] = set()
    for name, value in totals.items():
        metric = METRICS[name]
        if metric.about_people and metric.unit is Unit.COUNT and value < threshold:
            hidden.add(name)
    for name, value in sorted(totals.items()):
        companion = METRICS[name].companion
        if name in hidden or (
            companion is not None and (companion in hidden or companion not in totals)
        ):
            yield name, None
        else:
            yield name, value


def daily_rows(
    session: Session,
    since: dt.date,
    until: dt.date,
    *,
    threshold: int,
    branch_ids: Sequence[str] = (),
    metrics: Sequence[str] = (),
) -> Iterator[OpenRow]:
    """Published rows for ``[since, until]``, by day, branch and metric."""
    start = since
    while start <= until:
        end = min(until, start + dt.timedelta(days=_PAGE_DAYS - 1))
        yield from _page(session, start, end, threshold, branch_ids, metrics)
        start = end + dt.timedelta(days=1)


def _page(
    session: Session,
    since: dt.date,
    until: dt.date,
    threshold: int,
    branch_ids: Sequence[str],
    metrics: Sequence[str],
) -> Iterator[OpenRow]:
    conditions = [col(StatDay.day) >= since, col(StatDay.day) <= until]
    if branch_ids:
        conditions.append(col(StatDay.branch_id).in_(branch_ids))
    rows = session.execute(
        core_select(
            col(StatDay.day),
            col(StatDay.branch_id),
            col(StatDay.metric),
            func.sum(col(StatDay.value)),
        )
        .where(*conditions, col(StatDay.metric).in_(list(METRICS)))
        .group_by(col(StatDay.day), col(StatDay.branch_id), col(StatDay.metric))
        .order_by(col(StatDay.day), col(StatDay.branch_id), col(StatDay.metric))
    ).all()
    group: dict[str, int] = {}
    key: tuple[dt.date, str] | None = None
    for day, branch_id, metric, total in [*rows, (None, None, None, None)]:
        if key is not None and (day, branch_id) != key:
            for name, value in _suppress(group, threshold):
                if not metrics or name in metrics:
                    yield OpenRow(key[0], key[1], name, value)
            group = {}
        if day is None:
            break
        key = (day, branch_id)
        group[metric] = int(total or 0)


def first_day(session: Session) -> dt.date | None:
    """The earliest day with any figure (where a full download starts)."""
    return session.execute(core_select(func.min(col(StatDay.day)))).scalar()

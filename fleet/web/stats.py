"""The statistics dashboard (``/admin/stats``): the programme's figures and charts from the
rollups, filtered by branch and dates, each chart also a table and a CSV download.

Charts are SVG drawn on the server (:mod:`fleet.stats.charts`): nothing is fetched from
anywhere else, and the page works without scripts. Every account may look: the figures are
anonymous by construction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from markupsafe import Markup
from sqlmodel import Session

from fleet.auth.dependencies import Viewer, require_web_role
from fleet.auth.models import Role
from fleet.branches import service as branches
from fleet.db import SessionDep
from fleet.protocol.base import FIRST_YEAR, LAST_YEAR
from fleet.protocol.support import TOPIC_NAMES, SupportTopic
from fleet.stats import charts, queries
from fleet.stats.queries import StatsFilter
from fleet.web import labels
from fleet.web.labels import N_
from fleet.web.rendering import HELSINKI, PREFIX, Page
from fleet.web.routing import WebRoute, error_page

router = APIRouter(prefix=PREFIX, route_class=WebRoute, include_in_schema=False)

#: Any account: the figures hold nothing personal.
Anyone = Annotated[Viewer, Depends(require_web_role(Role.STAFF, Role.ADVISER))]
LINK = f"{PREFIX}/stats"
#: The longest range the dashboard draws (two years of days).
MAX_DAYS = 731
DEFAULT_DAYS = 30
_BABEL_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
ChartName = Annotated[str, Path(pattern="^[a-z_]{1,32}$")]


@dataclass
class Chart:
    """One chart: its picture, and the same numbers as a table (shown and downloadable)."""

    name: str
    title: str
    description: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    #: The same rows with plain numbers, for the CSV file.
    raw_rows: list[list[object]] = field(default_factory=list)
    svg: Markup = field(default_factory=Markup)
    empty: bool = True


class Numbers:
    """Numbers, shares and days written the way the reader's language writes them."""

    def __init__(self, lang: str) -> None:
        self.locale = _BABEL_LOCALES.get(lang, "fi_FI")

    def count(self, value: float) -> str:
        return format_decimal(value, format="#,##0", locale=self.locale)

    def share(self, value: float | None) -> str:
        return "–" if value is None else format_percent(value, format="#,##0 %", locale=self.locale)

    def whole_share(self, value: float) -> str:
        """A heat-map cell: the percentage without its sign (the legend says it is %)."""
        return format_decimal(round(value * 100), format="0", locale=self.locale)

    def day(self, value: dt.date) -> str:
        return format_date(value, format="short", locale=self.locale)


def _parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    # Year 1 or 9999 is a typo; it would also overflow the range arithmetic below.
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def _filter(
    page: Page, since: str | None, until: str | None, branch: str, today: dt.date
) -> tuple[StatsFilter, list[tuple[str, str]]]:
    """The filter asked for, or the default with a notice saying why not."""
    notices: list[tuple[str, str]] = []
    last, first = _parse_day(until), _parse_day(since)
    if (since and first is None) or (until and last is None):
        notices.append(
            ("error", page.gettext("Write dates as the date picker does, for example 2026-11-30."))
        )
        first = last = None
    last = last or today
    first = first or last - dt.timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        notices.append(
            (
                "error",
                page.gettext("The first day was after the last day: showing the last 30 days."),
            )
        )
        last, first = today, today - dt.timedelta(days=DEFAULT_DAYS - 1)
    if (last - first).days >= MAX_DAYS:
        notices.append(
            (
                "error",
                page.gettext(
                    "At most two years at a time: showing the last two years of the range."
                ),
            )
        )
        first = last - dt.timedelta(days=MAX_DAYS - 1)
    return StatsFilter(first, last, (branch,) if branch else ()), notices


def _dimension_label(page: Page, metric_group: str, key: str) -> str:
    if metric_group == "topic":
        try:
            return TOPIC_NAMES[SupportTopic(key)].get(page.lang)
        except ValueError:
            return key
    table = {"method": labels.LOGIN_METHODS, "reason": labels.LOGIN_REFUSALS}.get(metric_group, {})
    return page.gettext(table[key]) if key in table else key


def _bar(
    page: Page,
    numbers: Numbers,
    name: str,
    title: str,
    description: str,
    totals: dict[str, int],
    label: Callable[[str], str],
    value_label: str,
) -> Chart:
    chart = Chart(name, title, description, header=[page.gettext("Name"), value_label])
    bars = [(label(key), float(value)) for key, value in totals.items()]
    chart.rows = [[text, numbers.count(value)] for text, value in bars]
    chart.raw_rows = [[key, value] for key, value in totals.items()]
    chart.empty = not any(value for _, value in bars)
    chart.svg = charts.bar_chart(
        title=title,
        description=description,
        bars=bars,
        fmt=numbers.count,
        value_label=value_label,
        chart_id=f"chart-{name}",
    )
    return chart


def dashboard(
    page: Page, session: Session, where: StatsFilter, branch_names: dict[str, str]
) -> tuple[queries.Headline, list[Chart]]:
    """The headline figures and every chart for ``where``."""
    numbers = Numbers(page.lang)
    gettext = page.gettext
    headline = queries.headline(session, where)
    days = where.days
    series = queries.daily_series(session, where)
    line_labels = {
        "sessions": gettext("PC sessions"),
        "people_helped": gettext("People helped by an adviser"),
        "guides_opened": gettext("Guides opened"),
    }
    activity = Chart(
        "activity",
        gettext("Activity by day"),
        gettext("PC sessions, people helped by an adviser and guides opened, per day."),
        header=[gettext("Day"), *line_labels.values()],
    )
    for index, day in enumerate(days):
        values = [series[metric][index] for metric in line_labels]
        activity.rows.append([numbers.day(day), *(numbers.count(value) for value in values)])
        activity.raw_rows.append([day.isoformat(), *values])
    activity.empty = not any(any(values) for values in series.values())
    activity.svg = charts.line_chart(
        title=activity.title,
        description=activity.description,
        x_labels=[numbers.day(day) for day in days],
        series=[
            charts.Series(text, [float(v) for v in series[metric]])
            for metric, text in line_labels.items()
        ],
        fmt=numbers.count,
        y_label=gettext("Number"),
        chart_id="chart-activity",
    )

    grid = queries.pc_use_by_hour(session, where)
    weekdays = [gettext(day) for day in WEEKDAYS]
    hours = [f"{hour:02d}" for hour in range(24)]
    pc_use = Chart(
        "pc_use",
        gettext("PC use by weekday and hour"),
        gettext("The share of open PC time in use, in per cent, by weekday and hour."),
        header=[gettext("Weekday"), *hours],
    )
    for weekday, row in zip(weekdays, grid, strict=True):
        pc_use.rows.append([weekday, *(numbers.share(value) for value in row)])
    for index, row in enumerate(grid):
        pc_use.raw_rows.append(
            [index + 1, *("" if value is None else round(value, 4) for value in row)]
        )
    pc_use.empty = all(value is None for row in grid for value in row)
    pc_use.svg = charts.heat_map(
        title=pc_use.title,
        description=pc_use.description,
        row_labels=weekdays,
        column_labels=hours,
        values=grid,
        fmt=numbers.whole_share,
        chart_id="chart-pc_use",
        low_label=gettext("Little use"),
        high_label=gettext("Much use"),
    )
    pc_use.header[0] = gettext("Weekday")

    def branch_label(key: str) -> str:
        return branch_names.get(key, key)

    count = gettext("Number")
    charts_ = [
        activity,
        pc_use,
        _bar(
            page,
            numbers,
            "branches",
            gettext("PC sessions by branch"),
            gettext("PC sessions in the period, per branch."),
            queries.by_branch(session, where, ("sessions",)),
            branch_label,
            count,
        ),
        _bar(
            page,
            numbers,
            "support_branches",
            gettext("People helped by branch"),
            gettext("Walk-in visitors helped and adviser appointments held, per branch."),
            queries.by_branch(session, where, queries.CONTACTS),
            branch_label,
            count,
        ),
        _bar(
            page,
            numbers,
            "topics",
            gettext("People helped by topic"),
            gettext("Walk-in visitors helped and adviser appointments held, per topic."),
            queries.by_dimension(session, where, queries.CONTACTS),
            lambda key: _dimension_label(page, "topic", key),
            count,
        ),
        _bar(
            page,
            numbers,
            "logins",
            gettext("Log-ins by method"),
            gettext("How visitors logged in to the PCs."),
            queries.by_dimension(session, where, ("logins",)),
            lambda key: _dimension_label(page, "method", key),
            count,
        ),
        _bar(
            page,
            numbers,
            "refusals",
            gettext("Refused log-ins by reason"),
            gettext("Why log-ins were refused."),
            queries.by_dimension(session, where, ("logins_failed",)),
            lambda key: _dimension_label(page, "reason", key),
            count,
        ),
        _bar(
            page,
            numbers,
            "guides",
            gettext("Guides opened"),
            gettext("The most opened guides in the period."),
            queries.by_dimension(session, where, ("guides_opened",)),
            str,
            count,
        ),
    ]
    return headline, charts_


def _today(request: Request) -> dt.date:
    now: dt.datetime = request.app.state.clock()
    return now.astimezone(HELSINKI).date()


def _query(where: StatsFilter) -> str:
    branch = f"&branch={where.branch_ids[0]}" if where.branch_ids else ""
    return f"?since={where.since.isoformat()}&until={where.until.isoformat()}{branch}"


Day = Annotated[str | None, Query(max_length=10)]
BranchQuery = Annotated[str, Query(max_length=32)]


@router.get("/stats")
def stats_page(
    request: Request,
    viewer: Anyone,
    session: SessionDep,
    since: Day = None,
    until: Day = None,
    branch: BranchQuery = "",
) -> Response:
    page = Page(request, viewer)
    names = branches.branch_names(session, page.lang)
    if branch and branch not in names:
        branch = ""
    where, notices = _filter(page, since, until, branch, _today(request))
    headline, charts_ = dashboard(page, session, where, names)
    numbers = Numbers(page.lang)
    return page.render(
        "stats.html",
        notices=notices,
        section="stats",
        where=where,
        branch_choices=sorted(names.items(), key=lambda item: item[1]),
        headline=headline,
        charts=charts_,
        numbers=numbers,
        query=_query(where),
        link=LINK,
    )


@router.get("/stats/{chart}.csv")
def stats_csv(
    request: Request,
    viewer: Anyone,
    session: SessionDep,
    chart: ChartName,
    since: Day = None,
    until: Day = None,
    branch: BranchQuery = "",
) -> Response:
    page = Page(request, viewer)
    names = branches.branch_names(session, page.lang)
    where, _notices = _filter(
        page, since, until, branch if branch in names else "", _today(request)
    )
    _headline, charts_ = dashboard(page, session, where, names)
    wanted = next((item for item in charts_ if item.name == chart), None)
    if wanted is None:
        return error_page(request, 404, N_("There is no such chart."))
    filename = f"{chart}-{where.since}-{where.until}.csv"
    return Response(
        content=_csv(wanted.header, wanted.raw_rows),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    # A byte-order mark so spreadsheet programs read ä and å right.
    return ("\ufeff" + buffer.getvalue()).encode()

"""Open data (``/api/public/v1``): daily figures per branch and metric, JSON or CSV, with a
Frictionless ``datapackage.json`` that describes the CSV files.

No account needed, nothing personal inside: the figures come from the anonymous rollups
and small counts of people are suppressed (see :mod:`fleet.stats.opendata`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from fleet.branches.models import Branch
from fleet.errors import FleetError
from fleet.protocol import ApiError
from fleet.protocol.base import FIRST_YEAR, LAST_YEAR
from fleet.stats.catalogue import METRICS, Unit
from fleet.stats.opendata import OpenRow, daily_rows, first_day
from fleet.web.i18n import LANGUAGES, translations
from fleet.web.labels import STAT_METRICS

PREFIX = "/api/public/v1"
TAG = "open data"
#: The longest range one JSON request may ask for (the CSV download has everything).
MAX_DAYS = 366
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
router = APIRouter(prefix=PREFIX, tags=[TAG], responses={422: {"model": ApiError}})

MetricName = Annotated[str, Field(pattern="^[a-z_]{1,32}$")]


class StatRow(BaseModel):
    date: dt.date
    branch: str
    metric: str
    #: Empty when suppressed (fewer than ``threshold`` people).
    value: int | None
    suppressed: bool


class StatsReply(BaseModel):
    since: dt.date
    until: dt.date
    #: Counts of people below this are suppressed.
    threshold: int
    rows: list[StatRow]


def _today(request: Request) -> dt.date:
    now: dt.datetime = request.app.state.clock()
    return now.date()


def _read(request: Request, work: Any) -> Any:
    with request.app.state.session_factory() as session:
        return work(session)


@router.get(
    "/stats",
    summary="Daily figures per branch and metric (small counts of people suppressed)",
    response_model=StatsReply,
)
async def stats(
    request: Request,
    since: Annotated[dt.date | None, Query(description="First day (default: 30 days ago)")] = None,
    until: Annotated[dt.date | None, Query(description="Last day (default: today)")] = None,
    branch: Annotated[list[str] | None, Query(max_length=50)] = None,
    metric: Annotated[list[MetricName] | None, Query(max_length=50)] = None,
) -> StatsReply:
    for day in (since, until):
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise FleetError("invalid_date", f"Give days from {FIRST_YEAR} to {LAST_YEAR}.", 422)
    last = until or _today(request)
    first = since or last - dt.timedelta(days=29)
    if first > last:
        raise FleetError("invalid_range", "The first day is after the last day.", 422)
    if (last - first).days >= MAX_DAYS:
        raise FleetError(
            "range_too_long", f"Ask for at most {MAX_DAYS} days, or download the CSV file.", 422
        )
    unknown = sorted(set(metric or ()) - set(METRICS))
    if unknown:
        raise FleetError("unknown_metric", f"Unknown metric: {', '.join(unknown)}.", 422)
    threshold: int = request.app.state.settings.open_data_threshold

    def work(session: Session) -> list[OpenRow]:
        return list(
            daily_rows(
                session,
                first,
                last,
                threshold=threshold,
                branch_ids=branch or (),
                metrics=metric or (),
            )
        )

    rows = await run_in_threadpool(_read, request, work)
    return StatsReply(
        since=first,
        until=last,
        threshold=threshold,
        rows=[
            StatRow(
                date=row.day,
                branch=row.branch_id,
                metric=row.metric,
                value=row.value,
                suppressed=row.suppressed,
            )
            for row in rows
        ],
    )


def _csv(header: list[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_response(name: str, body: Iterator[str]) -> StreamingResponse:
    return StreamingResponse(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


DAILY_FIELDS = ["date", "branch", "metric", "value", "suppressed"]


@router.get("/opendata/daily.csv", summary="Every day's figures per branch and metric, as CSV")
async def daily_csv(request: Request) -> StreamingResponse:
    threshold: int = request.app.state.settings.open_data_threshold
    return _csv_response(
        "daily.csv", _daily_lines(request.app.state.session_factory, threshold, _today(request))
    )


def _daily_lines(sessions: Callable[[], Session], threshold: int, today: dt.date) -> Iterator[str]:
    """The whole history, read a page of days at a time while it is sent (on a worker
    thread: Starlette iterates a plain generator in its thread pool)."""
    with sessions() as session:
        start = first_day(session) or today
        rows = (
            [row.day.isoformat(), row.branch_id, row.metric, row.value, str(row.suppressed).lower()]
            for row in daily_rows(session, start, today, threshold=threshold)
        )
        yield from _csv(DAILY_FIELDS, rows)


@router.get("/opendata/branches.csv", summary="The branches, with names in fi, sv and en")
async def branches_csv(request: Request) -> StreamingResponse:
    def work(session: Session) -> list[list[object]]:
        return [
            [branch.id, branch.name_fi, branch.name_sv, branch.name_en]
            for branch in session.exec(select(Branch).order_by(col(Branch.id)))
        ]

    rows = await run_in_threadpool(_read, request, work)
    return _csv_response("branches.csv", _csv(["id", "name_fi", "name_sv", "name_en"], rows))


@router.get("/opendata/metrics.csv", summary="What each metric counts, in fi, sv and en")
async def metrics_csv() -> StreamingResponse:
    rows: list[list[object]] = []
    for name, metric in METRICS.items():
        titles = [translations(lang).gettext(STAT_METRICS[name]) for lang in LANGUAGES]
        rows.append([name, metric.unit.value, str(metric.about_people).lower(), *titles])
    header = ["metric", "unit", "about_people", "title_fi", "title_sv", "title_en"]
    return _csv_response("metrics.csv", _csv(header, rows))


@router.get(
    "/opendata/datapackage.json",
    summary="A Frictionless Data Package describing the CSV downloads",
)
async def datapackage(request: Request) -> Response:
    threshold: int = request.app.state.settings.open_data_threshold
    package = datapackage_descriptor(threshold)
    return Response(
        content=_json(package),
        media_type="application/json",
        headers={"Cache-Control": "public, max-age=3600"},
    )


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode()


def datapackage_descriptor(threshold: int) -> dict[str, Any]:
    """The Data Package (v1) for the three CSV files; paths are relative to its own URL."""
    boolean = {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
    return {
        "profile": "tabular-data-package",
        "name": "library-kiosk-usage",
        "title": "Library PCs and digital support: daily usage per branch",
        "description": (
            "Daily figures per library branch from the public PCs and the digital-support "
            "service, rolled up from anonymous usage events. Counts of people below "
            f"{threshold} are left empty and marked suppressed so no one can be singled out; "
            "a sum of minutes is suppressed with its count. Days and metrics without "
            "activity have no row (the value is zero)."
        ),
        "licenses": [LICENSE],
        "resources": [
            _csv_resource(
                "daily",
                {
                    "fields": [
                        {"name": "date", "type": "date", "description": "Branch-local day"},
                        {"name": "branch", "type": "string"},
                        {
                            "name": "metric",
                            "type": "string",
                            "constraints": {"enum": list(METRICS)},
                        },
                        {
                            "name": "value",
                            "type": "integer",
                            "constraints": {"minimum": 0},
                            "description": "Empty when suppressed",
                        },
                        {"name": "suppressed", **boolean},
                    ],
                    "missingValues": [""],
                    "primaryKey": ["date", "branch", "metric"],
                    "foreignKeys": [
                        {"fields": "branch", "reference": {"resource": "branches", "fields": "id"}},
                        {
                            "fields": "metric",
                            "reference": {"resource": "metrics", "fields": "metric"},
                        },
                    ],
                },
            ),
            _csv_resource(
                "branches",
                {
                    "fields": [
                        {"name": "id", "type": "string", "constraints": {"required": True}},
                        *_titles("name"),
                    ],
                    "primaryKey": ["id"],
                },
            ),
            _csv_resource(
                "metrics",
                {
                    "fields": [
                        {"name": "metric", "type": "string", "constraints": {"required": True}},
                        {
                            "name": "unit",
                            "type": "string",
                            "constraints": {"enum": [u.value for u in Unit]},
                        },
                        {"name": "about_people", **boolean},
                        *_titles("title"),
                    ],
                    "primaryKey": ["metric"],
                },
            ),
        ],
    }


def _csv_resource(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _titles(prefix: str) -> list[dict[str, str]]:
    return [{"name": f"{prefix}_{lang}", "type": "string"} for lang in LANGUAGES]

"""Rollup tables: what the dashboard and open data read instead of the raw events.

* ``stat_hour``: one number per branch, UTC hour, metric and dimension (a method, a reason,
  a topic ... or "" for none), rebuilt whole from the raw events whenever an event for that
  hour arrives, so re-running never double counts and late events land in their own hour.
  The branch-local day, weekday and hour are stored beside it for the charts.
* ``stat_day``: the same summed per branch-local day (the time series, bars and open data).
* ``device_hour``: seconds each PC was online and in a session, added up by the check-in
  flush; finished hours are turned into the branch's PC metrics (open, online, offline
  during opening hours, in use). Per PC, never per person: the raw events carry no PC.
* ``stats_cursor``: how far each rollup has got.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from fleet.db import UTCDateTime, utcnow


class StatHour(SQLModel, table=True):
    __tablename__ = "stat_hour"
    __table_args__ = (
        # Covering: the heat map reads only the index. The second finds a branch's days.
        Index(
            "ix_stat_hour_metric_cover",
            "metric",
            "day",
            "branch_id",
            "weekday",
            "local_hour",
            "value",
        ),
        Index("ix_stat_hour_branch_day", "branch_id", "day"),
    )

    hour: dt.datetime = Field(sa_type=UTCDateTime, primary_key=True)
    branch_id: str = Field(max_length=32, primary_key=True)
    metric: str = Field(max_length=32, primary_key=True)
    dimension: str = Field(default="", max_length=64, primary_key=True)
    #: The branch-local calendar day, weekday (0 = Monday) and hour of ``hour``.
    day: dt.date
    weekday: int
    local_hour: int
    value: int = Field(sa_column=Column(BigInteger, nullable=False))


class StatDay(SQLModel, table=True):
    __tablename__ = "stat_day"
    #: Covering: the dashboard and open data read only the index.
    __table_args__ = (
        Index("ix_stat_day_metric_cover", "metric", "day", "branch_id", "dimension", "value"),
    )

    day: dt.date = Field(primary_key=True)
    branch_id: str = Field(max_length=32, primary_key=True)
    metric: str = Field(max_length=32, primary_key=True)
    dimension: str = Field(default="", max_length=64, primary_key=True)
    value: int = Field(sa_column=Column(BigInteger, nullable=False))


class DeviceHour(SQLModel, table=True):
    __tablename__ = "device_hour"

    hour: dt.datetime = Field(sa_type=UTCDateTime, primary_key=True)
    device_id: int = Field(primary_key=True)
    branch_id: str = Field(max_length=32, index=True)
    online_seconds: int = 0
    session_seconds: int = 0


class StatsCursor(SQLModel, table=True):
    __tablename__ = "stats_cursor"

    name: str = Field(primary_key=True, max_length=32)
    position: dt.datetime = Field(sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

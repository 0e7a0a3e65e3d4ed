"""Tables for branches, their groups, dated opening-hour exceptions and configuration profiles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from fleet.db import UTCDateTime, utcnow


class Profile(SQLModel, table=True):
    """A named configuration profile; ``policy`` is a validated ``fleet.protocol.Policy`` dump."""

    __tablename__ = "profile"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    description: str = Field(default="", max_length=500)
    policy: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


#: Longest group id: ``"group:" + id`` must fit a content assignment's 32-character scope.
GROUP_ID_MAX = 26


class BranchGroup(SQLModel, table=True):
    """A named set of branches (a region, say) that content can be assigned to as one.

    A branch belongs to at most one group (``Branch.group_id``), like a region: which
    assignment a branch follows is then never ambiguous (its own, else its group's, else
    the one for all branches).
    """

    __tablename__ = "branch_group"

    id: str = Field(primary_key=True, max_length=GROUP_ID_MAX)
    name_fi: str = Field(max_length=200)
    name_sv: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Branch(SQLModel, table=True):
    """A library branch. ``weekly_hours`` is seven ``DayHours`` dumps, Monday first.

    ``group_id`` names the one group the branch belongs to, if any (see ``BranchGroup``).
    """

    __tablename__ = "branch"

    id: str = Field(primary_key=True, max_length=32)
    name_fi: str = Field(max_length=200)
    name_sv: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    address: str = Field(default="", max_length=300)
    timezone: str = Field(default="Europe/Helsinki", max_length=64)
    weekly_hours: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    profile_id: int | None = Field(default=None, foreign_key="profile.id", index=True)
    group_id: str | None = Field(
        default=None, foreign_key="branch_group.id", index=True, max_length=GROUP_ID_MAX
    )
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BranchHoursException(SQLModel, table=True):
    """Hours on one date that differ from the weekly rule (a holiday, a short day)."""

    __tablename__ = "branch_hours_exception"
    __table_args__ = (UniqueConstraint("branch_id", "date", name="uq_branch_hours_exception_day"),)

    id: int | None = Field(default=None, primary_key=True)
    branch_id: str = Field(foreign_key="branch.id", index=True, max_length=32)
    date: dt.date
    opens: dt.time | None = None
    closes: dt.time | None = None
    note_fi: str = Field(default="", max_length=200)
    note_sv: str = Field(default="", max_length=200)
    note_en: str = Field(default="", max_length=200)

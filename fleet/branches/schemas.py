"""Input models for branch, branch group and profile writes (validated before any service
runs)."""

from __future__ import annotations

import zoneinfo
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fleet.branches.models import GROUP_ID_MAX
from fleet.content.models import SCOPE_ALL
from fleet.protocol import DayHours, LocalizedText, Policy

BranchId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{1,31}$")]
#: Like a branch id, but short enough that ``group:<id>`` fits a content assignment scope.
GROUP_ID = rf"[a-z][a-z0-9-]{{1,{GROUP_ID_MAX - 1}}}"
GROUP_ID_PATTERN = f"^{GROUP_ID}$"
GroupId = Annotated[str, Field(pattern=GROUP_ID_PATTERN)]

#: A new branch's weekly rule until IT sets real hours: closed every day.
CLOSED_WEEK: tuple[DayHours, ...] = tuple(DayHours() for _ in range(7))


def _check_timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {value!r}") from error
    return value


class BranchCreate(BaseModel):
    """A new branch."""

    model_config = ConfigDict(extra="forbid")

    id: BranchId
    name: LocalizedText
    address: str = Field(default="", max_length=300)
    timezone: str = Field(default="Europe/Helsinki", max_length=64)
    weekly: list[DayHours] = Field(
        default_factory=lambda: list(CLOSED_WEEK), min_length=7, max_length=7
    )
    profile_id: int | None = None

    _timezone = field_validator("timezone")(_check_timezone)

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value == SCOPE_ALL:
            raise ValueError(f"{SCOPE_ALL!r} is reserved: it names every branch")
        return value


class BranchUpdate(BaseModel):
    """A partial change; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    name: LocalizedText | None = None
    address: str | None = Field(default=None, max_length=300)
    timezone: str | None = Field(default=None, max_length=64)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str | None) -> str | None:
        return None if value is None else _check_timezone(value)


#: One line of visible text: no control characters (PostgreSQL refuses NUL outright).
_NameText = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]


class GroupName(BaseModel):
    """A branch group's name in each language the UI speaks (each required)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    fi: _NameText
    sv: _NameText
    en: _NameText


class BranchGroupPut(BaseModel):
    """A branch group's names and, when given, its members.

    ``branches`` lists every member: branches left out leave the group, and a listed branch
    in another group moves here (a branch belongs to at most one group). Left out (null),
    the members stay as they are.
    """

    model_config = ConfigDict(extra="forbid")

    name: GroupName
    branches: list[BranchId] | None = Field(default=None, max_length=1000)


class ProfileCreate(BaseModel):
    """A new configuration profile."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=500)
    policy: Policy = Field(default_factory=Policy)


class ProfileUpdate(BaseModel):
    """A partial change; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=500)
    policy: Policy | None = None

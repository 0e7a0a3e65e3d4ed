"""Info-screen items: slides and announcements, their schedules, and when each one shows."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

MAX_SLIDE_TITLE_CHARS = 60
MAX_SLIDE_BODY_CHARS = 280
MAX_ANNOUNCEMENT_CHARS = 280
MIN_SECONDS, MAX_SECONDS, DEFAULT_SECONDS = 5, 60, 12

#: A slide's or announcement's id: also its file name without ``.yaml``. File names sort the
#: slides, so ids may start with a digit (``10-e-library``).
ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")
#: A language code as guides use them: ``fi``, ``sv``, ``en``, ``ru``, ``so`` ...
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
#: The fleet's branch id (``fleet.branches.schemas.BranchId``; content may not import it).
BRANCH_ID = re.compile(r"^[a-z][a-z0-9-]{1,31}$")
#: Where a slide's picture lives: the bundle's ``images/`` folder, lowercase names.
IMAGE_PATH = re.compile(r"^images/[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*\.(?:png|jpe?g|svg)$")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_HTML = re.compile(r"<[A-Za-z/!?][^<>]*>|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);")
_CLOCK = re.compile(r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$")


def _plain(text: str) -> str:
    # Qt labels guess whether text is rich text: no markup may reach them from a bundle.
    if found := _HTML.search(text):
        raise ValueError(f"HTML is not allowed (found '{found.group()}')")
    if any(unicodedata.category(c) == "Cc" and c != "\n" for c in text):
        raise ValueError("the text has an invisible control character")
    return unicodedata.normalize("NFC", text)


def _one_line(text: str) -> str:
    if "\n" in text:
        raise ValueError("a title is one line")
    return _plain(text)


def _clock(value: object) -> object:
    if isinstance(value, str):
        if not _CLOCK.match(value):
            raise ValueError(f"'{value}' is not a time of day like 09:30 (HH:MM, 24 hours)")
        return dt.time(int(value[:2]), int(value[3:]))
    return value


def _image_path(path: str) -> str:
    if IMAGE_PATH.match(path):
        return path
    parts = path.replace("\\", "/").split("/")
    if path.startswith(("/", "\\")) or ":" in path or ".." in parts:
        raise ValueError(f"image path '{path}' leaves the bundle folder; write images/<name>.svg")
    if not path.lower().endswith((".png", ".jpg", ".jpeg", ".svg")):
        raise ValueError(f"image '{path}' must be PNG, JPEG or SVG (.png, .jpg, .jpeg, .svg)")
    raise ValueError(
        f"image path '{path}' must look like images/<name>.svg: in the images folder, "
        "lowercase letters, digits, - and _"
    )


def _unique(items: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if items is not None and len(set(items)) != len(items):
        raise ValueError("an entry is listed twice")
    return items


Language = Annotated[str, Field(pattern=LANGUAGE.pattern)]
ItemId = Annotated[str, Field(pattern=ITEM_ID.pattern)]
BranchId = Annotated[str, Field(pattern=BRANCH_ID.pattern)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ImagePath = Annotated[
    str,
    AfterValidator(_image_path),
    WithJsonSchema({"type": "string", "pattern": IMAGE_PATH.pattern}),
]
#: A time of day written ``HH:MM`` (put it in quotes in YAML 1.1 editors: ``"09:30"``).
ClockTime = Annotated[
    dt.time,
    BeforeValidator(_clock),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": _CLOCK.pattern}),
]
Branches = Annotated[
    tuple[BranchId, ...] | None,
    Field(min_length=1, max_length=500),
    AfterValidator(_unique),
]


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True
    )


class SlideText(_Strict):
    """A slide in one language."""

    title: Annotated[
        str, Field(min_length=1, max_length=MAX_SLIDE_TITLE_CHARS), AfterValidator(_one_line)
    ] = Field(description="a short heading, one line")
    body: Annotated[
        str, Field(min_length=1, max_length=MAX_SLIDE_BODY_CHARS), AfterValidator(_plain)
    ] = Field(description="one to three short sentences")


class TimeRange(_Strict):
    """Part of a day, written ``{from: "09:00", until: "12:00"}`` (until itself not included)."""

    start: ClockTime = Field(alias="from")
    end: ClockTime = Field(alias="until")

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: dt.time, info: ValidationInfo) -> dt.time:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError(f"until ({end:%H:%M}) must be later than from ({start:%H:%M})")
        return end

    def covers(self, moment: dt.time) -> bool:
        return self.start <= moment.replace(tzinfo=None) < self.end


class Schedule(_Strict):
    """When a slide shows: every condition given must hold (none given: always)."""

    start: dt.date | None = Field(None, alias="from", description="first day (inclusive)")
    end: dt.date | None = Field(None, alias="until", description="last day (inclusive)")
    weekdays: Annotated[
        tuple[Weekday, ...] | None, Field(min_length=1, max_length=7), AfterValidator(_unique)
    ] = None
    times: tuple[TimeRange, ...] | None = Field(None, min_length=1, max_length=24)

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start")
        if start is not None and end is not None and end < start:
            raise ValueError(f"until ({end.isoformat()}) is before from ({start.isoformat()})")
        return end

    def covers(self, moment_local: dt.datetime) -> bool:
        """Whether ``moment_local`` (the kiosk's wall-clock time) falls in the schedule."""
        day = moment_local.date()
        if (self.start and day < self.start) or (self.end and day > self.end):
            return False
        if self.weekdays is not None and WEEKDAYS[day.weekday()] not in self.weekdays:
            return False
        return self.times is None or any(r.covers(moment_local.time()) for r in self.times)


class Slide(_Strict):
    """One info-screen slide: text in every language, an optional picture, a schedule."""

    id: ItemId
    text: dict[Language, SlideText] = Field(min_length=1)
    image: ImagePath | None = Field(
        None, description="a picture from the bundle's images folder; decorative, no words in it"
    )
    schedule: Schedule = Field(default_factory=Schedule)
    branches: Branches = Field(None, description="only these branches (left out: all)")
    seconds: int = Field(DEFAULT_SECONDS, ge=MIN_SECONDS, le=MAX_SECONDS)

    def shows_at(self, moment_local: dt.datetime) -> bool:
        """Whether the slide is scheduled at this wall-clock time of the kiosk's branch."""
        return self.schedule.covers(moment_local)

    def for_branch(self, branch_id: str) -> bool:
        return self.branches is None or branch_id in self.branches


class Level(StrEnum):
    INFO = "info"
    URGENT = "urgent"


class Announcement(_Strict):
    """A notice for a time window, e.g. an early closing; urgent ones interrupt the slides."""

    id: ItemId
    text: dict[
        Language,
        Annotated[
            str, Field(min_length=1, max_length=MAX_ANNOUNCEMENT_CHARS), AfterValidator(_plain)
        ],
    ] = Field(min_length=1)
    level: Level = Level.INFO
    start: AwareDatetime = Field(alias="from", description="ISO 8601 with a time zone")
    end: AwareDatetime = Field(alias="until", description="ISO 8601 with a time zone")
    branches: Branches = Field(None, description="only these branches (left out: all)")

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: dt.datetime, info: ValidationInfo) -> dt.datetime:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError(
                f"until ({end.isoformat()}) must be later than from ({start.isoformat()})"
            )
        return end

    def active_at(self, now: dt.datetime) -> bool:
        """Whether the announcement shows at ``now`` (an aware time)."""
        if now.tzinfo is None:
            raise ValueError("now needs a time zone")
        return self.start <= now < self.end

    def for_branch(self, branch_id: str) -> bool:
        return self.branches is None or branch_id in self.branches

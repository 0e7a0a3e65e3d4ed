"""What the idle screen shows now: scheduled slides, opening hours and announcements (pure).

:func:`info_at` takes the moment, the branch's config and the content bundle in use and
returns an :class:`InfoView`: the slides scheduled now for this branch in rotation order,
the opening hours today and for the coming week (exceptions with their notes) with whether
the branch is open now and until when, and the announcements active now (IT's live ones
from the config and the bundle's own), urgent first. Every text comes in fi, sv and en, so
a language switch needs no new view. ``valid_until`` is the next moment at which any of it
changes by itself (an announcement ends, a slide's schedule starts, the branch closes,
midnight), so the shell knows when to look again.

Times of day are the branch's wall-clock times (its ``timezone``), whatever zone the PC runs
in; a slide's schedule is read in the same zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from content.bundle import Bundle
from content.slides import Announcement, Slide
from fleet.protocol import AnnouncementLevel, DeviceConfig, HoursException, LocalizedText
from fleet.protocol.hours import (
    FALLBACK_TIMEZONE,
    HORIZON_DAYS,
    closes_at,
    open_interval,
    zone_of,
)

#: The opening-hours list: today and the six days after it.
WEEK_DAYS = 7
#: How many announcements the idle screen has room for (urgent ones first).
MAX_ANNOUNCEMENTS = 3
_LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class InfoSlide:
    """A slide to rotate through: its words in fi, sv and en, its picture, its seconds."""

    id: str
    title: LocalizedText
    body: LocalizedText
    seconds: int
    #: The picture's file (decorative: the words carry the meaning), or None.
    image: Path | None = None


@dataclass(frozen=True)
class InfoAnnouncement:
    """An announcement showing now; ``id`` is ``live-<n>`` (from IT) or ``bundle-<id>``."""

    id: str
    level: AnnouncementLevel
    text: LocalizedText
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def urgent(self) -> bool:
        return self.level is AnnouncementLevel.URGENT


@dataclass(frozen=True)
class DayInfo:
    """The hours on one day, branch-local; ``closes`` 00:00 is midnight at the day's end."""

    day: dt.date
    opens: dt.time | None = None
    closes: dt.time | None = None
    #: Why the day differs from the weekly rule (a holiday), when the exception says.
    note: LocalizedText | None = None
    #: True when a dated exception, not the weekly rule, sets this day's hours.
    exception: bool = False

    @property
    def closed(self) -> bool:
        return self.opens is None or self.closes is None


@dataclass(frozen=True)
class InfoView:
    """Everything the info screen shows at one moment."""

    #: The branch-local date.
    today: dt.date
    slides: tuple[InfoSlide, ...] = ()
    #: Today and the six days after it; empty before the branch's config has arrived.
    week: tuple[DayInfo, ...] = ()
    #: Whether the branch is open now (None: its hours are not known yet).
    open_now: bool | None = None
    #: While open: the branch-local wall-clock moment it closes (runs of days open around
    #: the clock are followed); None while open when it does not close within a week.
    closes_at: dt.datetime | None = None
    #: While closed: the branch-local moment it opens next (None: not within a week).
    opens_at: dt.datetime | None = None
    announcements: tuple[InfoAnnouncement, ...] = ()
    #: The next moment (aware) at which this view changes by itself.
    valid_until: dt.datetime | None = None

    @property
    def urgent(self) -> tuple[InfoAnnouncement, ...]:
        return tuple(a for a in self.announcements if a.urgent)


def info_at(now: dt.datetime, config: DeviceConfig | None, bundle: Bundle | None) -> InfoView:
    """The info screen at the aware moment ``now`` for this branch (``config``) and bundle."""
    if now.tzinfo is None:
        raise ValueError("now needs a time zone")
    zone = zone_of(config.timezone) if config is not None else ZoneInfo(FALLBACK_TIMEZONE)
    local = now.astimezone(zone)
    today = local.date()
    branch = config.branch_id if config is not None else None
    changes: list[dt.datetime] = [_midnight_after(today, zone)]

    slides: list[InfoSlide] = []
    if bundle is not None:
        wall = local.replace(tzinfo=None)
        for slide in bundle.slides:
            if not _for_branch(slide.branches, branch):
                continue
            changes.extend(_schedule_changes(slide, today, zone))
            if slide.shows_at(wall):
                slides.append(_info_slide(slide, bundle))

    announcements = _announcements(now, config, bundle, branch, changes)

    if config is None:
        return InfoView(
            today=today,
            slides=tuple(slides),
            announcements=announcements,
            valid_until=_next(changes, now),
        )
    hours = config.opening_hours
    week = []
    for offset in range(WEEK_DAYS):
        day = today + dt.timedelta(days=offset)
        rule = hours.on(day)
        is_exception = isinstance(rule, HoursException)
        week.append(
            DayInfo(
                day=day,
                opens=rule.opens,
                closes=rule.closes,
                note=rule.note if isinstance(rule, HoursException) else None,
                exception=is_exception,
            )
        )
    closing = closes_at(hours, zone, now)
    opening = None if closing is not None else _next_opening(config, zone, today, now)
    for moment in (closing, opening):
        if moment is not None:
            changes.append(moment)
    # Open for longer than the hours reach (a self-service branch): "around the clock".
    open_on = closing is not None and closing - now > dt.timedelta(days=HORIZON_DAYS)
    return InfoView(
        today=today,
        slides=tuple(slides),
        week=tuple(week),
        open_now=closing is not None,
        closes_at=None if open_on else _wall(closing, zone),
        opens_at=_wall(opening, zone),
        announcements=announcements,
        valid_until=_next(changes, now),
    )


# --- slides ------------------------------------------------------------------------------------


def _for_branch(branches: tuple[str, ...] | None, branch: str | None) -> bool:
    # Before the config names the branch, only items meant for every branch show.
    return branches is None or (branch is not None and branch in branches)


def _localized(texts: Mapping[str, str]) -> LocalizedText:
    """fi, sv and en from a bundle text (bundles have all three; Finnish fills any gap)."""
    fallback = texts.get("fi") or next(iter(texts.values()), "")
    return LocalizedText(**{lang: texts.get(lang) or fallback for lang in _LANGUAGES})


def _info_slide(slide: Slide, bundle: Bundle) -> InfoSlide:
    return InfoSlide(
        id=slide.id,
        title=_localized({lang: text.title for lang, text in slide.text.items()}),
        body=_localized({lang: text.body for lang, text in slide.text.items()}),
        seconds=slide.seconds,
        image=bundle.image_path(slide.image) if slide.image is not None else None,
    )


def _schedule_changes(slide: Slide, today: dt.date, zone: ZoneInfo) -> Iterable[dt.datetime]:
    """Today's moments at which the slide's time ranges start or end (dates, weekdays and
    everything else change at midnight, which is always a candidate)."""
    for span in slide.schedule.times or ():
        for moment in (span.start, span.end):
            yield dt.datetime.combine(today, moment, tzinfo=zone)


# --- announcements ---------------------------------------------------------------------------


def _announcements(
    now: dt.datetime,
    config: DeviceConfig | None,
    bundle: Bundle | None,
    branch: str | None,
    changes: list[dt.datetime],
) -> tuple[InfoAnnouncement, ...]:
    items: list[InfoAnnouncement] = []
    # The config carries IT's announcements for this branch that have not ended yet, future
    # ones included: each starts and ends here on its own time.
    for live in config.announcements if config is not None else ():
        changes.extend((live.starts_at, live.ends_at))
        if live.active_at(now):
            items.append(
                InfoAnnouncement(
                    id=f"live-{live.id}",
                    level=live.level,
                    text=live.text,
                    starts_at=live.starts_at,
                    ends_at=live.ends_at,
                )
            )
    for notice in bundle.announcements if bundle is not None else ():
        if not _for_branch(notice.branches, branch):
            continue
        changes.extend((notice.start, notice.end))
        if notice.active_at(now):
            items.append(_bundle_announcement(notice))
    # Urgent first, then the newest; a steady order so the screen does not shuffle.
    items.sort(key=lambda a: (not a.urgent, -a.starts_at.timestamp(), a.id))
    return tuple(items[:MAX_ANNOUNCEMENTS])


def _bundle_announcement(notice: Announcement) -> InfoAnnouncement:
    return InfoAnnouncement(
        id=f"bundle-{notice.id}",
        level=AnnouncementLevel(notice.level.value),
        text=_localized(notice.text),
        starts_at=notice.start,
        ends_at=notice.end,
    )


# --- hours -------------------------------------------------------------------------------------


def _next_opening(
    config: DeviceConfig, zone: ZoneInfo, today: dt.date, now: dt.datetime
) -> dt.datetime | None:
    """When a branch closed at ``now`` opens next: later today, or on one of the next days."""
    for offset in range(WEEK_DAYS + 1):
        interval = open_interval(config.opening_hours, zone, today + dt.timedelta(days=offset))
        if interval is not None and interval[0] > now:
            return interval[0]
    return None


def _wall(moment: dt.datetime | None, zone: ZoneInfo) -> dt.datetime | None:
    """An aware moment as the branch's wall clock shows it (naive)."""
    return moment.astimezone(zone).replace(tzinfo=None) if moment is not None else None


def _midnight_after(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)


def _next(changes: Iterable[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    return min((moment for moment in changes if moment > now), default=None)

"""Slides and announcements: when each shows, where, and what their models refuse."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from content.slides import Announcement, Level, Slide

HELSINKI_SUMMER = dt.timezone(dt.timedelta(hours=3))
TEXT = {lang: {"title": f"Title {lang}", "body": f"Body {lang}."} for lang in ("fi", "sv", "en")}


def slide(**fields: Any) -> Slide:
    return Slide.model_validate({"id": "s", "text": TEXT, **fields})


def notice(**fields: Any) -> Announcement:
    data = {
        "id": "n",
        "text": {"fi": "a", "sv": "b", "en": "c"},
        "from": "2026-05-04T08:00:00+03:00",
        "until": "2026-05-04T16:00:00+03:00",
        **fields,
    }
    return Announcement.model_validate(data)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A wall-clock moment in May 2026 (4 May is a Monday)."""
    return dt.datetime(2026, 5, day, hour, minute)


def test_a_slide_without_a_schedule_always_shows() -> None:
    plain = slide()
    assert plain.seconds == 12
    assert plain.shows_at(at(1, 0))
    assert plain.shows_at(dt.datetime(1999, 12, 31, 23, 59))
    assert plain.for_branch("oodi")
    assert plain.for_branch("kallio")


def test_the_date_range_includes_both_ends() -> None:
    ranged = slide(schedule={"from": "2026-05-04", "until": "2026-05-10"})
    assert not ranged.shows_at(at(3, 23, 59))
    assert ranged.shows_at(at(4, 0))
    assert ranged.shows_at(at(10, 23, 59))
    assert not ranged.shows_at(at(11, 0))
    assert slide(schedule={"from": "2026-05-04"}).shows_at(dt.datetime(2030, 1, 1, 12))
    assert not slide(schedule={"until": "2026-05-04"}).shows_at(at(5, 12))


def test_weekdays_and_times_of_day() -> None:
    weekday_mornings = slide(
        schedule={
            "weekdays": ["mon", "wed"],
            "times": [{"from": "09:00", "until": "12:00"}, {"from": "17:30", "until": "20:00"}],
        }
    )
    assert weekday_mornings.shows_at(at(4, 9, 0))  # Monday
    assert weekday_mornings.shows_at(at(6, 11, 59))  # Wednesday
    assert not weekday_mornings.shows_at(at(4, 12, 0))  # until is not included
    assert not weekday_mornings.shows_at(at(4, 8, 59))
    assert weekday_mornings.shows_at(at(4, 17, 30))
    assert not weekday_mornings.shows_at(at(5, 10, 0))  # Tuesday
    assert not weekday_mornings.shows_at(at(10, 10, 0))  # Sunday
    # an aware local time counts by its own wall clock
    assert weekday_mornings.shows_at(at(4, 10).replace(tzinfo=HELSINKI_SUMMER))


def test_branches() -> None:
    only = slide(branches=["oodi", "kallio"])
    assert only.for_branch("oodi")
    assert not only.for_branch("itakeskus")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"schedule": {"from": "2026-05-10", "until": "2026-05-09"}}, "is before from"),
        ({"schedule": {"times": [{"from": "12:00", "until": "12:00"}]}}, "must be later"),
        ({"schedule": {"times": [{"from": "9:00", "until": "12:00"}]}}, "HH:MM"),
        ({"schedule": {"times": [{"from": "09:00", "until": "24:00"}]}}, "HH:MM"),
        ({"schedule": {"weekdays": ["mon", "mon"]}}, "listed twice"),
        ({"schedule": {"weekdays": ["monday"]}}, "weekdays"),
        ({"schedule": {"weekdays": []}}, "weekdays"),
        ({"seconds": 4}, "seconds"),
        ({"seconds": 61}, "seconds"),
        ({"branches": []}, "branches"),
        ({"branches": ["Oodi"]}, "branches"),
        ({"image": "../x.svg"}, "leaves the bundle folder"),
        ({"image": "/etc/x.svg"}, "leaves the bundle folder"),
        ({"image": "images/x.gif"}, "PNG, JPEG or SVG"),
        ({"image": "guides/images/x.svg"}, "images/<name>.svg"),
        ({"colour": "red"}, "colour"),
        ({"text": {**TEXT, "fi": {"title": "x" * 61, "body": "b"}}}, "title"),
        ({"text": {**TEXT, "fi": {"title": "t", "body": "x" * 281}}}, "body"),
        ({"text": {**TEXT, "fi": {"title": "a\nb", "body": "b"}}}, "one line"),
        ({"text": {**TEXT, "fi": {"title": "t", "body": "<b>x</b>"}}}, "HTML"),
        ({"text": {**TEXT, "fi": {"title": "t", "body": "a&amp;b"}}}, "HTML"),
        ({"text": {**TEXT, "fi": {"title": " ", "body": "b"}}}, "title"),
    ],
)
def test_a_slide_refuses(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        slide(**fields)


def test_limits_count_characters_not_bytes() -> None:
    assert slide(text={**TEXT, "fi": {"title": "ä" * 60, "body": "ö" * 280}})


def test_an_announcement_is_active_in_its_window() -> None:
    window = notice()
    assert window.level is Level.INFO
    start = dt.datetime(2026, 5, 4, 5, 0, tzinfo=dt.UTC)  # 08:00 +03:00
    assert not window.active_at(start - dt.timedelta(seconds=1))
    assert window.active_at(start)
    assert window.active_at(start + dt.timedelta(hours=7, minutes=59))
    assert not window.active_at(start + dt.timedelta(hours=8))  # expires by itself
    with pytest.raises(ValueError, match="time zone"):
        window.active_at(dt.datetime(2026, 5, 4, 12))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"from": "2026-05-04T08:00:00"}, "timezone"),
        ({"until": "2026-05-04T07:00:00+03:00"}, "must be later"),
        ({"level": "loud"}, "level"),
        ({"text": {"fi": "x" * 281}}, "text"),
        ({"text": {"fi": "<script>alert(1)</script>"}}, "HTML"),
        ({"text": {"FI": "x"}}, "text"),
        ({"until": None}, "until"),
    ],
)
def test_an_announcement_refuses(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        notice(**fields)

"""Times and dates as people in Finland write them."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.ui.formatting import (
    format_clock,
    format_countdown,
    format_date,
    format_hour,
    format_money,
    format_short_date,
    format_time_left,
    local_time,
)


@pytest.mark.parametrize(("language", "expected"), [("fi", "9.05"), ("sv", "9.05"), ("en", "9:05")])
def test_clock(language: str, expected: str) -> None:
    assert format_clock(dt.time(9, 5), language) == expected


def test_opening_hours_drop_zero_minutes() -> None:
    assert format_hour(dt.time(20), "fi") == "20"
    assert format_hour(dt.time(9, 30), "fi") == "9.30"
    assert format_hour(dt.time(9, 30), "en") == "9:30"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "23.11.2026"),
        ("sv", "23.11.2026"),
        ("en", "Monday 23 November 2026"),
    ],
)
def test_date(language: str, expected: str) -> None:
    text = format_date(dt.date(2026, 11, 23), language)
    assert text.endswith(expected)
    if language == "fi":
        assert text.startswith("maanantai")
    if language == "sv":
        assert text.startswith("måndag")


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (42 * 60, "42 min"),
        (41 * 60 + 1, "42 min"),
        (61, "2 min"),
        (60, "1:00"),
        (59.2, "1:00"),
        (59, "0:59"),
        (0.4, "0:01"),
        (0, "0:00"),
        (-3, "0:00"),
    ],
)
def test_time_left(seconds: float, expected: str) -> None:
    assert format_time_left(seconds) == expected


def test_countdown() -> None:
    assert format_countdown(42) == "0:42"
    assert format_countdown(125) == "2:05"


@pytest.mark.parametrize(
    ("language", "expected"), [("fi", "2,50 €"), ("sv", "2,50 €"), ("en", "€2.50")]
)
def test_money(language: str, expected: str) -> None:
    assert format_money(250, "EUR", language) == expected


def test_money_in_another_currency() -> None:
    assert format_money(1205, "SEK", "fi") == "12,05 SEK"
    assert format_money(1205, "SEK", "en") == "SEK 12.05"


def test_short_dates() -> None:
    assert format_short_date(dt.date(2026, 12, 1), "fi") == "1.12.2026"
    assert format_short_date(dt.date(2026, 12, 1), "en") == "1 Dec 2026"


def test_local_time() -> None:
    naive = dt.datetime(2026, 11, 23, 16, 0)
    assert local_time(naive) == naive
    aware = naive.astimezone()
    assert local_time(aware.astimezone(dt.UTC)) == naive

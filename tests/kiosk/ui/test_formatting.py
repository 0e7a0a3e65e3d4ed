"""Times and dates as people in Finland write them."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.ui.formatting import format_clock, format_date, format_hour


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

"""Clock, date and opening-hour formats as people in Finland write them, per language."""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QDate, QLocale

# Swedish as written in Finland; British English for the 24-hour clock and day-month order.
_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
_DATE_FORMATS = {"fi": "dddd d.M.yyyy", "sv": "dddd d.M.yyyy", "en": "dddd d MMMM yyyy"}


def _separator(language: str) -> str:
    # Finnish and Finland-Swedish write 14.05; English writes 14:05.
    return ":" if language == "en" else "."


def format_clock(time: dt.time, language: str) -> str:
    """The current time, hours and minutes: ``14.05`` (fi, sv) or ``14:05`` (en)."""
    return f"{time.hour}{_separator(language)}{time.minute:02d}"


def format_hour(time: dt.time, language: str) -> str:
    """An opening or closing time the way library signs show it: ``10`` or ``10.30``."""
    if time.minute == 0:
        return str(time.hour)
    return format_clock(time, language)


def format_closing(time: dt.time, language: str) -> str:
    """A closing time: like :func:`format_hour`, but midnight at the day's end is ``24``."""
    if time == dt.time(0):
        return "24"
    return format_hour(time, language)


def format_hours(opens: dt.time, closes: dt.time, language: str) -> str:
    """A day's opening hours as signs write them: ``8–20``, ``9.30–13``, ``0–24``."""
    return f"{format_hour(opens, language)}–{format_closing(closes, language)}"


def format_list_day(day: dt.date, language: str) -> str:
    """A day in a list of days: ``Maanantai 23.11.`` / ``Måndag 23.11.`` / ``Monday 23 Nov``."""
    locale = QLocale(_LOCALES.get(language, "fi_FI"))
    name = locale.standaloneDayName(day.isoweekday(), QLocale.FormatType.LongFormat)
    date = (
        locale.toString(QDate(day.year, day.month, day.day), "d MMM")
        if language == "en"
        else f"{day.day}.{day.month}."
    )
    return f"{name[:1].upper()}{name[1:]} {date}"


def format_weekday(day: dt.date, language: str) -> str:
    """The weekday as a sentence uses it: ``maanantaina`` (fi), ``måndag``, ``Monday``."""
    locale = QLocale(_LOCALES.get(language, "fi_FI"))
    return locale.dayName(day.isoweekday(), QLocale.FormatType.LongFormat)


def format_date(day: dt.date, language: str) -> str:
    """A full date with the weekday: ``maanantai 23.11.2026`` / ``Monday 23 November 2026``."""
    locale = QLocale(_LOCALES.get(language, "fi_FI"))
    return locale.toString(
        QDate(day.year, day.month, day.day), _DATE_FORMATS.get(language, "d.M.yyyy")
    )


def local_time(moment: dt.datetime) -> dt.datetime:
    """A wall-clock moment from the services in this PC's local time, without a time zone.

    The fleet sends UTC; the kiosk PC's clock runs in the branch's time zone. Naive values
    (tests, previews) are taken as local already.
    """
    if moment.tzinfo is None:
        return moment
    return moment.astimezone().replace(tzinfo=None)


def format_countdown(seconds: float) -> str:
    """A short countdown, minutes and seconds rounded up: ``0:42``, ``1:00``."""
    total = max(0, math.ceil(seconds))
    return f"{total // 60}:{total % 60:02d}"


def format_time_left(seconds: float) -> str:
    """A session's time left: ``42 min`` (rounded up), then ``0:59`` in the last minute.

    "min" is written the same in Finnish, Swedish and English, so it needs no translation.
    """
    if seconds > 60:
        return f"{math.ceil(seconds / 60)} min"
    return format_countdown(seconds)


def format_short_date(day: dt.date, language: str) -> str:
    """A due date: ``1.12.2026`` (fi, sv) or ``1 Dec 2026`` (en)."""
    if language == "en":
        locale = QLocale(_LOCALES["en"])
        return locale.toString(QDate(day.year, day.month, day.day), "d MMM yyyy")
    return f"{day.day}.{day.month}.{day.year}"


def format_money(cents: int, currency: str, language: str) -> str:
    """An amount the way a receipt writes it: ``2,50 €`` (fi, sv) or ``€2.50`` (en)."""
    whole, part = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    symbol = "€" if currency == "EUR" else currency
    if language == "en":
        gap = "" if symbol == "€" else " "
        return f"{sign}{symbol}{gap}{whole}.{part:02d}"
    return f"{sign}{whole},{part:02d} {symbol}"

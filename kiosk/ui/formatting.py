"""Clock, date and opening-hour formats as people in Finland write them, per language."""

from __future__ import annotations

import datetime as dt

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


def format_date(day: dt.date, language: str) -> str:
    """A full date with the weekday: ``maanantai 23.11.2026`` / ``Monday 23 November 2026``."""
    locale = QLocale(_LOCALES.get(language, "fi_FI"))
    return locale.toString(
        QDate(day.year, day.month, day.day), _DATE_FORMATS.get(language, "d.M.yyyy")
    )

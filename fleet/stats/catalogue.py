"""The statistics' metrics: what each anonymous event adds to which hourly number.

An event adds 1 (a count) or one of its bounded numbers (minutes) to a metric, under a
dimension taken from one of its slugs (a log-in method, a refusal reason, a topic, a guide).
PC metrics come from the check-ins instead (:mod:`fleet.stats.uptime`). Counts of people
are published only from ``PUBLIC_THRESHOLD`` up; a sum of minutes is published only when
its count is (two sessions' minutes would tell how long each of two people sat).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from fleet.protocol import EventType


class Unit(StrEnum):
    COUNT = "count"
    MINUTES = "minutes"


@dataclass(frozen=True)
class Metric:
    """One number the rollups keep per branch and hour."""

    name: str
    unit: Unit
    #: The event attribute whose slug is the dimension (None: one number, dimension "").
    dimension: str | None = None
    #: For minute sums about people: the count metric whose suppression this one follows.
    companion: str | None = None
    #: Counts people (visits, contacts): suppressed below the threshold in open data.
    about_people: bool = True
    #: From the check-ins (PC time), not from events.
    from_devices: bool = False


METRICS: dict[str, Metric] = {
    metric.name: metric
    for metric in (
        Metric("logins", Unit.COUNT, "method"),
        Metric("sessions", Unit.COUNT, "method"),
        Metric("session_minutes", Unit.MINUTES, companion="sessions"),
        Metric("extensions", Unit.COUNT),
        Metric("logins_failed", Unit.COUNT, "reason"),
        Metric("help_requests", Unit.COUNT, "topic"),
        Metric("help_called", Unit.COUNT, "topic"),
        Metric("help_wait_minutes", Unit.MINUTES, companion="help_called"),
        Metric("help_cancelled", Unit.COUNT, "by"),
        Metric("bookings_made", Unit.COUNT, "topic"),
        Metric("bookings_cancelled", Unit.COUNT, "topic"),
        Metric("bookings_no_show", Unit.COUNT, "topic"),
        Metric("bookings_done", Unit.COUNT, "topic"),
        Metric("support_minutes", Unit.MINUTES, companion="bookings_done"),
        Metric("guides_opened", Unit.COUNT, "guide"),
        Metric("guides_completed", Unit.COUNT, "guide"),
        Metric("guides_helpful", Unit.COUNT, "guide"),
        Metric("guides_not_helpful", Unit.COUNT, "guide"),
        Metric("prints", Unit.COUNT, "kind", about_people=False),
        Metric("print_errors", Unit.COUNT, "reason", about_people=False),
        Metric("pc_open_minutes", Unit.MINUTES, about_people=False, from_devices=True),
        Metric("pc_online_minutes", Unit.MINUTES, about_people=False, from_devices=True),
        Metric("pc_offline_minutes", Unit.MINUTES, about_people=False, from_devices=True),
        Metric("pc_session_minutes", Unit.MINUTES, about_people=False, from_devices=True),
    )
}

EVENT_METRICS = tuple(name for name, metric in METRICS.items() if not metric.from_devices)
DEVICE_METRICS = tuple(name for name, metric in METRICS.items() if metric.from_devices)


@dataclass(frozen=True)
class _Rule:
    metric: str
    #: Take this attribute's number as the amount (else 1).
    amount: str | None = None
    #: Only when this boolean attribute has this value.
    when: tuple[str, bool] | None = None


_RULES: dict[str, tuple[_Rule, ...]] = {
    EventType.SESSION_STARTED: (_Rule("logins"),),
    EventType.SESSION_ENDED: (_Rule("sessions"), _Rule("session_minutes", amount="minutes")),
    EventType.SESSION_EXTENDED: (_Rule("extensions"),),
    EventType.LOGIN_FAILED: (_Rule("logins_failed"),),
    EventType.HELP_REQUESTED: (_Rule("help_requests"),),
    EventType.HELP_CALLED: (
        _Rule("help_called"),
        _Rule("help_wait_minutes", amount="wait_minutes"),
    ),
    EventType.HELP_CANCELLED: (_Rule("help_cancelled"),),
    EventType.BOOKING_MADE: (_Rule("bookings_made"),),
    EventType.BOOKING_CANCELLED: (_Rule("bookings_cancelled"),),
    EventType.BOOKING_NO_SHOW: (_Rule("bookings_no_show"),),
    EventType.BOOKING_DONE: (_Rule("bookings_done"), _Rule("support_minutes", amount="minutes")),
    EventType.GUIDE_OPENED: (_Rule("guides_opened"),),
    EventType.GUIDE_COMPLETED: (_Rule("guides_completed"),),
    EventType.GUIDE_FEEDBACK: (
        _Rule("guides_helpful", when=("helpful", True)),
        _Rule("guides_not_helpful", when=("helpful", False)),
    ),
    EventType.SLIP_PRINTED: (
        _Rule("prints", when=("printed", True)),
        _Rule("print_errors", when=("printed", False)),
    ),
}

#: The dimension recorded when an event lacks the attribute (older kiosks, optional fields).
UNKNOWN = "unknown"


def contributions(event_type: str, attrs: Mapping[str, object]) -> Iterator[tuple[str, str, int]]:
    """``(metric, dimension, amount)`` for each number this event adds to."""
    for rule in _RULES.get(event_type, ()):
        if rule.when is not None and attrs.get(rule.when[0]) is not rule.when[1]:
            continue
        metric = METRICS[rule.metric]
        dimension = ""
        if metric.dimension is not None:
            value = attrs.get(metric.dimension)
            dimension = value if isinstance(value, str) and value else UNKNOWN
        if rule.amount is None:
            yield rule.metric, dimension, 1
            continue
        amount = attrs.get(rule.amount)
        if isinstance(amount, int) and not isinstance(amount, bool) and amount > 0:
            yield rule.metric, dimension, amount

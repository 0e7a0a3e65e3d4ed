"""Switching PCs off from the device page: the wake-up time IT types, and when a PC that
switched itself off should be back (its ``shutdown``'s wake time, or its power schedule)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from sqlmodel import Session

from fleet.branches import service as branches
from fleet.devices import service as devices
from fleet.devices.models import DeviceCommand
from fleet.devices.service import DeviceSummary
from fleet.errors import FleetError
from fleet.protocol import (
    WAKE_AT_MAX_AHEAD,
    WAKE_AT_MIN_AHEAD,
    CommandStatus,
    CommandType,
    DeviceState,
)
from fleet.protocol.hours import zone_of
from fleet.protocol.power import next_wake

#: How the kiosk reports the wake alarm it set (kiosk.services.power.PowerOutcome.detail).
_REPORTED_WAKE = re.compile(r"\bwake_at=(\S+)")
#: A shutdown delivered this long before the PC's last check-in is what switched it off.
_SAME_SHUTDOWN = dt.timedelta(minutes=10)
_FORM_TIME = "%Y-%m-%dT%H:%M"


def branch_zone_name(session: Session, device: DeviceSummary) -> str:
    return branches.get_branch(session, device.branch_id).timezone


def wake_at_from_form(raw: str, zone_name: str, now: dt.datetime) -> dt.datetime | None:
    """The ``datetime-local`` field (the branch's wall clock) as an aware time, checked as
    the admin API checks it; None when left empty. Raises :class:`FleetError` (422)."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        local = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise FleetError(
            "wake_at_invalid", "Give the wake-up time as a date and a time.", 422
        ) from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=zone_of(zone_name))
    wake_at = local.astimezone(dt.UTC)
    devices.check_wake_at(CommandType.SHUTDOWN, wake_at, now)
    return wake_at


def wake_field_limits(zone_name: str, now: dt.datetime) -> tuple[str, str]:
    """``min`` and ``max`` of the wake-up field, in the branch's wall clock."""
    zone = zone_of(zone_name)
    # Rounded up to the minute, so the earliest value the browser offers is still allowed.
    earliest = (now + WAKE_AT_MIN_AHEAD + dt.timedelta(minutes=1)).astimezone(zone)
    latest = (now + WAKE_AT_MAX_AHEAD).astimezone(zone)
    return earliest.strftime(_FORM_TIME), latest.strftime(_FORM_TIME)


def scheduled_wake(session: Session, device_id: int, after: dt.datetime) -> dt.datetime | None:
    """When the device's power schedule would switch it on after ``after`` (None: never)."""
    config = branches.effective_config(session, devices.get_device_row(session, device_id))
    return next_wake(config.opening_hours, zone_of(config.timezone), config.policy.power, after)


def reported_wake(detail: str | None) -> dt.datetime | None:
    """The wake alarm a kiosk says it set (``wake_at=...Z`` in a shutdown's result)."""
    match = _REPORTED_WAKE.search(detail or "")
    if match is None:
        return None
    try:
        return dt.datetime.fromisoformat(match.group(1))
    except ValueError:
        return None


def expected_wake(
    session: Session, device: DeviceSummary, commands: Sequence[DeviceCommand]
) -> dt.datetime | None:
    """For a PC that switched itself off: when it should be back. None when it is not off,
    or will stay off until someone switches it on.

    IT's ``shutdown`` (the newest, delivered around the PC's last check-in) says it best;
    else the PC followed its power schedule.
    """
    if device.state is not DeviceState.SHUT_DOWN or device.last_seen is None:
        return None
    for command in commands:  # newest first
        if command.type != CommandType.SHUTDOWN.value or command.delivered_at is None:
            continue
        if command.delivered_at < device.last_seen - _SAME_SHUTDOWN:
            break
        if command.status == CommandStatus.SUCCEEDED.value:
            return reported_wake(command.result_detail)
        asked = command.wake_at
        if asked is not None:
            return asked
        break
    return scheduled_wake(session, device.id, device.last_seen)

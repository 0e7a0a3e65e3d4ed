"""PC reservations: a visitor or staff reserve a PC at a branch for a time slot.

A reservation holds one PC: during ``[starts_at, starts_at + grace)`` only the person who
reserved it may log in there; other sessions on it are granted only up to ``starts_at``
and are not extended into it. A reservation not claimed within the grace window lapses.

Double booking is prevented by taking a write lock on the device row first (``UPDATE``
of the row itself: a row lock on PostgreSQL, the database write lock on SQLite), then
checking for overlaps, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import update
from sqlmodel import Session, col, select

from fleet.branches import service as branches
from fleet.devices.models import Device, DeviceStatus
from fleet.errors import ConflictError, FleetError, NotFoundError
from fleet.ops.audit import record_audit
from fleet.protocol.hours import open_interval, zone_of
from fleet.sessions.models import PatronSession, PcReservation

#: Reservations start on these minute boundaries.
SLOT_STEP = dt.timedelta(minutes=30)
#: How far ahead reservations may be made.
HORIZON = dt.timedelta(days=14)


def _overlapping(
    session: Session, device_id: int, starts_at: dt.datetime, ends_at: dt.datetime
) -> PcReservation | None:
    return session.exec(
        select(PcReservation).where(
            PcReservation.device_id == device_id,
            col(PcReservation.cancelled_at).is_(None),
            col(PcReservation.starts_at) < ends_at,
            col(PcReservation.ends_at) > starts_at,
        )
    ).first()


def _session_runs_into(session: Session, device_id: int, starts_at: dt.datetime) -> bool:
    return (
        session.exec(
            select(PatronSession.id).where(
                PatronSession.device_id == device_id,
                col(PatronSession.ended_at).is_(None),
                col(PatronSession.granted_until) > starts_at,
            )
        ).first()
        is not None
    )


def _branch_devices(session: Session, branch_id: str) -> Sequence[Device]:
    return session.exec(
        select(Device)
        .where(Device.branch_id == branch_id, Device.status == DeviceStatus.ACTIVE.value)
        .order_by(col(Device.name), col(Device.id))
    ).all()


def _lock_device(session: Session, device_id: int) -> None:
    # A no-op write takes the lock that serialises reservations of this PC.
    session.execute(update(Device).where(col(Device.id) == device_id).values(id=Device.id))


def free_device(
    session: Session, branch_id: str, starts_at: dt.datetime, ends_at: dt.datetime
) -> Device | None:
    """A PC at the branch with nothing booked in the slot and no session running into it."""
    for device in _branch_devices(session, branch_id):
        assert device.id is not None
        if _overlapping(session, device.id, starts_at, ends_at) is None and not (
            _session_runs_into(session, device.id, starts_at)
        ):
            return device
    return None


def options(
    session: Session, branch_id: str, now: dt.datetime, *, minutes: int, days: int = 1
) -> list[dt.datetime]:
    """Start times (aware, UTC) with a free PC at the branch: today from the next slot
    boundary to the last start that ends by closing time (``days`` days ahead).

    Reads the branch's bookings and running sessions once (two queries), not per slot.
    """
    branch = branches.get_branch(session, branch_id)
    hours = branches.opening_hours(session, branch)
    zone = zone_of(branch.timezone)
    length = dt.timedelta(minutes=minutes)
    local_today = now.astimezone(zone).date()
    intervals = [
        interval
        for offset in range(days)
        if (interval := open_interval(hours, zone, local_today + dt.timedelta(days=offset)))
    ]
    if not intervals:
        return []
    busy = _busy_times(session, branch_id, now, intervals[-1][1])
    starts: list[dt.datetime] = []
    for opens, closes in intervals:
        candidate = _next_boundary(max(opens, now))
        while candidate + length <= closes:
            end = candidate + length
            if any(
                all(not (start < end and stop > candidate) for start, stop in taken)
                for taken in busy.values()
            ):
                starts.append(candidate.astimezone(dt.UTC))
            candidate += SLOT_STEP
    return starts


def _busy_times(
    session: Session, branch_id: str, now: dt.datetime, until: dt.datetime
) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """Per active PC of the branch: its reservations and its running session, as intervals."""
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {
        device.id: [] for device in _branch_devices(session, branch_id) if device.id is not None
    }
    reserved = session.exec(
        select(PcReservation).where(
            PcReservation.branch_id == branch_id,
            col(PcReservation.cancelled_at).is_(None),
            col(PcReservation.ends_at) > now,
            col(PcReservation.starts_at) < until,
        )
    )
    for reservation in reserved:
        if reservation.device_id in busy:
            busy[reservation.device_id].append((reservation.starts_at, reservation.ends_at))
    running = session.exec(
        select(PatronSession).where(
            PatronSession.branch_id == branch_id,
            col(PatronSession.ended_at).is_(None),
            col(PatronSession.granted_until) > now,
        )
    )
    for row in running:
        if row.device_id in busy:
            busy[row.device_id].append((now, row.granted_until))
    return busy


def _next_boundary(moment: dt.datetime) -> dt.datetime:
    base = moment.replace(minute=0, second=0, microsecond=0)
    while base < moment:
        base += SLOT_STEP
    return base


def reserve(
    session: Session,
    *,
    branch_id: str,
    starts_at: dt.datetime,
    minutes: int,
    patron_key: str,
    actor: str,
    now: dt.datetime,
    device_id: int | None = None,
    label: str = "",
) -> PcReservation:
    """Reserve a PC (``device_id``, or any free one at the branch). Raises 409 when taken."""
    if starts_at.tzinfo is None:
        raise FleetError("invalid_reservation", "The start time needs a time zone.", 422)
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    if ends_at <= now:
        raise FleetError("invalid_reservation", "That time has already passed.", 422)
    if starts_at > now + HORIZON:
        raise FleetError("invalid_reservation", "Reservations open 14 days ahead.", 422)
    branch = branches.get_branch(session, branch_id)
    zone = zone_of(branch.timezone)
    interval = open_interval(
        branches.opening_hours(session, branch), zone, starts_at.astimezone(zone).date()
    )
    if interval is None or starts_at < interval[0] or ends_at > interval[1]:
        raise FleetError(
            "reservation_outside_hours", "The library is not open for all of that time.", 422
        )
    if device_id is None:
        chosen = free_device(session, branch_id, starts_at, ends_at)
        if chosen is None or chosen.id is None:
            raise ConflictError("no_free_pc", "No PC is free at that time.")
        device_id = chosen.id
    device = session.get(Device, device_id)
    if device is None or device.branch_id != branch_id:
        raise NotFoundError("device", device_id)
    _lock_device(session, device_id)
    clash = _overlapping(session, device_id, starts_at, ends_at)
    if clash is not None:
        raise ConflictError("pc_taken", "That PC is already reserved for part of that time.")
    reservation = PcReservation(
        device_id=device_id,
        branch_id=branch_id,
        starts_at=starts_at,
        ends_at=ends_at,
        patron_key=patron_key,
        label=label.strip()[:100],
        created_by=actor,
        created_at=now,
    )
    session.add(reservation)
    session.flush()
    record_audit(
        session,
        actor,
        "reservation.create",
        "pc_reservation",
        reservation.id,
        {"device_id": device_id, "starts_at": starts_at.isoformat(), "minutes": minutes},
        now=now,
    )
    branches.recompute_config_etags(session, device_ids=[device_id])
    return reservation


def cancel(session: Session, reservation_id: int, actor: str, now: dt.datetime) -> PcReservation:
    reservation = session.get(PcReservation, reservation_id)
    if reservation is None:
        raise NotFoundError("reservation", reservation_id)
    if reservation.cancelled_at is None:
        reservation.cancelled_at = now
        record_audit(
            session, actor, "reservation.cancel", "pc_reservation", reservation_id, now=now
        )
        branches.recompute_config_etags(session, device_ids=[reservation.device_id])
    return reservation


def for_branch(
    session: Session, branch_id: str, since: dt.datetime, until: dt.datetime
) -> list[PcReservation]:
    """Reservations at a branch that overlap ``[since, until)``, for the staff view."""
    return list(
        session.exec(
            select(PcReservation)
            .where(
                PcReservation.branch_id == branch_id,
                col(PcReservation.cancelled_at).is_(None),
                col(PcReservation.starts_at) < until,
                col(PcReservation.ends_at) > since,
            )
            .order_by(col(PcReservation.starts_at), col(PcReservation.device_id))
        )
    )

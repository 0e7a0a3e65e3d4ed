"""What library staff do with visitor sessions: see them, end one, release a card, reserve.

Used by the admin REST API and the ``/admin/`` web pages alike. Staff type card numbers;
the fleet turns them into keyed hashes at once and never stores them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from fleet.crypto import DataKeys
from fleet.devices import service as devices
from fleet.devices.models import Device, DeviceCommand
from fleet.errors import FleetError, NotFoundError
from fleet.ops.audit import record_audit
from fleet.patrons import throttle
from fleet.protocol import CommandType
from fleet.protocol.sessions import LoginMethod, PatronCategory, normalise_card_number
from fleet.sessions import reservations
from fleet.sessions.models import PatronSession, PcReservation


@dataclass(frozen=True)
class ActiveSession:
    """A running session as staff see it: the PC and the time, never the person."""

    id: str
    device_id: int
    device_name: str
    branch_id: str
    method: LoginMethod
    category: PatronCategory
    started_at: dt.datetime
    ends_at: dt.datetime
    extensions: int

    def minutes_left(self, now: dt.datetime) -> int:
        return max(0, int((self.ends_at - now).total_seconds() // 60))


def active_sessions(
    session: Session, now: dt.datetime, branch_id: str | None = None
) -> list[ActiveSession]:
    """Sessions that have not ended and whose time has not run out, by branch and PC."""
    query = (
        select(PatronSession, Device.name)
        .join(Device, col(Device.id) == col(PatronSession.device_id))
        .where(col(PatronSession.ended_at).is_(None), col(PatronSession.granted_until) > now)
        .order_by(col(PatronSession.branch_id), col(Device.name))
    )
    if branch_id is not None:
        query = query.where(PatronSession.branch_id == branch_id)
    return [
        ActiveSession(
            id=row.id,
            device_id=row.device_id,
            device_name=name,
            branch_id=row.branch_id,
            method=LoginMethod(row.method),
            category=PatronCategory(row.category),
            started_at=row.started_at,
            ends_at=row.granted_until,
            extensions=row.extensions,
        )
        for row, name in session.exec(query)
    ]


def end_session(
    session: Session, session_id: str, actor: str, now: dt.datetime, ttl: dt.timedelta
) -> DeviceCommand:
    """Ask the PC to end (and wipe) this session: an ``end_session`` command to its kiosk.

    The kiosk ends the session itself, so the wipe happens whatever the fleet records; the
    session row is closed by the kiosk's end report.
    """
    row = session.get(PatronSession, session_id)
    if row is None:
        raise NotFoundError("session", session_id)
    if row.ended_at is not None:
        raise FleetError("session_not_active", "The session has already ended.", 409)
    return devices.send_command(
        session, row.device_id, CommandType.END_SESSION, None, actor, ttl=ttl, now=now
    )


def _card_key(keys: DataKeys, card_number: str) -> str:
    card = normalise_card_number(card_number)
    if not 1 <= len(card) <= 32 or not card.isalnum():
        raise FleetError("invalid_card_number", "Type the card number: letters and digits.", 422)
    return keys.patron_key("library", card)


def release_card(session: Session, keys: DataKeys, card_number: str, actor: str) -> int:
    """Forget a card's wrong PINs so it can be used at once; returns how many were forgotten."""
    released = throttle.release(session, _card_key(keys, card_number))
    record_audit(session, actor, "patron.release", "patron", "card", {"failures": released})
    return released


def reserve_for_card(
    session: Session,
    keys: DataKeys,
    *,
    card_number: str,
    branch_id: str,
    starts_at: dt.datetime,
    minutes: int,
    actor: str,
    now: dt.datetime,
    device_id: int | None = None,
    label: str = "",
) -> PcReservation:
    """Staff reserve a PC for the holder of ``card_number`` (who logs in with that card)."""
    return reservations.reserve(
        session,
        branch_id=branch_id,
        starts_at=starts_at,
        minutes=minutes,
        patron_key=_card_key(keys, card_number),
        actor=actor,
        now=now,
        device_id=device_id,
        label=label,
    )

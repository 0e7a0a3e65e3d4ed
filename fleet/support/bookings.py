"""Adviser bookings: book, cancel, reschedule, check in, done, no-show, export, forget.

Rules:

* **Booking** checks, in order: the adviser exists (404 ``adviser_not_found``) and serves
  the branch, topic and language (422 ``branch_not_offered`` / ``topic_not_offered`` /
  ``language_not_offered``); one of their rules gives exactly that slot on a day the branch
  is open and the adviser is not away (409 ``slot_unavailable``); the slot has not closed
  (409 ``too_late``: inside the minimum notice, or past) and is not beyond the horizon (409
  ``too_far_ahead``). Then the adviser's row is locked (a no-op ``UPDATE``: a row lock on
  PostgreSQL, the write lock on SQLite), the seat-holding bookings are counted and the
  booking inserted, in the caller's transaction: two requests for the last seat cannot
  both get it (409 ``slot_full``).
* **Codes** are 10 characters from an alphabet without look-alikes (no 0/O, 1/I): about 50
  bits, shown once as ``ABCDE-FGHJK``; only their SHA-256 is stored. A code cancels,
  reschedules, exports and forgets its booking. For the reminder (which tells how to
  cancel) the code is also kept encrypted with the data secret, only when there is an
  e-mail address or phone number to remind, and only until the booking is cancelled or its
  personal data is deleted (a rescheduled booking is reminded again).
* **Statuses**: ``booked -> checked_in -> done`` (the adviser records the topic the visit
  was really about; ``booked -> done`` is allowed for an adviser who skipped the check-in),
  ``booked -> no_show`` (only once the start time has passed), ``booked -> cancelled`` (by
  code until the start, or by the adviser). Anything else is 409 ``invalid_transition``
  (``booking_cancelled`` for a cancelled booking). A no-show keeps its seat: the slot has
  started anyway.
* **Rescheduling** moves a booked, not yet started booking to another slot under the same
  rules, same topic and language, keeping its code; the new reminder goes out anew.
* **Personal data** (name, phone, e-mail) is never logged and never put in events. It is
  deleted by :mod:`fleet.support.retention` some days after the appointment, or at once on
  the visitor's request (:func:`delete_personal_data`); the booking stays, anonymous.
* **Events** (anonymous, :func:`fleet.support.events.record_event`): ``booking_made``
  {topic, language, channel}, ``booking_cancelled`` {topic}, ``booking_no_show`` {topic},
  ``booking_done`` {topic, minutes}. Nothing else goes in them.

Services never commit: the caller's transaction does (``run_in_transaction``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from fleet.branches.models import Branch
from fleet.branches.service import branch_name
from fleet.crypto import DataKeys, DecryptionError
from fleet.devices.service import hash_secret
from fleet.errors import ConflictError, FleetError
from fleet.protocol import EventType
from fleet.protocol.support import (
    BookingChannel,
    BookingConfirmation,
    BookingCreate,
    BookingExport,
    BookingStatus,
    Reschedule,
    SupportTopic,
)
from fleet.support.advisers import profile_by_key
from fleet.support.availability import Opening, booking_window, load_seats, match_opening
from fleet.support.events import record_event
from fleet.support.models import AdviserProfile, SupportBooking

#: No 0/O, 1/I: a code read aloud or typed from a slip cannot be misread.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
#: Requested times further than this from now are refused before any date arithmetic.
_SANE_DISTANCE = dt.timedelta(days=800)
#: ``extra`` keys: the encrypted code (for the reminder), reminder channels already done,
#: the check-in time (for the minutes of a done visit).
CODE_KEY = "code_encrypted"
REMINDED_VIA_KEY = "reminded_via"
CHECKED_IN_KEY = "checked_in_at"
#: A done visit longer than this is counted as this long in the event.
MAX_VISIT_MINUTES = 600
#: The phone column's width (the wire pattern allows one more character, a leading +).
PHONE_MAX = 20


@dataclass(frozen=True)
class MadeBooking:
    """A new booking and its code in clear: shown (or printed) once, then gone."""

    booking: SupportBooking
    code: str

    def __repr__(self) -> str:
        return f"MadeBooking(id={self.booking.id})"


# --- codes -------------------------------------------------------------------------------------


def new_booking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_booking_code(code: str) -> str:
    """``ABCDEFGHJK`` -> ``ABCDE-FGHJK``: easier to read aloud and to type."""
    return f"{code[:5]}-{code[5:]}"


def normalise_booking_code(text: str) -> str | None:
    """Upper case without spaces and dashes; None when it cannot be a code at all."""
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return code


def _not_found() -> FleetError:
    # Never echo the code back: it is a bearer secret.
    return FleetError("booking_not_found", "No booking with that code.", 404)


def find_by_code(session: Session, code: str) -> SupportBooking:
    """The booking for ``code`` (any spacing or case), or 404 ``booking_not_found``."""
    normal = normalise_booking_code(code)
    if normal is None:
        raise _not_found()
    booking = session.exec(
        select(SupportBooking).where(SupportBooking.code_hash == hash_secret(normal))
    ).first()
    if booking is None:
        raise _not_found()
    return booking


def reminder_code(booking: SupportBooking, keys: DataKeys) -> str | None:
    """The booking's code for its reminder, while it is kept; None otherwise."""
    sealed = booking.extra.get(CODE_KEY)
    if not isinstance(sealed, str):
        return None
    try:
        return keys.decrypt(sealed)
    except DecryptionError:
        return None


# --- booking -----------------------------------------------------------------------------------


def _instant(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise FleetError("invalid_time", "The start time needs a time zone (or Z).", 422)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise _unavailable() from None


def _unavailable() -> FleetError:
    return ConflictError("slot_unavailable", "The adviser has no slot at that time.")


def _adviser(session: Session, public_key: str) -> AdviserProfile:
    profile = profile_by_key(session, public_key)
    if profile is None:
        raise FleetError("adviser_not_found", "No adviser with that key.", 404)
    return profile


def _target_slot(
    session: Session,
    profile: AdviserProfile,
    branch_id: str,
    starts_at: dt.datetime,
    topic: str,
    language: str,
    now: dt.datetime,
) -> Opening:
    """The opening asked for, after every check that needs no lock."""
    if branch_id not in profile.branches:
        raise FleetError("branch_not_offered", "The adviser does not work at that branch.", 422)
    if topic not in profile.topics:
        raise FleetError("topic_not_offered", "The adviser does not help with that topic.", 422)
    if language not in profile.languages:
        raise FleetError(
            "language_not_offered", "The adviser does not advise in that language.", 422
        )
    starts = _instant(starts_at)
    if not profile.active or abs(starts - now) > _SANE_DISTANCE:
        raise _unavailable()
    found = match_opening(session, profile.user_id, branch_id, starts)
    if found is None:
        raise _unavailable()
    opening, rule = found
    earliest, latest = booking_window(rule, now)
    if starts < earliest:
        raise ConflictError("too_late", "Bookings for that time have closed.")
    if starts > latest:
        raise ConflictError("too_far_ahead", "That time cannot be booked yet.")
    return opening


def _lock_adviser(session: Session, adviser_id: int) -> None:
    # A no-op write takes the lock that serialises bookings of this adviser.
    session.exec(
        update(AdviserProfile)
        .where(col(AdviserProfile.user_id) == adviser_id)
        .values(active=AdviserProfile.active)
    )


def _take_seat(session: Session, opening: Opening, *, moving: int | None = None) -> None:
    _lock_adviser(session, opening.adviser_id)
    seats = load_seats(
        session, [opening.adviser_id], opening.starts_at, opening.ends_at, excluding=moving
    )
    if seats.left(opening) < 1:
        raise ConflictError("slot_full", "That time has just been taken. Choose another.")


def book(
    session: Session,
    data: BookingCreate,
    *,
    channel: BookingChannel,
    now: dt.datetime,
    keys: DataKeys,
) -> MadeBooking:
    """Book the slot in ``data`` (see the module rules). The code is in the result only."""
    name = data.name.strip()
    if not name:
        raise FleetError("name_required", "Give a name or a nickname.", 422)
    profile = _adviser(session, data.adviser)
    opening = _target_slot(
        session, profile, data.branch_id, data.starts_at, data.topic.value, data.language, now
    )
    _take_seat(session, opening)
    code = new_booking_code()
    phone = _fit_phone(data.phone) if data.phone else None
    email = data.email.strip() if data.email else None
    extra: dict[str, Any] = {CODE_KEY: keys.encrypt(code)} if phone or email else {}
    booking = SupportBooking(
        code_hash=hash_secret(code),
        adviser_id=opening.adviser_id,
        branch_id=opening.branch_id,
        starts_at=opening.starts_at,
        ends_at=opening.ends_at,
        topic=data.topic.value,
        language=data.language,
        status=BookingStatus.BOOKED.value,
        channel=channel.value,
        name=name,
        phone=phone,
        email=email,
        created_at=now,
        updated_at=now,
        extra=extra,
    )
    session.add(booking)
    session.flush()
    record_event(
        session,
        booking.branch_id,
        EventType.BOOKING_MADE,
        {"topic": booking.topic, "language": booking.language, "channel": channel.value},
        now,
    )
    return MadeBooking(booking, code)


def _fit_phone(phone: str) -> str:
    """The number as typed when it fits the column, else without spaces and punctuation."""
    phone = phone.strip()
    if len(phone) > PHONE_MAX:
        phone = "".join(char for char in phone if char.isdigit() or char == "+")
    if len(phone) > PHONE_MAX:
        raise FleetError("invalid_phone", "That phone number is too long.", 422)
    return phone


def reschedule(
    session: Session, booking: SupportBooking, target: Reschedule, now: dt.datetime
) -> SupportBooking:
    """Move a booked, not yet started booking to another slot (same topic and language)."""
    _require(booking, BookingStatus.BOOKED)
    if now >= booking.starts_at:
        raise ConflictError("too_late", "The appointment has already started.")
    profile = _adviser(session, target.adviser)
    opening = _target_slot(
        session,
        profile,
        target.branch_id,
        target.starts_at,
        booking.topic,
        booking.language,
        now,
    )
    here = (booking.adviser_id, booking.branch_id, booking.starts_at)
    if (opening.adviser_id, opening.branch_id, opening.starts_at) == here:
        return booking
    _take_seat(session, opening, moving=booking.id)
    booking.adviser_id = opening.adviser_id
    booking.branch_id = opening.branch_id
    booking.starts_at = opening.starts_at
    booking.ends_at = opening.ends_at
    booking.reminded_at = None
    booking.extra = {k: v for k, v in booking.extra.items() if k != REMINDED_VIA_KEY}
    return _touch(session, booking, now)


# --- the visit -------------------------------------------------------------------------------


def get_booking(
    session: Session, booking_id: int, *, adviser_id: int | None = None
) -> SupportBooking:
    """A booking by id (for the console); with ``adviser_id``, only that adviser's."""
    booking = session.get(SupportBooking, booking_id)
    if booking is None or (adviser_id is not None and booking.adviser_id != adviser_id):
        raise FleetError("booking_not_found", f"No booking {booking_id}.", 404)
    return booking


def cancel(
    session: Session, booking: SupportBooking, now: dt.datetime, *, by_adviser: bool = False
) -> SupportBooking:
    """Cancel a booked booking: by its code until it starts, by the adviser at any time.

    Cancelling twice is not an error (the second time changes nothing).
    """
    if booking.status == BookingStatus.CANCELLED.value:
        return booking
    _require(booking, BookingStatus.BOOKED)
    if not by_adviser and now >= booking.starts_at:
        raise ConflictError("too_late", "The appointment has already started.")
    booking.status = BookingStatus.CANCELLED.value
    booking.extra = {k: v for k, v in booking.extra.items() if k != CODE_KEY}
    record_event(
        session, booking.branch_id, EventType.BOOKING_CANCELLED, {"topic": booking.topic}, now
    )
    return _touch(session, booking, now)


def check_in(session: Session, booking: SupportBooking, now: dt.datetime) -> SupportBooking:
    """The visitor has arrived."""
    _require(booking, BookingStatus.BOOKED)
    booking.status = BookingStatus.CHECKED_IN.value
    booking.extra = {**booking.extra, CHECKED_IN_KEY: now.isoformat()}
    return _touch(session, booking, now)


def mark_done(
    session: Session,
    booking: SupportBooking,
    topic: SupportTopic,
    now: dt.datetime,
    *,
    minutes: int | None = None,
) -> SupportBooking:
    """The visit is over; ``topic`` is what it was really about. ``minutes`` defaults to the
    time since the check-in (or since the start, without one)."""
    _require(booking, BookingStatus.BOOKED, BookingStatus.CHECKED_IN)
    if minutes is None:
        since = booking.starts_at
        checked_in = booking.extra.get(CHECKED_IN_KEY)
        if isinstance(checked_in, str):
            since = dt.datetime.fromisoformat(checked_in)
        minutes = round((now - since).total_seconds() / 60)
    minutes = max(0, min(MAX_VISIT_MINUTES, minutes))
    booking.status = BookingStatus.DONE.value
    booking.done_topic = topic.value
    record_event(
        session,
        booking.branch_id,
        EventType.BOOKING_DONE,
        {"topic": topic.value, "minutes": minutes},
        now,
    )
    return _touch(session, booking, now)


def mark_no_show(session: Session, booking: SupportBooking, now: dt.datetime) -> SupportBooking:
    """The visitor did not come; only once the start time has passed."""
    _require(booking, BookingStatus.BOOKED)
    if now < booking.starts_at:
        raise ConflictError("too_early", "A visitor can be marked absent once the time starts.")
    booking.status = BookingStatus.NO_SHOW.value
    record_event(
        session, booking.branch_id, EventType.BOOKING_NO_SHOW, {"topic": booking.topic}, now
    )
    return _touch(session, booking, now)


def _require(booking: SupportBooking, *allowed: BookingStatus) -> None:
    if booking.status in {status.value for status in allowed}:
        return
    if booking.status == BookingStatus.CANCELLED.value:
        raise ConflictError("booking_cancelled", "This booking has been cancelled.")
    raise FleetError(
        "invalid_transition",
        f"Not possible for a booking that is {booking.status}.",
        409,
        [{"status": booking.status}],
    )


def _touch(session: Session, booking: SupportBooking, now: dt.datetime) -> SupportBooking:
    booking.updated_at = now
    session.add(booking)
    session.flush()
    return booking


# --- what the visitor sees, and MyData --------------------------------------------------------


def confirmation(session: Session, booking: SupportBooking, code: str) -> BookingConfirmation:
    """The booking as the visitor sees it (``code`` as given: it is not stored in clear)."""
    branch = session.get(Branch, booking.branch_id)
    profile = session.get(AdviserProfile, booking.adviser_id)
    assert branch is not None
    normal = normalise_booking_code(code)
    return BookingConfirmation(
        code=format_booking_code(normal) if normal else code,
        status=BookingStatus(booking.status),
        branch_id=booking.branch_id,
        branch_name=branch_name(branch),
        place=profile.place if profile else "",
        adviser_name=profile.display_name if profile else None,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        topic=SupportTopic(booking.topic),
        language=booking.language,
    )


def export(session: Session, booking: SupportBooking, code: str) -> BookingExport:
    """Everything stored about the booking that concerns the visitor (MyData)."""
    return BookingExport(
        booking=confirmation(session, booking, code),
        name=booking.name,
        phone=booking.phone,
        email=booking.email,
        created_at=booking.created_at,
        channel=BookingChannel(booking.channel),
        reminded_at=booking.reminded_at,
    )


def delete_personal_data(
    session: Session, booking: SupportBooking, now: dt.datetime
) -> SupportBooking:
    """Forget the name, phone and e-mail (and the kept code); the booking stays, anonymous."""
    forget(booking, now)
    session.add(booking)
    session.flush()
    return booking


def forget(booking: SupportBooking, now: dt.datetime) -> None:
    """Clear the personal fields of ``booking`` in memory (the caller flushes)."""
    booking.name = booking.phone = booking.email = None
    booking.extra = {k: v for k, v in booking.extra.items() if k != CODE_KEY}
    if booking.personal_deleted_at is None:
        booking.personal_deleted_at = now

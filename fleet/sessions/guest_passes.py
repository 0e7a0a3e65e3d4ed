"""Guest passes: a code + PIN that staff give a visitor without a library card.

The code is shown once at creation (and printed on a slip); the fleet keeps its SHA-256
and an argon2 hash of the PIN. A pass is valid for a period and a total number of minutes,
spent across as many sessions as the visitor needs.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, select

from fleet.auth.passwords import Passwords
from fleet.crypto import DataKeys
from fleet.devices.models import DeviceCommand
from fleet.devices.service import get_device_row, hash_secret, send_command
from fleet.errors import FleetError, NotFoundError
from fleet.ops.audit import record_audit
from fleet.protocol import CommandType, GuestPassSlip
from fleet.sessions.models import GuestPass

#: Digits only, so a guest types the code on the kiosk's number keypad like a card number.
CODE_LENGTH = 8
PIN_LENGTH = 4
MAX_VALIDITY = dt.timedelta(days=31)
#: A slip not printed within this time is not printed at all: the visitor has left the desk.
SLIP_COMMAND_TTL = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class IssuedPass:
    """A new pass with its code and PIN in clear: shown to staff once, then gone."""

    guest_pass: GuestPass
    code: str
    pin: str

    def __repr__(self) -> str:
        return f"IssuedPass(id={self.guest_pass.id})"


def format_pass_code(code: str) -> str:
    """``12345678`` -> ``1234 5678``: easier to read aloud and to type."""
    return f"{code[:4]} {code[4:]}"


def create_guest_pass(
    session: Session,
    passwords: Passwords,
    *,
    minutes: int,
    valid_from: dt.datetime,
    valid_until: dt.datetime,
    actor: str,
    branch_id: str | None = None,
    label: str = "",
) -> IssuedPass:
    if not 5 <= minutes <= 24 * 60:
        raise FleetError("invalid_guest_pass", "Minutes must be between 5 and 1440.", 422)
    if valid_until <= valid_from or valid_until - valid_from > MAX_VALIDITY:
        raise FleetError(
            "invalid_guest_pass", "A pass must end after it starts, within 31 days.", 422
        )
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH))
    pin = "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))
    guest_pass = GuestPass(
        code_hash=hash_secret(code),
        pin_hash=passwords.hash(pin),
        label=label.strip()[:100],
        branch_id=branch_id,
        valid_from=valid_from,
        valid_until=valid_until,
        minutes=minutes,
        created_by=actor,
    )
    session.add(guest_pass)
    session.flush()
    record_audit(
        session,
        actor,
        "guest_pass.create",
        "guest_pass",
        guest_pass.id,
        {"minutes": minutes, "branch_id": branch_id, "valid_until": valid_until.isoformat()},
    )
    return IssuedPass(guest_pass, code, pin)


def find_by_code(session: Session, code: str) -> GuestPass | None:
    """The pass for a normalised code (upper case, no dashes), or None."""
    return session.exec(select(GuestPass).where(GuestPass.code_hash == hash_secret(code))).first()


def minutes_left(guest_pass: GuestPass) -> int:
    return max(0, guest_pass.minutes - guest_pass.minutes_used)


def is_valid(guest_pass: GuestPass, now: dt.datetime, branch_id: str) -> bool:
    return (
        guest_pass.revoked_at is None
        and guest_pass.valid_from <= now < guest_pass.valid_until
        and (guest_pass.branch_id is None or guest_pass.branch_id == branch_id)
    )


def revoke_guest_pass(session: Session, pass_id: int, actor: str, now: dt.datetime) -> GuestPass:
    guest_pass = session.get(GuestPass, pass_id)
    if guest_pass is None:
        raise NotFoundError("guest_pass", pass_id)
    if guest_pass.revoked_at is None:
        guest_pass.revoked_at = now
        record_audit(session, actor, "guest_pass.revoke", "guest_pass", pass_id)
    return guest_pass


def list_guest_passes(
    session: Session, now: dt.datetime, *, include_ended: bool = False
) -> list[GuestPass]:
    query = select(GuestPass).order_by(col(GuestPass.created_at).desc())
    if not include_ended:
        query = query.where(col(GuestPass.valid_until) > now, col(GuestPass.revoked_at).is_(None))
    return list(session.exec(query.limit(500)))


def print_slip(
    session: Session,
    passwords: Passwords,
    keys: DataKeys,
    *,
    pass_id: int,
    code: str,
    pin: str,
    device_id: int,
    language: str,
    actor: str,
    now: dt.datetime,
) -> DeviceCommand:
    """Send a new pass's slip to a kiosk's slip printer (a ``print_guest_pass`` command).

    The code and PIN come back from the staff member's page, the only place they exist in
    clear; they are checked against the stored hashes, so nothing but the real pass prints.
    They travel sealed with the data key, and the fleet forgets them when the kiosk answers.
    """
    guest_pass = session.get(GuestPass, pass_id)
    if guest_pass is None:
        raise NotFoundError("guest_pass", pass_id)
    digits = "".join(code.split())
    if guest_pass.code_hash != hash_secret(digits) or not passwords.verify(
        guest_pass.pin_hash, pin
    ):
        raise FleetError("guest_pass_mismatch", "The code or PIN is not this pass's.", 422)
    if guest_pass.revoked_at is not None or guest_pass.valid_until <= now:
        raise FleetError("guest_pass_ended", "This guest pass is revoked or expired.", 409)
    device = get_device_row(session, device_id)
    if guest_pass.branch_id is not None and device.branch_id != guest_pass.branch_id:
        raise FleetError(
            "guest_pass_other_branch", "This pass is for another branch than that PC.", 409
        )
    slip = GuestPassSlip(
        code=digits,
        pin=pin,
        valid_until=guest_pass.valid_until,
        minutes=max(1, minutes_left(guest_pass)),
        language=language,
    )
    return send_command(
        session,
        device_id,
        CommandType.PRINT_GUEST_PASS,
        None,
        actor,
        ttl=SLIP_COMMAND_TTL,
        now=now,
        sealed=keys.encrypt(slip.model_dump_json()),
    )

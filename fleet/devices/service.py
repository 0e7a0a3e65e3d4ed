"""Device administration: enrolment codes, enrolment, device lists, revocation and commands.

Services take a session and never commit: the caller (the request's session dependency or
the CLI) commits once the whole change has succeeded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, Float, and_, literal, or_, update
from sqlmodel import Session, col, select

from fleet.branches import service as branches
from fleet.content.targets import hold_assignments, target_for_new_device
from fleet.db import UTCDateTime, seconds_between, utcnow
from fleet.devices.models import Device, DeviceCommand, DeviceStatus, EnrollmentCode
from fleet.devices.nudges import queue_nudge
from fleet.errors import FleetError, NotFoundError
from fleet.ops.audit import record_audit
from fleet.protocol import (
    WAKE_AT_MAX_AHEAD,
    WAKE_AT_MIN_AHEAD,
    CommandResult,
    CommandStatus,
    CommandType,
    DeviceHealth,
    DeviceState,
    EnrollRequest,
    EnrollResponse,
    HealthStatus,
    normalise_enrollment_code,
)

#: No 0/O, 1/I/L: codes are read off a screen and typed by people.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
DEFAULT_ENROLLMENT_CODE_TTL = dt.timedelta(hours=72)
DEFAULT_COMMAND_TTL = dt.timedelta(hours=1)
DEFAULT_OFFLINE_FACTOR = 2.5
MAX_CODE_USES = 10_000
#: A delivered command not acknowledged within this many check-in intervals is sent again.
REDELIVER_AFTER_INTERVALS = 2
OPEN_STATUSES = (CommandStatus.QUEUED.value, CommandStatus.DELIVERED.value)
FINAL_STATUSES = (CommandStatus.SUCCEEDED.value, CommandStatus.FAILED.value)


# --- enrolment codes -------------------------------------------------------------------------


def hash_secret(value: str) -> str:
    """SHA-256 hex. Enough for high-entropy tokens and short-lived codes (no slow hash needed)."""
    return hashlib.sha256(value.encode()).hexdigest()


def format_code(code: str) -> str:
    """``ABCD2345`` -> ``ABCD-2345``, the form shown to people."""
    return f"{code[:4]}-{code[4:]}"


def create_enrollment_code(
    session: Session,
    branch_id: str,
    created_by: str,
    ttl: dt.timedelta = DEFAULT_ENROLLMENT_CODE_TTL,
    max_uses: int = 1,
    *,
    now: dt.datetime | None = None,
) -> str:
    """Make a code for ``branch_id`` and return it as ``XXXX-XXXX``; only its hash is kept."""
    branches.get_branch(session, branch_id)
    if not 1 <= max_uses <= MAX_CODE_USES:
        raise FleetError("invalid_max_uses", f"max_uses must be 1..{MAX_CODE_USES}.", 422)
    if ttl <= dt.timedelta(0):
        raise FleetError("invalid_ttl", "The code's lifetime must be positive.", 422)
    now = now or utcnow()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    row = EnrollmentCode(
        code_hash=hash_secret(code),
        branch_id=branch_id,
        created_by=created_by,
        created_at=now,
        expires_at=now + ttl,
        max_uses=max_uses,
    )
    session.add(row)
    session.flush()
    record_audit(
        session,
        created_by,
        "enrollment_code.create",
        "branch",
        branch_id,
        {"code_id": row.id, "max_uses": max_uses, "expires_at": row.expires_at.isoformat()},
        now=now,
    )
    return format_code(code)


def list_enrollment_codes(
    session: Session,
    branch_id: str | None = None,
    *,
    include_spent: bool = False,
    now: dt.datetime | None = None,
) -> list[EnrollmentCode]:
    """Codes newest first (without their plain text, which is never stored)."""
    now = now or utcnow()
    query = select(EnrollmentCode)
    if branch_id is not None:
        query = query.where(EnrollmentCode.branch_id == branch_id)
    if not include_spent:
        query = query.where(
            EnrollmentCode.expires_at > now, EnrollmentCode.uses < EnrollmentCode.max_uses
        )
    return list(session.exec(query.order_by(col(EnrollmentCode.id).desc())))


# --- enrolment -------------------------------------------------------------------------------

CODE_UNKNOWN = "enrollment_code_unknown"
CODE_EXPIRED = "enrollment_code_expired"
CODE_USED = "enrollment_code_used"


def enroll(
    session: Session, request: EnrollRequest, *, now: dt.datetime | None = None
) -> EnrollResponse:
    """Exchange a code for a device credential. Safe under any number of concurrent callers.

    The use count is claimed with one conditional UPDATE (no read-modify-write), so a code
    with ``max_uses=N`` admits exactly N enrolments however many arrive at once. A PC that
    enrols again (same ``machine_id``) retires its old record, whose token stops working.
    All three refusals are 400 with distinct codes: the kiosk shows a message for each.
    """
    now = now or utcnow()
    # Before any row lock: an assignment change waiting on this enrolment must not hold a
    # device row this one is about to retire (fleet.content.targets).
    hold_assignments(session, exclusive=False)
    code_hash = hash_secret(normalise_enrollment_code(request.code))
    table = EnrollmentCode.__table__  # type: ignore[attr-defined]
    claimed = session.execute(
        update(table)
        .where(
            table.c.code_hash == code_hash,
            table.c.uses < table.c.max_uses,
            table.c.expires_at > now,
        )
        .values(uses=table.c.uses + 1)
        .returning(table.c.id, table.c.branch_id)
    ).first()
    if claimed is None:
        existing = session.exec(
            select(EnrollmentCode).where(EnrollmentCode.code_hash == code_hash)
        ).first()
        if existing is None:
            raise FleetError(CODE_UNKNOWN, "This enrolment code is not known.", 400)
        if existing.uses >= existing.max_uses:
            raise FleetError(CODE_USED, "This enrolment code has already been used.", 400)
        raise FleetError(CODE_EXPIRED, "This enrolment code has expired.", 400)
    code_id, branch_id = claimed
    retired = session.execute(
        update(Device.__table__)  # type: ignore[attr-defined]
        .where(
            Device.__table__.c.machine_id == request.machine_id,  # type: ignore[attr-defined]
            Device.__table__.c.status == DeviceStatus.ACTIVE.value,  # type: ignore[attr-defined]
        )
        .values(status=DeviceStatus.RETIRED.value, revoked_at=now)
        .returning(Device.__table__.c.id)  # type: ignore[attr-defined]
    ).all()
    secret = secrets.token_urlsafe(32)
    device = Device(
        name=request.hostname,
        branch_id=branch_id,
        machine_id=request.machine_id,
        hostname=request.hostname,
        token_hash=hash_secret(secret),
        enrolled_at=now,
        app_version=request.app_version,
        content_target=target_for_new_device(session, branch_id),
    )
    session.add(device)
    session.flush()
    branches.recompute_config_etags(session, device_ids=[device.id] if device.id else [])
    assert device.id is not None
    record_audit(
        session,
        f"device:{device.id}",
        "device.enroll",
        "device",
        device.id,
        {
            "branch_id": branch_id,
            "code_id": code_id,
            "hostname": request.hostname,
            "retired": [row[0] for row in retired],
        },
        now=now,
    )
    return EnrollResponse(
        device_id=device.id,
        device_name=device.name,
        branch_id=branch_id,
        token=f"{device.id}.{secret}",
    )


# --- devices ---------------------------------------------------------------------------------


class DeviceSummary(BaseModel):
    """A device as IT sees it: identity, live status and last report."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    hostname: str
    machine_id: str
    branch_id: str
    status: str
    online: bool
    state: DeviceState | None
    last_seen: dt.datetime | None
    enrolled_at: dt.datetime
    app_version: str | None
    content_version: str | None
    reader: DeviceHealth
    printer: DeviceHealth
    outbox_depth: int
    config_etag: str
    checkin_interval_seconds: int
    policy_overrides: dict[str, object] | None


def is_online(
    device: Device, now: dt.datetime, offline_factor: float = DEFAULT_OFFLINE_FACTOR
) -> bool:
    """Seen within ``offline_factor`` check-in intervals (and still allowed to check in).

    ``online_clause`` is the same rule in SQL; change both together (a test holds them equal).
    """
    if device.status != DeviceStatus.ACTIVE.value or device.last_seen is None:
        return False
    silent = (now - device.last_seen).total_seconds()
    return silent <= offline_factor * device.checkin_interval_seconds


def online_clause(
    now: dt.datetime, offline_factor: float = DEFAULT_OFFLINE_FACTOR
) -> ColumnElement[bool]:
    """``is_online`` as a SQL condition on the device table, for counting in the database."""
    table = Device.__table__  # type: ignore[attr-defined]
    silent = seconds_between(literal(now, UTCDateTime()), table.c.last_seen)
    return and_(
        table.c.status == DeviceStatus.ACTIVE.value,
        table.c.last_seen.is_not(None),
        silent <= literal(offline_factor, Float()) * table.c.checkin_interval_seconds,
    )


def _health(status: str | None, detail: str | None) -> DeviceHealth:
    return DeviceHealth(
        status=HealthStatus(status) if status else HealthStatus.ABSENT, detail=detail
    )


def summarise(
    device: Device, now: dt.datetime, offline_factor: float = DEFAULT_OFFLINE_FACTOR
) -> DeviceSummary:
    assert device.id is not None
    return DeviceSummary(
        id=device.id,
        name=device.name,
        hostname=device.hostname,
        machine_id=device.machine_id,
        branch_id=device.branch_id,
        status=device.status,
        online=is_online(device, now, offline_factor),
        state=DeviceState(device.state) if device.state else None,
        last_seen=device.last_seen,
        enrolled_at=device.enrolled_at,
        app_version=device.app_version,
        content_version=device.content_version,
        reader=_health(device.reader_status, device.reader_detail),
        printer=_health(device.printer_status, device.printer_detail),
        outbox_depth=device.outbox_depth,
        config_etag=device.config_etag,
        checkin_interval_seconds=device.checkin_interval_seconds,
        policy_overrides=device.policy_overrides,
    )


def list_devices(
    session: Session,
    *,
    now: dt.datetime | None = None,
    offline_factor: float = DEFAULT_OFFLINE_FACTOR,
    branch_id: str | None = None,
    include_inactive: bool = False,
) -> list[DeviceSummary]:
    """Devices by branch and name, each with its computed ``online``."""
    now = now or utcnow()
    query = select(Device)
    if branch_id is not None:
        query = query.where(Device.branch_id == branch_id)
    if not include_inactive:
        query = query.where(Device.status == DeviceStatus.ACTIVE.value)
    query = query.order_by(col(Device.branch_id), col(Device.name), col(Device.id))
    return [summarise(device, now, offline_factor) for device in session.exec(query)]


def get_device_row(session: Session, device_id: int) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise NotFoundError("device", device_id)
    return device


def get_device(
    session: Session,
    device_id: int,
    *,
    now: dt.datetime | None = None,
    offline_factor: float = DEFAULT_OFFLINE_FACTOR,
) -> DeviceSummary:
    return summarise(get_device_row(session, device_id), now or utcnow(), offline_factor)


def revoke_device(
    session: Session, device_id: int, actor: str, *, now: dt.datetime | None = None
) -> Device:
    """Withdraw the device's credential: its next request gets 401 ``device_revoked``."""
    now = now or utcnow()
    device = get_device_row(session, device_id)
    if device.status == DeviceStatus.ACTIVE.value:
        device.status = DeviceStatus.REVOKED.value
        device.revoked_at = now
        session.add(device)
        session.flush()
        # Open commands can never be delivered now.
        _expire(session, now, device_id=device_id, everything_open=True)
        record_audit(session, actor, "device.revoke", "device", device_id, now=now)
    return device


# --- commands --------------------------------------------------------------------------------


def check_wake_at(command_type: CommandType, wake_at: dt.datetime | None, now: dt.datetime) -> None:
    if wake_at is None:
        return
    if command_type is not CommandType.SHUTDOWN:
        raise FleetError("wake_at_not_allowed", "Only a shutdown command takes wake_at.", 422)
    if wake_at.tzinfo is None or wake_at.utcoffset() is None:
        raise FleetError("wake_at_invalid", "wake_at must carry a time zone (e.g. Z).", 422)
    if wake_at <= now:
        raise FleetError("wake_at_past", "wake_at has passed: give a time in the future.", 422)
    if wake_at < now + WAKE_AT_MIN_AHEAD:
        minutes = int(WAKE_AT_MIN_AHEAD.total_seconds() // 60)
        raise FleetError(
            "wake_at_too_soon",
            f"wake_at must be at least {minutes} minutes from now: the PC must be off first.",
            422,
        )
    if wake_at > now + WAKE_AT_MAX_AHEAD:
        raise FleetError(
            "wake_at_too_far",
            f"wake_at may be at most {WAKE_AT_MAX_AHEAD.days} days from now.",
            422,
        )


def send_command(
    session: Session,
    device_id: int,
    type: CommandType | str,
    message: str | None,
    actor: str,
    *,
    ttl: dt.timedelta = DEFAULT_COMMAND_TTL,
    now: dt.datetime | None = None,
    sealed: str | None = None,
    wake_at: dt.datetime | None = None,
) -> DeviceCommand:
    """Queue a command for a device and nudge it once the session commits.

    ``sealed`` is an encrypted payload for the kiosk alone (see ``DeviceCommand.sealed``).
    ``wake_at`` (``shutdown`` only): when the PC switches on again, 5 minutes to 7 days
    from now; without it the PC wakes as its power schedule says, if it has one.
    """
    now = now or utcnow()
    try:
        command_type = CommandType(type)
    except ValueError as error:
        raise FleetError(
            "command_type_unknown",
            f"Unknown command type {type!r}; use one of: {', '.join(CommandType)}.",
            422,
        ) from error
    if message is not None and len(message) > 500:
        raise FleetError("message_too_long", "The message may be at most 500 characters.", 422)
    if command_type is CommandType.MESSAGE and not message:
        raise FleetError("message_required", "A message command needs the text to show.", 422)
    if command_type is CommandType.PRINT_GUEST_PASS and sealed is None:
        raise FleetError(
            "guest_pass_required",
            "A guest pass slip is printed from the new guest pass's page, not sent by hand.",
            422,
        )
    check_wake_at(command_type, wake_at, now)
    if command_type is CommandType.SHUTDOWN:
        message = None  # the PC shows its own, translated notice
    device = get_device_row(session, device_id)
    if device.status != DeviceStatus.ACTIVE.value:
        raise FleetError("device_not_active", "This device is revoked or retired.", 409)
    command = DeviceCommand(
        device_id=device_id,
        type=command_type.value,
        message=message or None,
        status=CommandStatus.QUEUED.value,
        issued_by=actor,
        issued_at=now,
        expires_at=now + ttl,
        sealed=sealed,
        wake_at=wake_at,
    )
    session.add(command)
    session.flush()
    record_audit(
        session,
        actor,
        "command.send",
        "device",
        device_id,
        {"command_id": command.id, "type": command_type.value},
        now=now,
    )
    queue_nudge(session, device_id, "command")
    return command


def get_command(
    session: Session, command_id: int, *, now: dt.datetime | None = None
) -> DeviceCommand:
    """One command with its current status (expiring it first if its time is up)."""
    _expire(session, now or utcnow(), command_id=command_id)
    command = session.get(DeviceCommand, command_id)
    if command is None:
        raise NotFoundError("command", command_id)
    return command


def list_commands(
    session: Session,
    device_id: int | None = None,
    *,
    limit: int = 50,
    now: dt.datetime | None = None,
) -> list[DeviceCommand]:
    """Command history, newest first, for one device or the whole fleet."""
    _expire(session, now or utcnow(), device_id=device_id)
    query = select(DeviceCommand)
    if device_id is not None:
        query = query.where(DeviceCommand.device_id == device_id)
    return list(session.exec(query.order_by(col(DeviceCommand.id).desc()).limit(limit)))


def expire_commands(session: Session, *, now: dt.datetime | None = None) -> int:
    """Mark open commands whose time is up as expired; returns how many."""
    return _expire(session, now or utcnow())


def _expire(
    session: Session,
    now: dt.datetime,
    *,
    device_id: int | None = None,
    command_id: int | None = None,
    everything_open: bool = False,
) -> int:
    table = DeviceCommand.__table__  # type: ignore[attr-defined]
    conditions = [table.c.status.in_(OPEN_STATUSES)]
    if not everything_open:
        conditions.append(table.c.expires_at <= now)
    if device_id is not None:
        conditions.append(table.c.device_id == device_id)
    if command_id is not None:
        conditions.append(table.c.id == command_id)
    result = session.execute(
        update(table)
        .where(and_(*conditions))
        .values(status=CommandStatus.EXPIRED.value, completed_at=now, sealed=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def record_command_result(
    session: Session,
    device_id: int,
    command_id: int,
    result: CommandResult,
    *,
    now: dt.datetime | None = None,
) -> DeviceCommand:
    """Store a kiosk's outcome. Idempotent: a repeated report changes nothing.

    A result for an expired command is still recorded: the kiosk did run it, and the
    audit trail should say what really happened.
    """
    now = now or utcnow()
    command = session.get(DeviceCommand, command_id)
    if command is None or command.device_id != device_id:
        raise NotFoundError("command", command_id)
    if command.status in FINAL_STATUSES:
        return command
    command.status = result.status.value
    command.result_detail = result.detail
    command.completed_at = now
    command.sealed = None  # a guest pass's code and PIN are needed no longer
    session.add(command)
    session.flush()
    record_audit(
        session,
        f"device:{device_id}",
        "command.result",
        "device",
        device_id,
        {"command_id": command_id, "status": command.status},
        now=now,
    )
    return command


def pending_filter(device_id: int, interval_seconds: int, now: dt.datetime) -> object:
    """Commands due for (re)delivery to a device now."""
    table = DeviceCommand.__table__  # type: ignore[attr-defined]
    redeliver_before = now - dt.timedelta(seconds=REDELIVER_AFTER_INTERVALS * interval_seconds)
    return and_(
        table.c.device_id == device_id,
        table.c.expires_at > now,
        or_(
            table.c.status == CommandStatus.QUEUED.value,
            and_(
                table.c.status == CommandStatus.DELIVERED.value,
                table.c.delivered_at <= redeliver_before,
            ),
        ),
    )


def get_command_status(session: Session, device_id: int, command_id: int) -> str | None:
    """The command's status if it belongs to ``device_id``, else ``None``."""
    command = session.get(DeviceCommand, command_id)
    if command is None or command.device_id != device_id:
        return None
    return command.status

"""The check-in hot path: device authentication, buffered state writes, command delivery.

A check-in is one indexed SELECT of the device row (credential hash, status, etag,
interval, content target and whether any command is waiting). On SQLite that SELECT runs
on the event loop over one held connection with a prepared statement (microseconds;
SQLAlchemy's per-call overhead would be most of the request); on PostgreSQL it is a Core
query on a worker thread. The reported state goes into an in-memory buffer that one
background task writes with a single ``executemany`` per second (and on shutdown); the
same flush records the content reports that changed (fleet.content.convergence). Commands
and config are fetched only when the device actually needs them.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hmac
import logging
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError
from sqlalchemy import Engine, bindparam, exists, select, update
from sqlmodel import Session

from fleet.branches.service import effective_config
from fleet.content.convergence import ContentReport, record_content_reports
from fleet.crypto import DataKeys, DecryptionError
from fleet.db import Clock, is_sqlite
from fleet.devices import service
from fleet.devices.models import Device, DeviceCommand, DeviceStatus
from fleet.errors import FleetError
from fleet.ops.metrics import FleetMetrics
from fleet.protocol import (
    CheckInRequest,
    CheckInResponse,
    Command,
    CommandStatus,
    CommandType,
    DeviceConfig,
    GuestPassSlip,
)
from fleet.stats.uptime import CheckIn, credit_device_time

log = logging.getLogger(__name__)

_DEVICE = Device.__table__  # type: ignore[attr-defined]
_COMMAND = DeviceCommand.__table__  # type: ignore[attr-defined]
_TOKEN = re.compile(r"^Bearer ([1-9][0-9]{0,17})\.([A-Za-z0-9_-]{20,100})$")

# The SQLite form of the auth query below, kept beside it: same columns, same conditions.
_SQLITE_AUTH = """
SELECT token_hash, status, branch_id, config_etag, checkin_interval_seconds, content_target,
       EXISTS (SELECT 1 FROM command
               WHERE command.device_id = device.id
                 AND command.status IN ('queued', 'delivered')
                 AND command.expires_at > ?)
FROM device WHERE device.id = ?
"""
assert service.OPEN_STATUSES == ("queued", "delivered"), "update _SQLITE_AUTH"

DEVICE_UNKNOWN = "device_unknown"
DEVICE_REVOKED = "device_revoked"


@dataclass(frozen=True, slots=True)
class DeviceAuth:
    """An authenticated device, with what the check-in needs to know about it."""

    device_id: int
    branch_id: str
    config_etag: str
    interval_seconds: int
    has_open_commands: bool
    #: The content manifest id the device should have (None: no bundle is assigned).
    content_target: str | None = None


_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="fleet-device"'}


def unauthorised(code: str = DEVICE_UNKNOWN) -> FleetError:
    if code == DEVICE_REVOKED:
        message = "This device's credential has been revoked. Contact IT."
    else:
        message = "This device is not registered. Contact IT."
    return FleetError(code, message, 401, headers=_CHALLENGE)


class CheckInService:
    """Per-process check-in machinery; built by the composition root, one per app."""

    def __init__(
        self,
        engine: Engine,
        session_factory: Callable[[], Session],
        clock: Clock,
        metrics: FleetMetrics,
        *,
        flush_seconds: float = 1.0,
        keys: DataKeys | None = None,
        offline_factor: float = service.DEFAULT_OFFLINE_FACTOR,
    ) -> None:
        self._engine = engine
        #: A gap between check-ins up to this many intervals counts as online PC time.
        self._offline_factor = offline_factor
        #: Opens sealed command payloads (a guest pass slip) just before delivery.
        self._keys = keys
        self._sessions = session_factory
        self._clock = clock
        self._metrics = metrics
        self._flush_seconds = flush_seconds
        # SQLite answers an indexed lookup in microseconds: cheaper inline than a thread hop.
        self._inline_reads = is_sqlite(str(engine.url))
        #: One pooled connection held for the inline reads (event loop thread only).
        self._held: Any = None
        # Timestamps bound exactly as SQLAlchemy stores them, so comparisons agree.
        time_type = _COMMAND.c.expires_at.type.dialect_impl(engine.dialect)
        self._bind_time = time_type.bind_processor(engine.dialect)
        self._buffer: dict[int, dict[str, object]] = {}
        #: Each buffered device's newest content report, written by the same flush.
        self._content: dict[int, ContentReport] = {}
        self._flush_lock = asyncio.Lock()
        open_commands = (
            exists()
            .where(
                _COMMAND.c.device_id == _DEVICE.c.id,
                _COMMAND.c.status.in_(service.OPEN_STATUSES),
                _COMMAND.c.expires_at > bindparam("now", type_=_COMMAND.c.expires_at.type),
            )
            .correlate(_DEVICE)
        )
        self._auth_query = select(
            _DEVICE.c.token_hash,
            _DEVICE.c.status,
            _DEVICE.c.branch_id,
            _DEVICE.c.config_etag,
            _DEVICE.c.checkin_interval_seconds,
            _DEVICE.c.content_target,
            open_commands.label("open_commands"),
        ).where(_DEVICE.c.id == bindparam("device_id"))
        self._state_update = (
            update(_DEVICE)
            .where(_DEVICE.c.id == bindparam("b_id"))
            .values(
                last_seen=bindparam("b_last_seen", type_=_DEVICE.c.last_seen.type),
                state=bindparam("b_state"),
                app_version=bindparam("b_app_version"),
                content_version=bindparam("b_content_version"),
                reader_status=bindparam("b_reader_status"),
                reader_detail=bindparam("b_reader_detail"),
                printer_status=bindparam("b_printer_status"),
                printer_detail=bindparam("b_printer_detail"),
                outbox_depth=bindparam("b_outbox_depth"),
            )
        )

    # --- authentication ----------------------------------------------------------------------

    def authenticate_sync(self, authorization: str | None) -> DeviceAuth:
        match = _TOKEN.match(authorization or "")
        if match is None:
            raise unauthorised()
        device_id = int(match.group(1))
        if self._inline_reads:
            row = self._read_device_sqlite(device_id)
        else:
            with self._engine.connect() as connection:
                row = connection.execute(
                    self._auth_query, {"device_id": device_id, "now": self._clock()}
                ).first()
        if row is None:
            raise unauthorised()
        token_hash, status, branch_id, etag, interval, target, open_commands = row
        if not hmac.compare_digest(token_hash, service.hash_secret(match.group(2))):
            raise unauthorised()
        if status != DeviceStatus.ACTIVE.value:
            raise unauthorised(DEVICE_REVOKED)
        return DeviceAuth(device_id, branch_id, etag, interval, bool(open_commands), target)

    def _read_device_sqlite(self, device_id: int) -> Any:
        if self._held is None:
            self._held = self._engine.raw_connection()
        now = self._bind_time(self._clock()) if self._bind_time else self._clock()
        try:
            # Plain SELECTs run in autocommit, so each sees the newest committed write.
            return self._held.driver_connection.execute(_SQLITE_AUTH, (now, device_id)).fetchone()
        except sqlite3.Error:
            self.close()  # a fresh connection next time
            raise

    def close(self) -> None:
        """Give back the connection held for inline reads (at shutdown)."""
        held, self._held = self._held, None
        if held is not None:
            held.close()

    async def authenticate(self, authorization: str | None) -> DeviceAuth:
        if self._inline_reads:
            return self.authenticate_sync(authorization)
        return await run_in_threadpool(self.authenticate_sync, authorization)

    # --- check-in ----------------------------------------------------------------------------

    async def check_in(self, auth: DeviceAuth, report: CheckInRequest) -> CheckInResponse:
        now = self._clock()
        self._buffer[auth.device_id] = {
            "b_id": auth.device_id,
            "b_last_seen": now,
            "b_state": report.state.value,
            "b_app_version": report.app_version,
            "b_content_version": report.content_version,
            "b_reader_status": report.reader.status.value,
            "b_reader_detail": report.reader.detail,
            "b_printer_status": report.printer.status.value,
            "b_printer_detail": report.printer.detail,
            "b_outbox_depth": report.outbox_depth,
        }
        error = report.content_error
        self._content[auth.device_id] = ContentReport(
            report.content_manifest_id, error.value if error is not None else None, now
        )
        self._metrics.checkins.inc()
        config: DeviceConfig | None = None
        commands: list[Command] = []
        if report.config_etag != auth.config_etag:
            config = await run_in_threadpool(self._config_sync, auth.device_id)
        if auth.has_open_commands:
            commands = await run_in_threadpool(self._deliver_sync, auth, now)
        return CheckInResponse(
            config_etag=auth.config_etag,
            config=config,
            content_manifest_id=auth.content_target,
            commands=commands,
        )

    def _config_sync(self, device_id: int) -> DeviceConfig:
        with self._sessions() as session:
            device = session.get(Device, device_id)
            if device is None:
                raise unauthorised()
            return effective_config(session, device, now=self._clock())

    def _deliver_sync(self, auth: DeviceAuth, now: dt.datetime) -> list[Command]:
        """Hand out queued commands, and delivered ones nobody acknowledged in time."""
        due = service.pending_filter(auth.device_id, auth.interval_seconds, now)
        with self._engine.begin() as connection:
            rows = connection.execute(
                select(
                    _COMMAND.c.id,
                    _COMMAND.c.type,
                    _COMMAND.c.message,
                    _COMMAND.c.issued_at,
                    _COMMAND.c.expires_at,
                    _COMMAND.c.sealed,
                    _COMMAND.c.wake_at,
                    _COMMAND.c.delivery_count,
                )
                .where(due)  # type: ignore[arg-type]
                .order_by(_COMMAND.c.id)
            ).all()
            if rows:
                connection.execute(
                    update(_COMMAND)
                    .where(_COMMAND.c.id.in_([row.id for row in rows]))
                    .values(
                        status=CommandStatus.DELIVERED.value,
                        delivered_at=now,
                        delivery_count=_COMMAND.c.delivery_count + 1,
                    )
                )
        for row in rows:
            self._metrics.commands.labels(row.type, CommandStatus.DELIVERED.value).inc()
            if row.delivery_count == 0:  # a redelivery would measure the lost reply, not us
                self._metrics.command_delivery_seconds.labels(row.type).observe(
                    max(0.0, (now - row.issued_at).total_seconds())
                )
        return [
            Command(
                id=row.id,
                type=CommandType(row.type),
                message=row.message,
                issued_at=row.issued_at,
                expires_at=row.expires_at,
                guest_pass=self._unseal(row.id, row.sealed),
                wake_at=row.wake_at,
            )
            for row in rows
        ]

    def _unseal(self, command_id: int, sealed: str | None) -> GuestPassSlip | None:
        """The payload in clear for the kiosk; None (the kiosk reports the command failed)
        when it cannot be read: another data secret, or none configured here."""
        if sealed is None:
            return None
        if self._keys is None:
            log.warning("command %d has a sealed payload but no data keys are set", command_id)
            return None
        try:
            return GuestPassSlip.model_validate_json(self._keys.decrypt(sealed))
        except (DecryptionError, ValidationError):
            log.warning("command %d has a sealed payload that cannot be read", command_id)
            return None

    # --- buffered writes ---------------------------------------------------------------------

    def flush_sync(self) -> int:
        """Write buffered check-in state now; returns how many devices were written."""
        batch, self._buffer = self._buffer, {}
        content, self._content = self._content, {}
        if not batch:
            return 0
        try:
            with self._engine.begin() as connection:
                seen = (
                    CheckIn(key, cast(dt.datetime, row["b_last_seen"]))
                    for key, row in batch.items()
                )
                credit_device_time(connection, seen, self._offline_factor)
                # In id order, as content re-targeting writes: the two cannot deadlock.
                connection.execute(self._state_update, [batch[key] for key in sorted(batch)])
                record_content_reports(connection, content)
        except Exception:
            # Keep the newest report per device for the next attempt (newer ones win).
            for device_id, params in batch.items():
                self._buffer.setdefault(device_id, params)
            for device_id, reported in content.items():
                self._content.setdefault(device_id, reported)
            raise
        return len(batch)

    async def flush(self) -> int:
        async with self._flush_lock:
            return await asyncio.to_thread(self.flush_sync)

    async def run(self, stop: asyncio.Event) -> None:
        """Flush every ``flush_seconds`` and expire stale commands, until ``stop`` is set."""
        ticks = 0
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._flush_seconds)
            try:
                await self.flush()
                ticks += 1
                if ticks % 30 == 0:
                    await asyncio.to_thread(self._expire_sync)
            except Exception:
                log.exception("writing check-in state failed; retrying next tick")
        await self.flush()

    def _expire_sync(self) -> None:
        with self._sessions() as session:
            service.expire_commands(session, now=self._clock())
            session.commit()

"""Tables for enrolment codes, devices, commands and anonymous usage events."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from fleet.db import UTCDateTime, utcnow


class DeviceStatus(StrEnum):
    """A device record's standing. Only ``active`` devices may use their token."""

    ACTIVE = "active"
    REVOKED = "revoked"  # IT withdrew the credential
    RETIRED = "retired"  # the same PC enrolled again; this record is history


class EnrollmentCode(SQLModel, table=True):
    """A one-time (or ``max_uses``-time) code for a branch. Only its SHA-256 is stored."""

    __tablename__ = "enrollment_code"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    branch_id: str = Field(foreign_key="branch.id", index=True, max_length=32)
    created_by: str = Field(max_length=100)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime)
    max_uses: int = 1
    uses: int = 0


class Device(SQLModel, table=True):
    """One enrolled kiosk PC, with its last reported state (written in batches)."""

    __tablename__ = "device"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    branch_id: str = Field(foreign_key="branch.id", index=True, max_length=32)
    machine_id: str = Field(max_length=64, index=True)
    hostname: str = Field(max_length=63)
    token_hash: str = Field(max_length=64)
    status: str = Field(default=DeviceStatus.ACTIVE.value, max_length=16)
    enrolled_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_seen: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    state: str | None = Field(default=None, max_length=16)
    app_version: str | None = Field(default=None, max_length=32)
    content_version: str | None = Field(default=None, max_length=64)
    reader_status: str | None = Field(default=None, max_length=16)
    reader_detail: str | None = Field(default=None, max_length=32)
    printer_status: str | None = Field(default=None, max_length=16)
    printer_detail: str | None = Field(default=None, max_length=32)
    outbox_depth: int = 0
    #: Partial ``Policy`` JSON laid over the branch profile for this device only.
    policy_overrides: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    #: Short hash of the device's effective ``DeviceConfig``; recomputed on every config write.
    config_etag: str = Field(default="", max_length=64)
    #: The effective check-in interval, kept here so "online" needs no config rebuild.
    checkin_interval_seconds: int = 30
    #: The content manifest id this device should have (its branch's assignment, else
    #: ``all``'s), kept current by fleet.content.targets so a check-in reads it for free.
    content_target: str | None = Field(default=None, max_length=32)


class DeviceCommand(SQLModel, table=True):
    """A remote command and its audit trail: who sent it, when, to which device, the outcome."""

    __tablename__ = "command"
    __table_args__ = (Index("ix_command_device_status", "device_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    device_id: int = Field(foreign_key="device.id")
    type: str = Field(max_length=16)
    message: str | None = Field(default=None, max_length=500)
    status: str = Field(default="queued", max_length=16)
    issued_by: str = Field(max_length=100)
    issued_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime)
    delivered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    delivery_count: int = 0
    completed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    result_detail: str | None = Field(default=None, max_length=200)
    #: A payload only the kiosk may read (a guest pass's code and PIN), Fernet-encrypted with
    #: the fleet's data key; set to NULL as soon as the command is finished or expired.
    sealed: str | None = Field(default=None, max_length=2000)
    #: ``shutdown`` only: when the PC is to switch on again (None: as its schedule says).
    wake_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class UsageEventRecord(SQLModel, table=True):
    """An anonymous usage event, stored once per id.

    Anonymous by construction: no device id, only the branch, so a row cannot be tied to one
    PC at one moment (and so to the person sitting at it).
    """

    __tablename__ = "usage_event"

    id: str = Field(primary_key=True, max_length=36)
    type: str = Field(max_length=32, index=True)
    branch_id: str = Field(max_length=32, index=True)
    occurred_at: dt.datetime = Field(sa_type=UTCDateTime, index=True)
    received_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    attrs: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)

"""Request and response bodies of the admin API (documented in /openapi.json)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from fleet.branches.models import Branch, Profile
from fleet.branches.schemas import BranchUpdate
from fleet.devices.models import DeviceCommand
from fleet.devices.service import DeviceSummary
from fleet.protocol import (
    CommandStatus,
    CommandType,
    DayHours,
    DeviceHealth,
    DeviceState,
    HoursException,
    LocalizedText,
    OpeningHours,
    Policy,
)
from fleet.protocol.base import Timestamp


class _In(BaseModel):
    """Request bodies refuse unknown fields, so a typo is a 422, not a silent no-op."""

    model_config = ConfigDict(extra="forbid")


class BranchOut(BaseModel):
    id: str
    name: LocalizedText
    address: str
    timezone: str
    profile_id: int | None
    #: The branch group it belongs to (at most one), if any.
    group_id: str | None

    @classmethod
    def of(cls, branch: Branch) -> BranchOut:
        return cls(
            id=branch.id,
            name=LocalizedText(fi=branch.name_fi, sv=branch.name_sv, en=branch.name_en),
            address=branch.address,
            timezone=branch.timezone,
            profile_id=branch.profile_id,
            group_id=branch.group_id,
        )


class BranchDetailOut(BranchOut):
    hours: OpeningHours


class BranchPut(BranchUpdate):
    """Change a branch; fields left out stay as they are. ``exceptions`` replaces them all.

    Names, address and time zone are validated exactly as fleet.branches validates them.
    """

    weekly: list[DayHours] | None = Field(default=None, min_length=7, max_length=7)
    exceptions: list[HoursException] | None = Field(default=None, max_length=366)


class BranchProfilePut(_In):
    """``profile_id: null`` returns the branch to the built-in defaults."""

    profile_id: int | None


class ProfileOut(BaseModel):
    id: int
    name: str
    description: str
    policy: Policy

    @classmethod
    def of(cls, profile: Profile) -> ProfileOut:
        assert profile.id is not None
        return cls(
            id=profile.id,
            name=profile.name,
            description=profile.description,
            policy=Policy.model_validate(profile.policy),
        )


class EnrollmentCodeCreate(_In):
    """Optional settings for a new code; the defaults suit one PC."""

    max_uses: int = Field(default=1, ge=1, le=10_000)
    ttl_hours: float = Field(default=72.0, gt=0, le=24 * 90)


class EnrollmentCodeOut(BaseModel):
    """The code in plain text: shown this once, only its hash is kept."""

    code: str
    branch_id: str
    expires_at: dt.datetime
    max_uses: int


class DeviceOut(BaseModel):
    id: int
    name: str
    hostname: str
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
    policy_overrides: dict[str, Any] | None

    @classmethod
    def of(cls, device: DeviceSummary) -> DeviceOut:
        return cls.model_validate(device.model_dump())


class OverridesPut(_In):
    """Partial ``Policy`` laid over the branch profile for this device; ``null`` clears."""

    overrides: dict[str, Any] | None


class CommandCreate(_In):
    type: CommandType
    message: str | None = Field(default=None, max_length=500)
    #: ``shutdown`` only: when the PC switches on again (5 minutes to 7 days ahead, with a
    #: time zone). Left out: as the PC's power schedule says, if it has one.
    wake_at: Timestamp | None = None


class CommandOut(BaseModel):
    id: int
    device_id: int
    type: CommandType
    message: str | None
    status: CommandStatus
    issued_by: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    delivered_at: dt.datetime | None
    completed_at: dt.datetime | None
    #: For ``shutdown``: ``wake_at=<UTC time>``, ``no_wake`` or ``wake_failed`` (switched
    #: off without a wake alarm); an unknown command type on an older kiosk:
    #: ``unsupported_command``.
    result_detail: str | None
    #: ``shutdown`` only: the wake time IT asked for.
    wake_at: dt.datetime | None = None

    @classmethod
    def of(cls, command: DeviceCommand) -> CommandOut:
        assert command.id is not None
        return cls(
            id=command.id,
            device_id=command.device_id,
            type=CommandType(command.type),
            message=command.message,
            status=CommandStatus(command.status),
            issued_by=command.issued_by,
            issued_at=command.issued_at,
            expires_at=command.expires_at,
            delivered_at=command.delivered_at,
            completed_at=command.completed_at,
            result_detail=command.result_detail,
            wake_at=command.wake_at,
        )

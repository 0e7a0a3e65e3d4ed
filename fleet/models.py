"""Every slice's tables in one metadata, so Alembic and tests see the whole schema."""

from __future__ import annotations

from sqlmodel import SQLModel

from fleet.auth.models import ApiToken, LoginFailure, User, WebSession
from fleet.branches.models import Branch, BranchHoursException, Profile
from fleet.devices.models import (
    Device,
    DeviceCommand,
    EnrollmentCode,
    UsageEventRecord,
)
from fleet.ops.models import AuditEntry

metadata = SQLModel.metadata

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Branch",
    "BranchHoursException",
    "Device",
    "DeviceCommand",
    "EnrollmentCode",
    "LoginFailure",
    "Profile",
    "UsageEventRecord",
    "User",
    "WebSession",
    "metadata",
]

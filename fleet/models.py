"""Every slice's tables in one metadata, so Alembic and tests see the whole schema."""

from __future__ import annotations

from sqlmodel import SQLModel

from fleet.auth.models import ApiToken, LoginFailure, User, WebSession
from fleet.branches.models import Branch, BranchHoursException, Profile
from fleet.cards.models import CardIssuerKey, CardProofUse, CardRevocation
from fleet.devices.models import (
    Device,
    DeviceCommand,
    EnrollmentCode,
    UsageEventRecord,
)
from fleet.ops.models import AuditEntry
from fleet.patrons.models import Patron, PinFailure
from fleet.sessions.models import GuestPass, PatronSession, PcReservation

metadata = SQLModel.metadata

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Branch",
    "BranchHoursException",
    "CardIssuerKey",
    "CardProofUse",
    "CardRevocation",
    "Device",
    "DeviceCommand",
    "EnrollmentCode",
    "GuestPass",
    "LoginFailure",
    "Patron",
    "PatronSession",
    "PcReservation",
    "PinFailure",
    "Profile",
    "UsageEventRecord",
    "User",
    "WebSession",
    "metadata",
]

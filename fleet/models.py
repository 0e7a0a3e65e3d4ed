"""Every slice's tables in one metadata, so Alembic and tests see the whole schema."""

from __future__ import annotations

from sqlmodel import SQLModel

from fleet.auth.models import ApiToken, LoginFailure, User, WebSession
from fleet.branches.models import Branch, BranchGroup, BranchHoursException, Profile
from fleet.cards.models import CardIssuerKey, CardProofUse, CardRevocation
from fleet.content.models import (
    Announcement,
    ContentAssignment,
    ContentBlob,
    ContentRollout,
    ContentSigningKey,
    ContentVersion,
    ContentVersionBlob,
    DeviceContent,
)
from fleet.devices.models import (
    Device,
    DeviceCommand,
    EnrollmentCode,
    UsageEventRecord,
)
from fleet.ops.models import AuditEntry
from fleet.patrons.models import Patron, PinFailure
from fleet.sessions.models import GuestPass, PatronSession, PcReservation
from fleet.stats.models import DeviceHour, StatDay, StatHour, StatsCursor
from fleet.support.models import (
    AdviserProfile,
    AvailabilityException,
    AvailabilityRule,
    HelpRequest,
    SupportBooking,
)

metadata = SQLModel.metadata

__all__ = [
    "AdviserProfile",
    "Announcement",
    "ApiToken",
    "AuditEntry",
    "AvailabilityException",
    "AvailabilityRule",
    "Branch",
    "BranchGroup",
    "BranchHoursException",
    "CardIssuerKey",
    "CardProofUse",
    "CardRevocation",
    "ContentAssignment",
    "ContentBlob",
    "ContentRollout",
    "ContentSigningKey",
    "ContentVersion",
    "ContentVersionBlob",
    "Device",
    "DeviceCommand",
    "DeviceContent",
    "DeviceHour",
    "EnrollmentCode",
    "GuestPass",
    "HelpRequest",
    "LoginFailure",
    "Patron",
    "PatronSession",
    "PcReservation",
    "PinFailure",
    "Profile",
    "StatDay",
    "StatHour",
    "StatsCursor",
    "SupportBooking",
    "UsageEventRecord",
    "User",
    "WebSession",
    "metadata",
]

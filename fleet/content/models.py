"""Tables for content publisher keys, blobs, bundle versions, assignments and roll-outs.

Blobs live in the database, so every worker on every host serves the same bytes. A
version's signed manifest is stored exactly as uploaded (kiosks verify those bytes); its
blobs are linked in ``content_version_blob`` so a device's blob request is one indexed
lookup, not a manifest parse.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from fleet.db import UTCDateTime, utcnow

#: The assignment scope every device falls back to when its branch and group have none.
SCOPE_ALL = "all"
#: A branch group's scope is this prefix and the group id (``group:east``).
GROUP_SCOPE_PREFIX = "group:"


def group_scope(group_id: str) -> str:
    """The assignment scope of the branch group ``group_id``."""
    return f"{GROUP_SCOPE_PREFIX}{group_id}"


def scope_group(scope: str) -> str | None:
    """The group id a ``group:<id>`` scope names; None for ``all`` and branch ids."""
    return scope.removeprefix(GROUP_SCOPE_PREFIX) if scope.startswith(GROUP_SCOPE_PREFIX) else None


class ContentSigningKey(SQLModel, table=True):
    """A publisher key whose signed manifests the fleet and kiosks accept (until retired)."""

    __tablename__ = "content_signing_key"

    key_id: str = Field(primary_key=True, max_length=8)
    #: Raw 32-byte Ed25519 public key, base64url without padding.
    public_key: str = Field(max_length=43)
    added_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    added_by: str = Field(max_length=100)
    #: From then on nothing signed with it is accepted; a retired key is never trusted again.
    retired_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class ContentBlob(SQLModel, table=True):
    """One file's bytes, named by their SHA-256 (checked on upload)."""

    __tablename__ = "content_blob"

    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ContentVersion(SQLModel, table=True):
    """One signed version of one bundle, verified against a trusted key when uploaded."""

    __tablename__ = "content_version"
    __table_args__ = (UniqueConstraint("bundle", "version", name="uq_content_version_bundle"),)

    id: int | None = Field(default=None, primary_key=True)
    bundle: str = Field(max_length=40)
    version: int
    manifest_id: str = Field(max_length=32, unique=True)
    #: The signed manifest JSON exactly as uploaded: what kiosks download and verify.
    signed: str = Field(sa_column=Column(Text, nullable=False))
    key_id: str = Field(max_length=8)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime)
    total_size: int = Field(sa_column=Column(BigInteger, nullable=False))
    file_count: int
    uploaded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    uploaded_by: str = Field(max_length=100)

    @property
    def label(self) -> str:
        return f"{self.bundle}@{self.version}"


class ContentVersionBlob(SQLModel, table=True):
    """Which blobs a version lists (a device may fetch only its target version's blobs)."""

    __tablename__ = "content_version_blob"

    version_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("content_version.id"), primary_key=True, nullable=False
        )
    )
    sha256: str = Field(
        sa_column=Column(
            String(64), ForeignKey("content_blob.sha256"), primary_key=True, nullable=False
        )
    )


class ContentAssignment(SQLModel, table=True):
    """What one scope (``all``, ``group:<group id>`` or a branch id) should show.

    A branch's own assignment wins over its group's, and its group's over ``all``'s.
    """

    __tablename__ = "content_assignment"

    scope: str = Field(primary_key=True, max_length=32)
    version_id: int = Field(foreign_key="content_version.id", index=True)
    assigned_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    assigned_by: str = Field(max_length=100)


class RolloutStage(StrEnum):
    """A roll-out's life: pilot -> all, or pilot | all -> rolled_back."""

    PILOT = "pilot"
    ALL = "all"
    ROLLED_BACK = "rolled_back"


class ContentRollout(SQLModel, table=True):
    """A staged roll-out: one pilot branch first, then all; remembers what it replaced."""

    __tablename__ = "content_rollout"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="content_version.id", index=True)
    pilot_branch: str = Field(foreign_key="branch.id", max_length=32)
    stage: str = Field(max_length=16)
    #: ``{scope: version id or None}`` as assigned before this roll-out touched the scope.
    previous: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    started_at: dt.datetime = Field(sa_type=UTCDateTime)
    started_by: str = Field(max_length=100)
    promoted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    promoted_by: str | None = Field(default=None, max_length=100)
    rolled_back_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    rolled_back_by: str | None = Field(default=None, max_length=100)


class DeviceContent(SQLModel, table=True):
    """What a kiosk reports it has installed, since when, and its last content error.

    Written by the check-in flush, only when a report differs from the stored one.
    """

    __tablename__ = "device_content"
    __table_args__ = (Index("ix_device_content_manifest", "manifest_id"),)

    device_id: int = Field(
        sa_column=Column(Integer, ForeignKey("device.id"), primary_key=True, autoincrement=False)
    )
    manifest_id: str | None = Field(default=None, max_length=64)
    #: When the kiosk first reported ``manifest_id`` (the convergence clock).
    confirmed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    error: str | None = Field(default=None, max_length=32)
    error_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class Announcement(SQLModel, table=True):
    """A live notice from IT or staff: in every language, for a time window, to some branches.

    Not part of any bundle: it reaches the targeted kiosks in their config (with a nudge)
    within seconds, and each kiosk hides it at ``ends_at`` by its own clock.
    """

    __tablename__ = "announcement"
    __table_args__ = (Index("ix_announcement_ends_at", "ends_at"),)

    id: int | None = Field(default=None, primary_key=True)
    #: ``fleet.protocol.AnnouncementLevel``: info or urgent.
    level: str = Field(max_length=16)
    text_fi: str = Field(max_length=280)
    text_sv: str = Field(max_length=280)
    text_en: str = Field(max_length=280)
    starts_at: dt.datetime = Field(sa_type=UTCDateTime)
    ends_at: dt.datetime = Field(sa_type=UTCDateTime)
    #: The branch ids it is for; empty: every branch.
    branch_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: str = Field(max_length=100)
    #: Withdrawn: it ended then, before its planned end.
    withdrawn_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    withdrawn_by: str | None = Field(default=None, max_length=100)

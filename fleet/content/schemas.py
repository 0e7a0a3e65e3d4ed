"""What the content services return and the admin API shows (and the web UI will render)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from content.manifest import FileKind
from content.slides import MAX_ANNOUNCEMENT_CHARS
from fleet.content.models import Announcement, ContentRollout, ContentSigningKey, ContentVersion
from fleet.protocol import AnnouncementLevel, LocalizedText
from fleet.protocol.base import Timestamp


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KeyOut(BaseModel):
    key_id: str
    public_key: str
    added_at: dt.datetime
    added_by: str
    retired_at: dt.datetime | None
    trusted: bool

    @classmethod
    def of(cls, key: ContentSigningKey) -> KeyOut:
        return cls(
            key_id=key.key_id,
            public_key=key.public_key,
            added_at=key.added_at,
            added_by=key.added_by,
            retired_at=key.retired_at,
            trusted=key.retired_at is None,
        )


class KeyIn(_In):
    """A publisher's public key, exactly the ``KEY.pub`` JSON ``content build`` writes."""

    key_id: str = Field(pattern=r"^[A-Za-z0-9_-]{8}$")
    public_key: str = Field(pattern=r"^[A-Za-z0-9_-]{43}$")


class BlobOut(BaseModel):
    sha256: str
    size: int
    #: False when the fleet already had these bytes (the upload changed nothing).
    created: bool


class Changes(BaseModel):
    """What a version changes against the previous version of the same bundle."""

    previous_version: int | None
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)


class VersionOut(BaseModel):
    id: int
    bundle: str
    version: int
    label: str
    manifest_id: str
    key_id: str
    expires_at: dt.datetime
    total_size: int
    file_count: int
    uploaded_at: dt.datetime
    uploaded_by: str
    #: The scopes (``all``, ``group:<group id>`` or branch ids) this version is assigned to now.
    assigned_to: list[str] = Field(default_factory=list)
    changes: Changes | None = None

    @classmethod
    def of(
        cls, version: ContentVersion, assigned_to: list[str], changes: Changes | None
    ) -> VersionOut:
        assert version.id is not None
        return cls(
            id=version.id,
            bundle=version.bundle,
            version=version.version,
            label=version.label,
            manifest_id=version.manifest_id,
            key_id=version.key_id,
            expires_at=version.expires_at,
            total_size=version.total_size,
            file_count=version.file_count,
            uploaded_at=version.uploaded_at,
            uploaded_by=version.uploaded_by,
            assigned_to=assigned_to,
            changes=changes,
        )


class FileOut(BaseModel):
    path: str
    sha256: str
    size: int
    kind: FileKind


class VersionDetailOut(VersionOut):
    files: list[FileOut] = Field(default_factory=list)


class Published(BaseModel):
    version: VersionOut
    #: False when exactly this manifest was uploaded before (nothing changed).
    created: bool


class AssignmentOut(BaseModel):
    #: ``all``, ``group:<group id>`` or a branch id.
    scope: str
    version_id: int
    label: str
    manifest_id: str
    assigned_at: dt.datetime
    assigned_by: str


class AssignmentPut(_In):
    version_id: int = Field(ge=1, le=2**31 - 1)


class RolloutCreate(_In):
    version_id: int = Field(ge=1, le=2**31 - 1)
    pilot_branch: str = Field(min_length=1, max_length=32)


class FailingDevice(BaseModel):
    """A targeted kiosk that has not installed the version and reported why."""

    device_id: int
    device_name: str
    branch_id: str
    installed: str | None
    error: str
    at: dt.datetime | None


class BranchConvergence(BaseModel):
    branch_id: str
    targeted: int
    confirmed: int


class Convergence(BaseModel):
    """How far a version has reached the active kiosks it is meant for."""

    version_id: int
    label: str
    manifest_id: str
    #: The moment the clock starts (the roll-out stage's start, else the assignment).
    since: dt.datetime | None
    targeted: int
    confirmed: int
    #: ``confirmed / targeted`` (1.0 when nothing is targeted).
    share: float
    #: Seconds from ``since`` until 95 % of the targeted kiosks had it; None until then.
    time_to_95_seconds: float | None
    errors: dict[str, int] = Field(default_factory=dict)
    failing: list[FailingDevice] = Field(default_factory=list)
    branches: list[BranchConvergence] = Field(default_factory=list)


class RolloutOut(BaseModel):
    id: int
    version_id: int
    label: str
    pilot_branch: str
    stage: str
    previous: dict[str, int | None]
    started_at: dt.datetime
    started_by: str
    promoted_at: dt.datetime | None
    promoted_by: str | None
    rolled_back_at: dt.datetime | None
    rolled_back_by: str | None
    convergence: Convergence | None = None

    @classmethod
    def of(cls, rollout: ContentRollout, label: str, convergence: Convergence | None) -> RolloutOut:
        assert rollout.id is not None
        return cls(
            id=rollout.id,
            version_id=rollout.version_id,
            label=label,
            pilot_branch=rollout.pilot_branch,
            stage=rollout.stage,
            previous=dict(rollout.previous),
            started_at=rollout.started_at,
            started_by=rollout.started_by,
            promoted_at=rollout.promoted_at,
            promoted_by=rollout.promoted_by,
            rolled_back_at=rollout.rolled_back_at,
            rolled_back_by=rollout.rolled_back_by,
            convergence=convergence,
        )


# --- live announcements ------------------------------------------------------------------------


class AnnouncementTexts(_In):
    """The notice in each language the kiosk offers: all three are required."""

    fi: str = Field(min_length=1, max_length=MAX_ANNOUNCEMENT_CHARS)
    sv: str = Field(min_length=1, max_length=MAX_ANNOUNCEMENT_CHARS)
    en: str = Field(min_length=1, max_length=MAX_ANNOUNCEMENT_CHARS)


class AnnouncementCreate(_In):
    level: AnnouncementLevel = AnnouncementLevel.INFO
    text: AnnouncementTexts
    #: Left out: now.
    starts_at: Timestamp | None = None
    ends_at: Timestamp
    #: The branch ids it is for; left out (or null): every branch.
    branches: list[Annotated[str, Field(min_length=1, max_length=32)]] | None = Field(
        default=None, min_length=1, max_length=500
    )


class AnnouncementOut(BaseModel):
    id: int
    level: AnnouncementLevel
    text: LocalizedText
    starts_at: dt.datetime
    ends_at: dt.datetime
    #: Empty: every branch.
    branches: list[str]
    created_at: dt.datetime
    created_by: str
    withdrawn_at: dt.datetime | None
    withdrawn_by: str | None

    @classmethod
    def of(cls, row: Announcement) -> AnnouncementOut:
        assert row.id is not None
        return cls(
            id=row.id,
            level=AnnouncementLevel(row.level),
            text=LocalizedText(fi=row.text_fi, sv=row.text_sv, en=row.text_en),
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            branches=list(row.branch_ids),
            created_at=row.created_at,
            created_by=row.created_by,
            withdrawn_at=row.withdrawn_at,
            withdrawn_by=row.withdrawn_by,
        )


class AnnouncementsOut(BaseModel):
    """Showing now, still to come, and the newest that have ended or were withdrawn."""

    current: list[AnnouncementOut] = Field(default_factory=list)
    upcoming: list[AnnouncementOut] = Field(default_factory=list)
    past: list[AnnouncementOut] = Field(default_factory=list)

"""Content housekeeping: old versions pruned, blobs no version lists deleted.

Blobs live in the database, so without this every bundle ever uploaded stays there.

- **Versions.** Each bundle keeps its newest ``keep_versions`` versions (by version number).
  An older one goes unless something still needs it: an assignment, a roll-out (its
  version, or one it would roll back to), a device's target, or what a device reports it
  has installed. So a roll-back always has what it restores, and a version still on a PC
  stays listed on the convergence view.
- **Blobs.** A blob that no stored version lists is deleted once it is older than
  ``blob_grace``. Publishing uploads blobs first and the manifest last, so the grace keeps
  a half-finished upload's blobs for the publisher's retry; uploading a stored blob again
  restarts its clock (``service.store_blob``).

On PostgreSQL both run under two exclusive advisory locks, the blobs lock (publishes hold
it shared) and then the assignments lock (assignments and roll-outs hold it), so they never
race a publish, an assignment or a roll-out. Always in that order, so nothing deadlocks.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Table, delete, exists
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from fleet.content.models import (
    ContentAssignment,
    ContentBlob,
    ContentRollout,
    ContentVersion,
    ContentVersionBlob,
    DeviceContent,
)
from fleet.content.targets import hold_assignments
from fleet.db import Clock, hold_advisory_lock, run_in_transaction
from fleet.devices.models import Device
from fleet.ops.audit import record_audit
from fleet.periodic import run_periodically

log = logging.getLogger(__name__)

_BLOB: Table = ContentBlob.__table__  # type: ignore[attr-defined]
_VERSION_BLOB: Table = ContentVersionBlob.__table__  # type: ignore[attr-defined]
_CHUNK = 500
#: Who the audit log names for what housekeeping deletes.
ACTOR = "housekeeping"
#: An application-wide ``pg_advisory_xact_lock`` key guarding the blobs.
_BLOBS_LOCK = 0x626C6F6273  # "blobs"


def hold_blobs(session: Session, *, exclusive: bool) -> None:
    """Hold the stored blobs still until this transaction ends (PostgreSQL; SQLite has one
    writer anyway): shared while publishing, exclusive while deleting."""
    hold_advisory_lock(session, _BLOBS_LOCK, exclusive=exclusive)


@dataclass(frozen=True)
class PruneRules:
    #: Newest versions kept per bundle whatever else holds; 0 never prunes versions.
    keep_versions: int = 10
    blob_grace: dt.timedelta = dt.timedelta(hours=24)


@dataclass
class PruneResult:
    #: Labels (``bundle@version``) of the versions pruned (or that would be).
    versions: list[str] = field(default_factory=list)
    blobs: int = 0
    blob_bytes: int = 0

    def __bool__(self) -> bool:
        return bool(self.versions or self.blobs)


def _needed_version_ids(session: Session) -> set[int]:
    """Versions something still refers to (see the module doc)."""
    needed: set[int] = set(session.exec(select(ContentAssignment.version_id)).all())
    for version_id, previous in session.exec(
        select(ContentRollout.version_id, ContentRollout.previous)
    ):
        needed.add(version_id)
        needed.update(value for value in (previous or {}).values() if isinstance(value, int))
    manifests = set(session.exec(select(Device.content_target).distinct()).all())
    manifests |= set(session.exec(select(DeviceContent.manifest_id).distinct()).all())
    manifests.discard(None)
    if manifests:
        needed.update(
            version_id
            for version_id in session.exec(
                select(ContentVersion.id).where(col(ContentVersion.manifest_id).in_(manifests))
            )
            if version_id is not None
        )
    return needed


def _prunable_versions(session: Session, keep: int) -> list[ContentVersion]:
    if keep <= 0:
        return []
    needed = _needed_version_ids(session)
    seen: dict[str, int] = {}
    prunable = []
    for version in session.exec(
        select(ContentVersion).order_by(
            col(ContentVersion.bundle), col(ContentVersion.version).desc()
        )
    ):
        seen[version.bundle] = seen.get(version.bundle, 0) + 1
        if seen[version.bundle] > keep and version.id not in needed:
            prunable.append(version)
    return prunable


def _orphan_blobs(session: Session, cutoff: dt.datetime) -> list[tuple[str, int]]:
    listed = exists().where(_VERSION_BLOB.c.sha256 == _BLOB.c.sha256)
    rows = session.execute(
        select_columns(_BLOB.c.sha256, _BLOB.c.size)
        .where(_BLOB.c.uploaded_at < cutoff, ~listed)
        .order_by(_BLOB.c.sha256)
    ).all()
    return [(row.sha256, row.size) for row in rows]


def prune(
    session: Session, rules: PruneRules, now: dt.datetime, *, dry_run: bool = False
) -> PruneResult:
    """Delete (or with ``dry_run`` only list) what the rules say is no longer needed."""
    hold_blobs(session, exclusive=True)
    hold_assignments(session, exclusive=True)
    result = PruneResult()
    for version in _prunable_versions(session, rules.keep_versions):
        result.versions.append(version.label)
        if dry_run:
            continue
        session.execute(delete(_VERSION_BLOB).where(_VERSION_BLOB.c.version_id == version.id))
        session.delete(version)
        record_audit(
            session,
            ACTOR,
            "content.prune",
            "content_version",
            version.id,
            {"label": version.label, "manifest_id": version.manifest_id},
            now=now,
        )
    session.flush()
    orphans = _orphan_blobs(session, now - rules.blob_grace)
    result.blobs = len(orphans)
    result.blob_bytes = sum(size for _sha, size in orphans)
    if dry_run:
        return result
    listed = exists().where(_VERSION_BLOB.c.sha256 == _BLOB.c.sha256)
    for start in range(0, len(orphans), _CHUNK):
        chunk = [sha for sha, _size in orphans[start : start + _CHUNK]]
        # Re-checked in the statement itself: a version listing one of them since is spared.
        session.execute(delete(_BLOB).where(_BLOB.c.sha256.in_(chunk), ~listed))
    return result


class ContentHousekeeping:
    """Runs :func:`prune` every ``every`` seconds on a worker thread, until stopped."""

    def __init__(
        self,
        sessions: Callable[[], Session],
        rules: PruneRules,
        clock: Clock,
        *,
        every: float = 6 * 3600.0,
    ) -> None:
        self._sessions = sessions
        self._rules = rules
        self._clock = clock
        self._every = every

    def run_once(self) -> PruneResult:
        now = self._clock()
        return run_in_transaction(self._sessions, lambda session: prune(session, self._rules, now))

    async def run(self, stop: asyncio.Event) -> None:
        """Every ``every`` seconds until ``stop`` (the first round one period after start)."""
        await run_periodically(
            stop,
            self._every,
            lambda: asyncio.to_thread(self.run_once),
            name="content housekeeping",
            log=log,
            first_run="after_period",
            log_traceback=True,
            on_result=_report,
        )


def _report(result: PruneResult) -> None:
    if result:
        log.info(
            "content: pruned %d versions, %d blobs (%d bytes)",
            len(result.versions),
            result.blobs,
            result.blob_bytes,
        )

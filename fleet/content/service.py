"""Content on the fleet: blobs, verified versions and what they change, assignments, roll-outs.

Services take a session and never commit: the request (or the CLI) does. A version is
accepted only if a trusted, unretired key signed it, it has not expired, and every blob it
lists is stored with the listed size. Assignments say what a scope shows: ``all``, a branch
group (``group:<id>``) or one branch; a branch's own wins over its group's, and its group's
over ``all``'s. Every change re-targets the affected devices, which are nudged (``content``)
once the session commits. A staged roll-out assigns the pilot branch first, then ``all``,
and remembers what it replaced so a roll-back restores exactly that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from pydantic import ValidationError
from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from content.bundle import YamlLoader
from content.manifest import (
    SHA256,
    FileKind,
    Manifest,
    ManifestError,
    SignedManifest,
    parse,
    verify,
)
from content.slides import Announcement as BundleAnnouncement
from content.slides import Slide
from fleet.branches.models import Branch, BranchGroup
from fleet.content.housekeeping import hold_blobs
from fleet.content.keys import trusted_keys
from fleet.content.models import (
    SCOPE_ALL,
    ContentAssignment,
    ContentBlob,
    ContentRollout,
    ContentSigningKey,
    ContentVersion,
    ContentVersionBlob,
    RolloutStage,
    group_scope,
    scope_group,
)
from fleet.content.schemas import (
    AssignmentOut,
    BlobOut,
    Changes,
    FileOut,
    Published,
    VersionDetailOut,
    VersionOut,
)
from fleet.content.targets import hold_assignments, retarget_devices
from fleet.db import utcnow
from fleet.errors import ConflictError, FleetError, NotFoundError
from fleet.ops.audit import record_audit

_BLOB: Table = ContentBlob.__table__  # type: ignore[attr-defined]
_VERSION_BLOB: Table = ContentVersionBlob.__table__  # type: ignore[attr-defined]
_CHUNK = 1000


def _insert(session: Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    postgres = session.get_bind().dialect.name == "postgresql"
    return (postgresql.insert if postgres else sqlite.insert)(table)


# --- blobs -----------------------------------------------------------------------------------


def store_blob(
    session: Session, sha256: str, data: bytes, *, now: dt.datetime | None = None
) -> BlobOut:
    """Store ``data`` under its SHA-256, which must be ``sha256``. Idempotent."""
    if not SHA256.match(sha256):
        raise FleetError("invalid_sha256", "A blob is named by 64 lower-case hex digits.", 422)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise FleetError(
            "hash_mismatch", f"The uploaded bytes do not have the SHA-256 {sha256}.", 422
        )
    now = now or utcnow()
    inserted = session.execute(
        _insert(session, _BLOB)
        .values(sha256=sha256, size=len(data), data=data, uploaded_at=now)
        .on_conflict_do_nothing(index_elements=["sha256"])
        .returning(_BLOB.c.sha256)
    ).first()
    if inserted is None:
        # Uploaded again: restart its clock, so housekeeping gives a publish that re-uploads
        # an unlisted blob its full grace (fleet.content.housekeeping).
        session.execute(_BLOB.update().where(_BLOB.c.sha256 == sha256).values(uploaded_at=now))
    return BlobOut(sha256=sha256, size=len(data), created=inserted is not None)


def blob_sizes(session: Session, hashes: Iterable[str]) -> dict[str, int]:
    """``{sha256: size}`` of the stored blobs among ``hashes`` (their bytes are not read)."""
    wanted = sorted(set(hashes))
    sizes: dict[str, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows = session.execute(
            _BLOB.select()
            .with_only_columns(_BLOB.c.sha256, _BLOB.c.size)
            .where(_BLOB.c.sha256.in_(chunk))
        ).all()
        sizes.update({row.sha256: row.size for row in rows})
    return sizes


# --- versions --------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _parsed(signed: str) -> SignedManifest:
    return parse(signed.encode())


def manifest_of(version: ContentVersion) -> Manifest:
    """The stored version's manifest (verified when it was uploaded)."""
    return _parsed(version.signed).manifest


def publish_version(
    session: Session,
    signed_json: bytes,
    actor: str,
    *,
    now: dt.datetime | None = None,
    blobs: Mapping[str, bytes] | None = None,
) -> Published:
    """Accept a signed manifest whose blobs are stored (or come in ``blobs``).

    Refusals: 422 ``malformed``, ``unknown_key``, ``forged``, ``expired`` (what
    ``content.manifest.verify`` says), ``hash_mismatch`` / ``size_mismatch`` for a blob;
    409 ``blobs_missing`` (details list them) and ``version_exists`` (the same bundle and
    version with other contents). Uploading exactly the same manifest again is a no-op.
    """
    now = now or utcnow()
    # Shared: publishes run side by side, but never while housekeeping deletes blobs.
    hold_blobs(session, exclusive=False)
    try:
        signed = parse(signed_json)
        manifest = verify(signed, trusted_keys(session), now)
    except ManifestError as error:
        raise FleetError(error.code, str(error), 422) from error
    existing = _by_manifest_id(session, signed.manifest_id)
    if existing is not None:
        return Published(version=version_out(session, existing), created=False)
    clash = session.exec(
        select(ContentVersion).where(
            ContentVersion.bundle == manifest.bundle, ContentVersion.version == manifest.version
        )
    ).first()
    if clash is not None:
        raise ConflictError(
            "version_exists",
            f"{manifest.label} was uploaded before with other contents; "
            "build and sign a higher version.",
        )
    listed = {item.sha256: item for item in manifest.files}
    for sha256, data in (blobs or {}).items():
        if sha256 in listed:
            store_blob(session, sha256, data, now=now)
    sizes = blob_sizes(session, listed)
    missing = [item for item in manifest.files if item.sha256 not in sizes]
    if missing:
        raise FleetError(
            "blobs_missing",
            f"{len(missing)} of the manifest's files are not uploaded yet; "
            "PUT them to /api/admin/v1/content/blobs/{sha256} and try again.",
            409,
            [{"path": item.path, "sha256": item.sha256, "size": item.size} for item in missing],
        )
    wrong = [item for item in manifest.files if sizes[item.sha256] != item.size]
    if wrong:
        raise FleetError(
            "size_mismatch",
            "The manifest lists sizes that differ from the stored blobs.",
            422,
            [{"path": item.path, "sha256": item.sha256, "size": item.size} for item in wrong],
        )
    row = ContentVersion(
        bundle=manifest.bundle,
        version=manifest.version,
        manifest_id=signed.manifest_id,
        signed=signed.to_json().decode(),
        key_id=manifest.key_id,
        expires_at=manifest.expires_at,
        total_size=manifest.total_size,
        file_count=len(manifest.files),
        uploaded_at=now,
        uploaded_by=actor[:100],
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        # The same upload racing this one won: answer as if it came second.
        existing = _by_manifest_id(session, signed.manifest_id)
        if existing is None:
            raise ConflictError(
                "version_exists", f"{manifest.label} was uploaded at the same time."
            ) from None
        return Published(version=version_out(session, existing), created=False)
    assert row.id is not None
    session.execute(
        _VERSION_BLOB.insert(), [{"version_id": row.id, "sha256": sha} for sha in sorted(listed)]
    )
    record_audit(
        session,
        actor,
        "content.publish",
        "content_version",
        row.id,
        {"label": row.label, "manifest_id": row.manifest_id, "files": row.file_count},
        now=now,
    )
    return Published(version=version_out(session, row), created=True)


def _by_manifest_id(session: Session, manifest_id: str) -> ContentVersion | None:
    return session.exec(
        select(ContentVersion).where(ContentVersion.manifest_id == manifest_id)
    ).first()


def get_version_row(session: Session, version_id: int) -> ContentVersion:
    version = session.get(ContentVersion, version_id)
    if version is None:
        raise NotFoundError("content_version", version_id)
    return version


def changes_between(previous: Manifest | None, current: Manifest) -> Changes:
    """Paths added, removed and changed (other bytes) from ``previous`` to ``current``."""
    before = {item.path: item.sha256 for item in previous.files} if previous else {}
    after = {item.path: item.sha256 for item in current.files}
    return Changes(
        previous_version=previous.version if previous else None,
        added=sorted(after.keys() - before.keys()),
        removed=sorted(before.keys() - after.keys()),
        changed=sorted(
            path for path in after.keys() & before.keys() if after[path] != before[path]
        ),
    )


def _scopes_by_version(session: Session) -> dict[int, list[str]]:
    scopes: dict[int, list[str]] = defaultdict(list)
    for scope, version_id in session.exec(
        select(ContentAssignment.scope, ContentAssignment.version_id).order_by(
            col(ContentAssignment.scope)
        )
    ):
        scopes[version_id].append(scope)
    return scopes


def _previous_versions(
    session: Session, versions: list[ContentVersion]
) -> dict[int, ContentVersion]:
    """For each version, the highest lower version of the same bundle (if stored)."""
    bundles = sorted({version.bundle for version in versions})
    if not bundles:
        return {}
    numbers: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for version_id, bundle, number in session.exec(
        select(ContentVersion.id, ContentVersion.bundle, ContentVersion.version)
        .where(col(ContentVersion.bundle).in_(bundles))
        .order_by(col(ContentVersion.version))
    ):
        assert version_id is not None
        numbers[bundle].append((number, version_id))
    wanted: dict[int, int] = {}
    for version in versions:
        lower = [pair for pair in numbers[version.bundle] if pair[0] < version.version]
        if lower and version.id is not None:
            wanted[version.id] = lower[-1][1]
    rows = {
        row.id: row
        for row in session.exec(
            select(ContentVersion).where(col(ContentVersion.id).in_(set(wanted.values())))
        )
    }
    return {version_id: rows[previous] for version_id, previous in wanted.items()}


def version_out(session: Session, version: ContentVersion) -> VersionOut:
    return _outs(session, [version])[0]


def _outs(session: Session, versions: list[ContentVersion]) -> list[VersionOut]:
    scopes = _scopes_by_version(session)
    previous = _previous_versions(session, versions)
    outs = []
    for version in versions:
        assert version.id is not None
        before = previous.get(version.id)
        changes = changes_between(manifest_of(before) if before else None, manifest_of(version))
        outs.append(VersionOut.of(version, scopes.get(version.id, []), changes))
    return outs


def list_versions(
    session: Session, *, bundle: str | None = None, limit: int = 50
) -> list[VersionOut]:
    """Newest upload first, each with what it changed against the bundle's previous version."""
    query = select(ContentVersion)
    if bundle is not None:
        query = query.where(ContentVersion.bundle == bundle)
    query = query.order_by(col(ContentVersion.uploaded_at).desc(), col(ContentVersion.id).desc())
    return _outs(session, list(session.exec(query.limit(limit))))


def get_version(session: Session, version_id: int) -> VersionDetailOut:
    version = get_version_row(session, version_id)
    out = version_out(session, version)
    files = [
        FileOut(path=item.path, sha256=item.sha256, size=item.size, kind=item.kind)
        for item in manifest_of(version).files
    ]
    return VersionDetailOut(**out.model_dump(), files=files)


@dataclass
class VersionItems:
    """A version's slides and scheduled announcements, read from its stored blobs."""

    slides: list[Slide] = field(default_factory=list)
    announcements: list[BundleAnnouncement] = field(default_factory=list)
    #: Paths that could not be read (never expected: uploads were built and checked).
    unreadable: list[str] = field(default_factory=list)


def _yaml_document(data: bytes) -> object:
    # The bundle's own loader (safe; YAML 1.1 surprises off), as ``content build`` reads it.
    loader = YamlLoader(data.decode("utf-8-sig"))
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def version_items(session: Session, version: ContentVersion) -> VersionItems:
    """Parse the version's slide and announcement files, in path order (the kiosk's order).

    The schedules live in the signed bundle; the fleet can show them but never change them.
    """
    wanted = [
        item
        for item in manifest_of(version).files
        if item.kind in (FileKind.SLIDE, FileKind.ANNOUNCEMENT)
    ]
    hashes = sorted({item.sha256 for item in wanted})
    data: dict[str, bytes] = {}
    for start in range(0, len(hashes), _CHUNK):
        rows = session.execute(
            _BLOB.select()
            .with_only_columns(_BLOB.c.sha256, _BLOB.c.data)
            .where(_BLOB.c.sha256.in_(hashes[start : start + _CHUNK]))
        ).all()
        data.update({row.sha256: bytes(row.data) for row in rows})
    items = VersionItems()
    for item in wanted:
        try:
            document = _yaml_document(data[item.sha256])
            if item.kind is FileKind.SLIDE:
                items.slides.append(Slide.model_validate(document))
            else:
                items.announcements.append(BundleAnnouncement.model_validate(document))
        except (KeyError, UnicodeDecodeError, yaml.YAMLError, ValidationError):
            items.unreadable.append(item.path)
    return items


# --- assignments -----------------------------------------------------------------------------


def _check_scope(session: Session, scope: str) -> None:
    """404 ``branch_group_not_found`` or ``branch_not_found`` for a scope naming neither."""
    if scope == SCOPE_ALL:
        return
    group_id = scope_group(scope)
    if group_id is not None:
        if session.get(BranchGroup, group_id) is None:
            raise NotFoundError("branch_group", group_id)
    elif session.get(Branch, scope) is None:
        raise NotFoundError("branch", scope)


def _assignable(session: Session, version_id: int, now: dt.datetime) -> ContentVersion:
    version = get_version_row(session, version_id)
    key = session.get(ContentSigningKey, version.key_id)
    if key is None or key.retired_at is not None:
        raise ConflictError(
            "key_retired",
            f"{version.label} is signed with key {version.key_id}, which is no longer trusted; "
            "sign the bundle with a trusted key and upload it again.",
        )
    if version.expires_at <= now:
        raise ConflictError(
            "version_expired", f"{version.label} expired at {version.expires_at.isoformat()}."
        )
    return version


def _current(session: Session, scope: str) -> int | None:
    row = session.get(ContentAssignment, scope)
    return row.version_id if row is not None else None


def _set(
    session: Session, scope: str, version_id: int | None, actor: str, now: dt.datetime
) -> None:
    row = session.get(ContentAssignment, scope)
    if version_id is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(
            ContentAssignment(
                scope=scope, version_id=version_id, assigned_at=now, assigned_by=actor[:100]
            )
        )
    elif row.version_id != version_id:
        row.version_id, row.assigned_at, row.assigned_by = version_id, now, actor[:100]
        session.add(row)
    session.flush()


def _retarget(session: Session, scopes: Iterable[str]) -> list[int]:
    scopes = set(scopes)
    if SCOPE_ALL in scopes:
        return retarget_devices(session)
    branch_ids = {scope for scope in scopes if scope_group(scope) is None}
    group_ids = {group_id for scope in scopes if (group_id := scope_group(scope)) is not None}
    if group_ids:
        branch_ids.update(
            session.exec(select(Branch.id).where(col(Branch.group_id).in_(group_ids))).all()
        )
    return retarget_devices(session, branch_ids=branch_ids)


def _group_assigned(session: Session, branch_id: str) -> bool:
    """Whether the branch is in a group that has an assignment of its own."""
    branch = session.get(Branch, branch_id)
    return (
        branch is not None
        and branch.group_id is not None
        and session.get(ContentAssignment, group_scope(branch.group_id)) is not None
    )


def list_assignments(session: Session) -> list[AssignmentOut]:
    """``all`` first, then groups, then branches, each by id."""
    rows = session.exec(
        select(ContentAssignment, ContentVersion).join(
            ContentVersion, col(ContentVersion.id) == col(ContentAssignment.version_id)
        )
    ).all()
    outs = [
        AssignmentOut(
            scope=assignment.scope,
            version_id=assignment.version_id,
            label=version.label,
            manifest_id=version.manifest_id,
            assigned_at=assignment.assigned_at,
            assigned_by=assignment.assigned_by,
        )
        for assignment, version in rows
    ]
    return sorted(
        outs, key=lambda out: (out.scope != SCOPE_ALL, scope_group(out.scope) is None, out.scope)
    )


def assign(
    session: Session, scope: str, version_id: int, actor: str, *, now: dt.datetime | None = None
) -> list[int]:
    """Make ``scope`` (``all``, ``group:<id>`` or a branch id) show the version; returns the
    re-targeted devices. 404 ``branch_group_not_found`` / ``branch_not_found``."""
    now = now or utcnow()
    hold_assignments(session, exclusive=True)
    _check_scope(session, scope)
    version = _assignable(session, version_id, now)
    _set(session, scope, version_id, actor, now)
    record_audit(
        session,
        actor,
        "content.assign",
        "content_scope",
        scope,
        {"version_id": version_id, "label": version.label},
        now=now,
    )
    return _retarget(session, [scope])


def unassign(
    session: Session, scope: str, actor: str, *, now: dt.datetime | None = None
) -> list[int]:
    """Drop ``scope``'s assignment; returns the re-targeted devices.

    A branch then follows its group's assignment, else ``all``'s; a group's branches follow
    ``all``'s (those with an assignment of their own keep it).
    """
    now = now or utcnow()
    hold_assignments(session, exclusive=True)
    if session.get(ContentAssignment, scope) is None:
        raise NotFoundError("content_assignment", scope)
    _set(session, scope, None, actor, now)
    record_audit(session, actor, "content.unassign", "content_scope", scope, now=now)
    return _retarget(session, [scope])


# --- staged roll-outs ------------------------------------------------------------------------


def get_rollout(session: Session, rollout_id: int) -> ContentRollout:
    rollout = session.get(ContentRollout, rollout_id)
    if rollout is None:
        raise NotFoundError("content_rollout", rollout_id)
    return rollout


def list_rollouts(session: Session, *, limit: int = 20) -> list[ContentRollout]:
    """Newest first."""
    query = select(ContentRollout).order_by(col(ContentRollout.id).desc()).limit(limit)
    return list(session.exec(query))


def start_rollout(
    session: Session,
    version_id: int,
    pilot_branch: str,
    actor: str,
    *,
    now: dt.datetime | None = None,
) -> ContentRollout:
    """Show the version on the pilot branch only; promote it to all when the pilot looks good."""
    now = now or utcnow()
    hold_assignments(session, exclusive=True)
    if pilot_branch == SCOPE_ALL or scope_group(pilot_branch) is not None:
        raise FleetError(
            "invalid_pilot", "The pilot is one branch, not all of them or a group.", 422
        )
    _check_scope(session, pilot_branch)
    version = _assignable(session, version_id, now)
    running = session.exec(
        select(ContentRollout).where(ContentRollout.stage == RolloutStage.PILOT.value)
    ).first()
    if running is not None:
        raise ConflictError(
            "rollout_in_progress",
            f"Roll-out {running.id} is still in its pilot; promote it or roll it back first.",
        )
    rollout = ContentRollout(
        version_id=version_id,
        pilot_branch=pilot_branch,
        stage=RolloutStage.PILOT.value,
        previous={pilot_branch: _current(session, pilot_branch)},
        started_at=now,
        started_by=actor[:100],
    )
    session.add(rollout)
    _set(session, pilot_branch, version_id, actor, now)
    assert rollout.id is not None
    record_audit(
        session,
        actor,
        "content.rollout.start",
        "content_rollout",
        rollout.id,
        {"label": version.label, "pilot_branch": pilot_branch},
        now=now,
    )
    _retarget(session, [pilot_branch])
    return rollout


def promote_rollout(
    session: Session, rollout_id: int, actor: str, *, now: dt.datetime | None = None
) -> ContentRollout:
    """Assign the pilot's version to ``all``; the pilot branch then simply follows ``all``.

    Branches and groups with an assignment of their own keep it (see ``list_assignments``).
    A pilot branch whose group has one keeps the version as its own assignment instead:
    following its group would take the version away from the pilot.
    """
    now = now or utcnow()
    hold_assignments(session, exclusive=True)
    rollout = get_rollout(session, rollout_id)
    if rollout.stage != RolloutStage.PILOT.value:
        raise ConflictError(
            "rollout_not_in_pilot", f"Roll-out {rollout_id} is {rollout.stage}, not in its pilot."
        )
    version = _assignable(session, rollout.version_id, now)
    rollout.previous = {**rollout.previous, SCOPE_ALL: _current(session, SCOPE_ALL)}
    _set(session, SCOPE_ALL, rollout.version_id, actor, now)
    if _current(session, rollout.pilot_branch) == rollout.version_id and not _group_assigned(
        session, rollout.pilot_branch
    ):
        _set(session, rollout.pilot_branch, None, actor, now)
    rollout.stage = RolloutStage.ALL.value
    rollout.promoted_at, rollout.promoted_by = now, actor[:100]
    session.add(rollout)
    session.flush()
    record_audit(
        session,
        actor,
        "content.rollout.promote",
        "content_rollout",
        rollout_id,
        {"label": version.label},
        now=now,
    )
    _retarget(session, [SCOPE_ALL])
    return rollout


def roll_back(
    session: Session, rollout_id: int, actor: str, *, now: dt.datetime | None = None
) -> ContentRollout:
    """Give every scope the roll-out changed back what it had before.

    Scopes reassigned by hand since are left alone. Only the newest roll-out still in
    effect can be rolled back (roll back newer ones first).
    """
    now = now or utcnow()
    hold_assignments(session, exclusive=True)
    rollout = get_rollout(session, rollout_id)
    if rollout.stage == RolloutStage.ROLLED_BACK.value:
        raise ConflictError("rollout_rolled_back", f"Roll-out {rollout_id} is already rolled back.")
    newer = session.exec(
        select(ContentRollout.id).where(
            col(ContentRollout.id) > rollout_id,
            ContentRollout.stage != RolloutStage.ROLLED_BACK.value,
        )
    ).first()
    if newer is not None:
        raise ConflictError(
            "rollout_superseded", f"Roll-out {newer} came later; roll that one back first."
        )
    restored: dict[str, int | None] = {}
    for scope, before in rollout.previous.items():
        now_assigned = _current(session, scope)
        followed_all = scope == rollout.pilot_branch and now_assigned is None
        if now_assigned == rollout.version_id or (
            followed_all and rollout.stage == RolloutStage.ALL.value
        ):
            _set(session, scope, before, actor, now)
            restored[scope] = before
    rollout.stage = RolloutStage.ROLLED_BACK.value
    rollout.rolled_back_at, rollout.rolled_back_by = now, actor[:100]
    session.add(rollout)
    session.flush()
    record_audit(
        session,
        actor,
        "content.rollout.roll_back",
        "content_rollout",
        rollout_id,
        {"restored": restored},
        now=now,
    )
    _retarget(session, restored)
    return rollout

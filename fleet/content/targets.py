"""Which manifest each device should have: its branch's assignment, else its branch group's,
else ``all``'s, else none.

A branch belongs to at most one group, so the order is never ambiguous. The answer is
stored on the device row (``device.content_target``) whenever assignments or group
memberships change or a device enrols, so the check-in reads it with the columns it
already reads: no join and no extra query on the hot path. Devices whose target changed
get a ``content`` nudge once the session commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import update
from sqlmodel import Session, col, select

from fleet.branches.models import Branch
from fleet.content.models import SCOPE_ALL, ContentAssignment, ContentVersion, group_scope
from fleet.db import hold_advisory_lock
from fleet.devices.models import Device, DeviceStatus
from fleet.devices.nudges import queue_nudge

_DEVICE = Device.__table__  # type: ignore[attr-defined]
_CHUNK = 1000
#: An application-wide ``pg_advisory_xact_lock`` key guarding the assignments.
_ASSIGNMENTS_LOCK = 0x636F6E74656E74  # "content"


def hold_assignments(session: Session, *, exclusive: bool) -> None:
    """Hold the assignments still until this transaction ends (PostgreSQL; SQLite has one
    writer anyway).

    Assignment writes hold them exclusively, so they take turns; an enrolment holds them
    shared while it reads its new device's target, so an assignment written meanwhile waits
    for the device row and re-targets it too (enrolments do not wait for each other).
    """
    hold_advisory_lock(session, _ASSIGNMENTS_LOCK, exclusive=exclusive)


def target_for_new_device(session: Session, branch_id: str) -> str | None:
    """The target of a device being enrolled into ``branch_id`` now."""
    hold_assignments(session, exclusive=False)
    group_id = session.exec(select(Branch.group_id).where(Branch.id == branch_id)).first()
    return target_of(assigned_manifests(session), branch_id, group_id)


def assigned_manifests(session: Session) -> dict[str, str]:
    """``{scope: manifest id}`` of every assignment."""
    rows = session.exec(
        select(ContentAssignment.scope, ContentVersion.manifest_id).join(
            ContentVersion, col(ContentVersion.id) == col(ContentAssignment.version_id)
        )
    ).all()
    return dict(rows)


def branch_groups(session: Session) -> dict[str, str]:
    """``{branch id: group id}`` of every branch in a group (one read of the small branch
    table)."""
    rows = session.exec(
        select(Branch.id, Branch.group_id).where(col(Branch.group_id).is_not(None))
    ).all()
    return {branch_id: group_id for branch_id, group_id in rows if group_id is not None}


def target_of(assigned: dict[str, str], branch_id: str, group_id: str | None) -> str | None:
    """The manifest id a device of ``branch_id`` (in group ``group_id``) should have:
    the branch's own assignment, else its group's, else ``all``'s."""
    if branch_id in assigned:
        return assigned[branch_id]
    if group_id is not None and (scope := group_scope(group_id)) in assigned:
        return assigned[scope]
    return assigned.get(SCOPE_ALL)


def retarget_devices(
    session: Session,
    *,
    branch_ids: Iterable[str] | None = None,
    device_ids: Iterable[int] | None = None,
) -> list[int]:
    """Bring ``content_target`` up to date (of the named branches' or devices', or all).

    Returns the ids of devices whose target changed; each is nudged on commit.
    """
    session.flush()
    assigned = assigned_manifests(session)
    groups = branch_groups(session)
    query = select(Device.id, Device.branch_id, Device.content_target).where(
        Device.status == DeviceStatus.ACTIVE.value
    )
    if branch_ids is not None:
        query = query.where(col(Device.branch_id).in_(list(branch_ids)))
    if device_ids is not None:
        query = query.where(col(Device.id).in_(list(device_ids)))
    moves: dict[str | None, list[int]] = defaultdict(list)
    for device_id, branch_id, current in session.exec(query):
        wanted = target_of(assigned, branch_id, groups.get(branch_id))
        if wanted != current and device_id is not None:
            moves[wanted].append(device_id)
    changed: list[int] = []
    for target, ids in moves.items():
        ids.sort()  # id order, like the check-in flush, so the two cannot deadlock
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            session.execute(
                update(_DEVICE).where(_DEVICE.c.id.in_(chunk)).values(content_target=target)
            )
        changed.extend(ids)
    for device_id in changed:
        queue_nudge(session, device_id, "content")
    return sorted(changed)

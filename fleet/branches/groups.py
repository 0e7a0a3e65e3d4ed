"""Branch groups: named sets of branches that content is assigned to as one (``group:<id>``).

A branch belongs to at most one group, like a region, so which assignment it follows is
never ambiguous: its own, else its group's, else the one for all branches (see
``fleet.content.targets``). Every membership change re-targets the devices of exactly the
branches that moved (each nudged on commit if its target changed). A group that has an
assignment is not deleted: it is unassigned first, so no branch loses its content silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlmodel import Session, col, or_, select

from fleet.branches.models import Branch, BranchGroup
from fleet.branches.schemas import BranchGroupPut
from fleet.content.models import ContentAssignment, ContentVersion, group_scope
from fleet.content.targets import hold_assignments, retarget_devices
from fleet.db import utcnow
from fleet.errors import ConflictError, FleetError, NotFoundError
from fleet.ops.audit import record_audit
from fleet.protocol import LocalizedText


def list_groups(session: Session) -> list[BranchGroup]:
    return list(session.exec(select(BranchGroup).order_by(col(BranchGroup.id))))


def get_group(session: Session, group_id: str) -> BranchGroup:
    group = session.get(BranchGroup, group_id)
    if group is None:
        raise NotFoundError("branch_group", group_id)
    return group


def group_name(group: BranchGroup) -> LocalizedText:
    return LocalizedText(fi=group.name_fi, sv=group.name_sv, en=group.name_en)


def group_members(session: Session) -> dict[str, list[str]]:
    """``{group id: [branch id, ...]}`` of every group that has members, branch ids sorted."""
    members: dict[str, list[str]] = defaultdict(list)
    for branch_id, group_id in session.exec(
        select(Branch.id, Branch.group_id)
        .where(col(Branch.group_id).is_not(None))
        .order_by(col(Branch.id))
    ):
        if group_id is not None:
            members[group_id].append(branch_id)
    return dict(members)


def members_of(session: Session, group_id: str) -> list[str]:
    return list(
        session.exec(
            select(Branch.id).where(Branch.group_id == group_id).order_by(col(Branch.id))
        ).all()
    )


def put_group(
    session: Session, group_id: str, data: BranchGroupPut, actor: str
) -> tuple[BranchGroup, bool]:
    """Create the group or rename it; with ``data.branches``, make exactly those its members.

    Returns the group and whether it is new. 422 ``branch_not_found`` (the details name the
    unknown ids) before anything changes.
    """
    hold_assignments(session, exclusive=True)  # memberships decide targets, as assignments do
    wanted = list(dict.fromkeys(data.branches)) if data.branches is not None else None
    group = session.get(BranchGroup, group_id)
    created = group is None
    if wanted is not None:
        _check_branches(session, wanted)
    name = data.name
    if group is None:
        group = BranchGroup(id=group_id, name_fi=name.fi, name_sv=name.sv, name_en=name.en)
        session.add(group)
        session.flush()  # writers take turns (hold_assignments): no duplicate race here
    else:
        group.name_fi, group.name_sv, group.name_en = name.fi, name.sv, name.en
        group.updated_at = utcnow()
        session.add(group)
        session.flush()
    moved = _set_members(session, group_id, wanted) if wanted is not None else []
    record_audit(
        session,
        actor,
        "branch_group.create" if created else "branch_group.update",
        "branch_group",
        group_id,
        {"name": name.model_dump(), "branches": wanted, "moved": moved},
    )
    if moved:
        retarget_devices(session, branch_ids=moved)
    return group, created


def _check_branches(session: Session, branch_ids: list[str]) -> None:
    known = set(session.exec(select(Branch.id).where(col(Branch.id).in_(branch_ids))).all())
    missing = [branch_id for branch_id in branch_ids if branch_id not in known]
    if missing:
        raise FleetError(
            "branch_not_found",
            f"No branch {', '.join(repr(branch_id) for branch_id in missing)}: list existing "
            "branch ids as members.",
            422,
            [{"field": "branches", "branch_id": branch_id} for branch_id in missing],
        )


def _set_members(session: Session, group_id: str, branch_ids: Iterable[str]) -> list[str]:
    """Make exactly ``branch_ids`` the group's members; returns the ids of branches moved."""
    wanted = set(branch_ids)
    rows = session.exec(
        select(Branch).where(or_(col(Branch.id).in_(wanted), Branch.group_id == group_id))
    )
    moved: list[str] = []
    now = utcnow()
    for branch in rows:
        target = group_id if branch.id in wanted else None
        if branch.group_id != target:
            branch.group_id, branch.updated_at = target, now
            session.add(branch)
            moved.append(branch.id)
    session.flush()
    return sorted(moved)


def set_branch_group(session: Session, branch_id: str, group_id: str | None, actor: str) -> Branch:
    """Put the branch in ``group_id`` (leaving any other group), or in none (``None``).

    404 ``branch_not_found`` / ``branch_group_not_found``.
    """
    hold_assignments(session, exclusive=True)
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFoundError("branch", branch_id)
    if group_id is not None:
        get_group(session, group_id)
    if branch.group_id != group_id:
        previous = branch.group_id
        branch.group_id, branch.updated_at = group_id, utcnow()
        session.add(branch)
        session.flush()
        record_audit(
            session, actor, "branch.group", "branch", branch_id, {"from": previous, "to": group_id}
        )
        retarget_devices(session, branch_ids=[branch_id])
    return branch


def delete_group(session: Session, group_id: str, actor: str) -> list[str]:
    """Delete the group; its branches then belong to none. Returns the former members.

    409 ``branch_group_assigned`` while the group has an assignment: unassign it first, so
    deleting a group never changes what its branches show.
    """
    hold_assignments(session, exclusive=True)
    group = get_group(session, group_id)
    scope = group_scope(group_id)
    assigned = session.exec(
        select(ContentVersion.bundle, ContentVersion.version)
        .join(ContentAssignment, col(ContentAssignment.version_id) == col(ContentVersion.id))
        .where(ContentAssignment.scope == scope)
    ).first()
    if assigned is not None:
        raise ConflictError(
            "branch_group_assigned",
            f"The group {group_id!r} has {assigned[0]}@{assigned[1]} assigned; unassign it "
            f"first (DELETE /api/admin/v1/content/assignments/{scope}).",
        )
    members = _set_members(session, group_id, [])
    session.delete(group)
    session.flush()
    record_audit(
        session, actor, "branch_group.delete", "branch_group", group_id, {"branches": members}
    )
    # No device is re-targeted: without a group assignment, no member's target changes.
    return members

"""Admin API for branch groups (``/api/admin/v1/branch-groups``) and a branch's group.

A group is a content channel: ``PUT /content/assignments/group:<id>`` gives every member
branch a version (a branch's own assignment still wins). Reads are for staff, writes for
admins, as for branches.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, status
from pydantic import BaseModel, ConfigDict

from fleet.admin.router import PREFIX
from fleet.admin.schemas import BranchOut
from fleet.auth.dependencies import require_role
from fleet.auth.models import Role, User
from fleet.branches import groups
from fleet.branches.models import BranchGroup
from fleet.branches.schemas import GROUP_ID_PATTERN, BranchGroupPut
from fleet.content.models import group_scope
from fleet.db import SessionDep
from fleet.protocol import ApiError, LocalizedText

router = APIRouter(
    prefix=PREFIX,
    tags=["branches"],
    responses={code: {"model": ApiError} for code in (401, 403, 404, 409, 422)},
)
Admin = Annotated[User, Depends(require_role(Role.ADMIN))]
Staff = Annotated[User, Depends(require_role(Role.STAFF))]
GroupPath = Annotated[str, Path(pattern=GROUP_ID_PATTERN, description="e.g. east")]


class BranchGroupOut(BaseModel):
    id: str
    name: LocalizedText
    #: The content assignment scope that names this group.
    scope: str
    #: Member branch ids, sorted.
    branches: list[str]

    @classmethod
    def of(cls, group: BranchGroup, members: list[str]) -> BranchGroupOut:
        return cls(
            id=group.id,
            name=groups.group_name(group),
            scope=group_scope(group.id),
            branches=members,
        )


class BranchGroupSet(BaseModel):
    """``group_id: null`` takes the branch out of its group."""

    model_config = ConfigDict(extra="forbid")

    group_id: str | None


@router.get("/branch-groups", summary="Branch groups with their member branches")
def list_groups(_user: Staff, session: SessionDep) -> list[BranchGroupOut]:
    members = groups.group_members(session)
    return [
        BranchGroupOut.of(group, members.get(group.id, [])) for group in groups.list_groups(session)
    ]


@router.get("/branch-groups/{group_id}", summary="One branch group")
def get_group(group_id: GroupPath, _user: Staff, session: SessionDep) -> BranchGroupOut:
    group = groups.get_group(session, group_id)
    return BranchGroupOut.of(group, groups.members_of(session, group_id))


@router.put("/branch-groups/{group_id}", summary="Create or rename a group; set its members")
def put_group(
    group_id: GroupPath,
    body: BranchGroupPut,
    user: Admin,
    session: SessionDep,
    response: Response,
) -> BranchGroupOut:
    """201 when new, 200 when changed. ``branches`` (optional) lists every member: branches
    left out leave the group, a branch from another group moves here. The devices of the
    branches that moved are re-targeted and nudged. 422 ``branch_not_found`` names unknown
    branch ids in the details."""
    group, created = groups.put_group(session, group_id, body, user.username)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return BranchGroupOut.of(group, groups.members_of(session, group_id))


@router.delete(
    "/branch-groups/{group_id}",
    summary="Delete a group (its branches then belong to none)",
    status_code=status.HTTP_204_NO_CONTENT,
)
def delete_group(group_id: GroupPath, user: Admin, session: SessionDep) -> Response:
    """409 ``branch_group_assigned`` while content is assigned to the group: unassign first."""
    groups.delete_group(session, group_id, user.username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/branches/{branch_id}/group", summary="Put a branch in a group, or in none")
def put_branch_group(
    branch_id: str, body: BranchGroupSet, user: Admin, session: SessionDep
) -> BranchOut:
    """The branch leaves any other group. 404 ``branch_not_found`` / ``branch_group_not_found``."""
    return BranchOut.of(groups.set_branch_group(session, branch_id, body.group_id, user.username))

"""Branch groups on the web UI: the branches page with its "Branch groups" section (a new
group with its member branches), one group's page (rename, members, delete), and a
branch's group chosen on the branch page.

A group is a content channel: ``/admin/content`` assigns a version to it, and its branches
show that version unless they have one of their own. A branch belongs to at most one group.
Admins only, as for branches.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import ValidationError
from sqlmodel import Session
from starlette.datastructures import FormData

from fleet.auth.dependencies import Viewer, require_web_role
from fleet.auth.models import Role
from fleet.branches import groups
from fleet.branches import service as branches
from fleet.branches.models import GROUP_ID_MAX, Branch, BranchGroup
from fleet.branches.schemas import GROUP_ID_PATTERN, BranchGroupPut, GroupName
from fleet.content import service as content
from fleet.content.models import SCOPE_ALL, group_scope, scope_group
from fleet.db import SessionDep
from fleet.errors import FleetError
from fleet.web.forms import error_text, form_text, redirect
from fleet.web.i18n import LANGUAGES
from fleet.web.labels import N_
from fleet.web.rendering import PREFIX, Page, url
from fleet.web.routing import WebRoute

router = APIRouter(prefix=PREFIX, route_class=WebRoute, include_in_schema=False)

Admin = Annotated[Viewer, Depends(require_web_role(Role.ADMIN))]
GroupPath = Annotated[str, Path(pattern=GROUP_ID_PATTERN)]

#: What the branches page and a group's page say after a change (POST/redirect/GET).
GROUP_NOTICES = {
    "group_created": N_(
        "The group is created. Assign content to it on the content page: “Shown at”."
    ),
    "group_saved": N_(
        "The group is saved. PCs of branches that joined or left it get their content within "
        "seconds."
    ),
    "group_deleted": N_("The group is deleted. Its branches now belong to no group."),
}
NAME_MAX = 200


def _notices(page: Page, done: str) -> list[tuple[str, str]]:
    return [("success", page.gettext(GROUP_NOTICES[done]))] if done in GROUP_NOTICES else []


# --- names other pages share -------------------------------------------------------------------


def group_label(page: Page, name: str) -> str:
    """How a group is named where branches are named too: "Group: East"."""
    return page.gettext("Group: %(name)s", name=name)


def group_choices(session: Session, lang: str) -> list[tuple[str, str]]:
    """``(group id, name)`` of every group, by name."""
    found = [
        (group.id, groups.group_name(group).get(lang)) for group in groups.list_groups(session)
    ]
    return sorted(found, key=lambda item: item[1])


def scope_names(page: Page, session: Session) -> dict[str, str]:
    """The reader's name of every assignment scope: all branches, each group, each branch."""
    names = {SCOPE_ALL: page.gettext("All branches")}
    for group_id, name in group_choices(session, page.lang):
        names[group_scope(group_id)] = group_label(page, name)
    names.update(branches.branch_names(session, page.lang))
    return names


def _assigned_labels(session: Session) -> dict[str, str]:
    """``{group id: version label}`` of the groups that have content assigned."""
    return {
        group_id: item.label
        for item in content.list_assignments(session)
        if (group_id := scope_group(item.scope)) is not None
    }


# --- the branches page -------------------------------------------------------------------------


def _blank() -> dict[str, Any]:
    return {"group_id": "", "name_fi": "", "name_sv": "", "name_en": "", "branches": []}


def _typed(form: FormData) -> dict[str, Any]:
    """What was typed, kept as typed (up to a bound), so an error never loses any of it."""
    return {
        "group_id": form_text(form, "group_id", 64, single_line=True),
        **{
            f"name_{lang}": form_text(form, f"name_{lang}", NAME_MAX, single_line=True)
            for lang in LANGUAGES
        },
        "branches": [value[:32] for value in form.getlist("branches") if isinstance(value, str)][
            :1000
        ],
    }


def branches_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    *,
    status_code: int = 200,
    done: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    """The branch list and the branch groups, with the new-group form (as typed, with each
    problem next to its field, after a refusal). ``done`` names what just succeeded."""
    page = Page(request, viewer)
    rows = branches.list_branches(session)
    names = {branch.id: branches.branch_name(branch).get(page.lang) for branch in rows}
    group_names = dict(group_choices(session, page.lang))
    members = groups.group_members(session)
    assigned = _assigned_labels(session)
    profiles = {profile.id: profile.name for profile in branches.list_profiles(session)}
    return page.render(
        "branches.html",
        status_code=status_code,
        notices=_notices(page, done),
        section="branches",
        branches=[(branch, names[branch.id]) for branch in rows],
        profiles=profiles,
        group_names=group_names,
        groups=[
            {
                "id": group_id,
                "name": name,
                "members": [
                    names.get(branch_id, branch_id) for branch_id in members.get(group_id, [])
                ],
                "assigned": assigned.get(group_id),
            }
            for group_id, name in group_names.items()
        ],
        branch_choices=_member_choices(page, rows, names, group_names, None),
        errors=errors or {},
        values=values or _blank(),
        id_max=GROUP_ID_MAX,
    )


def _member_choices(
    page: Page,
    rows: list[Branch],
    names: dict[str, str],
    group_names: dict[str, str],
    this_group: str | None,
) -> list[tuple[str, str, str]]:
    """``(branch id, name, where it is now)`` by name; "where" is empty unless ticking the
    branch would move it from another group."""
    choices = []
    for branch in rows:
        now_in = ""
        if branch.group_id is not None and branch.group_id != this_group:
            group = group_names.get(branch.group_id, branch.group_id)
            now_in = page.gettext("now in %(group)s", group=group)
        choices.append((branch.id, names[branch.id], now_in))
    return sorted(choices, key=lambda item: item[1])


def _checked(
    page: Page, values: dict[str, Any], *, new: bool
) -> tuple[dict[str, str], BranchGroupPut | None]:
    """Every problem by field, or the write to make."""
    errors: dict[str, str] = {}
    if new and not re.fullmatch(GROUP_ID_PATTERN, values["group_id"]):
        errors["group_id"] = error_text(page, "invalid_group_id")
    for lang in LANGUAGES:
        if not values[f"name_{lang}"]:
            errors[f"name_{lang}"] = error_text(page, "group_name_required")
    try:
        name = GroupName(fi=values["name_fi"], sv=values["name_sv"], en=values["name_en"])
        data = BranchGroupPut(name=name, branches=values["branches"])
    except ValidationError:
        # Names were checked above; only a forged member id (not a checkbox's) gets here.
        errors.setdefault("group_branches", error_text(page, "branch_not_found"))
    return errors, (None if errors else data)


def _save(
    session: Session, page: Page, group_id: str, data: BranchGroupPut, actor: str
) -> dict[str, str]:
    """Write the group; a refusal about the members comes back as the form's error."""
    try:
        groups.put_group(session, group_id, data, actor)
    except FleetError as error:
        if error.code != "branch_not_found":
            raise
        session.rollback()
        return {"group_branches": error_text(page, error.code)}
    return {}


@router.post("/branch-groups")
async def group_create(request: Request, viewer: Admin, session: SessionDep) -> Response:
    """A new group with its names and member branches."""
    form = await request.form()
    page = Page(request, viewer)
    values = _typed(form)
    errors, data = _checked(page, values, new=True)
    status = 422
    if data is not None and session.get(BranchGroup, values["group_id"]) is not None:
        errors["group_id"] = error_text(page, "branch_group_exists")
        status = 409
    elif data is not None:
        errors = _save(session, page, values["group_id"], data, viewer.user.username)
    if errors:
        return branches_page(
            request, viewer, session, status_code=status, errors=errors, values=values
        )
    return redirect(f"{url('branches')}?done=group_created#groups-heading")


# --- one group ---------------------------------------------------------------------------------


def _group_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    group_id: str,
    *,
    status_code: int = 200,
    notices: list[tuple[str, str]] | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    page = Page(request, viewer)
    group = groups.get_group(session, group_id)
    name = groups.group_name(group)
    rows = branches.list_branches(session)
    names = {branch.id: branches.branch_name(branch).get(page.lang) for branch in rows}
    if values is None:
        values = {
            "group_id": group.id,
            "name_fi": name.fi,
            "name_sv": name.sv,
            "name_en": name.en,
            "branches": groups.members_of(session, group_id),
        }
    return page.render(
        "branch_group.html",
        status_code=status_code,
        notices=notices,
        section="branches",
        group=group,
        name=name,
        assigned=_assigned_labels(session).get(group_id),
        branch_choices=_member_choices(
            page, rows, names, dict(group_choices(session, page.lang)), group_id
        ),
        errors=errors or {},
        values=values,
    )


@router.get("/branch-groups/{group_id}")
def group_page(
    request: Request, group_id: GroupPath, viewer: Admin, session: SessionDep, done: str = ""
) -> Response:
    notices = _notices(Page(request, viewer), done)
    return _group_page(request, viewer, session, group_id, notices=notices)


@router.post("/branch-groups/{group_id}")
async def group_save(
    request: Request, group_id: GroupPath, viewer: Admin, session: SessionDep
) -> Response:
    """New names, and exactly the ticked branches as members."""
    form = await request.form()
    page = Page(request, viewer)
    groups.get_group(session, group_id)
    values = {**_typed(form), "group_id": group_id}
    errors, data = _checked(page, values, new=False)
    if data is not None:
        errors = _save(session, page, group_id, data, viewer.user.username)
    if errors:
        return _group_page(
            request, viewer, session, group_id, status_code=422, errors=errors, values=values
        )
    return redirect(f"{url('branch_group', id=group_id)}?done=group_saved")


@router.post("/branch-groups/{group_id}/delete")
def group_delete(
    request: Request, group_id: GroupPath, viewer: Admin, session: SessionDep
) -> Response:
    """Refused, with the way out explained, while content is assigned to the group."""
    try:
        groups.delete_group(session, group_id, viewer.user.username)
    except FleetError as error:
        if error.code != "branch_group_assigned":
            raise
        session.rollback()
        page = Page(request, viewer)
        notices = [("error", error_text(page, error.code))]
        return _group_page(
            request, viewer, session, group_id, status_code=error.status, notices=notices
        )
    return redirect(f"{url('branches')}?done=group_deleted#groups-heading")


# --- a branch's group --------------------------------------------------------------------------


@router.post("/branches/{branch_id}/group")
async def branch_group_set(
    request: Request, branch_id: str, viewer: Admin, session: SessionDep
) -> Response:
    form = await request.form()
    chosen = form_text(form, "group_id", 64, single_line=True) or None
    if chosen is not None and not re.fullmatch(GROUP_ID_PATTERN, chosen):
        raise FleetError("branch_group_not_found", "No such group.", 404)
    groups.set_branch_group(session, branch_id, chosen, viewer.user.username)
    return redirect(f"{url('branch', id=branch_id)}?saved=1")

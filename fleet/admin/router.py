"""Admin API endpoints: parse, check the caller's role, call a service, return a schema.

Every route carries a ``require_role`` dependency; tests/fleet/admin walks the route table
and fails for any route that lets an anonymous caller or a too-weak role through.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request, Response, status
from fastapi.security import OAuth2PasswordBearer

from fleet.admin.schemas import (
    BranchDetailOut,
    BranchOut,
    BranchProfilePut,
    BranchPut,
    CommandCreate,
    CommandOut,
    DeviceOut,
    EnrollmentCodeCreate,
    EnrollmentCodeOut,
    OverridesPut,
    ProfileOut,
)
from fleet.auth.dependencies import TOKEN_URL, AuthServiceDep, client_address, require_role
from fleet.auth.errors import ForbiddenError
from fleet.auth.models import Role, TokenResponse, User
from fleet.auth.permissions import may_send
from fleet.branches import service as branches
from fleet.branches.schemas import BranchUpdate, ProfileCreate, ProfileUpdate
from fleet.crypto import DataKeys
from fleet.db import Clock, SessionDep, utcnow
from fleet.devices import service as devices
from fleet.ops.audit import record_audit
from fleet.protocol import ApiError
from fleet.settings import Settings

PREFIX = "/api/admin/v1"
#: Row ids as path parameters: bounded so a huge number is a 422, not a database overflow
#: (PostgreSQL integers are 32-bit).
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]

_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ApiError} for code in (400, 401, 403, 404, 409, 422, 429)
}
router = APIRouter(prefix=PREFIX, responses=_ERRORS)

Admin = Annotated[User, Depends(require_role(Role.ADMIN))]
Staff = Annotated[User, Depends(require_role(Role.STAFF))]
_bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


def now_of(request: Request) -> dt.datetime:
    """The app's clock (tests move it by hand), so "online" and expiry agree with check-ins."""
    clock: Clock = getattr(request.app.state, "clock", utcnow)
    return clock()


def settings_of(request: Request) -> Settings:
    """The app's settings as the composition root built them (defaults if it kept none)."""
    settings: Settings | None = getattr(request.app.state, "settings", None)
    return settings or Settings()


def data_keys(request: Request) -> DataKeys:
    """The app's keys for data at rest, built once by the composition root."""
    keys: DataKeys | None = getattr(request.app.state, "data_keys", None)
    return keys or DataKeys(settings_of(request).resolved_data_secret())


# --- auth ------------------------------------------------------------------------------------


@router.post("/auth/token", tags=["auth"], summary="Get a bearer token (OAuth2 password flow)")
def issue_token(
    request: Request,
    session: SessionDep,
    auth: AuthServiceDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
) -> TokenResponse:
    """Exchange a username and password for an API token. Failures are throttled."""
    user = auth.authenticate(username, password, client_address(request))
    secret, token = auth.issue_api_token(user)
    record_audit(session, user.username, "auth.sign_in", "user", user.id, {"via": "api"})
    return TokenResponse(access_token=secret, expires_at=token.expires_at)


@router.delete(
    "/auth/token", tags=["auth"], status_code=status.HTTP_204_NO_CONTENT, summary="Revoke"
)
def revoke_token(
    _user: Annotated[User, Depends(require_role(Role.STAFF, Role.ADVISER))],
    auth: AuthServiceDep,
    token: Annotated[str | None, Depends(_bearer)],
) -> Response:
    """Revoke the token this request carries (sign out a script)."""
    if token:
        auth.revoke_api_token(token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- branches --------------------------------------------------------------------------------


@router.get("/branches", tags=["branches"])
def list_branches(_user: Staff, session: SessionDep) -> list[BranchOut]:
    return [BranchOut.of(branch) for branch in branches.list_branches(session)]


def _branch_detail(session: SessionDep, branch_id: str) -> BranchDetailOut:
    branch = branches.get_branch(session, branch_id)
    return BranchDetailOut(
        **BranchOut.of(branch).model_dump(), hours=branches.opening_hours(session, branch)
    )


@router.get("/branches/{branch_id}", tags=["branches"])
def get_branch(branch_id: str, _user: Staff, session: SessionDep) -> BranchDetailOut:
    return _branch_detail(session, branch_id)


@router.put("/branches/{branch_id}", tags=["branches"])
def put_branch(
    branch_id: str, body: BranchPut, user: Admin, session: SessionDep
) -> BranchDetailOut:
    """Change names, address, time zone, weekly hours and (replacing all) dated exceptions."""
    actor = user.username
    branch = branches.get_branch(session, branch_id)
    if body.name is not None or body.address is not None or body.timezone is not None:
        fields = body.model_dump(include={"name", "address", "timezone"}, exclude_none=True)
        branches.update_branch(session, branch.id, BranchUpdate.model_validate(fields), actor)
    if body.weekly is not None:
        branches.set_weekly_hours(session, branch.id, body.weekly, actor)
    if body.exceptions is not None:
        wanted = {exception.date for exception in body.exceptions}
        for existing in branches.opening_hours(session, branch).exceptions:
            if existing.date not in wanted:
                branches.remove_hours_exception(session, branch.id, existing.date, actor)
        for exception in body.exceptions:
            branches.add_hours_exception(session, branch.id, exception, actor)
    return _branch_detail(session, branch_id)


@router.put("/branches/{branch_id}/profile", tags=["branches"])
def put_branch_profile(
    branch_id: str, body: BranchProfilePut, user: Admin, session: SessionDep
) -> BranchOut:
    return BranchOut.of(branches.assign_profile(session, branch_id, body.profile_id, user.username))


@router.post(
    "/branches/{branch_id}/enrollment-codes",
    tags=["enrolment"],
    status_code=status.HTTP_201_CREATED,
)
def create_enrollment_code(
    request: Request,
    branch_id: str,
    user: Admin,
    session: SessionDep,
    body: EnrollmentCodeCreate | None = None,
) -> EnrollmentCodeOut:
    """A one-time code a kiosk exchanges for its credential. Shown once; store it nowhere."""
    body = body or EnrollmentCodeCreate()
    now = now_of(request)
    ttl = dt.timedelta(hours=body.ttl_hours)
    code = devices.create_enrollment_code(
        session, branch_id, user.username, ttl, body.max_uses, now=now
    )
    return EnrollmentCodeOut(
        code=code, branch_id=branch_id, expires_at=now + ttl, max_uses=body.max_uses
    )


# --- profiles --------------------------------------------------------------------------------


@router.get("/profiles", tags=["profiles"])
def list_profiles(_user: Admin, session: SessionDep) -> list[ProfileOut]:
    return [ProfileOut.of(profile) for profile in branches.list_profiles(session)]


@router.post("/profiles", tags=["profiles"], status_code=status.HTTP_201_CREATED)
def create_profile(body: ProfileCreate, user: Admin, session: SessionDep) -> ProfileOut:
    return ProfileOut.of(branches.create_profile(session, body, user.username))


@router.get("/profiles/{profile_id}", tags=["profiles"])
def get_profile(profile_id: RowId, _user: Admin, session: SessionDep) -> ProfileOut:
    return ProfileOut.of(branches.get_profile(session, profile_id))


@router.put("/profiles/{profile_id}", tags=["profiles"])
def put_profile(
    profile_id: RowId, body: ProfileUpdate, user: Admin, session: SessionDep
) -> ProfileOut:
    return ProfileOut.of(branches.update_profile(session, profile_id, body, user.username))


# --- devices ---------------------------------------------------------------------------------


@router.get("/devices", tags=["devices"])
def list_devices(
    request: Request,
    _user: Staff,
    session: SessionDep,
    branch_id: str | None = None,
    include_inactive: bool = False,
) -> list[DeviceOut]:
    """Devices with live status: ``online`` means seen within 2.5 check-in intervals."""
    found = devices.list_devices(
        session,
        now=now_of(request),
        offline_factor=settings_of(request).offline_factor,
        branch_id=branch_id,
        include_inactive=include_inactive,
    )
    return [DeviceOut.of(device) for device in found]


@router.get("/devices/{device_id}", tags=["devices"])
def get_device(request: Request, device_id: RowId, _user: Staff, session: SessionDep) -> DeviceOut:
    return DeviceOut.of(
        devices.get_device(
            session,
            device_id,
            now=now_of(request),
            offline_factor=settings_of(request).offline_factor,
        )
    )


@router.post("/devices/{device_id}/revoke", tags=["devices"])
def revoke_device(
    request: Request, device_id: RowId, user: Admin, session: SessionDep
) -> DeviceOut:
    """Withdraw the device's credential; it must enrol again with a new code."""
    devices.revoke_device(session, device_id, user.username, now=now_of(request))
    return get_device(request, device_id, user, session)


@router.put("/devices/{device_id}/overrides", tags=["devices"])
def put_overrides(
    request: Request, device_id: RowId, body: OverridesPut, user: Admin, session: SessionDep
) -> DeviceOut:
    branches.set_device_overrides(session, device_id, body.overrides, user.username)
    return get_device(request, device_id, user, session)


# --- commands --------------------------------------------------------------------------------


@router.post(
    "/devices/{device_id}/commands", tags=["commands"], status_code=status.HTTP_201_CREATED
)
def send_command(
    request: Request, device_id: RowId, body: CommandCreate, user: Staff, session: SessionDep
) -> CommandOut:
    """Queue a command; the kiosk is nudged and usually runs it within two seconds.

    Staff may send lock, unlock, message and end_session; restart, sync and shutdown are for
    admins. ``shutdown`` takes an optional ``wake_at``; a visitor using the PC is warned and
    logged out after a minute before it switches off.
    """
    if not may_send(user.role, body.type):
        raise ForbiddenError()
    ttl = dt.timedelta(minutes=settings_of(request).command_ttl_minutes)
    command = devices.send_command(
        session,
        device_id,
        body.type,
        body.message,
        user.username,
        ttl=ttl,
        now=now_of(request),
        wake_at=body.wake_at,
    )
    return CommandOut.of(command)


@router.get("/devices/{device_id}/commands", tags=["commands"])
def list_device_commands(
    request: Request,
    device_id: RowId,
    _user: Staff,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[CommandOut]:
    """The device's command history, newest first."""
    devices.get_device_row(session, device_id)
    found = devices.list_commands(session, device_id, limit=limit, now=now_of(request))
    return [CommandOut.of(command) for command in found]


@router.get("/commands/{command_id}", tags=["commands"])
def get_command(
    request: Request, command_id: RowId, _user: Staff, session: SessionDep
) -> CommandOut:
    return CommandOut.of(devices.get_command(session, command_id, now=now_of(request)))

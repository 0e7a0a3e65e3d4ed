"""Admin API for content (``/api/admin/v1/content``): keys, uploads, versions, roll-outs,
and live announcements.

Uploads read their own body after the caller is authenticated, up to
``FLEET_MAX_CONTENT_BYTES`` (the body-limit middleware allows these paths that much, and
no more); every other request keeps the general limit. Reads are for staff, writes for
admins, except announcements, which staff publish and withdraw too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from sqlmodel import Session

from content.manifest import ContentKey
from fleet.admin.router import PREFIX, RowId, now_of, settings_of
from fleet.auth.dependencies import require_role
from fleet.auth.models import Role, User
from fleet.branches.schemas import GROUP_ID
from fleet.content import announcements, keys, service
from fleet.content.archive import read_bundle_archive
from fleet.content.convergence import convergence, rollout_clock, version_convergence
from fleet.content.models import GROUP_SCOPE_PREFIX, ContentRollout, RolloutStage
from fleet.content.schemas import (
    AnnouncementCreate,
    AnnouncementOut,
    AnnouncementsOut,
    AssignmentOut,
    AssignmentPut,
    BlobOut,
    Convergence,
    KeyIn,
    KeyOut,
    Published,
    RolloutCreate,
    RolloutOut,
    VersionDetailOut,
    VersionOut,
)
from fleet.db import SessionDep, run_in_transaction
from fleet.errors import FleetError
from fleet.protocol import ApiError

CONTENT_PREFIX = f"{PREFIX}/content"
#: Paths whose bodies may be as large as ``FLEET_MAX_CONTENT_BYTES`` (see the module doc).
UPLOAD_PREFIXES = (
    f"{CONTENT_PREFIX}/blobs/",
    f"{CONTENT_PREFIX}/versions",
    f"{CONTENT_PREFIX}/bundles",
)

router = APIRouter(
    prefix=CONTENT_PREFIX,
    tags=["content"],
    responses={code: {"model": ApiError} for code in (401, 403, 404, 409, 413, 422)},
)
Admin = Annotated[User, Depends(require_role(Role.ADMIN))]
Staff = Annotated[User, Depends(require_role(Role.STAFF))]
Sha256 = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
#: ``all``, a branch id, or ``group:<group id>``.
Scope = Annotated[
    str, Path(pattern=rf"^(?:[a-z][a-z0-9-]{{1,31}}|{GROUP_SCOPE_PREFIX}{GROUP_ID})$")
]
T = TypeVar("T")


async def _read_body(request: Request) -> bytes:
    limit = settings_of(request).max_content_bytes
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise FleetError("payload_too_large", f"The upload is larger than {limit} bytes.", 413)
    return bytes(body)


async def _in_transaction(request: Request, work: Callable[[Session], T]) -> T:
    return await run_in_threadpool(run_in_transaction, request.app.state.session_factory, work)


def _created(response: Response, created: bool) -> None:
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK


_RAW = {"required": True, "content": {"application/octet-stream": {"schema": {}}}}
_JSON = {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}


# --- keys --------------------------------------------------------------------------------------


@router.get("/keys", summary="Publisher keys, retired ones included")
def list_keys(_user: Staff, session: SessionDep) -> list[KeyOut]:
    return [KeyOut.of(key) for key in keys.list_keys(session)]


@router.post(
    "/keys",
    summary="Trust a publisher's public key (the KEY.pub JSON)",
    status_code=status.HTTP_201_CREATED,
)
def add_key(
    request: Request, body: KeyIn, user: Admin, session: SessionDep, response: Response
) -> KeyOut:
    """201 when new, 200 when already trusted; 409 ``key_retired`` for a retired key."""
    public = ContentKey(key_id=body.key_id, public_key=body.public_key)
    row, created = keys.add_key(session, public, user.username, now=now_of(request))
    _created(response, created)
    return KeyOut.of(row)


@router.post("/keys/{key_id}/retire", summary="Stop trusting a publisher key, for good")
def retire_key(
    request: Request,
    key_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{8}$")],
    user: Admin,
    session: SessionDep,
) -> KeyOut:
    return KeyOut.of(keys.retire_key(session, key_id, user.username, now=now_of(request)))


# --- uploads -----------------------------------------------------------------------------------


@router.put(
    "/blobs/{sha256}",
    summary="Upload one blob (the raw bytes of a bundle file)",
    openapi_extra={"requestBody": _RAW},
)
async def put_blob(request: Request, sha256: Sha256, user: Admin, response: Response) -> BlobOut:
    """201 when stored, 200 when the fleet had it already; 422 ``hash_mismatch``."""
    del user  # the role check is the point
    data = await _read_body(request)
    now = now_of(request)
    blob = await _in_transaction(
        request, lambda session: service.store_blob(session, sha256, data, now=now)
    )
    _created(response, blob.created)
    return blob


@router.post(
    "/versions",
    summary="Publish a version: its signed manifest.json, once its blobs are uploaded",
    openapi_extra={"requestBody": _JSON},
)
async def post_version(request: Request, user: Admin, response: Response) -> Published:
    """422 ``malformed`` / ``unknown_key`` / ``forged`` / ``expired``; 409 ``blobs_missing``
    (the details list them) or ``version_exists``. Publishing the same manifest again: 200."""
    data = await _read_body(request)
    now = now_of(request)
    published = await _in_transaction(
        request, lambda session: service.publish_version(session, data, user.username, now=now)
    )
    _created(response, published.created)
    return published


@router.post(
    "/bundles",
    summary="Publish a built bundle folder as one tar (optionally compressed)",
    openapi_extra={"requestBody": _RAW},
)
async def post_bundle(request: Request, user: Admin, response: Response) -> Published:
    """The archive holds manifest.json and blobs/; 422 ``bad_archive`` for anything unsafe."""
    data = await _read_body(request)
    limit = settings_of(request).max_content_bytes
    now = now_of(request)

    def work(session: Session) -> Published:
        archive = read_bundle_archive(data, max_bytes=limit)
        return service.publish_version(
            session, archive.manifest, user.username, now=now, blobs=archive.blobs
        )

    published = await _in_transaction(request, work)
    _created(response, published.created)
    return published


# --- versions ----------------------------------------------------------------------------------


@router.get("/versions", summary="Versions, newest first, with what each one changed")
def list_versions(
    _user: Staff,
    session: SessionDep,
    bundle: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[VersionOut]:
    return service.list_versions(session, bundle=bundle, limit=limit)


@router.get("/versions/{version_id}", summary="One version with its files")
def get_version(version_id: RowId, _user: Staff, session: SessionDep) -> VersionDetailOut:
    return service.get_version(session, version_id)


@router.get(
    "/versions/{version_id}/convergence",
    summary="How many targeted kiosks have the version, how fast, and who fails why",
)
def get_convergence(version_id: RowId, _user: Staff, session: SessionDep) -> Convergence:
    return version_convergence(session, service.get_version_row(session, version_id))


# --- assignments -------------------------------------------------------------------------------


@router.get(
    "/assignments",
    summary="What each scope shows (a branch's own wins over its group's, a group's over all)",
)
def list_assignments(_user: Staff, session: SessionDep) -> list[AssignmentOut]:
    return service.list_assignments(session)


def _assignment(session: Session, scope: str) -> AssignmentOut:
    found = [item for item in service.list_assignments(session) if item.scope == scope]
    return found[0]


@router.put(
    "/assignments/{scope}", summary="Assign a version to all, to a branch group or to one branch"
)
def put_assignment(
    request: Request, scope: Scope, body: AssignmentPut, user: Admin, session: SessionDep
) -> AssignmentOut:
    """``scope``: ``all``, ``group:<group id>`` or a branch id. 404 ``branch_not_found`` /
    ``branch_group_not_found``."""
    service.assign(session, scope, body.version_id, user.username, now=now_of(request))
    return _assignment(session, scope)


@router.delete(
    "/assignments/{scope}",
    summary="Drop an assignment (a branch then follows its group, else all)",
    status_code=status.HTTP_204_NO_CONTENT,
)
def delete_assignment(request: Request, scope: Scope, user: Admin, session: SessionDep) -> Response:
    service.unassign(session, scope, user.username, now=now_of(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- roll-outs ---------------------------------------------------------------------------------


def _rollout_out(
    session: Session, rollout: ContentRollout, *, with_convergence: bool
) -> RolloutOut:
    version = service.get_version_row(session, rollout.version_id)
    progress = None
    if with_convergence and rollout.stage != RolloutStage.ROLLED_BACK.value:
        progress = convergence(session, version, since=rollout_clock(rollout))
    return RolloutOut.of(rollout, version.label, progress)


@router.get("/rollouts", summary="Staged roll-outs, newest first")
def list_rollouts(
    _user: Staff, session: SessionDep, limit: Annotated[int, Query(ge=1, le=200)] = 20
) -> list[RolloutOut]:
    return [
        _rollout_out(session, rollout, with_convergence=False)
        for rollout in service.list_rollouts(session, limit=limit)
    ]


@router.post(
    "/rollouts",
    summary="Start a staged roll-out: the pilot branch first",
    status_code=status.HTTP_201_CREATED,
)
def start_rollout(
    request: Request, body: RolloutCreate, user: Admin, session: SessionDep
) -> RolloutOut:
    rollout = service.start_rollout(
        session, body.version_id, body.pilot_branch, user.username, now=now_of(request)
    )
    return _rollout_out(session, rollout, with_convergence=True)


@router.get("/rollouts/{rollout_id}", summary="A roll-out with its live convergence")
def get_rollout(rollout_id: RowId, _user: Staff, session: SessionDep) -> RolloutOut:
    return _rollout_out(session, service.get_rollout(session, rollout_id), with_convergence=True)


@router.post("/rollouts/{rollout_id}/promote", summary="Promote the pilot's version to all")
def promote_rollout(
    request: Request, rollout_id: RowId, user: Admin, session: SessionDep
) -> RolloutOut:
    rollout = service.promote_rollout(session, rollout_id, user.username, now=now_of(request))
    return _rollout_out(session, rollout, with_convergence=True)


@router.post("/rollouts/{rollout_id}/rollback", summary="Give every scope back what it had before")
def roll_back(request: Request, rollout_id: RowId, user: Admin, session: SessionDep) -> RolloutOut:
    rollout = service.roll_back(session, rollout_id, user.username, now=now_of(request))
    return _rollout_out(session, rollout, with_convergence=False)


# --- live announcements ------------------------------------------------------------------------


@router.get("/announcements", summary="Announcements running now, still to come, and ended")
def list_announcements(request: Request, _user: Staff, session: SessionDep) -> AnnouncementsOut:
    listed = announcements.list_announcements(session, now_of(request))
    return AnnouncementsOut(
        current=[AnnouncementOut.of(row) for row in listed.current],
        upcoming=[AnnouncementOut.of(row) for row in listed.upcoming],
        past=[AnnouncementOut.of(row) for row in listed.past],
    )


@router.post(
    "/announcements",
    summary="Publish an announcement to every branch or to some: kiosks show it within seconds",
    status_code=status.HTTP_201_CREATED,
)
def create_announcement(
    request: Request, body: AnnouncementCreate, user: Staff, session: SessionDep
) -> AnnouncementOut:
    """422 with every problem in ``details`` (``{"field", "code"}``): ``announcement_text_missing``,
    ``announcement_end_before_start``, ``announcement_too_long_running`` (over 30 days),
    ``announcement_end_passed``, ``branch_not_found`` ...; 409 ``too_many_announcements``."""
    now = now_of(request)
    draft = announcements.Draft(
        level=body.level.value,
        texts=body.text.model_dump(),
        starts_at=body.starts_at or now,
        ends_at=body.ends_at,
        branch_ids=tuple(body.branches or ()),
    )
    row = announcements.create_announcement(session, draft, user.username, now=now)
    return AnnouncementOut.of(row)


@router.post(
    "/announcements/{announcement_id}/withdraw",
    summary="End an announcement now (kiosks drop it within seconds)",
)
def withdraw_announcement(
    request: Request, announcement_id: RowId, user: Staff, session: SessionDep
) -> AnnouncementOut:
    row = announcements.withdraw_announcement(
        session, announcement_id, user.username, now=now_of(request)
    )
    return AnnouncementOut.of(row)

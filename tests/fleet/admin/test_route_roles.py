"""Every admin API route checks the caller's role: walk the app's real route table.

A route added without an entry here fails ``test_route_table_is_fully_described``; a route
whose role check is missing or too weak fails the access tests below.
"""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from fleet.admin.branch_groups import router as branch_groups_router
from fleet.admin.router import router
from fleet.admin.visitors import router as visitors_router
from fleet.auth.models import Role
from fleet.content.admin_router import router as content_router
from fleet.support.queue_router import admin_router as queue_router
from tests.fleet.admin.helpers import bearer
from tests.support.fleetdb import FleetDb

PUBLIC: frozenset[Role] = frozenset()
ANY_ACCOUNT = frozenset(Role)
STAFF = frozenset({Role.ADMIN, Role.STAFF})
ADMIN = frozenset({Role.ADMIN})
V1 = "/api/admin/v1"

#: (method, path) -> roles allowed; PUBLIC means no credential is needed.
ROUTES: dict[tuple[str, str], frozenset[Role]] = {
    ("POST", f"{V1}/auth/token"): PUBLIC,
    ("DELETE", f"{V1}/auth/token"): ANY_ACCOUNT,
    ("GET", f"{V1}/branches"): STAFF,
    ("GET", f"{V1}/branches/{{branch_id}}"): STAFF,
    ("PUT", f"{V1}/branches/{{branch_id}}"): ADMIN,
    ("PUT", f"{V1}/branches/{{branch_id}}/profile"): ADMIN,
    ("POST", f"{V1}/branches/{{branch_id}}/enrollment-codes"): ADMIN,
    ("PUT", f"{V1}/branches/{{branch_id}}/group"): ADMIN,
    ("GET", f"{V1}/branch-groups"): STAFF,
    ("GET", f"{V1}/branch-groups/{{group_id}}"): STAFF,
    ("PUT", f"{V1}/branch-groups/{{group_id}}"): ADMIN,
    ("DELETE", f"{V1}/branch-groups/{{group_id}}"): ADMIN,
    ("GET", f"{V1}/profiles"): ADMIN,
    ("POST", f"{V1}/profiles"): ADMIN,
    ("GET", f"{V1}/profiles/{{profile_id}}"): ADMIN,
    ("PUT", f"{V1}/profiles/{{profile_id}}"): ADMIN,
    ("GET", f"{V1}/devices"): STAFF,
    ("GET", f"{V1}/devices/{{device_id}}"): STAFF,
    ("POST", f"{V1}/devices/{{device_id}}/revoke"): ADMIN,
    ("PUT", f"{V1}/devices/{{device_id}}/overrides"): ADMIN,
    ("POST", f"{V1}/devices/{{device_id}}/commands"): STAFF,
    ("GET", f"{V1}/devices/{{device_id}}/commands"): STAFF,
    ("GET", f"{V1}/commands/{{command_id}}"): STAFF,
    ("POST", f"{V1}/patrons/check"): STAFF,
    ("POST", f"{V1}/patrons/release"): STAFF,
    ("GET", f"{V1}/sessions"): STAFF,
    ("POST", f"{V1}/sessions/{{session_id}}/end"): STAFF,
    ("POST", f"{V1}/guest-passes"): STAFF,
    ("GET", f"{V1}/guest-passes"): STAFF,
    ("POST", f"{V1}/guest-passes/{{pass_id}}/revoke"): STAFF,
    ("POST", f"{V1}/guest-passes/{{pass_id}}/print"): STAFF,
    ("POST", f"{V1}/reservations"): STAFF,
    ("GET", f"{V1}/reservations"): STAFF,
    ("DELETE", f"{V1}/reservations/{{reservation_id}}"): STAFF,
    ("GET", f"{V1}/content/keys"): STAFF,
    ("POST", f"{V1}/content/keys"): ADMIN,
    ("POST", f"{V1}/content/keys/{{key_id}}/retire"): ADMIN,
    ("PUT", f"{V1}/content/blobs/{{sha256}}"): ADMIN,
    ("POST", f"{V1}/content/versions"): ADMIN,
    ("POST", f"{V1}/content/bundles"): ADMIN,
    ("GET", f"{V1}/content/versions"): STAFF,
    ("GET", f"{V1}/content/versions/{{version_id}}"): STAFF,
    ("GET", f"{V1}/content/versions/{{version_id}}/convergence"): STAFF,
    ("GET", f"{V1}/content/assignments"): STAFF,
    ("PUT", f"{V1}/content/assignments/{{scope}}"): ADMIN,
    ("DELETE", f"{V1}/content/assignments/{{scope}}"): ADMIN,
    ("GET", f"{V1}/content/rollouts"): STAFF,
    ("POST", f"{V1}/content/rollouts"): ADMIN,
    ("GET", f"{V1}/content/rollouts/{{rollout_id}}"): STAFF,
    ("POST", f"{V1}/content/rollouts/{{rollout_id}}/promote"): ADMIN,
    ("POST", f"{V1}/content/rollouts/{{rollout_id}}/rollback"): ADMIN,
    ("GET", f"{V1}/content/announcements"): STAFF,
    ("POST", f"{V1}/content/announcements"): STAFF,
    ("POST", f"{V1}/content/announcements/{{announcement_id}}/withdraw"): STAFF,
    ("GET", f"{V1}/support/queue"): ANY_ACCOUNT,
    ("POST", f"{V1}/support/queue/next"): ANY_ACCOUNT,
    ("GET", f"{V1}/support/queue/{{ticket_id}}"): ANY_ACCOUNT,
    ("POST", f"{V1}/support/queue/{{ticket_id}}/call"): ANY_ACCOUNT,
    ("POST", f"{V1}/support/queue/{{ticket_id}}/done"): ANY_ACCOUNT,
    ("POST", f"{V1}/support/queue/{{ticket_id}}/cancel"): ANY_ACCOUNT,
}
GUARDED = sorted(key for key, roles in ROUTES.items() if roles)


def admin_routes(app: FastAPI) -> set[tuple[str, str]]:
    """The admin router's routes plus anything under /api/admin/ in the app's OpenAPI."""
    found: set[tuple[str, str]] = set()
    routers = (router, branch_groups_router, visitors_router, queue_router, content_router)
    for route in [route for each in routers for route in each.routes]:
        if isinstance(route, APIRoute):
            found.update((method, route.path) for method in (route.methods or set()) - {"HEAD"})
    for path, operations in app.openapi()["paths"].items():
        if path.startswith("/api/admin/"):
            found.update((method.upper(), path) for method in operations)
    return found


def concrete(path: str) -> str:
    path = path.replace("{sha256}", "0" * 64).replace("{scope}", "oodi")
    path = path.replace("{key_id}", "AAAAAAAA").replace("{group_id}", "east")
    return re.sub(r"\{branch_id\}", "oodi", re.sub(r"\{\w+_id\}", "1", path))


def test_route_table_is_fully_described(app: FastAPI) -> None:
    assert admin_routes(app) == set(ROUTES)


@pytest.mark.asyncio
@pytest.mark.parametrize(("method", "path"), GUARDED)
async def test_anonymous_and_bad_tokens_are_refused(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    for headers in ({}, bearer("made-up-token"), {"Authorization": "Basic YTpi"}):
        reply = await client.request(method, concrete(path), headers=headers, json={})
        assert reply.status_code == 401, (method, path, headers, reply.text)
        assert reply.json()["code"] == "not_authenticated"


@pytest.mark.asyncio
@pytest.mark.parametrize(("method", "path"), GUARDED)
async def test_each_role_gets_exactly_its_access(
    client: httpx.AsyncClient,
    tokens: dict[Role, str],
    fleet_db: FleetDb,
    method: str,
    path: str,
) -> None:
    fleet_db.create_branch("oodi")
    for role in Role:
        # Fresh tokens per test: DELETE /auth/token revokes the one it carries.
        reply = await client.request(method, concrete(path), headers=bearer(tokens[role]), json={})
        if role in ROUTES[(method, path)]:
            assert reply.status_code not in (401, 403), (role, method, path, reply.text)
        else:
            assert reply.status_code == 403, (role, method, path, reply.text)
            assert reply.json()["code"] == "forbidden"

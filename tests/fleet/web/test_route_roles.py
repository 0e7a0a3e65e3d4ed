"""Every /admin/ and /support/ page checks the viewer's role: walk the web routers' real route
tables.

A page added without an entry here fails ``test_route_table_is_fully_described``.
"""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from fleet.auth.models import Role
from fleet.web.branch_groups import router as branch_groups_router
from fleet.web.content import router as content_router
from fleet.web.router import router
from fleet.web.stats import router as stats_router
from fleet.web.support import router as support_router
from fleet.web.visitors import router as visitors_router
from tests.fleet.web.conftest import WebClient, csrf_of
from tests.support.fleetdb import FleetDb

PUBLIC: frozenset[Role] = frozenset()
ANY_ACCOUNT = frozenset(Role)
STAFF = frozenset({Role.ADMIN, Role.STAFF})
ADMIN = frozenset({Role.ADMIN})
ADVISER = frozenset({Role.ADMIN, Role.ADVISER})
QUEUE = frozenset({Role.ADMIN, Role.ADVISER, Role.STAFF})

ROUTES: dict[tuple[str, str], frozenset[Role]] = {
    ("GET", "/admin/static/{name}"): PUBLIC,
    ("GET", "/admin/language"): PUBLIC,
    ("GET", "/admin/login"): PUBLIC,
    ("POST", "/admin/login"): PUBLIC,
    ("POST", "/admin/logout"): ANY_ACCOUNT,
    ("GET", "/admin/"): STAFF,
    ("GET", "/admin/devices"): STAFF,
    ("GET", "/admin/devices/fragment"): STAFF,
    ("GET", "/admin/devices/{device_id}"): STAFF,
    ("GET", "/admin/devices/{device_id}/fragment"): STAFF,
    ("POST", "/admin/devices/{device_id}/commands"): STAFF,
    ("POST", "/admin/devices/{device_id}/revoke"): ADMIN,
    ("GET", "/admin/branches"): ADMIN,
    ("GET", "/admin/branches/{branch_id}"): ADMIN,
    ("POST", "/admin/branches/{branch_id}/hours"): ADMIN,
    ("POST", "/admin/branches/{branch_id}/profile"): ADMIN,
    ("POST", "/admin/branches/{branch_id}/enrollment-codes"): ADMIN,
    ("POST", "/admin/branches/{branch_id}/group"): ADMIN,
    ("POST", "/admin/branch-groups"): ADMIN,
    ("GET", "/admin/branch-groups/{group_id}"): ADMIN,
    ("POST", "/admin/branch-groups/{group_id}"): ADMIN,
    ("POST", "/admin/branch-groups/{group_id}/delete"): ADMIN,
    ("GET", "/admin/profiles"): ADMIN,
    ("POST", "/admin/profiles"): ADMIN,
    ("GET", "/admin/profiles/{profile_id}"): ADMIN,
    ("POST", "/admin/profiles/{profile_id}"): ADMIN,
    # visitor pages (fleet/web/visitors.py)
    ("GET", "/admin/sessions"): STAFF,
    ("GET", "/admin/sessions/fragment"): STAFF,
    ("POST", "/admin/sessions/{session_id}/end"): STAFF,
    ("POST", "/admin/sessions/{session_id}/message"): STAFF,
    ("GET", "/admin/cards/check"): STAFF,
    ("POST", "/admin/cards/check"): STAFF,
    ("POST", "/admin/cards/release"): STAFF,
    ("GET", "/admin/guest-passes"): STAFF,
    ("POST", "/admin/guest-passes"): STAFF,
    ("POST", "/admin/guest-passes/{pass_id}/revoke"): STAFF,
    ("POST", "/admin/guest-passes/{pass_id}/print"): STAFF,
    ("GET", "/admin/reservations"): STAFF,
    ("POST", "/admin/reservations"): STAFF,
    ("POST", "/admin/reservations/{reservation_id}/cancel"): STAFF,
    # the adviser console (fleet/web/support.py)
    ("GET", "/support/"): ADVISER,
    ("GET", "/support/queue"): QUEUE,
    ("GET", "/support/queue/fragment"): QUEUE,
    ("POST", "/support/queue/next"): QUEUE,
    ("POST", "/support/queue/{ticket_id}/call"): QUEUE,
    ("POST", "/support/queue/{ticket_id}/done"): QUEUE,
    ("POST", "/support/queue/{ticket_id}/cancel"): QUEUE,
    ("POST", "/support/bookings/{booking_id}/check-in"): ADVISER,
    ("POST", "/support/bookings/{booking_id}/done"): ADVISER,
    ("POST", "/support/bookings/{booking_id}/no-show"): ADVISER,
    ("POST", "/support/bookings/{booking_id}/cancel"): ADVISER,
    ("GET", "/support/week"): ADVISER,
    ("GET", "/support/book"): ADVISER,
    ("POST", "/support/book"): ADVISER,
    ("GET", "/support/availability"): ADVISER,
    ("POST", "/support/availability/rules"): ADVISER,
    ("POST", "/support/availability/rules/{rule_id}"): ADVISER,
    ("POST", "/support/availability/rules/{rule_id}/remove"): ADVISER,
    ("POST", "/support/availability/away"): ADVISER,
    ("POST", "/support/availability/away/remove"): ADVISER,
    ("GET", "/support/profile"): ADVISER,
    ("POST", "/support/profile"): ADVISER,
    ("POST", "/support/profile/calendar"): ADVISER,
    ("GET", "/support/advisers"): ADMIN,
    ("POST", "/support/advisers"): ADMIN,
    ("POST", "/support/advisers/{user_id}/active"): ADMIN,
    # statistics (fleet/web/stats.py): anonymous figures, any account
    ("GET", "/admin/stats"): ANY_ACCOUNT,
    ("GET", "/admin/stats/{chart}.csv"): ANY_ACCOUNT,
    # content (fleet/web/content.py): staff publish announcements and look; admins publish bundles
    ("GET", "/admin/announcements"): STAFF,
    ("POST", "/admin/announcements"): STAFF,
    ("POST", "/admin/announcements/{announcement_id}/withdraw"): STAFF,
    ("GET", "/admin/content"): STAFF,
    ("GET", "/admin/content/fragment"): STAFF,
    ("GET", "/admin/content/versions/{version_id}"): STAFF,
    ("POST", "/admin/content/upload"): ADMIN,
    ("POST", "/admin/content/assign"): ADMIN,
    ("POST", "/admin/content/unassign"): ADMIN,
    ("POST", "/admin/content/rollouts"): ADMIN,
    ("POST", "/admin/content/rollouts/{rollout_id}/promote"): ADMIN,
    ("POST", "/admin/content/rollouts/{rollout_id}/rollback"): ADMIN,
    ("POST", "/admin/content/keys"): ADMIN,
    ("POST", "/admin/content/keys/{key_id}/retire"): ADMIN,
}
GUARDED = sorted(key for key, roles in ROUTES.items() if roles)


def concrete(path: str) -> str:
    path = path.replace("{chart}", "activity").replace("{key_id}", "AAAAAAAA")
    path = path.replace("{group_id}", "east")
    return re.sub(r"\{branch_id\}", "oodi", re.sub(r"\{\w+_id\}", "1", path))


def test_route_table_is_fully_described() -> None:
    found: set[tuple[str, str]] = set()
    routers = [
        router,
        branch_groups_router,
        visitors_router,
        support_router,
        stats_router,
        content_router,
    ]
    for route in [r for each in routers for r in each.routes]:
        assert isinstance(route, APIRoute)
        found.update((method, route.path) for method in (route.methods or set()) - {"HEAD"})
    assert found == set(ROUTES)


@pytest.mark.asyncio
@pytest.mark.parametrize(("method", "path"), GUARDED)
async def test_anonymous_visitors_are_sent_to_sign_in(
    web: WebClient, method: str, path: str
) -> None:
    async with web() as http:
        reply = await http.request(method, concrete(path))
        assert reply.status_code == 303, (method, path)
        assert reply.headers["location"].startswith("/admin/login")


@pytest.mark.asyncio
@pytest.mark.parametrize(("method", "path"), GUARDED)
async def test_each_role_gets_exactly_its_access(
    web: WebClient, fleet_db: FleetDb, method: str, path: str
) -> None:
    fleet_db.create_branch("oodi")
    for role in Role:
        async with web(role) as http:
            # A page the role can open supplies the CSRF token, so refusals are about roles.
            home = await http.get("/admin/login?next=/admin/devices", follow_redirects=True)
            data = {"csrf_token": csrf_of(home.text)} if method == "POST" else None
            reply = await http.request(method, concrete(path), data=data)
            if role in ROUTES[(method, path)]:
                # Signing out lands on the sign-in page by design; anything else must not.
                signed_out = reply.status_code == 303 and reply.headers["location"].startswith(
                    "/admin/login"
                )
                assert reply.status_code != 403, (role, method, path)
                assert signed_out == (path == "/admin/logout"), (role, method, path)
            else:
                assert reply.status_code == 403, (role, method, path)
                assert "<html" in reply.text

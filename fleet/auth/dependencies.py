"""FastAPI dependencies: who is calling (bearer token or session cookie) and may they do this.

Every admin API and web route declares one of :func:`require_role` (API) or
:func:`require_web_role` (web); the route-table test fails for any route that does not.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from fleet.auth.errors import CsrfError, ForbiddenError, NotAuthenticatedError
from fleet.auth.models import Role, User, WebSession
from fleet.auth.passwords import Passwords
from fleet.auth.service import AuthConfig, AuthService
from fleet.auth.tokens import same_secret
from fleet.db import SessionDep

SESSION_COOKIE = "fleet_session"
LOGIN_CSRF_COOKIE = "fleet_login_csrf"
TOKEN_URL = "/api/admin/v1/auth/token"  # noqa: S105 - a path, not a secret

# auto_error=False: a missing token is our NotAuthenticatedError (ApiError body), not FastAPI's.
_bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


def get_passwords(request: Request) -> Passwords:
    """The app's password hasher: set by the composition root, else made once per app.

    Kept on ``app.state`` (not a module global) so each app, and each test, has its own.
    """
    passwords: Passwords | None = getattr(request.app.state, "passwords", None)
    if passwords is None:
        passwords = Passwords()
        request.app.state.passwords = passwords
    return passwords


def get_auth_config(request: Request) -> AuthConfig:
    config: AuthConfig | None = getattr(request.app.state, "auth_config", None)
    return config or AuthConfig()


def get_auth_service(
    request: Request,
    session: SessionDep,
    passwords: Annotated[Passwords, Depends(get_passwords)],
    config: Annotated[AuthConfig, Depends(get_auth_config)],
) -> AuthService:
    clock = getattr(request.app.state, "clock", None)
    if clock is not None:
        return AuthService(session, passwords, config, now=clock)
    return AuthService(session, passwords, config)


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# --- admin API (bearer tokens) --------------------------------------------------------------


def require_role(*roles: Role) -> Callable[..., User]:
    """A dependency that yields the caller's user if their role is one of ``roles``.

    Admins pass every check: admin does everything.
    """
    allowed = {Role.ADMIN, *roles}

    def dependency(auth: AuthServiceDep, token: Annotated[str | None, Depends(_bearer)]) -> User:
        user = auth.user_for_api_token(token) if token else None
        if user is None:
            raise NotAuthenticatedError()
        if user.role not in allowed:
            raise ForbiddenError()
        return user

    dependency.allowed_roles = frozenset(allowed)  # type: ignore[attr-defined]
    return dependency


# --- web UI (session cookie) ----------------------------------------------------------------


class WebLoginRequired(Exception):  # noqa: N818 - a control-flow signal, not an error
    """No valid session: the web route class answers with a redirect to the sign-in page."""


class WebForbidden(Exception):  # noqa: N818 - rendered as the translated 403 page
    """Signed in, but the role does not allow this page."""

    def __init__(self, viewer: Viewer) -> None:
        super().__init__("forbidden")
        self.viewer = viewer


@dataclass(frozen=True)
class Viewer:
    """The signed-in person looking at a web page, with their session's CSRF token."""

    user: User
    session: WebSession

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token

    @property
    def is_admin(self) -> bool:
        return self.user.role == Role.ADMIN


def current_viewer(request: Request, auth: AuthServiceDep) -> Viewer | None:
    """The signed-in viewer, or None (for pages that serve both, such as the sign-in page)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    found = auth.web_session(cookie) if cookie else None
    return Viewer(*found) if found else None


def require_web_role(*roles: Role) -> Callable[..., Awaitable[Viewer]]:
    """A dependency for web pages: a viewer with an allowed role, else sign-in or 403 page.

    POST requests must also carry the session's CSRF token in the form field ``csrf_token``.
    """
    allowed = {Role.ADMIN, *roles}

    async def dependency(
        request: Request, viewer: Annotated[Viewer | None, Depends(current_viewer)]
    ) -> Viewer:
        if viewer is None:
            raise WebLoginRequired()
        # Error pages rendered later in this request still know who is signed in.
        request.state.viewer = viewer
        if viewer.user.role not in allowed:
            raise WebForbidden(viewer)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            form = await request.form()
            sent = form.get("csrf_token")
            if not isinstance(sent, str) or not same_secret(sent, viewer.csrf_token):
                raise CsrfError()
        return viewer

    dependency.allowed_roles = frozenset(allowed)  # type: ignore[attr-defined]
    return dependency

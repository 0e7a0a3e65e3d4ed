"""Refusals from the accounts slice, each a FleetError with a stable code and HTTP status."""

from __future__ import annotations

from fleet.errors import FleetError


class AuthError(FleetError):
    """Base for every accounts refusal."""


class InvalidCredentialsError(AuthError):
    """Unknown user, wrong password or disabled account: deliberately indistinguishable."""

    def __init__(self) -> None:
        super().__init__("invalid_credentials", "Wrong username or password.", 401)


class LoginThrottledError(AuthError):
    """Too many failed sign-ins for this username from this address; try again later."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "login_throttled",
            f"Too many failed sign-ins. Try again in {retry_after} s.",
            429,
            details=[{"retry_after": retry_after}],
        )
        self.retry_after = retry_after


class NotAuthenticatedError(AuthError):
    """No valid credential came with the request."""

    def __init__(self) -> None:
        super().__init__("not_authenticated", "Sign in first: a valid bearer token is needed.", 401)


class ForbiddenError(AuthError):
    """The caller is known but their role does not allow this."""

    def __init__(self) -> None:
        super().__init__("forbidden", "Your role does not allow this.", 403)


class CsrfError(AuthError):
    """A form arrived without the token of the page it came from."""

    def __init__(self) -> None:
        super().__init__("csrf_failed", "The form expired or came from elsewhere. Try again.", 403)


class InvalidUserError(AuthError):
    """A user could not be created as asked (bad username, weak password, unknown language)."""

    def __init__(self, code: str) -> None:
        super().__init__(code, f"Cannot create the user: {code.replace('_', ' ')}.", 422)


class UserExistsError(AuthError):
    def __init__(self, username: str) -> None:
        super().__init__("user_exists", f"A user named {username!r} already exists.", 409)

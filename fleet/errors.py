"""The fleet's one business-error base class, rendered as the wire contract's ``ApiError``."""

from __future__ import annotations


class FleetError(Exception):
    """A refusal the client can understand: a stable ``code``, a message and an HTTP status."""

    def __init__(
        self,
        code: str,
        message: str,
        status: int = 400,
        details: list[dict[str, object]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details
        self.headers = headers


class NotFoundError(FleetError):
    """The named thing does not exist."""

    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"{what}_not_found", f"No {what.replace('_', ' ')} {key!r}.", 404)


class ConflictError(FleetError):
    """The request clashes with what exists (a duplicate id, a state that forbids it)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, 409)

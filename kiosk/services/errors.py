"""Errors raised by the kiosk services; one base class for the package."""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk services raise on purpose."""


class FleetError(KioskError):
    """Talking to the fleet server failed."""


class FleetUnreachableError(FleetError):
    """No usable reply: network error, timeout or a 5xx. Retry later; the kiosk works offline."""


class NotRegisteredError(FleetError):
    """The fleet does not know this device's credential (unknown or revoked), or there is none."""

    def __init__(self, code: str = "device_unknown") -> None:
        super().__init__(code)
        self.code = code


class EnrollmentError(FleetError):
    """The fleet refused an enrolment code; ``code`` is the ApiError code (``code_expired`` ...)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class FleetRejectedError(FleetError):
    """The fleet refused a request (a 4xx other than 401, or a 503 from behind the fleet such as
    ``directory_unavailable``): retrying the same request now will not help.

    ``retry_after`` is set when the fleet says when to try again (a card paused by wrong PINs).
    """

    def __init__(self, status: int, code: str, retry_after: int | None = None) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.retry_after = retry_after


class StateError(KioskError):
    """The local state directory is unusable (unreadable credential, corrupt file)."""

"""How well one peripheral works: the vocabulary the kiosk reports at check-in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# The same shape as the fleet's ``Slug``: the detail travels to the fleet as-is, so a value the
# wire contract would refuse must be caught here, where the bug is, not at check-in time.
_SLUG = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


class HealthStatus(StrEnum):
    """Health of one peripheral; the values match ``fleet.protocol.HealthStatus``."""

    OK = "ok"
    WARNING = "warning"  # works, but needs attention soon (paper near end)
    ERROR = "error"  # present but not working (paper out, offline)
    ABSENT = "absent"  # not configured, or not found


class HealthDetail(StrEnum):
    """Reasons the layer itself reports. Adapters may add other slugs; these are the usual ones."""

    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    OFFLINE = "offline"
    NOT_FOUND = "not_found"
    NOT_CONFIGURED = "not_configured"


@dataclass(frozen=True, slots=True)
class PeripheralHealth:
    """One peripheral's status with an optional machine-readable reason (``paper_low``)."""

    status: HealthStatus
    detail: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.status, HealthStatus):
            # Accept the plain string values too ("ok"), but store the enum member.
            object.__setattr__(self, "status", HealthStatus(self.status))
        if self.detail is not None:
            if not _SLUG.fullmatch(self.detail):
                raise ValueError(f"health detail must be a short slug, got {self.detail!r}")
            # A StrEnum member equals its value; store the plain str so repr and pickling are
            # the same whichever way the detail was given.
            object.__setattr__(self, "detail", str(self.detail))

    @property
    def usable(self) -> bool:
        """Whether the peripheral can do its job now (ok, or working with a warning)."""
        return self.status in (HealthStatus.OK, HealthStatus.WARNING)

    @classmethod
    def ok(cls) -> PeripheralHealth:
        return cls(HealthStatus.OK)

    @classmethod
    def warning(cls, detail: str) -> PeripheralHealth:
        return cls(HealthStatus.WARNING, detail)

    @classmethod
    def error(cls, detail: str) -> PeripheralHealth:
        return cls(HealthStatus.ERROR, detail)

    @classmethod
    def absent(cls, detail: str | None = None) -> PeripheralHealth:
        return cls(HealthStatus.ABSENT, detail)

"""Every slice's tables in one metadata, so Alembic and tests see the whole schema."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from sqlmodel import SQLModel

from fleet.branches.models import Branch, BranchHoursException, Profile
from fleet.devices.models import (
    Device,
    DeviceCommand,
    EnrollmentCode,
    UsageEventRecord,
)
from fleet.ops.models import AuditEntry


def optional_module(name: str) -> ModuleType | None:
    """Import ``name`` if it exists; used while other slices are still being built.

    Unlike a blanket ``except ImportError`` this never hides a broken import inside a module
    that does exist.
    """
    parent = name.rpartition(".")[0]
    if parent and importlib.util.find_spec(parent) is None:
        return None
    if importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


# fleet.auth (users, tokens, web sessions) is built by another slice; include it when present.
optional_module("fleet.auth.models")

metadata = SQLModel.metadata

__all__ = [
    "AuditEntry",
    "Branch",
    "BranchHoursException",
    "Device",
    "DeviceCommand",
    "EnrollmentCode",
    "Profile",
    "UsageEventRecord",
    "metadata",
    "optional_module",
]

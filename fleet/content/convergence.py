"""What kiosks report about their content, and how far a version has reached them.

The check-in flush calls :func:`record_content_reports` with the newest report of each
device it writes: one SELECT per flush, and a write only for the devices whose installed
manifest or error changed (which is rare), never per check-in. ``confirmed_at`` is when a
kiosk first reported a manifest: the convergence clock.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, Table
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from fleet.content.models import (
    ContentAssignment,
    ContentRollout,
    ContentVersion,
    DeviceContent,
    RolloutStage,
)
from fleet.content.schemas import BranchConvergence, Convergence, FailingDevice
from fleet.devices.models import Device, DeviceStatus

_DEVICE: Table = Device.__table__  # type: ignore[attr-defined]
_DEVICE_CONTENT: Table = DeviceContent.__table__  # type: ignore[attr-defined]
_CHUNK = 1000
#: The share of targeted kiosks whose arrival ends the roll-out clock.
CONVERGED_SHARE = 0.95
MAX_FAILING = 100


@dataclass(frozen=True, slots=True)
class ContentReport:
    """A device's content as its newest check-in reported it."""

    manifest_id: str | None
    error: str | None
    seen_at: dt.datetime


def record_content_reports(connection: Connection, reports: Mapping[int, ContentReport]) -> int:
    """Store what changed in ``reports`` (by device id); returns the rows written."""
    columns = _DEVICE_CONTENT.c
    stored: dict[int, tuple[str | None, dt.datetime | None, str | None, dt.datetime | None]] = {}
    ids = sorted(reports)
    for start in range(0, len(ids), _CHUNK):
        rows = connection.execute(
            _DEVICE_CONTENT.select()
            .with_only_columns(
                columns.device_id,
                columns.manifest_id,
                columns.confirmed_at,
                columns.error,
                columns.error_at,
            )
            .where(columns.device_id.in_(ids[start : start + _CHUNK]))
        ).all()
        stored.update({row[0]: (row[1], row[2], row[3], row[4]) for row in rows})
    changed: list[dict[str, object]] = []
    for device_id in ids:
        report = reports[device_id]
        known = stored.get(device_id)
        if known is None and report.manifest_id is None and report.error is None:
            continue  # no content yet: nothing to remember
        manifest_id, confirmed_at, error, error_at = known or (None, None, None, None)
        if known is not None and (manifest_id, error) == (report.manifest_id, report.error):
            continue  # the usual case: nothing changed
        if known is None or report.manifest_id != manifest_id:
            confirmed_at = report.seen_at if report.manifest_id is not None else None
        if report.error != error:
            error_at = report.seen_at if report.error is not None else None
        changed.append(
            {
                "device_id": device_id,
                "manifest_id": report.manifest_id,
                "confirmed_at": confirmed_at,
                "error": report.error,
                "error_at": error_at,
            }
        )
    if changed:
        postgres = connection.dialect.name == "postgresql"
        statement = (postgresql.insert if postgres else sqlite.insert)(_DEVICE_CONTENT)
        statement = statement.on_conflict_do_update(
            index_elements=["device_id"],
            set_={
                name: statement.excluded[name]
                for name in ("manifest_id", "confirmed_at", "error", "error_at")
            },
        )
        connection.execute(statement, changed)
    return len(changed)


# --- the convergence view ----------------------------------------------------------------------


def convergence(
    session: Session, version: ContentVersion, *, since: dt.datetime | None
) -> Convergence:
    """How many active kiosks this version is meant for, how many have it, who fails why."""
    assert version.id is not None
    device = _DEVICE.c
    reported = _DEVICE_CONTENT.c
    rows = session.execute(
        sa_select(
            device.id,
            device.name,
            device.branch_id,
            reported.manifest_id,
            reported.confirmed_at,
            reported.error,
            reported.error_at,
        )
        .select_from(_DEVICE.outerjoin(_DEVICE_CONTENT, reported.device_id == device.id))
        .where(
            device.status == DeviceStatus.ACTIVE.value,
            device.content_target == version.manifest_id,
        )
        .order_by(device.branch_id, device.id)
    ).all()
    confirmed_at: list[dt.datetime] = []
    errors: Counter[str] = Counter()
    failing: list[FailingDevice] = []
    per_branch: dict[str, list[int]] = {}
    for device_id, name, branch_id, installed, confirmed, error, error_at in rows:
        counts = per_branch.setdefault(branch_id, [0, 0])
        counts[0] += 1
        if installed == version.manifest_id:
            counts[1] += 1
            if confirmed is not None:
                confirmed_at.append(confirmed)
            continue
        if error is not None:
            errors[error] += 1
            if len(failing) < MAX_FAILING:
                failing.append(
                    FailingDevice(
                        device_id=device_id,
                        device_name=name,
                        branch_id=branch_id,
                        installed=installed,
                        error=error,
                        at=error_at,
                    )
                )
    targeted = len(rows)
    confirmed_count = sum(counts[1] for counts in per_branch.values())
    return Convergence(
        version_id=version.id,
        label=version.label,
        manifest_id=version.manifest_id,
        since=since,
        targeted=targeted,
        confirmed=confirmed_count,
        share=confirmed_count / targeted if targeted else 1.0,
        time_to_95_seconds=_time_to_share(sorted(confirmed_at), targeted, since),
        errors=dict(sorted(errors.items())),
        failing=failing,
        branches=[
            BranchConvergence(branch_id=branch_id, targeted=counts[0], confirmed=counts[1])
            for branch_id, counts in per_branch.items()
        ],
    )


def _time_to_share(
    confirmed: list[dt.datetime], targeted: int, since: dt.datetime | None
) -> float | None:
    needed = math.ceil(CONVERGED_SHARE * targeted)
    if since is None or targeted == 0 or len(confirmed) < needed:
        return None
    return max(0.0, (confirmed[needed - 1] - since).total_seconds())


def version_convergence(session: Session, version: ContentVersion) -> Convergence:
    """Convergence since the version's newest roll-out stage, else its earliest assignment."""
    rollout = session.exec(
        select(ContentRollout)
        .where(ContentRollout.version_id == version.id)
        .order_by(col(ContentRollout.id).desc())
    ).first()
    if rollout is not None and rollout.stage != RolloutStage.ROLLED_BACK.value:
        since: dt.datetime | None = rollout_clock(rollout)
    else:
        since = _assigned_since(session, version)
    return convergence(session, version, since=since)


def rollout_clock(rollout: ContentRollout) -> dt.datetime:
    """Where a roll-out's convergence clock starts: its promotion, else its start."""
    return rollout.promoted_at or rollout.started_at


def _assigned_since(session: Session, version: ContentVersion) -> dt.datetime | None:
    moments = session.exec(
        select(ContentAssignment.assigned_at).where(ContentAssignment.version_id == version.id)
    ).all()
    return min(moments) if moments else None

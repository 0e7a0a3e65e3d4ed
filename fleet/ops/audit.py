"""Recording and reading the audit trail (commands, enrolments, config changes, log-ins)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlmodel import Session, col, select

from fleet.db import utcnow
from fleet.ops.models import AuditEntry

#: Detail keys that must never reach the audit trail, whatever a caller passes.
_SECRET_KEYS = frozenset({"password", "pin", "token", "secret", "code", "access_token"})


def record_audit(
    session: Session,
    actor: str,
    action: str,
    target_type: str,
    target_id: object,
    detail: Mapping[str, object] | None = None,
    *,
    now: dt.datetime | None = None,
) -> AuditEntry:
    """Add one audit entry to the session (the request commits it with the change itself)."""
    clean = {k: v for k, v in (detail or {}).items() if k.lower() not in _SECRET_KEYS}
    entry = AuditEntry(
        at=now or utcnow(),
        actor=actor[:100],
        action=action[:64],
        target_type=target_type[:32],
        target_id=str(target_id)[:64],
        detail=clean,
    )
    session.add(entry)
    return entry


def list_audit(
    session: Session,
    *,
    target_type: str | None = None,
    target_id: object | None = None,
    action: str | None = None,
    limit: int = 100,
) -> list[AuditEntry]:
    """Newest first, optionally for one target or one kind of action."""
    query = select(AuditEntry)
    if target_type is not None:
        query = query.where(AuditEntry.target_type == target_type)
    if target_id is not None:
        query = query.where(AuditEntry.target_id == str(target_id))
    if action is not None:
        query = query.where(AuditEntry.action == action)
    query = query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc()).limit(limit)
    return list(session.exec(query))

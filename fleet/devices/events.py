"""Storing anonymous usage events exactly once per event id."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from fleet.devices.models import UsageEventRecord
from fleet.protocol import EventBatch, EventBatchResult

_TABLE = UsageEventRecord.__table__  # type: ignore[attr-defined]


def store_events(
    connection: Connection, branch_id: str, batch: EventBatch, now: dt.datetime
) -> EventBatchResult:
    """Insert the batch; ids already stored (from an earlier, maybe cut, upload) are skipped.

    ``INSERT ... ON CONFLICT DO NOTHING RETURNING id`` on both dialects: the database, not a
    read-then-write in Python, decides what is new, so concurrent retries cannot double up.
    """
    rows: dict[str, dict[str, object]] = {}
    for event in batch.events:
        rows.setdefault(
            str(event.id),
            {
                "id": str(event.id),
                "type": event.type.value,
                "branch_id": branch_id,
                "occurred_at": event.occurred_at,
                "received_at": now,
                "attrs": dict(event.attrs),
            },
        )
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(_TABLE).on_conflict_do_nothing(index_elements=["id"]).returning(_TABLE.c.id)
    inserted = connection.execute(statement, list(rows.values())).all()
    accepted = len(inserted)
    return EventBatchResult(accepted=accepted, duplicates=len(batch.events) - accepted)

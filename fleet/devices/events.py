"""Storing anonymous usage events exactly once per event id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect

from fleet.devices.models import UsageEventRecord
from fleet.protocol import EventBatch, EventBatchResult

_TABLE = UsageEventRecord.__table__  # type: ignore[attr-defined]

# The SQLite form of the PostgreSQL insert below: same columns, same conflict target.
_SQLITE_INSERT = (
    "INSERT INTO usage_event (id, type, branch_id, occurred_at, received_at, attrs) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"
)


def store_events(
    connection: Connection, branch_id: str, batch: EventBatch, now: dt.datetime
) -> EventBatchResult:
    """Insert the batch; ids already stored (from an earlier, maybe cut, upload) are skipped.

    ``INSERT ... ON CONFLICT (id) DO NOTHING`` on both dialects: the database, not a
    read-then-write in Python, decides what is new, so concurrent retries cannot double up.
    Of one id sent twice in a batch, the first is kept. Rows go in id order: B-tree inserts
    in key order are cheaper, and on PostgreSQL two uploads sharing ids take their row
    locks in the same order, so they wait for each other instead of deadlocking.
    """
    if connection.dialect.name == "sqlite":
        accepted = _insert_sqlite(connection, branch_id, batch, now)
    else:
        accepted = _insert_returning(connection, branch_id, batch, now)
    return EventBatchResult(accepted=accepted, duplicates=len(batch.events) - accepted)


def _insert_sqlite(
    connection: Connection, branch_id: str, batch: EventBatch, now: dt.datetime
) -> int:
    """One ``executemany`` on the driver's connection, inside the caller's transaction.

    Through SQLAlchemy, a parameter dict, the bind processors and a RETURNING row per
    event cost more than SQLite's own inserts. The values are stored as SQLAlchemy stores
    them (a test compares the two). ``sqlite3`` adds up the rows each execution inserted
    in ``rowcount``; a skipped conflict inserts none.
    """
    stamp, encode = _sqlite_binds(connection.dialect)
    received = stamp(now)
    rows = [
        (
            str(event.id),
            event.type.value,
            branch_id,
            stamp(event.occurred_at),
            received,
            encode(event.attrs),
        )
        for event in batch.events
    ]
    rows.sort(key=itemgetter(0))  # stable: the first of a repeated id stays first
    if not connection.in_transaction():
        connection.begin()  # as executing through SQLAlchemy would, so commit() covers this
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(_SQLITE_INSERT, rows)
        return int(cursor.rowcount)
    finally:
        cursor.close()


_Bind = Callable[[Any], Any]


def _sqlite_binds(dialect: Dialect) -> tuple[_Bind, _Bind]:
    """The stored SQLite form of an aware time and of ``attrs``, as SQLAlchemy writes them."""
    to_text = _TABLE.c.occurred_at.type.dialect_impl(dialect).bind_processor(dialect)

    def stamp(value: dt.datetime) -> Any:
        # A validated Timestamp is in UTC, and then its first 26 ISO characters are the
        # text SQLAlchemy stores ("2026-11-23 08:00:00.000000"), in half the time.
        if value.tzinfo is dt.UTC:
            return value.isoformat(" ", "microseconds")[:26]
        return to_text(value)

    return stamp, _TABLE.c.attrs.type.dialect_impl(dialect).bind_processor(dialect)


def _insert_returning(
    connection: Connection, branch_id: str, batch: EventBatch, now: dt.datetime
) -> int:
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
    statement = (
        postgresql.insert(_TABLE)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(_TABLE.c.id)
    )
    inserted = connection.execute(statement, [rows[key] for key in sorted(rows)]).all()
    return len(inserted)

"""The kiosk's local SQLite database: outbox, commands, settings, used card proofs, reports."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fleet.protocol import Command, CommandResult, CommandStatus, UsageEvent

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS quarantine (
    event_id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    reason TEXT NOT NULL,
    quarantined_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS commands (
    command_id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    received_at TEXT NOT NULL,
    status TEXT,
    detail TEXT,
    acked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS commands_unacked ON commands (acked) WHERE acked = 0;
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seen_proofs (
    proof_id TEXT PRIMARY KEY,
    remember_until TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS session_reports (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    session_id TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (kind, session_id)
);
"""

#: How long executed command ids are remembered. Far longer than any command lives on the
#: fleet, so a redelivery can never run a command twice.
COMMAND_MEMORY = dt.timedelta(days=30)


@dataclass(frozen=True)
class OutboxRow:
    seq: int
    event_id: str
    body: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


class LocalStore:
    """One SQLite file. Every write is its own committed transaction before the caller goes on.

    Used from the event-loop thread only; each call is a few small statements on a local
    file, cheaper than a hop to a worker thread.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        # isolation_level=None: we open transactions ourselves, so nothing commits implicitly.
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed event survives a power cut too, not only a killed process.
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # --- outbox ---------------------------------------------------------------------------------

    def outbox_add(self, event: UsageEvent) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO outbox (event_id, body) VALUES (?, ?)",
                (str(event.id), event.model_dump_json()),
            )

    def outbox_peek(self, limit: int) -> list[OutboxRow]:
        """The oldest ``limit`` events, in the order they were recorded."""
        rows = self._db.execute(
            "SELECT seq, event_id, body FROM outbox ORDER BY seq LIMIT ?", (limit,)
        ).fetchall()
        return [OutboxRow(seq, event_id, body) for seq, event_id, body in rows]

    def outbox_delete(self, event_ids: Sequence[str]) -> None:
        with self._transaction() as db:
            db.executemany("DELETE FROM outbox WHERE event_id = ?", [(i,) for i in event_ids])

    def outbox_quarantine(self, rows: Sequence[OutboxRow], reason: str) -> None:
        """Move rows the fleet will never accept aside, so they cannot block the ones behind."""
        now = _now()
        with self._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO quarantine (event_id, body, reason, quarantined_at)"
                " VALUES (?, ?, ?, ?)",
                [(row.event_id, row.body, reason, now) for row in rows],
            )
            db.executemany(
                "DELETE FROM outbox WHERE event_id = ?", [(row.event_id,) for row in rows]
            )

    def outbox_depth(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM outbox").fetchone()[0])

    def quarantine_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM quarantine").fetchone()[0])

    # --- executed commands ----------------------------------------------------------------------

    def claim_command(self, command: Command) -> bool:
        """Record that ``command`` is about to run. False if it was claimed before (redelivery)."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO commands (command_id, type, received_at) VALUES (?, ?, ?)",
                (command.id, str(command.type), _now()),
            )
            return cursor.rowcount == 1

    def finish_command(
        self,
        command_id: int,
        result: CommandResult,
        settings: Mapping[str, str | None] | None = None,
    ) -> None:
        """Store a command's result, together with the settings it changed, in one transaction."""
        with self._transaction() as db:
            self._write_settings(db, settings or {})
            db.execute(
                "UPDATE commands SET status = ?, detail = ?, acked = 0 WHERE command_id = ?",
                (result.status.value, result.detail, command_id),
            )

    def command_result(self, command_id: int) -> CommandResult | None:
        row = self._db.execute(
            "SELECT status, detail FROM commands WHERE command_id = ?", (command_id,)
        ).fetchone()
        if row is None or row[0] is None:
            return None
        return CommandResult(status=CommandStatus(row[0]), detail=row[1])

    def requeue_result(self, command_id: int) -> None:
        """The fleet redelivered a finished command: it lost our result, so send it again."""
        with self._transaction() as db:
            db.execute(
                "UPDATE commands SET acked = 0 WHERE command_id = ? AND status IS NOT NULL",
                (command_id,),
            )

    def unacked_results(self) -> list[tuple[int, CommandResult]]:
        rows = self._db.execute(
            "SELECT command_id, status, detail FROM commands"
            " WHERE acked = 0 AND status IS NOT NULL ORDER BY command_id"
        ).fetchall()
        return [(cid, CommandResult(status=CommandStatus(s), detail=d)) for cid, s, d in rows]

    def mark_result_acked(self, command_id: int) -> None:
        with self._transaction() as db:
            db.execute("UPDATE commands SET acked = 1 WHERE command_id = ?", (command_id,))

    def forget_old_commands(self, now: dt.datetime) -> None:
        cutoff = (now - COMMAND_MEMORY).isoformat()
        with self._transaction() as db:
            db.execute("DELETE FROM commands WHERE acked = 1 AND received_at < ?", (cutoff,))

    def recover_interrupted_commands(self) -> None:
        """Report commands claimed but never finished (cut by a crash) as failed.

        They must not run again (at most once). Only the shell calls this, at start: another
        process opening the database (a test, a diagnostic tool) must not touch live commands.
        """
        with self._transaction() as db:
            db.execute(
                "UPDATE commands SET status = ?, detail = 'interrupted', acked = 0"
                " WHERE status IS NULL",
                (CommandStatus.FAILED.value,),
            )

    # --- digital-card proofs seen here (replay guard) ---------------------------------------------

    def first_use(self, proof_id: str, remember_until: dt.datetime) -> bool:
        """Remember ``proof_id`` until ``remember_until``; False if it was seen before.

        Durable (committed before the log-in proceeds), so a restart does not reopen a replay.
        """
        now = _now()
        with self._transaction() as db:
            db.execute("DELETE FROM seen_proofs WHERE remember_until < ?", (now,))
            cursor = db.execute(
                "INSERT OR IGNORE INTO seen_proofs (proof_id, remember_until) VALUES (?, ?)",
                (proof_id, remember_until.astimezone(dt.UTC).isoformat()),
            )
            return cursor.rowcount == 1

    # --- session reports waiting for the fleet ---------------------------------------------------

    def add_session_report(self, kind: str, session_id: str, body: str) -> None:
        """Queue a report (``end`` or ``offline``) until the fleet has it; a repeat is ignored."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO session_reports (kind, session_id, body) VALUES (?, ?, ?)",
                (kind, session_id, body),
            )

    def session_reports(self) -> list[tuple[int, str, str, str]]:
        """(seq, kind, session_id, body) of every queued report, oldest first."""
        rows = self._db.execute(
            "SELECT seq, kind, session_id, body FROM session_reports ORDER BY seq"
        ).fetchall()
        return [(int(seq), str(kind), str(sid), str(body)) for seq, kind, sid, body in rows]

    def delete_session_report(self, seq: int) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM session_reports WHERE seq = ?", (seq,))

    # --- settings -------------------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_settings(self, settings: Mapping[str, str | None]) -> None:
        with self._transaction() as db:
            self._write_settings(db, settings)

    @staticmethod
    def _write_settings(db: sqlite3.Connection, settings: Mapping[str, str | None]) -> None:
        for key, value in settings.items():
            if value is None:
                db.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                db.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

"""The local SQLite store: outbox order, quarantine, settings, command bookkeeping."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from fleet.protocol import Command, CommandResult, CommandStatus, CommandType, EventType, UsageEvent
from kiosk.services.store import LocalStore

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def event(n: int) -> UsageEvent:
    return UsageEvent(
        id=uuid.uuid4(), type=EventType.SHELL_STARTED, occurred_at=NOW, attrs={"n": n}
    )


def command(command_id: int, kind: CommandType = CommandType.SYNC) -> Command:
    return Command(
        id=command_id, type=kind, issued_at=NOW, expires_at=NOW + dt.timedelta(minutes=10)
    )


def test_outbox_keeps_order_ignores_repeats_and_survives_reopening(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "k.sqlite3")
    events = [event(n) for n in range(5)]
    for e in events:
        store.outbox_add(e)
    store.outbox_add(events[0])
    assert store.outbox_depth() == 5
    store.close()
    store = LocalStore(tmp_path / "k.sqlite3")
    rows = store.outbox_peek(3)
    assert [r.event_id for r in rows] == [str(e.id) for e in events[:3]]
    store.outbox_delete([rows[0].event_id, rows[1].event_id])
    store.outbox_quarantine([rows[2]], "validation_error")
    assert store.outbox_depth() == 2
    assert store.quarantine_count() == 1
    assert [r.event_id for r in store.outbox_peek(10)] == [str(e.id) for e in events[3:]]


def test_a_command_can_be_claimed_once_and_its_result_requeued(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "k.sqlite3")
    assert store.claim_command(command(7)) is True
    assert store.claim_command(command(7)) is False
    store.finish_command(7, CommandResult(status=CommandStatus.SUCCEEDED))
    assert store.unacked_results() == [(7, CommandResult(status=CommandStatus.SUCCEEDED))]
    store.mark_result_acked(7)
    assert store.unacked_results() == []
    store.requeue_result(7)
    assert [cid for cid, _ in store.unacked_results()] == [7]


def test_settings_change_atomically_with_the_command_result(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "k.sqlite3")
    store.claim_command(command(1, CommandType.LOCK))
    store.finish_command(1, CommandResult(status=CommandStatus.SUCCEEDED), {"lock_message": "Hi"})
    assert store.get_setting("lock_message") == "Hi"
    store.set_settings({"lock_message": None})
    assert store.get_setting("lock_message") is None


def test_a_command_cut_by_a_crash_is_reported_failed_not_rerun(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "k.sqlite3")
    store.claim_command(command(3, CommandType.RESTART))
    store.close()  # the process dies before finishing it
    store = LocalStore(tmp_path / "k.sqlite3")
    assert store.command_result(3) is None  # merely opening the database changes nothing
    store.recover_interrupted_commands()  # the shell does this at start
    assert store.claim_command(command(3, CommandType.RESTART)) is False
    assert store.command_result(3) == CommandResult(
        status=CommandStatus.FAILED, detail="interrupted"
    )


def test_old_acknowledged_commands_are_forgotten(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "k.sqlite3")
    store.claim_command(command(1))
    store.finish_command(1, CommandResult(status=CommandStatus.SUCCEEDED))
    store.mark_result_acked(1)
    store.forget_old_commands(dt.datetime.now(dt.UTC) + dt.timedelta(days=31))
    assert store.command_result(1) is None

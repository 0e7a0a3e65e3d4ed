"""Command execution: at most once per id, results kept, lock persisted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fleet.protocol import Command, CommandResult, CommandStatus, CommandType, GuestPassSlip
from kiosk.services.commands import CommandExecutor
from kiosk.services.store import LocalStore

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


class RecordingEffects:
    """Stands in for the shell: records what the commands asked it to do."""

    def __init__(self, *, in_session: bool = False) -> None:
        self.calls: list[tuple[str, str | None]] = []
        self.in_session = in_session

    def locked(self, message: str | None) -> None:
        self.calls.append(("locked", message))

    def unlocked(self) -> None:
        self.calls.append(("unlocked", None))

    def message_received(self, text: str) -> None:
        self.calls.append(("message", text))

    def restart_requested(self) -> None:
        self.calls.append(("restart", None))

    def sync_requested(self) -> None:
        self.calls.append(("sync", None))

    def end_session_requested(self) -> bool:
        self.calls.append(("end_session", None))
        return self.in_session

    def guest_pass_slip_requested(self, command_id: int, slip: GuestPassSlip) -> None:
        self.calls.append(("guest_pass", f"{command_id}:{slip.code}:{slip.pin}"))

    def shutdown_requested(self, command_id: int, wake_at: dt.datetime | None) -> None:
        self.calls.append(("shutdown", f"{command_id}:{wake_at.isoformat() if wake_at else ''}"))


def command(
    command_id: int, kind: CommandType, message: str | None = None, expires_in: int = 600
) -> Command:
    return Command(
        id=command_id,
        type=kind,
        message=message,
        issued_at=NOW,
        expires_at=NOW + dt.timedelta(seconds=expires_in),
    )


@pytest.fixture
def store(tmp_path: Path) -> LocalStore:
    return LocalStore(tmp_path / "k.sqlite3")


def executor(store: LocalStore, effects: RecordingEffects) -> CommandExecutor:
    return CommandExecutor(store, effects, lambda: NOW)


def results(store: LocalStore) -> dict[int, CommandResult]:
    return dict(store.unacked_results())


def test_each_command_type_runs_and_records_its_result(store: LocalStore) -> None:
    effects = RecordingEffects()
    run = executor(store, effects)
    run.execute(command(1, CommandType.LOCK, "Huolto klo 12"))
    run.execute(command(2, CommandType.MESSAGE, "Kirjasto sulkeutuu 15 min päästä"))
    run.execute(command(3, CommandType.END_SESSION))
    run.execute(command(4, CommandType.SYNC))
    run.execute(command(5, CommandType.UNLOCK))
    run.execute(command(6, CommandType.RESTART))
    assert effects.calls == [
        ("locked", "Huolto klo 12"),
        ("message", "Kirjasto sulkeutuu 15 min päästä"),
        ("end_session", None),
        ("sync", None),
        ("unlocked", None),
        ("restart", None),
    ]
    ok = CommandStatus.SUCCEEDED
    assert results(store) == {
        1: CommandResult(status=ok),
        2: CommandResult(status=ok),
        3: CommandResult(status=ok, detail="no_session"),
        4: CommandResult(status=ok),
        5: CommandResult(status=ok),
        6: CommandResult(status=ok),
    }


def test_end_session_reports_whether_a_session_was_ended(store: LocalStore) -> None:
    effects = RecordingEffects(in_session=True)
    executor(store, effects).execute(command(7, CommandType.END_SESSION))
    assert effects.calls == [("end_session", None)]
    assert results(store) == {7: CommandResult(status=CommandStatus.SUCCEEDED)}


def test_a_redelivered_command_does_not_run_again(store: LocalStore) -> None:
    effects = RecordingEffects()
    run = executor(store, effects)
    assert run.execute(command(9, CommandType.MESSAGE, "Hei")) is True
    store.mark_result_acked(9)
    assert run.execute(command(9, CommandType.MESSAGE, "Hei")) is False
    assert effects.calls == [("message", "Hei")]
    # ...but its stored result goes to the fleet again, which evidently lost it.
    assert list(results(store)) == [9]


def test_at_most_once_holds_across_a_restart(tmp_path: Path) -> None:
    first = LocalStore(tmp_path / "k.sqlite3")
    executor(first, RecordingEffects()).execute(command(4, CommandType.RESTART))
    first.close()
    effects = RecordingEffects()
    executor(LocalStore(tmp_path / "k.sqlite3"), effects).execute(command(4, CommandType.RESTART))
    assert effects.calls == []


def test_lock_state_persists_and_unlock_clears_it(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "k.sqlite3")
    executor(store, RecordingEffects()).execute(command(1, CommandType.LOCK, "  "))
    store.close()
    reopened = executor(LocalStore(tmp_path / "k.sqlite3"), RecordingEffects())
    assert reopened.locked_message() == (True, None)
    reopened.execute(command(2, CommandType.UNLOCK))
    assert reopened.locked_message() == (False, None)


def test_expired_and_empty_commands_fail_without_effects(store: LocalStore) -> None:
    effects = RecordingEffects()
    run = executor(store, effects)
    run.execute(command(1, CommandType.LOCK, "late", expires_in=-1))
    run.execute(command(2, CommandType.MESSAGE, "   "))
    assert effects.calls == []
    assert results(store) == {
        1: CommandResult(status=CommandStatus.FAILED, detail="expired"),
        2: CommandResult(status=CommandStatus.FAILED, detail="empty_message"),
    }
    assert run.locked_message() == (False, None)


def test_a_failing_effect_is_reported_not_raised(store: LocalStore) -> None:
    class Broken(RecordingEffects):
        def message_received(self, text: str) -> None:
            raise RuntimeError("screen gone")

    executor(store, Broken()).execute(command(1, CommandType.MESSAGE, "Hei"))
    assert results(store) == {1: CommandResult(status=CommandStatus.FAILED, detail="error")}


SLIP = GuestPassSlip(
    code="12345678", pin="4321", valid_until=NOW + dt.timedelta(hours=5), minutes=90
)


def test_a_guest_pass_slip_is_reported_when_the_printer_has_answered(store: LocalStore) -> None:
    effects = RecordingEffects()
    run = executor(store, effects)
    run.execute(command(11, CommandType.PRINT_GUEST_PASS).model_copy(update={"guest_pass": SLIP}))
    assert effects.calls == [("guest_pass", "11:12345678:4321")]
    assert results(store) == {}  # printing: no result yet
    run.slip_printed(11, "printed")
    assert results(store) == {11: CommandResult(status=CommandStatus.SUCCEEDED)}


def test_a_slip_the_printer_could_not_print_is_reported_failed_with_why(
    store: LocalStore,
) -> None:
    run = executor(store, RecordingEffects())
    run.execute(command(12, CommandType.PRINT_GUEST_PASS).model_copy(update={"guest_pass": SLIP}))
    run.slip_printed(12, "paper_out")
    assert results(store) == {12: CommandResult(status=CommandStatus.FAILED, detail="paper_out")}


def test_a_guest_pass_command_without_its_slip_fails_without_printing(store: LocalStore) -> None:
    effects = RecordingEffects()
    executor(store, effects).execute(command(13, CommandType.PRINT_GUEST_PASS))
    assert effects.calls == []
    assert results(store) == {
        13: CommandResult(status=CommandStatus.FAILED, detail="guest_pass_unreadable")
    }


def test_a_slip_interrupted_by_a_crash_is_reported_at_restart(tmp_path: Path) -> None:
    first = LocalStore(tmp_path / "k.sqlite3")
    executor(first, RecordingEffects()).execute(
        command(14, CommandType.PRINT_GUEST_PASS).model_copy(update={"guest_pass": SLIP})
    )
    first.close()  # the shell died while the printer was busy
    again = LocalStore(tmp_path / "k.sqlite3")
    again.recover_interrupted_commands()
    assert results(again) == {14: CommandResult(status=CommandStatus.FAILED, detail="interrupted")}


def test_a_shutdown_is_reported_once_the_pc_was_asked_to_switch_off(store: LocalStore) -> None:
    effects = RecordingEffects()
    run = executor(store, effects)
    wake = NOW + dt.timedelta(hours=20)
    run.execute(command(21, CommandType.SHUTDOWN).model_copy(update={"wake_at": wake}))
    assert effects.calls == [("shutdown", f"21:{wake.isoformat()}")]
    assert results(store) == {}  # a visitor may still have a minute to go
    run.shutdown_finished(21, True, "wake_at=2026-11-24T06:00:00Z")
    assert results(store) == {
        21: CommandResult(status=CommandStatus.SUCCEEDED, detail="wake_at=2026-11-24T06:00:00Z")
    }
    run.execute(command(22, CommandType.SHUTDOWN))
    run.shutdown_finished(22, False, "poweroff_failed no_wake")
    assert results(store)[22] == CommandResult(
        status=CommandStatus.FAILED, detail="poweroff_failed no_wake"
    )


def test_a_command_type_from_a_newer_fleet_is_not_run_but_reported(store: LocalStore) -> None:
    effects = RecordingEffects()
    run = executor(store, effects)
    newer = Command.model_validate(
        {
            "id": 31,
            "type": "hibernate",
            "issued_at": NOW.isoformat(),
            "expires_at": (NOW + dt.timedelta(minutes=10)).isoformat(),
        }
    )
    assert run.execute(newer) is True
    assert effects.calls == []
    assert results(store) == {
        31: CommandResult(status=CommandStatus.FAILED, detail="unsupported_command")
    }
    # Redelivered (the result was lost): answered from the store, still not run.
    store.mark_result_acked(31)
    assert run.execute(newer) is False
    assert list(results(store)) == [31]

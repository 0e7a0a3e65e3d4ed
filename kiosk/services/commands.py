"""Remote commands: each id runs at most once; its result is kept until the fleet has it.

A command type this version does not know (the fleet is newer) is not run: it is reported
failed with ``unsupported_command``, so IT sees on the device page that the PC needs an update.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Protocol

from fleet.protocol import Command, CommandResult, CommandStatus, CommandType, GuestPassSlip
from kiosk.services.client import DeviceClient
from kiosk.services.errors import FleetRejectedError
from kiosk.services.store import LocalStore

log = logging.getLogger(__name__)

#: Settings key holding the lock message while the kiosk is locked ("" = locked, no message).
LOCK_SETTING = "lock_message"
#: The result detail of a command type this kiosk does not know.
UNSUPPORTED = "unsupported_command"


class CommandEffects(Protocol):
    """What the shell does when a command runs. Called after the result is safely stored."""

    def locked(self, message: str | None) -> None: ...

    def unlocked(self) -> None: ...

    def message_received(self, text: str) -> None: ...

    def restart_requested(self) -> None: ...

    def sync_requested(self) -> None: ...

    def end_session_requested(self) -> bool:
        """End the visitor's session (wiped, reported); False when there is none."""
        ...

    def guest_pass_slip_requested(self, command_id: int, slip: GuestPassSlip) -> None:
        """Print ``slip`` in the background, then report through
        :meth:`CommandExecutor.slip_printed` (the result waits for the printer)."""
        ...

    def shutdown_requested(self, command_id: int, wake_at: dt.datetime | None) -> None:
        """Switch the PC off in the background (a visitor gets a minute's warning first), then
        report through :meth:`CommandExecutor.shutdown_finished`."""
        ...


def _succeeded(detail: str | None = None) -> CommandResult:
    return CommandResult(status=CommandStatus.SUCCEEDED, detail=detail)


def _failed(detail: str) -> CommandResult:
    return CommandResult(status=CommandStatus.FAILED, detail=detail)


class CommandExecutor:
    """Runs commands from check-in replies against the shell's :class:`CommandEffects`."""

    def __init__(
        self,
        store: LocalStore,
        effects: CommandEffects,
        clock: Callable[[], dt.datetime],
    ) -> None:
        self._store = store
        self._effects = effects
        self._clock = clock

    def locked_message(self) -> tuple[bool, str | None]:
        """Whether a lock is persisted, and its message (None when it has none)."""
        value = self._store.get_setting(LOCK_SETTING)
        return (value is not None, value or None)

    def execute(self, command: Command) -> bool:
        """Run ``command`` unless it ran before. True if it ran now.

        The claim is committed before any effect, so a crash mid-command can never make it run
        twice; a claimed but unfinished command is reported failed ("interrupted") at restart.
        """
        if not self._store.claim_command(command):
            # Redelivered: the fleet did not get our result. Send the stored one again.
            self._store.requeue_result(command.id)
            return False
        if command.expires_at <= self._clock():
            self._store.finish_command(command.id, _failed("expired"))
            return True
        kind = command.known_type
        if kind is None:
            # Parsed, but not for this version to guess at: IT sees it needs an update.
            log.warning("command %d: type %r is unknown to this version", command.id, command.type)
            self._store.finish_command(command.id, _failed(UNSUPPORTED))
            return True
        try:
            self._run(command, kind)
        except Exception:
            log.exception("command %d (%s) failed", command.id, kind.value)
            self._store.finish_command(command.id, _failed("error"))
        return True

    def _run(self, command: Command, kind: CommandType) -> None:
        match kind:
            case CommandType.LOCK:
                message = (command.message or "").strip()
                self._store.finish_command(command.id, _succeeded(), {LOCK_SETTING: message})
                self._effects.locked(message or None)
            case CommandType.UNLOCK:
                self._store.finish_command(command.id, _succeeded(), {LOCK_SETTING: None})
                self._effects.unlocked()
            case CommandType.END_SESSION:
                ended = self._effects.end_session_requested()
                self._store.finish_command(command.id, _succeeded(None if ended else "no_session"))
            case CommandType.MESSAGE:
                text = (command.message or "").strip()
                if not text:
                    self._store.finish_command(command.id, _failed("empty_message"))
                    return
                self._store.finish_command(command.id, _succeeded())
                self._effects.message_received(text)
            case CommandType.RESTART:
                # The shell restarts only after this result is acknowledged (or tried).
                self._store.finish_command(command.id, _succeeded())
                self._effects.restart_requested()
            case CommandType.SYNC:
                self._store.finish_command(command.id, _succeeded())
                self._effects.sync_requested()
            case CommandType.PRINT_GUEST_PASS:
                if command.guest_pass is None:
                    # The fleet could not open what it sealed (another data secret).
                    self._store.finish_command(command.id, _failed("guest_pass_unreadable"))
                    return
                # Claimed, no result yet: a crash while printing reports "interrupted".
                self._effects.guest_pass_slip_requested(command.id, command.guest_pass)
            case CommandType.SHUTDOWN:
                # The result is stored once the power-off was asked for (it must not wait
                # for a restart that reports it "interrupted").
                self._effects.shutdown_requested(command.id, command.wake_at)

    def slip_printed(self, command_id: int, outcome: str) -> None:
        """Store how a ``print_guest_pass`` went: ``printed``, or the printer's problem code
        (``paper_out``, ``printer_offline`` ...), which the staff see on the device page."""
        if outcome == "printed":
            self._store.finish_command(command_id, _succeeded())
        else:
            self._store.finish_command(command_id, _failed(outcome))

    def shutdown_finished(self, command_id: int, succeeded: bool, detail: str) -> None:
        """Store how a ``shutdown`` went: ``wake_at=...Z`` or ``no_wake`` (with ``wake_failed``
        when the wake alarm could not be set), or why the PC could not switch off."""
        self._store.finish_command(command_id, _succeeded(detail) if succeeded else _failed(detail))

    async def send_results(self, client: DeviceClient) -> int:
        """POST every unacknowledged result; returns how many the fleet took.

        Network failures propagate (kept for the next try). A result the fleet refuses outright
        (unknown or already-closed command) is dropped, so it cannot be retried forever.
        """
        sent = 0
        for command_id, result in self._store.unacked_results():
            try:
                await client.send_result(command_id, result)
            except FleetRejectedError as exc:
                log.warning("fleet refused result of command %d: %s", command_id, exc.code)
            else:
                sent += 1
            self._store.mark_result_acked(command_id)
        return sent

    def pending_results(self) -> int:
        return len(self._store.unacked_results())

"""``kiosk run --headless``: the services without any UI, for IT diagnostics and process tests."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from pathlib import Path

from hardware import HardwareSet
from kiosk.services.devices import DeviceSpecs
from kiosk.services.idle import system_idle
from kiosk.services.kiosk_shell import KioskShell, ShellTimings
from kiosk.services.power import PowerSettings
from kiosk.services.shell import ShellView

log = logging.getLogger(__name__)


class _LogListener:
    """Writes what a screen would show to the log, so a headless kiosk can be watched."""

    def view_changed(self, view: ShellView) -> None:
        log.info(
            "view: mode=%s online=%s reader=%s printer=%s",
            view.mode.value,
            view.online,
            view.reader.status.value,
            view.printer.status.value,
        )
        if view.notice is not None:
            log.info("notice: %s", view.notice)

    def message_received(self, text: str) -> None:
        # Staff messages are for the screen; their text may name people, so it is not logged.
        log.info("message received (%d characters)", len(text))

    def restart_requested(self) -> None:
        log.info("restart requested by the fleet")

    def session_wiped(self) -> None:
        log.info("session wiped")


async def _serve(shell: KioskShell, hardware: HardwareSet, stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Windows has no loop signal handlers; Ctrl+C still raises KeyboardInterrupt there.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    async with hardware:
        await shell.run(stop)


def run_headless(
    state_dir: Path,
    *,
    fake_hardware: bool,
    devices: DeviceSpecs | None = None,
    timings: ShellTimings | None = None,
    restart_argv: list[str] | None = None,
    power: PowerSettings | None = None,
) -> int:
    """Run the services until SIGINT/SIGTERM; re-execute on a fleet ``restart`` command."""
    # A simulated printer keeps its slips (text and PNG) beside the state.
    hardware: HardwareSet = (devices or DeviceSpecs()).open(
        fake=fake_hardware, slip_dir=state_dir / "slips"
    )
    shell = KioskShell.open(state_dir, hardware, timings=timings, idle=system_idle(), power=power)
    stop = asyncio.Event()

    class _RestartListener(_LogListener):
        def restart_requested(self) -> None:
            super().restart_requested()
            stop.set()

    shell.add_listener(_RestartListener())
    _LogListener().view_changed(shell.view)
    try:
        asyncio.run(_serve(shell, hardware, stop))
    except KeyboardInterrupt:
        pass
    finally:
        shell.close()
    if shell.restart_pending and restart_argv is not None:
        log.info("restarting")
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, *restart_argv])  # noqa: S606 - our own argv
    return 0

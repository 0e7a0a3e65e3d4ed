"""For tests of the running KioskShell: a listener that keeps what it was told, and a poll."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from kiosk.services.shell import ShellView


class Recorder:
    """A ShellListener that keeps everything it was told."""

    def __init__(self) -> None:
        self.views: list[ShellView] = []
        self.messages: list[str] = []
        self.restarts = 0
        self.wipes = 0

    def view_changed(self, view: ShellView) -> None:
        self.views.append(view)

    def message_received(self, text: str) -> None:
        self.messages.append(text)

    def restart_requested(self) -> None:
        self.restarts += 1

    def session_wiped(self) -> None:
        self.wipes += 1


async def eventually(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll ``condition`` without blocking the shell's loop; fail naming ``what``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        await asyncio.sleep(0.02)

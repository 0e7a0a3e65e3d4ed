"""FakeShellController: an in-memory ShellController for UI tests, no network or disk."""

from __future__ import annotations

import asyncio
import dataclasses

from kiosk.services.shell import LANGUAGES, ShellController, ShellListener, ShellView


class FakeShellController(ShellController):
    """Holds a view, publishes changes to listeners and records what the UI asked for.

    ``set_language`` can be held open with :attr:`gate` to test re-entrancy.
    """

    def __init__(self, view: ShellView | None = None) -> None:
        self._view = view or ShellView()
        self._listeners: list[ShellListener] = []
        self.language_requests: list[str] = []
        self.gate: asyncio.Event | None = None
        self.fail_next = False

    @property
    def view(self) -> ShellView:
        return self._view

    def add_listener(self, listener: ShellListener) -> None:
        self._listeners.append(listener)

    async def set_language(self, language: str) -> None:
        self.language_requests.append(language)
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("simulated service failure")
        if language not in LANGUAGES:
            raise ValueError(language)
        self.publish(dataclasses.replace(self._view, language=language))

    # --- test helpers: play the services' side ----------------------------------------------

    def publish(self, view: ShellView) -> None:
        self._view = view
        for listener in self._listeners:
            listener.view_changed(view)

    def send_message(self, text: str) -> None:
        for listener in self._listeners:
            listener.message_received(text)

    def ask_restart(self) -> None:
        for listener in self._listeners:
            listener.restart_requested()
